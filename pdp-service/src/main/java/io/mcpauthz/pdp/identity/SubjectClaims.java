package io.mcpauthz.pdp.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Maps a verified token's claims to a {@link Subject}, with the claim names configured in
 * {@link IdentityConfig}. List claims may be JSON arrays or space-separated strings; a name with
 * {@code /} walks nested objects (Keycloak's {@code realm_access/roles}).
 */
@ApplicationScoped
public class SubjectClaims {

  /** Where IdPs that do not use {@code scope} put scopes (Okta: array; Entra ID: string). */
  static final String SCP = "scp";

  private final IdentityConfig config;

  SubjectClaims(IdentityConfig config) {
    this.config = config;
  }

  public Subject subject(JsonWebToken token) {
    String clientId = string(claim(token, config.clientIdClaim()));
    if (clientId == null) {
      clientId = string(token.getClaim("azp"));
    }
    Object scopes = claim(token, config.scopeClaim());
    if (scopes == null) {
      scopes = token.getClaim(SCP);
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    for (String name : config.exposedClaims()) {
      Object value = plain(claim(token, name));
      if (value != null) {
        claims.put(name, value);
      }
    }
    // Immutable all the way down: one verified token's subject serves many requests.
    return new Subject(true, token.getSubject(), token.getIssuer(), clientId,
        strings(claim(token, config.rolesClaim())), strings(claim(token, config.groupsClaim())),
        strings(scopes), strings(token.getClaim("amr")), Collections.unmodifiableMap(claims));
  }

  private static Object claim(JsonWebToken token, String path) {
    String[] names = path.split("/");
    Object value = token.getClaim(names[0]);
    for (int i = 1; i < names.length && value != null; i++) {
      value = value instanceof JsonObject object ? object.get(names[i])
          : value instanceof Map<?, ?> map ? map.get(names[i]) : null;
    }
    return value;
  }

  /** Claims come back as JSON-P values or Java values depending on the claim; normalise. */
  static Object plain(Object value) {
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
    if (value == JsonValue.NULL) {
      return null;
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

  static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : v.toString()));
    } else if (value instanceof Collection<?> collection) {
      collection.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : String.valueOf(v)));
    } else if (value != null) {
      String text = string(value);
      if (text != null) {
        out.addAll(Arrays.asList(text.trim().split("\\s+")));
        out.removeIf(String::isEmpty);
      }
    }
    return Collections.unmodifiableList(out);
  }
}
