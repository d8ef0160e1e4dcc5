package io.mcpauthz.audit.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.support.DlqReader;
import io.mcpauthz.audit.support.EcsFields;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.Metrics;
import io.mcpauthz.audit.support.OcsfValidator;
import io.mcpauthz.audit.support.ProjectionTestResource;
import io.mcpauthz.audit.support.TestEvent;
import io.mcpauthz.audit.support.TopicReader;
import io.mcpauthz.audit.siem.OcsfApiActivity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Both SIEM topics fed from the real broker: valid records, keyed and in order, poison in the DLQ. */
@QuarkusTest
@WithTestResource(ProjectionTestResource.class)
class ProjectionTopicsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00.123Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void shouldProjectEveryEventOntoBothTopicsKeyedInOrderAndValid() throws Exception {
    String session = "proj-" + UUID.randomUUID();
    List<TestEvent> events = List.of(
        TestEvent.at(T0).session(session),
        TestEvent.at(T0.plusMillis(1)).session(session).deny(403, "admin", "role_not_granted", "mfa_required"),
        TestEvent.at(T0.plusMillis(2)).session(session).deny(429, "update", "budget_exceeded"),
        TestEvent.at(T0.plusMillis(3)).session(session).refusedAnonymous(400, "body_malformed").session(session));
    TestEvent replayed = TestEvent.at(T0.plusMillis(4)).session(session).argument("repo", "acme/api");
    try (EventProducer producer = new EventProducer()) {
      events.forEach(producer::send);
      producer.send(replayed, Map.of("mcp-authz-replayed", "1"));
    }
    List<String> ids = List.of(events.get(0).id(), events.get(1).id(), events.get(2).id(), events.get(3).id(),
        replayed.id());

    List<ConsumerRecord<byte[], byte[]>> ocsf = read("ocsf", "/metadata/uid", ids);
    List<ConsumerRecord<byte[], byte[]>> ecs = read("ecs", "/event/id", ids);

    for (List<ConsumerRecord<byte[], byte[]>> topic : List.of(ocsf, ecs)) {
      assertThat(topic).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsOnly(session);
      assertThat(topic).extracting(ConsumerRecord::partition).containsOnly(topic.get(0).partition());
      assertThat(topic).extracting(r -> r.headers().lastHeader("mcp-authz-replayed") != null)
          .containsExactly(false, false, false, false, true);
    }
    assertThat(ocsf).extracting(r -> tree(r).at("/metadata/uid").textValue()).containsExactlyElementsOf(ids);
    assertThat(ecs).extracting(r -> tree(r).at("/event/id").textValue()).containsExactlyElementsOf(ids);
    OcsfValidator.Result result = OcsfValidator.validate(OcsfApiActivity.VERSION,
        ocsf.stream().map(ProjectionTopicsTest::tree).toList());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("5 events checked, 0 errors");
    EcsFields fields = new EcsFields(List.of("mcp_authz"));
    assertThat(ecs).allSatisfy(r -> assertThat(fields.problems(tree(r))).as(tree(r).toString()).isEmpty());
  }

  @Test
  void shouldDeadLetterPoisonInEachProjectionsGroupAndProjectTheRest() {
    String session = "proj-poison-" + UUID.randomUUID();
    String marker = "marker-" + UUID.randomUUID();
    TestEvent good = TestEvent.at(T0).session(session);
    try (EventProducer producer = new EventProducer()) {
      producer.send(session, "{not json " + marker);
      producer.send(good);
    }

    read("ocsf", "/metadata/uid", List.of(good.id()));
    read("ecs", "/event/id", List.of(good.id()));

    Set<String> projectionGroups = Set.of(config("mcp-authz.audit.projection.ocsf.group"),
        config("mcp-authz.audit.projection.ecs.group"));
    assertThat(DlqReader.awaitLetters(l -> l.value().contains(marker) && projectionGroups.contains(l.header("group")),
        2))
        .allSatisfy(letter -> assertThat(letter.header("error_code")).isEqualTo("event_not_json"))
        .extracting(letter -> letter.header("group")).containsExactlyInAnyOrderElementsOf(projectionGroups);
  }

  @Test
  void shouldReportReadinessAndCountProducedRecords() {
    double before = produced("ocsf");
    try (EventProducer producer = new EventProducer()) {
      producer.send(TestEvent.at(T0));
    }
    await().atMost(TIMEOUT).until(() -> produced("ocsf") >= before + 1 && produced("ecs") >= 1);
    await().atMost(TIMEOUT).untilAsserted(() -> given().when().get("/q/health/well").then().statusCode(200)
        .body("checks.find { it.name == 'audit-projection' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'audit-projection' }.data.ocsf", equalTo("assigned"))
        .body("checks.find { it.name == 'audit-projection' }.data.ecs", equalTo("assigned")));
    assertThat(given().when().get("/q/health/well").then().extract().asString())
        .doesNotContain(config("mcp-authz.audit.projection.ocsf.topic"))
        .doesNotContain(config("mcp-authz.audit.projection.ecs.group"));
    assertThat(Metrics.value("mcp_authz_audit_projection_lag", "projection=\"ecs\"")).isGreaterThanOrEqualTo(0);
  }

  private static double produced(String projection) {
    return Metrics.value("mcp_authz_audit_projection_events_total",
        "projection=\"" + projection + "\",result=\"produced\"");
  }

  /** The records of a projection's topic that carry one of {@code ids} at {@code idPointer}, in offset order. */
  private static List<ConsumerRecord<byte[], byte[]>> read(String projection, String idPointer, List<String> ids) {
    String topic = config("mcp-authz.audit.projection." + projection + ".topic");
    return TopicReader.awaitRecords(config("kafka.bootstrap.servers"), topic,
        r -> ids.contains(tree(r).at(idPointer).textValue()), ids.size(), TIMEOUT);
  }

  private static JsonNode tree(ConsumerRecord<byte[], byte[]> record) {
    try {
      return JSON.readTree(record.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String config(String key) {
    return ConfigProvider.getConfig().getValue(key, String.class);
  }
}
