package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Wasm engine polling a bundle server: an edited policy published there takes effect with
 * its revision in the events; a corrupt bundle or an outage of the server leaves the serving
 * policy deciding, and shows in the metrics.
 */
@QuarkusTest
@WithTestResource(value = RealStackResource.class, initArgs = {
    @ResourceArg(name = RealStackResource.POLICIES, value = "bundle-server"),
    @ResourceArg(name = RealStackResource.ENGINE, value = "wasm")})
class BundleServerReloadTest {

  private static final Duration WAIT = Duration.ofSeconds(180); // a loaded machine compiled a bundle in 40 s

  /** As Kubernetes does: no traffic before the first bundle from the server is loaded. */
  @BeforeEach
  void awaitReady() {
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  @Test
  void shouldApplyAnEditedGrantPublishedOnTheBundleServerAndRecordTheRevision() throws Exception {
    PolicyHotReloadTest.assertEditedGrantApplies();
    assertThat(RealStackResource.bundleServer().notModified()).isPositive();
  }

  @Test
  void shouldKeepDecidingWithTheServingBundleWhileTheServerIsBrokenOrDown() {
    BundleServer server = RealStackResource.bundleServer();
    String published = server.etag().replace("\"", "");
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> published.equals(
        given().get("/q/health/ready").path("checks.find { it.name == 'policy' }.data.policy_revision")));
    String revision = revisionOf(EnvoyCheck.toolCall(51, "get_issue", "{\"number\":1}")
        .bearer(TestKeys.token("alice", "dev")).send());
    assertThat(revision).isEqualTo(published);
    double activationFailures = metric("mcp_authz_policy_bundle_failures_total\\{stage=\"activation\"");
    double downloadFailures = metric("mcp_authz_policy_bundle_failures_total\\{stage=\"download\"");

    server.publish(new byte[] {31, -117, 8, 0, 1, 2, 3}, "\"corrupt\"");
    Awaitility.await().atMost(WAIT)
        .until(() -> metric("mcp_authz_policy_bundle_failures_total\\{stage=\"activation\"") > activationFailures);
    assertThat(revisionOf(EnvoyCheck.toolCall(52, "get_issue", "{\"number\":1}")
        .bearer(TestKeys.token("alice", "dev")).send())).isEqualTo(revision);

    server.stop();
    Awaitility.await().atMost(WAIT)
        .until(() -> metric("mcp_authz_policy_bundle_failures_total\\{stage=\"download\"") > downloadFailures);
    assertThat(revisionOf(EnvoyCheck.toolCall(53, "get_issue", "{\"number\":1}")
        .bearer(TestKeys.token("alice", "dev")).send())).isEqualTo(revision);

    RealStackResource.rebuildBundle(revision); // the server back, with the serving bundle
    server.start();
  }

  private static String revisionOf(CheckResponse allowed) {
    assertThat(allowed.hasOkResponse()).isTrue();
    return AuditApi.awaitDecision(Responses.decisionId(allowed)).getString("policy.revision");
  }

  /** A counter from /q/metrics; 0 while it does not exist yet. */
  private static double metric(String prefix) {
    Matcher value = Pattern.compile("(?m)^" + prefix + "[^}]*} (\\S+)$")
        .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
    return value.find() ? Double.parseDouble(value.group(1)) : 0;
  }
}
