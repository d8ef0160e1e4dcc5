package io.mcpauthz.pdp.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Why SmallRye refused a token, as a short fixed word for logs. jose4j's own descriptions quote
 * claim values, so they are not passed on.
 */
final class TokenFailures {

  private static final Map<Integer, String> REASONS = new LinkedHashMap<>();

  static {
    REASONS.put(ErrorCodes.EXPIRED, "expired");
    REASONS.put(ErrorCodes.NOT_YET_VALID, "not_yet_valid");
    REASONS.put(ErrorCodes.SIGNATURE_INVALID, "signature");
    REASONS.put(ErrorCodes.SIGNATURE_MISSING, "signature");
    REASONS.put(ErrorCodes.ISSUER_INVALID, "issuer");
    REASONS.put(ErrorCodes.ISSUER_MISSING, "issuer");
    REASONS.put(ErrorCodes.AUDIENCE_INVALID, "audience");
    REASONS.put(ErrorCodes.AUDIENCE_MISSING, "audience");
    REASONS.put(ErrorCodes.EXPIRATION_MISSING, "exp_missing");
    REASONS.put(ErrorCodes.ISSUED_AT_MISSING, "iat_missing");
    REASONS.put(ErrorCodes.MALFORMED_CLAIM, "claims_malformed");
    REASONS.put(ErrorCodes.JSON_INVALID, "claims_malformed");
  }

  private TokenFailures() {}

  static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidJwtException invalid) {
        return reason(invalid);
      }
    }
    // SmallRye's own checks after jose4j's (iat before exp, exp - iat within time-to-live, token age).
    return failure.getCause() == null ? "lifetime" : failure.getCause().getClass().getSimpleName();
  }

  private static String reason(InvalidJwtException invalid) {
    for (Map.Entry<Integer, String> entry : REASONS.entrySet()) {
      if (invalid.hasErrorCode(entry.getKey())) {
        return entry.getValue();
      }
    }
    return "claims_invalid";
  }
}
