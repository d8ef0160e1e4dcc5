package io.mcpauthz.audit.projection;

import static io.mcpauthz.audit.support.Api.awaitCount;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.Metrics;
import io.mcpauthz.audit.support.TestEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A SIEM topic that refuses every write (a name Kafka does not allow): the index goes on
 * indexing, the projection counts the failed records, retries, and is reported not ready.
 */
@QuarkusTest
@WithTestResource(UnwritableTopicTest.UnwritableOcsfTopic.class)
class UnwritableTopicTest {

  /** OCSF on, to a topic name with a space in it: every produce fails with InvalidTopicException. */
  public static class UnwritableOcsfTopic extends AuditTestResource {
    @Override
    public Map<String, String> start() {
      Map<String, String> config = super.start();
      config.put("mcp-authz.audit.projection.ocsf.enabled", "true");
      config.put("mcp-authz.audit.projection.ocsf.topic", "not a topic name");
      config.put("mcp-authz.audit.projection.ocsf.group", config.get("mcp-authz.audit.group") + "-ocsf");
      config.put("mcp-authz.audit.projection.delivery-timeout", "2s");
      return config;
    }
  }

  @Test
  void shouldKeepIndexingAndServingAndReportTheProjectionDown() {
    String session = "unwritable-" + UUID.randomUUID();
    try (EventProducer producer = new EventProducer()) {
      producer.send(TestEvent.at(Instant.parse("2026-11-26T07:00:00Z")).session(session));
    }

    awaitCount(Map.of("session_id", session), 1);
    await().atMost(Duration.ofSeconds(60)).until(() -> Metrics.value("mcp_authz_audit_projection_events_total",
        "projection=\"ocsf\",result=\"failed\"") >= 1);
    // Down all along (ProjectionStatusTest: not up again with each reassignment between failures).
    await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(5)).untilAsserted(this::assertProjectionDown);
  }

  private void assertProjectionDown() {
    given().when().get("/q/health/well").then()
        .statusCode(503)
        .body("checks.find { it.name == 'audit-projection' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'audit-projection' }.data.ocsf_reason", equalTo("InvalidTopicException"));
    // The audit API stays in service: readiness does not include the projections.
    given().when().get("/q/health/ready").then()
        .statusCode(200)
        .body("checks.find { it.name == 'audit-projection' }", nullValue())
        .body("checks.find { it.name == 'audit-consumer' }.status", equalTo("UP"));
  }
}
