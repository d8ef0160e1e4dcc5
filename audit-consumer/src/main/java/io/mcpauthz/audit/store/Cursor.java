package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset position: the (time, decision_id) of the last row a page returned. Clients see it as an
 * opaque base64url token; the {@code v1} prefix lets the format change without breaking old ones.
 */
public record Cursor(long timeMicros, String decisionId) {

  private static final String VERSION = "v1";

  public String encode() {
    String raw = VERSION + ":" + timeMicros + ":" + decisionId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a client's cursor; anything not produced by {@link #encode()} is a 400. */
  public static Cursor decode(String token) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    String[] parts = raw.split(":", 3);
    if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isEmpty()) {
      throw invalid();
    }
    try {
      return new Cursor(Long.parseLong(parts[1]), parts[2]);
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static AuditException invalid() {
    return new AuditException(ErrorCode.CURSOR_INVALID, "cursor is not one this API returned");
  }
}
