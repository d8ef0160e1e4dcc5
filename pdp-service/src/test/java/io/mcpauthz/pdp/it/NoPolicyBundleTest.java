package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Fail closed: a Wasm engine with no bundle loaded is not ready, and denies every call with 503, recorded. */
@QuarkusTest
@WithTestResource(value = RealStackResource.class, initArgs = {
    @ResourceArg(name = RealStackResource.ENGINE, value = "wasm"),
    @ResourceArg(name = RealStackResource.POLICIES, value = "none")})
class NoPolicyBundleTest {

  @Test
  void shouldDenyACallThePolicyWouldAllowWith503PolicyNotLoaded() {
    CheckResponse response = EnvoyCheck.toolCall(41, "create_issue", "{}").bearer(TestKeys.token("alice", "dev")).send();

    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
    JsonNode body = Responses.deniedBody(response);
    assertThat(body.path("id").asInt()).isEqualTo(41);
    assertThat(body.path("error").path("code").asInt()).isEqualTo(-32603);
    assertThat(body.path("error").path("data").path("reasons").get(0).asText()).isEqualTo("policy_not_loaded");
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(response));
    assertThat(event.getList("reasons.code")).containsExactly("policy_not_loaded");
    assertThat(event.getString("policy.revision")).isNull();
  }

  @Test
  void shouldReportNotReady() {
    given().get("/q/health/ready").then().statusCode(503)
        .body("checks.find { it.name == 'policy' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'policy' }.data.error_code", equalTo("policy_not_loaded"));
  }
}
