package io.mcpauthz.audit.api;

import static io.mcpauthz.audit.support.Api.auditor;
import static io.mcpauthz.audit.support.Api.awaitCount;
import static io.mcpauthz.audit.support.Api.ids;
import static io.mcpauthz.audit.support.Api.search;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.mcpauthz.audit.support.AuditTestResource;
import io.mcpauthz.audit.support.EventProducer;
import io.mcpauthz.audit.support.TestEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Search and lookup over events produced to the real broker. */
@QuarkusTest
@WithTestResource(AuditTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionsResourceTest {

  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String subject = "alice-" + run;
  private TestEvent allowRead;
  private TestEvent denyAdmin;
  private TestEvent denyWrite;

  @BeforeAll
  void produce() {
    allowRead = TestEvent.at(T0).subject(subject).session("s1-" + run).tool("list_issues");
    denyAdmin = TestEvent.at(T0.plusSeconds(60)).subject(subject).session("s1-" + run).tool("delete_repo")
        .clientId("agent-x-" + run).server("github-" + run).deny(403, "admin", "role_not_granted");
    denyWrite = TestEvent.at(T0.plusSeconds(120)).subject(subject).session("s2-" + run).tool("create_issue")
        .argument("title", "needle-" + run).argument("body", "say \"Hi\" " + run)
        .deny(403, "write", "scope_missing", "role_not_granted");
    try (EventProducer producer = new EventProducer()) {
      producer.send(allowRead, denyAdmin, denyWrite);
    }
  }

  // RestAssured knows the app's port only per test, so indexing is awaited here, not in @BeforeAll.
  @BeforeEach
  void awaitIndexed() {
    awaitCount(Map.of("subject", subject), 3);
  }

  @Test
  void shouldListNewestFirst() {
    assertThat(ids(search(Map.of("subject", subject))))
        .containsExactly(denyWrite.id(), denyAdmin.id(), allowRead.id());
  }

  @Test
  void shouldReturnItemsAsPublished() {
    Response response = search(Map.of("subject", subject, "tool", "create_issue"));
    Map<String, Object> item = response.jsonPath().getMap("items[0]");
    assertThat(item).containsEntry("schema", "mcp-authz.decision/v1").containsEntry("decision", "deny")
        .containsKeys("request", "route", "mcp", "policy", "latency_us");
    assertThat(response.jsonPath().getString("next_cursor")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "client_id, agent-x-RUN, DENY_ADMIN",
    "server, github-RUN, DENY_ADMIN",
    "tool, delete_repo, DENY_ADMIN",
    "decision, allow, ALLOW_READ",
    "action_class, write, DENY_WRITE",
    "reason, scope_missing, DENY_WRITE",
    "session_id, s2-RUN, DENY_WRITE",
    "q, NEEDLE-RUN, DENY_WRITE",
    "from, 2026-11-26T07:01:00Z, DENY_WRITE DENY_ADMIN",
    "to, 2026-11-26T07:01:00Z, ALLOW_READ",
  })
  void shouldFilterBy(String parameter, String value, String expected) {
    Map<String, String> params = Map.of("subject", subject, parameter, value.replace("RUN", run));
    assertThat(ids(search(params))).containsExactlyElementsOf(expectedIds(expected));
  }

  @Test
  void shouldSearchValuesAsSentNotKeys() {
    assertThat(ids(search(Map.of("subject", subject, "q", "SAY \"hi\" " + run)))).containsExactly(denyWrite.id());
    assertThat(ids(search(Map.of("subject", subject, "q", "user_agent")))).isEmpty(); // a key of every event
    assertThat(ids(search(Map.of("subject", subject, "q", "\"title\"")))).isEmpty();
  }

  @Test
  void shouldTreatWildcardsInTextLiterally() {
    assertThat(ids(search(Map.of("subject", subject, "q", "needle_" + run)))).isEmpty();
    assertThat(ids(search(Map.of("subject", subject, "q", "needle%")))).isEmpty();
  }

  @Test
  void shouldMatchAnyReasonCode() {
    assertThat(ids(search(Map.of("subject", subject, "reason", "role_not_granted"))))
        .containsExactly(denyWrite.id(), denyAdmin.id());
  }

  @Test
  void shouldPageWithCursor() {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> params = cursor == null ? Map.of("subject", subject, "limit", 2)
          : Map.of("subject", subject, "limit", 2, "cursor", cursor);
      Response page = search(params);
      seen.addAll(ids(page));
      cursor = page.jsonPath().getString("next_cursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(2);
    assertThat(seen).containsExactly(denyWrite.id(), denyAdmin.id(), allowRead.id());
  }

  @Test
  void shouldGetOneDecision() {
    auditor().when().get("/api/v1/decisions/{id}", denyAdmin.id())
        .then().statusCode(200)
        .body("decision_id", equalTo(denyAdmin.id()))
        .body("reasons[0].code", equalTo("role_not_granted"));
  }

  @Test
  void shouldAnswer404ForUnknownDecision() {
    auditor().when().get("/api/v1/decisions/{id}", "no-such-" + run)
        .then().statusCode(404)
        .body("error", equalTo("decision_not_found"));
  }

  private List<String> expectedIds(String names) {
    List<String> out = new ArrayList<>();
    for (String name : names.split(" ")) {
      out.add(switch (name) {
        case "ALLOW_READ" -> allowRead.id();
        case "DENY_ADMIN" -> denyAdmin.id();
        case "DENY_WRITE" -> denyWrite.id();
        default -> throw new IllegalArgumentException(name);
      });
    }
    return out;
  }
}
