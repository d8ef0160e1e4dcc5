package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PDP's spool against real faults: its own Kafka broker stopped and started, the packaged
 * PDP stopped (SIGTERM) or killed (SIGKILL) and started again on the same spool directory, under
 * steady load. The sets of decision ids the PDP answered and the audit index holds are compared.
 * The outage lasts {@code -Dmcp-authz.fault.outage-seconds} (12 by default, for CI; docs/events.md
 * gives the 60 s command).
 */
class SpoolFaultIT {

  private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("mcp-authz.fault.outage-seconds", 12));
  private static final Duration FSYNC_INTERVAL = Duration.ofMillis(100);
  private static final KafkaBrokerProcess KAFKA = new KafkaBrokerProcess();
  private static final AuditConsumerProcess AUDIT = new AuditConsumerProcess();
  private static final String TOPIC = "fault.decisions." + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OpaProcess opa;

  @BeforeAll
  static void start() {
    KAFKA.start();
    RealStackResource.createTopic(KAFKA.bootstrap(), TOPIC);
    opa = OpaProcess.onDirectory(Processes.root().resolve("policies-rego"));
    opa.start();
    AUDIT.start(KAFKA.bootstrap(), TOPIC);
  }

  @AfterAll
  static void stop() {
    AUDIT.stop();
    opa.stop();
    KAFKA.stop();
  }

  @Test
  void shouldIndexEveryAnsweredDecisionAfterABrokerOutageWithAPdpRestartInside() throws Exception {
    PdpProcess pdp = new PdpProcess();
    Map<String, String> settings = settings(Processes.tempDirectory("mcp-authz-spool"), "1G");
    pdp.start(settings);
    Map<String, Long> answered;
    Set<String> indexed;
    try (SteadyLoad load = new SteadyLoad(pdp)) {
      awaitAnswered(load, 50);
      KAFKA.stop();
      awaitFor(OUTAGE.dividedBy(2));
      pdp.stop(); // SIGTERM while the broker is away: the backlog stays on disk
      pdp.start(settings);
      awaitFor(OUTAGE.dividedBy(2));
      KAFKA.start();
      awaitAnswered(load, load.answered().size() + 50);
      load.close();
      answered = load.answered();
      indexed = awaitIndexed(answered.keySet()); // the restarted PDP forwards its predecessor's backlog
    } finally {
      pdp.stop();
    }
    assertThat(answered.size()).as("decisions answered under load").isGreaterThan(200);
    assertThat(missing(answered.keySet(), indexed)).isEmpty();
  }

  @Test
  void shouldLoseNothingBeyondTheFsyncWindowWhenThePdpIsKilled() throws Exception {
    PdpProcess pdp = new PdpProcess();
    Map<String, String> settings = settings(Processes.tempDirectory("mcp-authz-spool"), "1G");
    pdp.start(settings);
    Set<String> inWindow;
    Set<String> lost;
    long killedAt;
    try (SteadyLoad load = new SteadyLoad(pdp)) {
      Map<String, Long> answered;
      awaitAnswered(load, 50);
      KAFKA.stop(); // so that the killed PDP's events are in its spool, not already in Kafka
      awaitFor(OUTAGE.dividedBy(2));
      pdp.kill();
      killedAt = System.nanoTime();
      pdp.start(settings);
      KAFKA.start();
      awaitAnswered(load, load.answered().size() + 50);
      load.close();
      answered = load.answered();
      long windowStart = killedAt - FSYNC_INTERVAL.toNanos();
      inWindow = answered.entrySet().stream()
          .filter(e -> e.getValue() >= windowStart && e.getValue() <= killedAt).map(Map.Entry::getKey)
          .collect(Collectors.toSet());
      Set<String> required = new HashSet<>(answered.keySet());
      required.removeAll(inWindow);
      lost = missing(answered.keySet(), awaitIndexed(required));
    } finally {
      pdp.stop();
    }
    assertThat(lost).as("only decisions answered within the fsync interval before the kill may be lost")
        .isSubsetOf(inWindow);
  }

  @Test
  void shouldRefuseCallsWithAuditUnavailableWhileTheSpoolIsFullAndRecordThoseDenies() throws Exception {
    PdpProcess pdp = new PdpProcess();
    Map<String, String> settings = new HashMap<>(settings(Processes.tempDirectory("mcp-authz-spool"), "256K"));
    settings.put("mcp-authz.events.spool.reserve-bytes", "64K");
    pdp.start(settings);
    String token = TestKeys.token("fill-" + UUID.randomUUID(), "dev");
    CheckResponse refused;
    try {
      KAFKA.stop();
      int i = 0;
      do {
        refused = pdp.check(EnvoyCheck.toolCall(++i, "create_issue", "{\"title\":\"" + "x".repeat(500) + "\"}")
            .bearer(token));
      } while (refused.hasOkResponse() && i < 10_000);
      assertThat(refused.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
      var error = Responses.deniedBody(refused).path("error");
      assertThat(error.path("code").asInt()).isEqualTo(-32603);
      assertThat(error.path("data").path("reasons").get(0).asText()).isEqualTo("audit_unavailable");
      given().get(pdp.httpUrl() + "/q/health/ready").then().statusCode(503);
    } finally {
      KAFKA.start();
    }
    Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> given().get(pdp.httpUrl() + "/q/health/ready").statusCode() == 200);
    CheckResponse after = pdp.check(EnvoyCheck.toolCall(1, "create_issue", "{}").bearer(token));
    pdp.stop();
    assertThat(after.hasOkResponse()).as(after.toString()).isTrue();
    assertThat(AuditApi.awaitDecision(AUDIT, Responses.decisionId(refused)).getList("reasons.code"))
        .containsExactly("audit_unavailable");
  }

  private static Map<String, String> settings(Path spool, String maxBytes) {
    return Map.of(
        "mcp-authz.policy.engine", "rest", // the OPA started above; what fails here is Kafka
        "mcp-authz.opa.url", opa.url(),
        "kafka.bootstrap.servers", KAFKA.bootstrap(),
        "mcp-authz.events.topic", TOPIC,
        PdpProcess.SPOOL_DIRECTORY, spool.toString(),
        "mcp-authz.events.spool.max-bytes", maxBytes,
        "mcp-authz.events.spool.fsync-interval", FSYNC_INTERVAL.toMillis() + "ms",
        "mcp-authz.events.spool.drain-timeout", "2s");
  }

  private static void awaitAnswered(SteadyLoad load, int count) {
    Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> load.answered().size() >= count);
  }

  /** Lets the load run for this long (the outage). */
  private static void awaitFor(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    Awaitility.await().atMost(duration.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() >= until);
  }

  /** The index's ids, once it holds every required one (or after a generous wait). */
  private static Set<String> awaitIndexed(Set<String> required) {
    Set<String> indexed = new HashSet<>();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() -> {
        indexed.clear();
        indexed.addAll(exportedIds());
        return indexed.containsAll(required);
      });
    } catch (ConditionTimeoutException e) {
      // the caller's assertion names what is missing
    }
    return indexed;
  }

  private static String decisionId(String json) {
    try {
      return JSON.readTree(json).path("decision_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> missing(Set<String> answered, Set<String> indexed) {
    Set<String> missing = new HashSet<>(answered);
    missing.removeAll(indexed);
    return missing;
  }

  private static Set<String> exportedIds() {
    String ndjson = given().auth().oauth2(TestKeys.auditor())
        .get(AUDIT.url() + "/api/v1/decisions/export?format=ndjson").then().statusCode(200).extract().asString();
    return ndjson.lines().filter(line -> !line.isBlank())
        .map(SpoolFaultIT::decisionId)
        .collect(Collectors.toSet());
  }
}
