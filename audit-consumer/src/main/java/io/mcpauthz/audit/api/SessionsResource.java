package io.mcpauthz.audit.api;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.store.Cursor;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.Page;
import io.mcpauthz.audit.store.SortOrder;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** What an agent did in one MCP session, in the order it happened. */
@Path("/api/v1/sessions")
@RolesAllowed(Roles.AUDITOR)
public class SessionsResource {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 5000;

    private final DecisionReader reader;

    public SessionsResource(DecisionReader reader) {
        this.reader = reader;
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
}
