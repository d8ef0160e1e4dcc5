package io.mcpauthz.audit.api;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.export.ExportFormat;
import io.mcpauthz.audit.store.Cursor;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.DecisionRow;
import io.mcpauthz.audit.store.Page;
import io.mcpauthz.audit.store.SortOrder;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Duration;
import java.util.List;

/** Search, lookup and export of decisions. */
@Path("/api/v1/decisions")
@RolesAllowed(Roles.AUDITOR)
public class DecisionsResource {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final DecisionReader reader;
  private final Duration exportMaxDuration;

  public DecisionsResource(DecisionReader reader, AuditConfig config) {
    this.reader = reader;
    this.exportMaxDuration = config.export().maxDuration();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public DecisionPage search(@BeanParam FilterParams filters, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    DecisionFilter filter = filters.toFilter();
    int size = Params.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    Page page = reader.page(filter, cursor(cursor), SortOrder.NEWEST_FIRST, size);
    return new DecisionPage(events(page.rows()), page.next() == null ? null : page.next().encode());
  }

  @GET
  @Path("{decision_id}")
  @Produces(MediaType.APPLICATION_JSON)
  public RawEvent get(@PathParam("decision_id") String decisionId) {
    return reader.find(decisionId)
        .map(row -> new RawEvent(row.event()))
        .orElseThrow(() -> new AuditException(ErrorCode.DECISION_NOT_FOUND, "no decision with this id"));
  }

  /**
   * Streams all matching decisions, newest first; rows go out as they are read, for at most
   * {@code mcp-authz.audit.export.max-duration}, after which the stream ends with a marker line.
   * Past {@code mcp-authz.audit.export.max-concurrent} running exports, {@code 503 store_busy}
   * before the first byte.
   */
  @GET
  @Path("export")
  @Produces({"application/x-ndjson", "text/csv", MediaType.APPLICATION_JSON})
  public Response export(@BeanParam FilterParams filters, @QueryParam("format") String format) {
    DecisionFilter filter = filters.toFilter();
    ExportFormat exportFormat = ExportFormat.parse(Params.text("format", format));
    StreamingOutput body = out -> exportFormat.write(reader, filter, exportMaxDuration, out);
    return Response.ok(body, exportFormat.mediaType())
        .header("Content-Disposition", "attachment; filename=\"" + exportFormat.fileName() + "\"")
        .build();
  }

  static Cursor cursor(String token) {
    String text = Params.text("cursor", token);
    return text == null ? null : Cursor.decode(text);
  }

  static List<RawEvent> events(List<DecisionRow> rows) {
    return rows.stream().map(row -> new RawEvent(row.event())).toList();
  }
}
