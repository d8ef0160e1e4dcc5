package io.mcpauthz.audit.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.Keys;
import io.mcpauthz.audit.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every /api/v1 call needs a valid token with role auditor; health and metrics stay open. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
class AuthTest {

  static Stream<Arguments> endpoints() {
    return Stream.of("/api/v1/decisions", "/api/v1/decisions/some-id", "/api/v1/sessions/s/timeline",
        "/api/v1/sessions", "/api/v1/stats", "/api/v1/decisions/export").map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void shouldAnswer401WithoutToken(String path) {
    given().when().get(path)
        .then().statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .body("error", equalTo("unauthenticated"));
  }

  @Test
  void shouldAnswer401ForTokenSignedByAnotherKey() {
    expect401(Tokens.signedBy(Keys.generate().getPrivate()));
  }

  @Test
  void shouldAnswer401ForExpiredToken() {
    expect401(Tokens.expired());
  }

  @Test
  void shouldAnswer401ForTokenFromAnotherIssuer() {
    expect401(Tokens.fromIssuer("https://evil.example"));
  }

  @Test
  void shouldAnswer401ForAnMcpTokenFromTheSameIssuer() {
    // An agent's token must not open the audit trail, even with an auditor role in it.
    expect401(Tokens.forAudience(AuditTestResource.MCP_AUDIENCE));
    expect401(Tokens.forAudience("mcp-authz"));
  }

  @Test
  void shouldAnswer401ForGarbageToken() {
    expect401("not.a.jwt");
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void shouldAnswer403WithoutAuditorRole(String path) {
    given().auth().oauth2(Tokens.withRoles("dev", "admin")).when().get(path)
        .then().statusCode(403)
        .body("error", equalTo("forbidden"));
  }

  @Test
  void shouldKeepHealthAndMetricsOpen() {
    given().when().get("/q/health/live").then().statusCode(200);
    given().when().get("/q/metrics").then().statusCode(200);
    // A bad token on an open path is ignored (lazy authentication), not a 401.
    given().auth().oauth2("not.a.jwt").when().get("/q/health/live").then().statusCode(200);
  }

  private static void expect401(String token) {
    given().auth().oauth2(token).when().get("/api/v1/decisions")
        .then().statusCode(401)
        .body("error", equalTo("unauthenticated"));
  }
}
