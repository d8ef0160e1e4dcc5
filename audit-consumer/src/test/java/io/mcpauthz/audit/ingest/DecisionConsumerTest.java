package io.mcpauthz.audit.ingest;

import static io.mcpauthz.audit.support.Api.awaitCount;
import static io.mcpauthz.audit.support.Api.ids;
import static io.mcpauthz.audit.support.Api.search;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.DlqReader;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.Metrics;
import io.mcpauthz.audit.support.TestEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Ingest from the real broker: idempotent, and robust against bad records. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
class DecisionConsumerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");

  @Test
  void shouldStoreRedeliveredEventOnce() {
    String session = "dup-" + UUID.randomUUID();
    TestEvent event = TestEvent.at(T0).session(session);
    TestEvent later = TestEvent.at(T0.plusSeconds(1)).session(session);
    double indexedBefore = Metrics.value("mcp_authz_audit_events_indexed_total", "");
    double duplicatesBefore = Metrics.value("mcp_authz_audit_events_duplicate_total", "");
    try (EventProducer producer = new EventProducer()) {
      // Same key, so one partition: once `later` is indexed, both copies were consumed.
      producer.send(event, event, later, event);
    }
    awaitCount(Map.of("session_id", session), 2);
    assertThat(ids(search(Map.of("session_id", session)))).containsExactly(later.id(), event.id());
    assertThat(Metrics.value("mcp_authz_audit_events_indexed_total", "")).isGreaterThanOrEqualTo(indexedBefore + 2);
    assertThat(Metrics.value("mcp_authz_audit_events_duplicate_total", "")).isGreaterThanOrEqualTo(duplicatesBefore + 2);
  }

  @Test
  void shouldSkipMalformedRecordsAndKeepIndexing() {
    String session = "bad-" + UUID.randomUUID();
    String marker = "marker-" + UUID.randomUUID();
    double notJsonBefore = rejected("event_not_json");
    double schemaBefore = rejected("event_schema_unsupported");
    TestEvent good = TestEvent.at(T0).session(session).argument("note", marker);
    try (EventProducer producer = new EventProducer()) {
      producer.send(session, "{not json " + marker);
      producer.sendBytes(session, new byte[] {(byte) 0xC3, (byte) 0x28});
      producer.send(session, TestEvent.at(T0).session(session).argument("note", marker)
          .set("schema", "mcp-authz.decision/v0").json());
      producer.send(session, TestEvent.at(T0).session(session).argument("note", marker)
          .remove("decision_id").json());
      producer.send(session, TestEvent.at(T0).session(session).argument("note", marker)
          .set("time", "yesterday").json());
      producer.send(session, "[" + good.json() + "]");
      producer.send(good);
    }
    awaitCount(Map.of("q", marker), 1);
    assertThat(ids(search(Map.of("q", marker)))).containsExactly(good.id());
    assertThat(rejected("event_not_json")).isGreaterThanOrEqualTo(notJsonBefore + 3);
    assertThat(rejected("event_schema_unsupported")).isGreaterThanOrEqualTo(schemaBefore + 1);
    assertThat(rejected("event_decision_id_missing")).isGreaterThanOrEqualTo(1);
    assertThat(rejected("event_time_invalid")).isGreaterThanOrEqualTo(1);
    // Every one of them is kept, with its reason, in the dead-letter topic.
    assertThat(DlqReader.awaitLetters(letter -> letter.value().contains(marker), 5))
        .extracting(letter -> letter.header("error_code"))
        .containsExactlyInAnyOrder("event_not_json", "event_schema_unsupported", "event_decision_id_missing",
            "event_time_invalid", "event_not_json");
  }

  @Test
  void shouldDeadLetterTimeOutsideStoreRangeAndIndexLaterEvents() {
    String session = "range-" + UUID.randomUUID();
    TestEvent poison = TestEvent.at(T0).session(session).set("time", "+300000-01-01T00:00:00Z");
    TestEvent later = TestEvent.at(T0.plusSeconds(1)).session(session);
    try (EventProducer producer = new EventProducer()) {
      producer.send(poison, later);
    }
    awaitCount(Map.of("session_id", session), 1);
    assertThat(ids(search(Map.of("session_id", session)))).containsExactly(later.id());
    DlqReader.Letter letter = DlqReader.awaitLetters(l -> l.value().contains(poison.id()), 1).get(0);
    assertThat(letter.value()).isEqualTo(poison.json());
    assertThat(letter.header("error_code")).isEqualTo("event_time_invalid");
    assertThat(letter.header("topic")).isEqualTo(ConfigProvider.getConfig()
        .getValue("mcp-authz.audit.topic", String.class));
    assertThat(letter.header("offset")).matches("[0-9]+");
    assertThat(letter.header("partition")).matches("[0-9]+");
  }

  @Test
  void shouldReportReadyWithConsumerAndStore() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
        .then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("audit-consumer"))
        .body("checks.name", hasItem("audit-store")));
  }

  private static double rejected(String reason) {
    return Metrics.value("mcp_authz_audit_events_rejected_total", "reason=\"" + reason + "\"");
  }
}
