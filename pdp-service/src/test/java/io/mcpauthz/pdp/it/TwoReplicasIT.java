package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged PDP processes sharing one real redis-server, each judging with the shipped
 * policies compiled to Wasm and polled from one bundle server, as deployed: one budget and one
 * quarantine across replicas, and Redis lost → fail closed.
 */
class TwoReplicasIT {

  private static final RedisProcess REDIS = new RedisProcess();
  private static final PdpProcess ONE = new PdpProcess();
  private static final PdpProcess TWO = new PdpProcess();
  private static final AuditConsumerProcess AUDIT = new AuditConsumerProcess();
  private static final BundleServer BUNDLES = new BundleServer();

  @BeforeAll
  static void start() throws IOException {
    REDIS.start();
    Path bundle = Files.createTempDirectory("mcp-authz-replicas").resolve("bundle-wasm.tar.gz");
    OpaProcess.buildWasmBundle(Processes.root().resolve("policies-rego"), "replicas", bundle);
    BUNDLES.publish(Files.readAllBytes(bundle), "\"replicas\"").start();
    String topic = "test.replicas." + UUID.randomUUID();
    RealStackResource.createTopic(RealStackResource.kafkaBootstrap(), topic);
    AUDIT.start(RealStackResource.kafkaBootstrap(), topic);
    Map<String, String> settings = Map.of(
        "mcp-authz.policy.wasm.bundle-server.url", BUNDLES.url().toString(),
        "mcp-authz.policy.timeout", "20s",
        "kafka.bootstrap.servers", RealStackResource.kafkaBootstrap(),
        "mcp-authz.events.topic", topic,
        "mcp-authz.session.store", "redis",
        "mcp-authz.session.redis-url", REDIS.url(),
        "mcp-authz.session.timeout", "10s");
    ONE.start(settings);
    TWO.start(settings);
    for (PdpProcess replica : List.of(ONE, TWO)) { // a first call loads classes and opens connections
      replica.check(SessionFlowTest.call("github", 1, "get_issue", "{\"number\":1}", TestKeys.token("warm", "dev"),
          "sess-warm-" + UUID.randomUUID()));
    }
  }

  @AfterAll
  static void stop() {
    ONE.stop();
    TWO.stop();
    AUDIT.stop();
    BUNDLES.stop();
    REDIS.stop();
  }

  @Test
  void shouldServeTheBundleEachReplicaPolledFromTheBundleServer() {
    assertThat(BUNDLES.downloads()).isEqualTo(2);
    for (PdpProcess replica : List.of(ONE, TWO)) {
      given().get(replica.httpUrl() + "/q/health/ready").then().statusCode(200)
          .body("checks.find { it.name == 'policy' }.data.policy_revision", org.hamcrest.Matchers.equalTo("replicas"));
    }
  }

  @Test
  void shouldEnforceOneBudgetAcrossReplicas() throws Exception {
    String token = TestKeys.sign(TestKeys.claims("carol", "dev").claim("tenant", "acme"));
    String session = "sess-" + UUID.randomUUID();
    List<CheckResponse> responses = AtOnce.send(50, i -> () -> (i % 2 == 0 ? ONE : TWO)
        .check(SessionFlowTest.call("crm", i, "get_customer", "{\"id\":\"c-" + i + "\"}", token, session)));
    AtOnce.assertBudgetHeld(responses, 10);
  }

  @Test
  void shouldQuarantineOnOneReplicaAndReleaseOnTheOther() {
    String token = TestKeys.token("mallory", "dev");
    String session = "sess-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      ONE.check(SessionFlowTest.call("github", i, "delete_repo", "{\"repo\":\"acme/api\"}", token, session));
    }
    CheckResponse quarantined = TWO.check(SessionFlowTest.call("github", 6, "get_issue", "{\"number\":1}", token, session));
    assertThat(reason(quarantined)).isEqualTo("quarantined");

    String key = AuditApi.awaitDecision(AUDIT, Responses.decisionId(quarantined)).getString("session.session.key");
    String operator = TestKeys.operator();
    given().auth().oauth2(operator).get(ONE.httpUrl() + "/api/v1/sessions/session/" + key + "/state")
        .then().statusCode(200);
    given().auth().oauth2(operator).post(TWO.httpUrl() + "/api/v1/sessions/session/" + key + "/release")
        .then().statusCode(200);
    CheckResponse after = ONE.check(SessionFlowTest.call("github", 7, "get_issue", "{\"number\":1}", token, session));
    assertThat(after.hasOkResponse()).as(after.toString()).isTrue();
  }

  /** One agent run, two MCP servers (each its own session id), two replicas: one shared run. */
  @Test
  void shouldFollowOneRunAcrossServersAndReplicas() {
    String sid = "idp-login-" + UUID.randomUUID();
    CheckResponse read = ONE.check(SessionFlowTest.call("email", 1, "read_message", "{\"folder\":\"inbox\",\"id\":\"m-1\"}",
        SessionFlowTest.runToken("ivan", sid, "email"), "sess-" + UUID.randomUUID()));
    assertThat(read.hasOkResponse()).as(read.toString()).isTrue();

    CheckResponse send = TWO.check(SessionFlowTest.call("github", 2, "create_issue", "{\"repo\":\"acme/public\"}",
        SessionFlowTest.runToken("ivan", sid, "github"), "sess-" + UUID.randomUUID()));
    assertThat(reason(send)).isEqualTo("toxic_flow");
    assertThat(Responses.deniedBody(send).path("error").path("message").asText())
        .contains("private_data (decision " + Responses.decisionId(read) + ")");
    CheckResponse anotherRun = ONE.check(SessionFlowTest.call("github", 3, "create_issue", "{\"repo\":\"acme/public\"}",
        SessionFlowTest.runToken("ivan", "idp-login-" + UUID.randomUUID(), "github"), "sess-" + UUID.randomUUID()));
    assertThat(anotherRun.hasOkResponse()).as(anotherRun.toString()).isTrue();
  }

  @Test
  void shouldFailClosedWhileRedisIsDownAndRecoverWhenItIsBack() {
    String token = TestKeys.token("erin", "dev");
    String session = "sess-" + UUID.randomUUID();
    REDIS.stop();
    try {
      CheckResponse down = ONE.check(SessionFlowTest.call("github", 1, "get_issue", "{\"number\":1}", token, session));
      assertThat(down.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
      assertThat(reason(down)).isEqualTo("session_state_unavailable");
    } finally {
      REDIS.start();
    }
    CheckResponse back = ONE.check(SessionFlowTest.call("github", 2, "get_issue", "{\"number\":1}", token, session));
    assertThat(back.hasOkResponse()).as(back.toString()).isTrue();
  }

  private static String reason(CheckResponse response) {
    return Responses.deniedBody(response).path("error").path("data").path("reasons").get(0).asText();
  }
}
