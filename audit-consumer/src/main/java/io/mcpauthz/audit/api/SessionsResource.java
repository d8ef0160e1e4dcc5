package io.mcpauthz.audit.api;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.store.Cursor;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.Page;
import io.mcpauthz.audit.store.SessionReader;
import io.mcpauthz.audit.store.SessionSummary;
import io.mcpauthz.audit.store.SortOrder;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** What an agent did in one MCP session, in the order it happened. */
@Path("/api/v1/sessions")
@RolesAllowed(Roles.AUDITOR)
public class SessionsResource {

  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 5000;
  static final int DEFAULT_LIST_LIMIT = 100;
  static final int MAX_LIST_LIMIT = 500;

  private final DecisionReader reader;
  private final SessionReader sessions;

  public SessionsResource(DecisionReader reader, SessionReader sessions) {
    this.reader = reader;
    this.sessions = sessions;
  }

  /** The sessions in which matching decisions were taken, e.g. a principal's ({@code subject=}). */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public SessionList list(@BeanParam FilterParams filters, @QueryParam("limit") String limit) {
    DecisionFilter filter = filters.toFilter();
    int size = Params.limit(limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    List<SessionSummary> found = sessions.summaries(filter, size);
    List<SessionList.Item> items = found.stream().limit(size).map(SessionsResource::item).toList();
    return new SessionList(items, found.size() > size);
  }

  @GET
  @Path("{session_id}/timeline")
  @Produces(MediaType.APPLICATION_JSON)
  public Timeline timeline(@PathParam("session_id") String sessionId, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    String id = Params.text("session_id", sessionId);
    int size = Params.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    Cursor after = DecisionsResource.cursor(cursor);
    Page page = reader.page(DecisionFilter.session(id), after, SortOrder.OLDEST_FIRST, size);
    if (page.rows().isEmpty() && after == null) {
      throw new AuditException(ErrorCode.SESSION_NOT_FOUND, "no decisions in this session");
    }
    return new Timeline(id, DecisionsResource.events(page.rows()),
        page.next() == null ? null : page.next().encode());
  }

  private static SessionList.Item item(SessionSummary s) {
    return new SessionList.Item(s.sessionId(), instant(s.firstMicros()), instant(s.lastMicros()), s.decisions(),
        s.denies(), s.subjects(), s.clientIds());
  }

  private static String instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString();
  }
}
