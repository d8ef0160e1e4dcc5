package io.mcpauthz.audit.export;

import static io.mcpauthz.audit.support.Api.auditor;
import static io.mcpauthz.audit.support.Api.ids;
import static io.mcpauthz.audit.support.Api.search;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.TestEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An export cut at {@code mcp-authz.audit.export.max-duration} says so in its last line, in
 * every format: here the maximum is one nanosecond, so every export is cut before its first row.
 */
@QuarkusTest
@TestProfile(ExportMaxDurationTest.OneNanosecond.class)
@WithTestResource(AuditTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportMaxDurationTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static class OneNanosecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mcp-authz.audit.export.max-duration", "PT0.000000001S");
    }
  }

  private final String subject = "cut-" + UUID.randomUUID();

  @BeforeAll
  void produce() {
    try (EventProducer producer = new EventProducer()) {
      producer.send(TestEvent.at(Instant.parse("2026-11-26T10:00:00Z")).subject(subject),
          TestEvent.at(Instant.parse("2026-11-26T10:00:01Z")).subject(subject));
    }
  }

  // A profile of its own starts a second app, whose consumer joins its group late: more time than awaitCount's.
  @BeforeEach
  void awaitIndexed() {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(ids(search(Map.of("subject", subject)))).hasSize(2));
  }

  @Test
  void shouldEndACutNdjsonExportWithAMarkerLineThatIsNoEvent() throws Exception {
    for (String format : new String[] {"ndjson", "ocsf", "ecs"}) {
      String[] lines = export(format).split("\n");
      JsonNode marker = MAPPER.readTree(lines[lines.length - 1]);
      assertThat(marker.has("decision_id")).as(format).isFalse();
      assertThat(marker.path(TruncationMarker.KEY).path("reason").asText()).as(format).isEqualTo("max_duration");
      assertThat(marker.path(TruncationMarker.KEY).path("max_duration").asText()).isEqualTo("PT0.000000001S");
      assertThat(marker.path(TruncationMarker.KEY).path("rows").asLong()).isEqualTo(lines.length - 1);
    }
  }

  @Test
  void shouldEndACutCsvExportWithAMarkerRow() {
    String[] lines = export("csv").split("\r\n");
    assertThat(lines[0]).isEqualTo(String.join(",", CsvRows.COLUMNS));
    assertThat(lines[lines.length - 1]).startsWith(TruncationMarker.CSV_PREFIX + ": max-duration PT0.000000001S")
        .contains("reached after " + (lines.length - 2) + " rows");
  }

  private String export(String format) {
    return auditor().queryParam("subject", subject).queryParam("format", format)
        .when().get("/api/v1/decisions/export")
        .then().statusCode(200).extract().asString();
  }
}
