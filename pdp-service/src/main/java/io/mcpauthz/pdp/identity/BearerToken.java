package io.mcpauthz.pdp.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.io.IOException;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compact JWS taken from an {@code authorization: Bearer} header, with its JOSE header read but
 * nothing yet trusted. Rejects here what must never reach a key lookup or a signature check:
 * other schemes, JWE or malformed shapes, and any {@code alg} outside the allow-list (so never
 * {@code none}, never HMAC).
 *
 * @param compact the token as presented
 * @param alg     the JOSE {@code alg}, one of the allowed algorithms
 * @param kid     the JOSE {@code kid}, or null
 */
record BearerToken(String compact, String alg, String kid) {

  /** Larger than any access token seen in practice; bounds the work done on garbage. */
  static final int MAX_CHARS = 16 * 1024;

  private static final String SCHEME = "bearer";
  private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  /** Duplicate members are refused: no two parsers may read a different {@code alg}. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * @param authorization the header value, not null or blank
   * @param allowed       JOSE {@code alg} names accepted (asymmetric only)
   */
  static BearerToken parse(String authorization, Set<String> allowed) {
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase(SCHEME)) {
      throw invalid("authorization scheme is not Bearer");
    }
    String compact = value.substring(space + 1).strip();
    if (compact.length() > MAX_CHARS) {
      throw invalid("token too long");
    }
    if (!JWS.matcher(compact).matches()) {
      throw invalid("token is not a signed compact JWT");
    }
    JsonNode header = header(compact.substring(0, compact.indexOf('.')));
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual() || !allowed.contains(alg.textValue())) {
      // Covers "none", HS* (a public key used as an HMAC secret) and anything not configured.
      throw invalid("alg not allowed");
    }
    JsonNode kid = header.get("kid");
    if (kid != null && !kid.isTextual()) {
      throw invalid("kid is not a string");
    }
    return new BearerToken(compact, alg.textValue(), kid == null ? null : kid.textValue());
  }

  private static JsonNode header(String segment) {
    try {
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(segment));
      if (header == null || !header.isObject()) {
        throw invalid("JOSE header is not a JSON object");
      }
      return header;
    } catch (IllegalArgumentException | IOException e) {
      throw invalid("JOSE header is not base64url JSON");
    }
  }

  private static DecisionException invalid(String detail) {
    return new DecisionException(ErrorCode.TOKEN_INVALID, detail);
  }
}
