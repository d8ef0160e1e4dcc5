package io.mcpauthz.pdp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A policy author's change takes effect without restarting anything, and every decision event
 * names the policy revision that made it.
 */
@QuarkusTest
@WithTestResource(value = RealStackResource.class,
    initArgs = {@ResourceArg(name = RealStackResource.POLICIES, value = "bundle"),
        @ResourceArg(name = RealStackResource.ENGINE, value = "rest")})
class PolicyHotReloadTest {

  private static CheckResponse createIssue() {
    return EnvoyCheck.toolCall(21, "create_issue", "{\"title\":\"t\"}")
        .bearer(TestKeys.token("alice", "dev")).send();
  }

  @Test
  void shouldApplyAnEditedGrantToTheNextDecisionAndRecordTheRevision() throws Exception {
    assertEditedGrantApplies();
  }

  /** Shared with {@link WasmPolicyHotReloadTest}: the same edit, whichever engine judges. */
  static void assertEditedGrantApplies() throws Exception {
    CheckResponse before = createIssue();
    assertThat(before.hasOkResponse()).isTrue();
    assertThat(AuditApi.awaitDecision(Responses.decisionId(before)).getString("policy.revision")).isEqualTo("rev-1");

    Path grants = RealStackResource.policyCopy().resolve("mcp/config/servers/github/data.json");
    String data = Files.readString(grants);
    assertThat(data).contains("\"dev\": [\"read\", \"update\"]");
    Files.writeString(grants, data.replace("\"dev\": [\"read\", \"update\"]", "\"dev\": [\"read\"]"));
    RealStackResource.rebuildBundle("rev-2");

    // Generous: on a loaded test machine compiling and warming a Wasm bundle took 40 s.
    CheckResponse after = Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
        .until(PolicyHotReloadTest::createIssue, CheckResponse::hasDeniedResponse);
    assertThat(Responses.deniedBody(after).path("error").path("data").path("reasons").toString())
        .contains("role_not_granted");
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(after));
    assertThat(event.getString("policy.revision")).isEqualTo("rev-2");
    assertThat(event.getList("reasons.code")).containsExactly("role_not_granted");
  }
}
