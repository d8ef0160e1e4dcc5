package io.mcpauthz.audit.api;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.event.DecisionEventParser;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses query parameters. They arrive as strings (not typed JAX-RS params) so that a bad value
 * is our 400 with a JSON body, not the framework's 404 for an unconvertible query parameter.
 */
final class Params {

  static final int MAX_VALUE_LENGTH = 512;

  private Params() {
  }

  /** Null or blank → null; otherwise the value, length-checked. */
  static String text(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw invalid(name + " is longer than " + MAX_VALUE_LENGTH + " characters");
    }
    return value;
  }

  static Instant instant(String name, String value) {
    String text = text(name, value);
    if (text == null) {
      return null;
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(name + " must be an ISO-8601 instant such as 2026-11-26T07:00:00Z");
    }
    if (!DecisionEventParser.storable(instant)) {
      throw invalid(name + " must lie in the years 0001 to 9999");
    }
    return instant;
  }

  static int limit(String value, int defaultLimit, int maxLimit) {
    String text = text("limit", value);
    if (text == null) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit >= 1 && limit <= maxLimit) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw invalid("limit must be an integer from 1 to " + maxLimit);
  }

  static AuditException invalid(String message) {
    return new AuditException(ErrorCode.PARAMETER_INVALID, message);
  }
}
