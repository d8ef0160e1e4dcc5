package io.mcpauthz.pdp.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.mcpauthz.pdp.it.EnvoyCheck;
import io.mcpauthz.pdp.it.TestKeys;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A scenario's {@code given} as the CheckRequest Envoy would send (lower-case headers, route server). */
final class ScenarioRequests {

  private ScenarioRequests() {}

  static CheckRequest build(Scenario scenario) {
    Scenario.Given given = scenario.given();
    EnvoyCheck check = EnvoyCheck.post(given.rawBody() == null ? given.bodyText() : "")
        .method(given.httpMethod())
        .server(given.server() == null ? "github" : given.server())
        .source(given.source() == null ? "127.0.0.1" : given.source())
        .path(given.path() == null ? "/mcp" : given.path());
    if (given.headers() != null) {
      given.headers().forEach(check::header);
    }
    String authorization = authorization(given.subject());
    if (authorization != null) {
      check.header("authorization", authorization);
    }
    if (scenario.packAsBytes() && given.rawBody() == null) {
      check.packAsBytes();
    }
    CheckRequest request = check.build();
    if (given.rawBody() == null) {
      return request;
    }
    CheckRequest.Builder raw = request.toBuilder();
    raw.getAttributesBuilder().getRequestBuilder().getHttpBuilder()
        .clearBody().setRawBody(ByteString.copyFrom(given.rawBytes()));
    return raw.build();
  }

  /** The client's {@code authorization} header value, or null for an anonymous caller. */
  static String authorization(JsonNode subject) {
    if (subject == null || "anonymous".equals(subject.asText())) {
      return null;
    }
    String sub = subject.path("sub").asText("alice");
    List<String> roles = strings(subject.path("roles"));
    String token = subject.path("token").asText("valid");
    return switch (token) {
      case "valid" -> "Bearer " + TestKeys.sign(claims(subject, sub, roles));
      case "expired" -> "Bearer " + TestKeys.sign(claims(subject, sub, roles)
          .issuedAt(Instant.now().minusSeconds(1200)).expiresAt(Instant.now().minusSeconds(600)));
      case "foreign" -> "Bearer " + TestKeys.foreignToken(sub, roles.toArray(String[]::new));
      case "basic" -> "Basic YWxpY2U6c2VjcmV0";
      case "garbage" -> "Bearer not.a.jwt";
      default -> throw new IllegalArgumentException("unknown token kind " + token);
    };
  }

  /** {@code audience} lists the servers the token was minted for (RFC 8707); default all of them. */
  private static JwtClaimsBuilder claims(JsonNode subject, String sub, List<String> roles) {
    JwtClaimsBuilder claims = subject.has("audience")
        ? TestKeys.forServers(strings(subject.path("audience")), sub, roles.toArray(String[]::new))
        : TestKeys.claims(sub, roles.toArray(String[]::new));
    if (subject.has("amr")) {
      claims.claim("amr", strings(subject.path("amr")));
    }
    if (subject.has("scope")) {
      claims.claim("scope", subject.path("scope").asText());
    }
    if (subject.has("client_id")) {
      claims.claim("client_id", subject.path("client_id").asText());
    }
    // Each token its own login (a run of its own), unless the scenario names one: one user's
    // scenarios would otherwise share the run of their sid-less calls, and its flows.
    claims.claim("sid", "scenario-login-" + UUID.randomUUID());
    subject.path("claims").properties().forEach(claim -> claims.claim(claim.getKey(), claim.getValue().isNumber()
        ? (Object) claim.getValue().longValue() : claim.getValue().asText()));
    return claims;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
