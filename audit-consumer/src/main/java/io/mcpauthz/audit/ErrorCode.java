package io.mcpauthz.audit;

import java.util.Locale;

/**
 * Stable snake_case error codes: the {@code error} field of API error bodies, the
 * {@code reason} label of the rejected-events metric and the {@code error_code} log key.
 * The {@code event_*} codes label rejected Kafka records (and their dead-letter copies) and
 * never reach an HTTP client.
 */
public enum ErrorCode {
  EVENT_NOT_JSON(0),
  EVENT_SCHEMA_UNSUPPORTED(0),
  EVENT_DECISION_ID_MISSING(0),
  EVENT_TIME_INVALID(0),
  EVENT_INVALID(0),
  /** The event parsed, but the store refused it (e.g. a value out of a column's range). */
  EVENT_STORE_REJECTED(0),
  /** The event parsed, but its SIEM projection failed or its topic refused the record (e.g. too large). */
  EVENT_PROJECTION_FAILED(0),

  PARAMETER_INVALID(400),
  CURSOR_INVALID(400),
  RESULT_TOO_LARGE(400),
  REQUEST_INVALID(400),
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  DECISION_NOT_FOUND(404),
  SESSION_NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  /**
   * An export over HTTP/1.0: its body would end when the connection closes, so a cut export
   * could not be told from a whole one (HTTP/1.1's chunks and HTTP/2's streams say which it is).
   */
  HTTP_VERSION_UNSUPPORTED(426),
  INTERNAL_ERROR(500),
  STORE_UNAVAILABLE(503),
  /** A read ran past the store's query timeout (PostgreSQL): narrow it (from/to, fewer or longer terms). */
  QUERY_TIMEOUT(503),
  /**
   * Every connection the API's reads may hold was in use past the pool's acquisition timeout
   * (PostgreSQL), or the replica streams its most exports at once (either store); retry.
   */
  STORE_BUSY(503);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The wire form, e.g. {@code parameter_invalid}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return code();
  }
}
