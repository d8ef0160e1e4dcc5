package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end: a CheckRequest as Envoy sends it, judged by the real OPA on
 * the shipped policies, the event published to a real Kafka broker and found again through the
 * audit-consumer's API.
 */
@QuarkusTest
@WithTestResource(RealStackResource.class)
class DecisionPathTest {

  @Test
  void shouldAllowAndReplaceClientTokenWithMintedAssertion() throws Exception {
    String clientToken = TestKeys.token("alice", "dev");
    CheckResponse response = EnvoyCheck.toolCall(7, "create_issue", "{\"title\":\"Bug\",\"api_key\":\"s3cr3t\"}")
        .bearer(clientToken).header("mcp-session-id", "sess-allow").send();

    assertThat(response.hasOkResponse()).as(response.toString()).isTrue();
    Map<String, String> headers = Responses.headers(response.getOkResponse().getHeadersList());
    String decisionId = Responses.decisionId(response);
    assertThat(headers).containsEntry("x-mcp-authz-decision-id", decisionId);
    String upstream = headers.get("authorization");
    assertThat(upstream).startsWith("Bearer ").doesNotContain(clientToken);

    JwtClaims claims = verifyWithPublishedKeys(upstream.substring("Bearer ".length()));
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getAudience()).containsExactly("github");
    assertThat(claims.getClaimValue("mcp_tool")).isEqualTo("create_issue");
    assertThat(claims.getClaimValue("decision_id")).isEqualTo(decisionId);
    assertThat(claims.getClaimValue("act")).isEqualTo(Map.of("sub", TestKeys.CLIENT_ID));
    assertThat(claims.getJwtId()).isNotBlank();
    assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isLessThanOrEqualTo(60);

    JsonPath event = AuditApi.awaitDecision(decisionId);
    assertThat(event.getString("decision")).isEqualTo("allow");
    assertThat(event.getInt("status")).isEqualTo(200);
    assertThat(event.getString("subject.sub")).isEqualTo("alice");
    assertThat(event.getString("route.server")).isEqualTo("github");
    assertThat(event.getString("mcp.tool")).isEqualTo("create_issue");
    assertThat(event.getString("mcp.session_id")).isEqualTo("sess-allow");
    assertThat(event.getString("mcp.arguments.api_key")).isEqualTo("[REDACTED]");
    assertThat(event.getString("mcp.arguments.title")).isEqualTo("Bug");
    // what the upstream server was told, as claims: the analyst sees them, the token is never stored
    assertThat(event.getString("upstream.claims.jti")).isEqualTo(claims.getJwtId());
    assertThat(event.getString("upstream.claims.aud")).isEqualTo("github");
    assertThat(event.getString("upstream.claims.act.sub")).isEqualTo(TestKeys.CLIENT_ID);
    assertThat(event.prettify()).doesNotContain(upstream.substring("Bearer ".length()));
  }

  @Test
  void shouldRecordNothingOfTheStartupWarmUp() {
    CheckResponse response = EnvoyCheck.toolCall(9, "get_issue", "{\"number\":1}")
        .bearer(TestKeys.token("alice", "dev")).send();
    AuditApi.awaitDecision(Responses.decisionId(response)); // the spool has forwarded what came before

    JsonPath warmUp = given().auth().oauth2(TestKeys.auditor())
        .get(RealStackResource.audit().url() + "/api/v1/decisions?subject=mcp-authz-warm-up").jsonPath();
    assertThat(warmUp.getList("items")).isEmpty();
  }

  @Test
  void shouldDenyByPolicyWithJsonRpcErrorAndReason() {
    CheckResponse response = EnvoyCheck.toolCall(8, "delete_repo", "{\"repo\":\"acme/api\"}")
        .bearer(TestKeys.token("alice", "dev")).send();

    assertDenied(response, StatusCode.Forbidden, 8, -32010, "role_not_granted");
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(response));
    assertThat(event.getString("decision")).isEqualTo("deny");
    assertThat(event.getInt("status")).isEqualTo(403);
    assertThat(event.getString("action_class")).isEqualTo("admin");
    assertThat(event.getList("reasons.code")).contains("role_not_granted");
    assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
        .containsPattern("mcp_authz_decisions_total\\{[^}]*decision=\"deny\"[^}]*reason=\"role_not_granted\"[^}]*server=\"github\"[^}]*} [1-9]")
        .contains("mcp_authz_decision_seconds_bucket");
  }

  @Test
  void shouldRejectMalformedJson() {
    CheckResponse response = EnvoyCheck.post("{\"jsonrpc\":\"2.0\",\"id\":1,")
        .bearer(TestKeys.token("alice", "dev")).send();

    assertDenied(response, StatusCode.BadRequest, null, -32700, "body_malformed");
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(response));
    assertThat(event.getList("reasons.code")).containsExactly("body_malformed");
    assertThat(event.getString("subject.sub")).as("attributed to the verified caller").isEqualTo("alice");
  }

  @Test
  void shouldRejectInvalidJsonRpc() {
    CheckResponse response = EnvoyCheck.post("{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"tools/list\"}")
        .bearer(TestKeys.token("alice", "dev")).packAsBytes().send();

    assertDenied(response, StatusCode.BadRequest, null, -32600, "jsonrpc_invalid");
    assertThat(AuditApi.awaitDecision(Responses.decisionId(response)).getList("reasons.code"))
        .containsExactly("jsonrpc_invalid");
  }

  @Test
  void shouldChallengeAnonymousToolCallWithResourceMetadata() {
    CheckResponse response = EnvoyCheck.toolCall(3, "create_issue", "{}").send();

    assertDenied(response, StatusCode.Unauthorized, 3, -32011, null);
    assertThat(Responses.headers(response.getDeniedResponse().getHeadersList()))
        .containsEntry("www-authenticate",
            "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/github/mcp\"");
    assertThat(AuditApi.awaitDecision(Responses.decisionId(response)).getString("decision")).isEqualTo("deny");
  }

  @Test
  void shouldRejectTokenFromUntrustedIssuerKey() {
    CheckResponse response = EnvoyCheck.toolCall(4, "create_issue", "{}")
        .bearer(TestKeys.foreignToken("mallory", "admin")).send();

    assertDenied(response, StatusCode.Unauthorized, 4, -32011, "token_invalid");
    assertThat(Responses.headers(response.getDeniedResponse().getHeadersList()).get("www-authenticate"))
        .startsWith("Bearer error=\"invalid_token\"");
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(response));
    assertThat(event.getString("subject.sub")).isNull();
  }

  @Test
  void shouldDenyAndRecordARequestThatCannotBeRead() {
    // A time stamp beyond java.time's range makes reading the CheckRequest itself throw.
    CheckResponse response = EnvoyCheck.toolCall(9, "create_issue", "{\"body\":\"private\"}")
        .bearer(TestKeys.token("alice", "dev")).time(Long.MAX_VALUE).send();

    assertDenied(response, StatusCode.ServiceUnavailable, null, -32603, "internal_error");
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(response));
    assertThat(event.getList("reasons.code")).containsExactly("internal_error");
    assertThat(event.getInt("status")).isEqualTo(503);
    assertThat(event.getString("route.server")).isEqualTo("github");
  }

  private static void assertDenied(CheckResponse response, StatusCode status, Integer id, int code, String reason) {
    assertThat(response.hasDeniedResponse()).as(response.toString()).isTrue();
    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(status);
    assertThat(Responses.headers(response.getDeniedResponse().getHeadersList()))
        .containsEntry("content-type", "application/json");
    JsonNode body = Responses.deniedBody(response);
    assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
    if (id == null) {
      assertThat(body.path("id").isNull()).isTrue();
    } else {
      assertThat(body.path("id").asInt()).isEqualTo(id);
    }
    assertThat(body.path("error").path("code").asInt()).isEqualTo(code);
    assertThat(body.path("error").path("data").path("decision_id").asText()).isEqualTo(Responses.decisionId(response));
    if (reason != null) {
      assertThat(body.path("error").path("data").path("reasons").toString()).contains(reason);
    }
    assertThat(response.getDynamicMetadata().getFieldsMap().get("decision").getStringValue()).isEqualTo("deny");
  }

  private static JwtClaims verifyWithPublishedKeys(String jwt) throws Exception {
    String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
    return new JwtConsumerBuilder()
        .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
        .setExpectedAudience("github")
        .setRequireExpirationTime()
        .setRequireJwtId()
        .build()
        .processToClaims(jwt);
  }
}
