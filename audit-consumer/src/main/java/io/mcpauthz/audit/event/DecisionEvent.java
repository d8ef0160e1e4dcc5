package io.mcpauthz.audit.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A decision event as indexed: the queryable fields picked out of the JSON, the JSON text
 * exactly as published, and what free-text search reads of it ({@link SearchText}). Only
 * {@code decisionId}, {@code time} and {@code json} are guaranteed; the other fields are null
 * when the event lacks them.
 */
public record DecisionEvent(
    String decisionId,
    Instant time,
    String decision,
    Integer status,
    String actionClass,
    String subject,
    String clientId,
    String server,
    String tool,
    String mcpMethod,
    String sessionId,
    List<String> reasons,
    String json,
    String searchText) {

  public DecisionEvent {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(json, "json");
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    searchText = searchText == null ? SearchText.of(json) : searchText;
  }

  /** With the search text computed from the JSON (the parser hands it over from its one pass). */
  public DecisionEvent(String decisionId, Instant time, String decision, Integer status, String actionClass,
      String subject, String clientId, String server, String tool, String mcpMethod, String sessionId,
      List<String> reasons, String json) {
    this(decisionId, time, decision, status, actionClass, subject, clientId, server, tool, mcpMethod, sessionId,
        reasons, json, null);
  }
}
