package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One deadline for the whole decision, below the proxy's: with OPA frozen, the PDP itself answers
 * 503 {@code decision_timeout} before the proxy gives up, and records exactly that deny; the late
 * policy answer is never recorded as an allow. OPA's own timeout is set far out here, so only the
 * decision budget (or the proxy's deadline) can end the wait.
 */
@QuarkusTest
@TestProfile(DecisionBudgetTest.SlowOpaAllowed.class)
@WithTestResource(value = RealStackResource.class, // the REST engine: its OPA is what is frozen here
    initArgs = @ResourceArg(name = RealStackResource.ENGINE, value = "rest"))
class DecisionBudgetTest {

  public static class SlowOpaAllowed implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "mcp-authz.opa.timeout", "60s",
          "quarkus.rest-client.opa.read-timeout", "60000",
          "mcp-authz.decision.budget", "3s",
          "mcp-authz.decision.deadline-margin", "1s");
    }
  }

  @AfterEach
  void thawOpa() {
    RealStackResource.opa().pause(false);
  }

  @Test
  void shouldDenyItselfWhenTheDecisionBudgetIsSpent() {
    String session = "budget-" + UUID.randomUUID();
    EnvoyCheck call = EnvoyCheck.toolCall(31, "create_issue", "{}").bearer(TestKeys.token("alice", "dev"))
        .header("mcp-session-id", session);

    RealStackResource.opa().pause(true);
    CheckResponse frozen = call.send(Duration.ofSeconds(30));
    RealStackResource.opa().pause(false);

    assertTimedOut(frozen);
    EnvoyCheck next = EnvoyCheck.toolCall(33, "create_issue", "{}").bearer(TestKeys.token("alice", "dev"))
        .header("mcp-session-id", session);
    assertThat(next.send().hasOkResponse()).as("allowed again once OPA answers").isTrue();
    // Had the thawed OPA's late allow for call 31 been recorded, it would come second.
    assertThat(timeline(session, 2)).containsExactly(
        List.of("deny", "decision_timeout", "31"), List.of("allow", "allowed", "33"));
  }

  @Test
  void shouldAnswerBeforeTheProxyDeadlineWhenItIsShorterThanTheBudget() {
    // The proxy waits 2.5 s: the PDP must answer within 2.5 s - 1 s margin, not after its own 3 s.
    EnvoyCheck call = EnvoyCheck.toolCall(32, "create_issue", "{}").bearer(TestKeys.token("alice", "dev"));

    RealStackResource.opa().pause(true);
    CheckResponse frozen = call.send(Duration.ofMillis(2500));
    RealStackResource.opa().pause(false);

    assertTimedOut(frozen);
    assertThat(AuditApi.awaitDecision(Responses.decisionId(frozen)).getList("reasons.code"))
        .containsExactly("decision_timeout");
  }

  private static void assertTimedOut(CheckResponse response) {
    assertThat(response.getDeniedResponse().getStatus().getCode()).as(response.toString())
        .isEqualTo(StatusCode.ServiceUnavailable);
    JsonPath body = new JsonPath(response.getDeniedResponse().getBody());
    assertThat(body.getInt("error.code")).isEqualTo(-32603);
    assertThat(body.getList("error.data.reasons")).containsExactly("decision_timeout");
  }

  /** [decision, first reason, JSON-RPC id] per event of the session, oldest first, once {@code count} arrived. */
  private static List<List<String>> timeline(String session, int count) {
    String url = RealStackResource.audit().url() + "/api/v1/sessions/" + session + "/timeline";
    String auditor = TestKeys.auditor();
    JsonPath json = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> given().auth().oauth2(auditor).get(url).jsonPath(), j -> j.getList("items").size() >= count);
    List<Map<String, Object>> items = json.getList("items");
    return items.stream().map(DecisionBudgetTest::summary).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> summary(Map<String, Object> event) {
    List<Map<String, Object>> reasons = (List<Map<String, Object>>) event.get("reasons");
    Map<String, Object> mcp = (Map<String, Object>) event.get("mcp");
    return List.of(String.valueOf(event.get("decision")), String.valueOf(reasons.get(0).get("code")),
        String.valueOf(mcp.get("id")));
  }
}
