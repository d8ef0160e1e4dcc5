package io.mcpauthz.audit.api;

import io.mcpauthz.audit.store.DecisionFilter;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;

/** The decision filters shared by search, stats and export, as query parameters. */
public class FilterParams {

  @QueryParam("subject")
  String subject;
  @QueryParam("client_id")
  String clientId;
  @QueryParam("server")
  String server;
  @QueryParam("tool")
  String tool;
  @QueryParam("decision")
  String decision;
  @QueryParam("action_class")
  String actionClass;
  @QueryParam("reason")
  String reason;
  @QueryParam("session_id")
  String sessionId;
  @QueryParam("from")
  String from;
  @QueryParam("to")
  String to;
  @QueryParam("q")
  String q;

  /** Validates and converts; a bad value is a {@code parameter_invalid} 400. */
  public DecisionFilter toFilter() {
    Instant fromInstant = Params.instant("from", from);
    Instant toInstant = Params.instant("to", to);
    if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
      throw Params.invalid("from must be before to");
    }
    return new DecisionFilter(Params.text("subject", subject), Params.text("client_id", clientId),
        Params.text("server", server), Params.text("tool", tool), Params.text("decision", decision),
        Params.text("action_class", actionClass), Params.text("reason", reason),
        Params.text("session_id", sessionId), fromInstant, toInstant, Params.text("q", q));
  }
}
