package io.mcpauthz.audit.api;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.export.ExportFormat;
import io.mcpauthz.audit.export.StalledClientCut;
import io.mcpauthz.audit.store.Cursor;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.DecisionRow;
import io.mcpauthz.audit.store.Page;
import io.mcpauthz.audit.store.SortOrder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/** Search, lookup and export of decisions. */
@Path("/api/v1/decisions")
@RolesAllowed(Roles.AUDITOR)
public class DecisionsResource {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private static final Logger LOGGER = Logger.getLogger(DecisionsResource.class);

  private final DecisionReader reader;
  private final Duration exportMaxDuration;
  private final Duration exportStallTimeout;

  public DecisionsResource(DecisionReader reader, AuditConfig config) {
    this.reader = reader;
    this.exportMaxDuration = config.export().maxDuration();
    this.exportStallTimeout = config.export().stallTimeout();
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
   * {@code mcp-authz.audit.export.max-duration}, after which the stream ends with a marker line
   * (or, when its client has stopped reading, its connection is reset: {@link StalledClientCut}).
   * An export that fails once its first bytes are out ends without the body's last chunk.
   * Past {@code mcp-authz.audit.export.max-concurrent} running exports, or {@code max-per-subject}
   * of the token's subject, {@code 503 store_busy} before the first byte. Over HTTP/1.0, whose
   * body ends where the connection does, {@code 426 http_version_unsupported}.
   */
  @GET
  @Path("export")
  @Produces({"application/x-ndjson", "text/csv", MediaType.APPLICATION_JSON})
  public Response export(@BeanParam FilterParams filters, @QueryParam("format") String format,
      @Context SecurityContext security, @Context HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_1_0) {
      throw new AuditException(ErrorCode.HTTP_VERSION_UNSUPPORTED,
          "an export needs HTTP/1.1 or HTTP/2, whose framing tells a cut export from a whole one");
    }
    DecisionFilter filter = filters.toFilter();
    ExportFormat exportFormat = ExportFormat.parse(Params.text("format", format));
    String subject = subject(security.getUserPrincipal());
    Runnable cut = () -> {
      LOGGER.warnf("cutting an export by %s: its client stopped reading (stall timeout %s, maximum duration %s)",
          subject, exportStallTimeout, exportMaxDuration);
      StalledClientCut.abort(request);
    };
    StreamingOutput body = out -> {
      StalledClientCut watched = StalledClientCut.watch(out, exportMaxDuration, exportStallTimeout, cut);
      try (watched) {
        exportFormat.write(reader, subject, filter, exportMaxDuration, watched);
      } catch (IOException e) {
        if (watched.wasCut()) {
          LOGGER.debugf("the cut export by %s ended: %s", subject, e.getClass().getName()); // warned at the cut
          return;
        }
        throw e; // past the first bytes, the framework ends the body without its last chunk
      }
    };
    return Response.ok(body, exportFormat.mediaType())
        .header("Content-Disposition", "attachment; filename=\"" + exportFormat.fileName() + "\"")
        .build();
  }

  /**
   * Who exports, as the key of the bound per subject: the token's {@code sub}, else its principal
   * name (upn, preferred_username); prefixed by which, so that a name never counts as another
   * token's sub. A token with neither is refused: its exports could not be told apart.
   */
  static String subject(Principal principal) {
    String sub = principal instanceof JsonWebToken token ? token.getSubject() : null;
    if (sub != null) {
      return "sub:" + sub;
    }
    String name = principal == null ? null : principal.getName();
    if (name != null) {
      return "name:" + name;
    }
    throw new AuditException(ErrorCode.FORBIDDEN, "an export needs a token with a sub or a principal name");
  }

  static Cursor cursor(String token) {
    String text = Params.text("cursor", token);
    return text == null ? null : Cursor.decode(text);
  }

  static List<RawEvent> events(List<DecisionRow> rows) {
    return rows.stream().map(row -> new RawEvent(row.event())).toList();
  }
}
