package io.mcpauthz.audit.api;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP responses: a JSON {@link ErrorBody} with a stable
 * code and a generic message. Internal exception text never reaches the client.
 */
public class ErrorMapper {

  private static final Logger LOGGER = Logger.getLogger(ErrorMapper.class);

  /**
   * Seconds a client is asked to wait before it retries a {@code store_busy}: long enough that a
   * client honouring it does not hammer a replica whose exports or pooled reads are all busy.
   */
  static final String RETRY_AFTER_SECONDS = "5";

  @ServerExceptionMapper
  public Response audit(AuditException e) {
    if (e.code().httpStatus() >= 500) {
      LOGGER.errorf("request failed error_code=%s cause=%s", e.code(), causeName(e));
    }
    Response response = respond(e.code(), e.getMessage());
    return switch (e.code()) {
      case STORE_BUSY -> Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
      // A 426 names the protocol to switch to, and Upgrade must be listed in Connection (RFC 9110 §7.8);
      // an HTTP/1.0 client that asked for keep-alive gets Vert.x's "keep-alive" in a second Connection line.
      case HTTP_VERSION_UNSUPPORTED ->
          Response.fromResponse(response).header("Upgrade", "HTTP/1.1").header("Connection", "upgrade").build();
      default -> response;
    };
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e) {
    return Response.fromResponse(respond(ErrorCode.UNAUTHENTICATED, "a valid bearer token is required"))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return respond(ErrorCode.FORBIDDEN, "the token lacks the auditor role");
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return switch (status) {
      case 401 -> unauthenticated(e);
      case 403 -> respond(ErrorCode.FORBIDDEN, "forbidden");
      case 404 -> respond(ErrorCode.NOT_FOUND, "no such resource");
      case 405 -> respond(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed");
      default -> status < 500 ? respond(ErrorCode.REQUEST_INVALID, status, "invalid request")
          : unexpected(e);
    };
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOGGER.errorf("request failed error_code=%s cause=%s", ErrorCode.INTERNAL_ERROR, e.getClass().getName());
    LOGGER.debug("request failure detail", e);
    return respond(ErrorCode.INTERNAL_ERROR, "internal error");
  }

  private static Response respond(ErrorCode code, String message) {
    return respond(code, code.httpStatus(), message);
  }

  private static Response respond(ErrorCode code, int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(code.code(), message))
        .build();
  }

  private static String causeName(Throwable e) {
    return e.getCause() == null ? "none" : e.getCause().getClass().getName();
  }
}
