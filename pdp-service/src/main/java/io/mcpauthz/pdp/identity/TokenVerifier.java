package io.mcpauthz.pdp.identity;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies the caller's bearer token with SmallRye JWT (signature, issuer, audience, expiry as
 * configured under {@code mp.jwt.verify.*}) and extracts the subject. An invalid token never
 * reaches the policy.
 */
@ApplicationScoped
public class TokenVerifier {

  private static final String BEARER = "bearer ";

  private final JWTParser parser;
  private final IdentityConfig config;

  TokenVerifier(JWTParser parser, IdentityConfig config) {
    this.parser = parser;
    this.config = config;
  }

  /** @param authorization the {@code authorization} header, or null */
  public Subject verify(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Subject.ANONYMOUS;
    }
    if (authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new DecisionException(ErrorCode.TOKEN_INVALID, "authorization is not a bearer token");
    }
    JsonWebToken token;
    try {
      token = parser.parse(authorization.substring(BEARER.length()).trim());
    } catch (ParseException e) {
      // The cause says why (expired, bad signature…); the token itself is never logged.
      throw new DecisionException(ErrorCode.TOKEN_INVALID, rootMessage(e));
    }
    return toSubject(token);
  }

  private Subject toSubject(JsonWebToken token) {
    String clientId = string(token.getClaim(config.clientIdClaim()));
    if (clientId == null) {
      clientId = string(token.getClaim("azp"));
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    for (String name : config.exposedClaims()) {
      Object value = plain(token.getClaim(name));
      if (value != null) {
        claims.put(name, value);
      }
    }
    return new Subject(
        true,
        token.getSubject(),
        token.getIssuer(),
        clientId,
        strings(token.getClaim(config.rolesClaim())),
        strings(token.getClaim(config.groupsClaim())),
        strings(token.getClaim(config.scopeClaim())),
        strings(token.getClaim("amr")),
        claims);
  }

  /** Claims come back as JSON-P values or Java values depending on the claim; normalise. */
  private static Object plain(Object value) {
    if (value instanceof JsonString s) {
      return s.getString();
    }
    if (value instanceof JsonNumber n) {
      return n.isIntegral() ? (Object) n.longValue() : (Object) n.doubleValue();
    }
    if (value instanceof JsonArray || value instanceof Collection<?>) {
      return strings(value);
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    if (value instanceof JsonValue) {
      return value.toString();
    }
    return value;
  }

  private static String string(Object value) {
    Object plain = plain(value);
    return plain == null ? null : plain.toString();
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : v.toString()));
    } else if (value instanceof Collection<?> collection) {
      collection.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : String.valueOf(v)));
    } else if (value != null) {
      String text = string(value);
      out.addAll(Arrays.asList(text.trim().split("\\s+")));
      out.removeIf(String::isEmpty);
    }
    return out;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
