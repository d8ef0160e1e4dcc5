package io.mcpauthz.pdp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A policy answering just {@code {"allow": false}} is a plain policy deny: 403 under the decision
 * id of the judged message, recorded with the reason {@code no_reason_given}.
 */
@QuarkusTest
@WithTestResource(value = RealStackResource.class,
    initArgs = @ResourceArg(name = RealStackResource.POLICIES, value = "test:deny-without-reasons"))
class PolicyDenyWithoutReasonsTest {

  @Test
  void shouldDenyWith403AndRecordTheEventUnderTheSameDecisionId() {
    // On a loaded machine the first questions to a cold OPA may time out (503 opa_timeout).
    CheckResponse response = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> EnvoyCheck.toolCall(31, "create_issue", "{\"title\":\"t\"}")
            .bearer(TestKeys.token("alice", "dev")).send(), r -> !r.getDeniedResponse().getBody().contains("opa_timeout"));

    assertThat(response.hasDeniedResponse()).as(response.toString()).isTrue();
    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    JsonNode error = Responses.deniedBody(response).path("error");
    String decisionId = Responses.decisionId(response);
    assertThat(error.path("code").asInt()).isEqualTo(-32010);
    assertThat(error.path("data").path("decision_id").asText()).isEqualTo(decisionId);
    assertThat(error.path("data").path("reasons").toString()).isEqualTo("[\"no_reason_given\"]");
    JsonPath event = AuditApi.awaitDecision(decisionId);
    assertThat(event.getString("decision")).isEqualTo("deny");
    assertThat(event.getInt("status")).isEqualTo(403);
    assertThat(event.getList("reasons.code")).containsExactly("no_reason_given");
    assertThat(event.getString("mcp.tool")).isEqualTo("create_issue");
  }
}
