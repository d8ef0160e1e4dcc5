package io.mcpauthz.audit.api;

import static io.mcpauthz.audit.support.Api.auditor;
import static io.mcpauthz.audit.support.Api.awaitCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.TestEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Counts per time bucket and group. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsResourceTest {

  private static final Instant H7 = Instant.parse("2026-11-26T07:00:00Z");
  private static final Instant H8 = Instant.parse("2026-11-26T08:00:00Z");

  private final String server = "stats-" + UUID.randomUUID();

  @BeforeAll
  void produce() {
    try (EventProducer producer = new EventProducer()) {
      producer.send(
          TestEvent.at(H7.plusSeconds(10)).server(server).tool("list_issues"),
          TestEvent.at(H7.plusSeconds(20)).server(server).tool("list_issues"),
          TestEvent.at(H7.plusSeconds(30)).server(server).tool("delete_repo")
              .deny(403, "admin", "role_not_granted", "mfa_required"),
          TestEvent.at(H8.plusSeconds(5)).server(server).tool("delete_repo")
              .deny(403, "admin", "role_not_granted"));
    }
  }

  // RestAssured knows the app's port only per test, so indexing is awaited here, not in @BeforeAll.
  @BeforeEach
  void awaitIndexed() {
    awaitCount(Map.of("server", server), 4);
  }

  @Test
  void shouldCountPerHourDecisionAndTool() {
    JsonPath body = stats(Map.of("server", server, "group_by", "decision,tool", "bucket", "1h"));
    assertThat(body.getList("group_by", String.class)).containsExactly("decision", "tool");
    assertThat(body.getString("bucket")).isEqualTo("1h");
    assertThat(body.getList("items", Map.class))
        .extracting(m -> m.get("bucket"), m -> m.get("decision"), m -> m.get("tool"), m -> m.get("count"))
        .containsExactly(
            tuple("2026-11-26T07:00:00Z", "allow", "list_issues", 2),
            tuple("2026-11-26T07:00:00Z", "deny", "delete_repo", 1),
            tuple("2026-11-26T08:00:00Z", "deny", "delete_repo", 1));
  }

  @Test
  void shouldCountEachReasonCode() {
    JsonPath body = stats(Map.of("server", server, "group_by", "reason", "bucket", "1d", "decision", "deny"));
    assertThat(body.getList("items", Map.class))
        .extracting(m -> m.get("reason"), m -> m.get("count"))
        .containsExactly(tuple("role_not_granted", 2), tuple("mfa_required", 1));
  }

  @Test
  void shouldHonourTimeRangeAndDefaultToDecisionPerHour() {
    JsonPath body = stats(Map.of("server", server, "from", "2026-11-26T08:00:00Z", "to", "2026-11-26T09:00:00Z"));
    assertThat(body.getString("from")).isEqualTo("2026-11-26T08:00:00Z");
    assertThat(body.getList("items", Map.class))
        .extracting(m -> m.get("bucket"), m -> m.get("decision"), m -> m.get("count"))
        .containsExactly(tuple("2026-11-26T08:00:00Z", "deny", 1));
  }

  private static JsonPath stats(Map<String, ?> params) {
    return auditor().queryParams(params).when().get("/api/v1/stats")
        .then().statusCode(200).extract().jsonPath();
  }
}
