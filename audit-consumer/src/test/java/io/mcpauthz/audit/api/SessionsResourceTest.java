package io.mcpauthz.audit.api;

import static io.mcpauthz.audit.support.Api.auditor;
import static io.mcpauthz.audit.support.Api.awaitCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.TestEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A session's timeline: oldest first, whatever order the events arrived in. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsResourceTest {

  private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

  private final String session = "session-" + UUID.randomUUID();
  private final String subject = "subject-" + UUID.randomUUID();
  private final String otherSession = "session-" + UUID.randomUUID();
  private final List<TestEvent> events = new ArrayList<>();

  @BeforeAll
  void produce() {
    for (String tool : List.of("initialize", "list_tools", "list_issues", "delete_repo")) {
      events.add(TestEvent.at(T0.plusMillis(events.size() * 250L)).session(session).subject(subject).tool(tool));
    }
    // A later session of the same principal through another agent, with one denial.
    events.add(TestEvent.at(T0.plusSeconds(60)).session(otherSession).subject(subject).clientId("agent-9"));
    events.add(TestEvent.at(T0.plusSeconds(61)).session(otherSession).subject(subject).clientId("agent-9")
        .tool("delete_repo").deny(403, "admin", "role_not_granted"));
    try (EventProducer producer = new EventProducer()) {
      // Published out of order: the timeline sorts by event time, not arrival.
      producer.send(events.get(2), events.get(0), events.get(3), events.get(1), events.get(4), events.get(5));
    }
  }

  // RestAssured knows the app's port only per test, so indexing is awaited here, not in @BeforeAll.
  @BeforeEach
  void awaitIndexed() {
    awaitCount(Map.of("subject", subject), events.size());
  }

  @Test
  void shouldListSessionOldestFirst() {
    JsonPath body = auditor().when().get("/api/v1/sessions/{id}/timeline", session)
        .then().statusCode(200).extract().jsonPath();
    assertThat(body.getString("session_id")).isEqualTo(session);
    assertThat(body.getList("items.mcp.tool", String.class))
        .containsExactly("initialize", "list_tools", "list_issues", "delete_repo");
    assertThat(body.getString("next_cursor")).isNull();
  }

  @Test
  void shouldPageLongTimeline() {
    JsonPath first = auditor().queryParam("limit", 3).when().get("/api/v1/sessions/{id}/timeline", session)
        .then().statusCode(200).extract().jsonPath();
    JsonPath second = auditor().queryParam("limit", 3).queryParam("cursor", first.getString("next_cursor"))
        .when().get("/api/v1/sessions/{id}/timeline", session)
        .then().statusCode(200).extract().jsonPath();
    assertThat(first.getList("items.mcp.tool", String.class))
        .containsExactly("initialize", "list_tools", "list_issues");
    assertThat(second.getList("items.mcp.tool", String.class)).containsExactly("delete_repo");
    assertThat(second.getString("next_cursor")).isNull();
  }

  @Test
  void shouldListPrincipalsSessionsLatestFirst() {
    JsonPath body = auditor().queryParam("subject", subject).when().get("/api/v1/sessions")
        .then().statusCode(200).extract().jsonPath();
    assertThat(body.getList("items.session_id", String.class)).containsExactly(otherSession, session);
    assertThat(body.getBoolean("more")).isFalse();
    assertThat(body.getMap("items[0]")).containsEntry("first_time", "2026-11-26T09:01:00Z")
        .containsEntry("last_time", "2026-11-26T09:01:01Z").containsEntry("decisions", 2)
        .containsEntry("denies", 1).containsEntry("subjects", List.of(subject))
        .containsEntry("client_ids", List.of("agent-9"));
    assertThat(body.getMap("items[1]")).containsEntry("first_time", "2026-11-26T09:00:00Z")
        .containsEntry("decisions", 4).containsEntry("denies", 0);
  }

  @Test
  void shouldSaySessionListWasCut() {
    JsonPath body = auditor().queryParam("subject", subject).queryParam("limit", 1).when().get("/api/v1/sessions")
        .then().statusCode(200).extract().jsonPath();
    assertThat(body.getList("items.session_id", String.class)).containsExactly(otherSession);
    assertThat(body.getBoolean("more")).isTrue();
  }

  @Test
  void shouldAnswer404ForUnknownSession() {
    auditor().when().get("/api/v1/sessions/{id}/timeline", "no-such-" + session)
        .then().statusCode(404).body("error", equalTo("session_not_found"));
  }
}
