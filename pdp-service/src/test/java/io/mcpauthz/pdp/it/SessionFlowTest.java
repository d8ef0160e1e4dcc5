package io.mcpauthz.pdp.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Session-aware decisions end to end, on the in-memory store: through gRPC as Envoy sends them,
 * judged by the real OPA on the shipped policies, found again in the audit API.
 */
@QuarkusTest
@TestProfile(PatientOpaProfile.class)
@WithTestResource(RealStackResource.class)
class SessionFlowTest {

  private static final String READ_INBOX = "{\"folder\":\"inbox\",\"id\":\"m-1\"}";
  private static final String NEW_ISSUE = "{\"repo\":\"acme/public\",\"title\":\"Customer list\"}";

  private static String session() {
    return "sess-" + UUID.randomUUID();
  }

  static EnvoyCheck call(String server, int id, String tool, String arguments, String token, String session) {
    return EnvoyCheck.toolCall(id, tool, arguments).server(server).bearer(token)
        .header("mcp-protocol-version", "2025-06-18").header("mcp-session-id", session);
  }

  @Test
  void shouldDenyTheExfiltrationFlowNamingTheTaintingDecision() {
    String token = TestKeys.token("erin", "dev");
    String session = session();
    CheckResponse read = call("email", 1, "read_message", READ_INBOX, token, session).send();
    assertThat(read.hasOkResponse()).as(read.toString()).isTrue();
    String readId = Responses.decisionId(read);

    CheckResponse send = call("github", 2, "create_issue", NEW_ISSUE, token, session).send();
    assertThat(send.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Forbidden);
    JsonNode error = Responses.deniedBody(send).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(-32010);
    assertThat(error.path("data").path("reasons").get(0).asText()).isEqualTo("toxic_flow");
    assertThat(error.path("message").asText()).contains("lethal_trifecta", "private_data (decision " + readId + ")");

    JsonPath denied = AuditApi.awaitDecision(Responses.decisionId(send));
    assertThat(denied.getList("reasons.code")).containsExactly("toxic_flow");
    assertThat(denied.getString("session.session.labels.private_data.decision_id")).isEqualTo(readId);
    assertThat(denied.getString("session.session.labels.untrusted_content.tool")).isEqualTo("email/read_message");
    JsonPath allowed = AuditApi.awaitDecision(readId);
    assertThat(allowed.getList("session.recorded_labels")).contains("private_data", "untrusted_content");
  }

  /** One login's token for one MCP server, as an identity provider issues them per resource. */
  static String runToken(String sub, String sid, String server) {
    return TestKeys.sign(TestKeys.forServers(List.of(server), sub, "dev").claim("sid", sid));
  }

  /**
   * Each MCP server issues its own session id, so one agent run is two sessions here: the run
   * (the token's sid, bound to the subject) is what carries the read's labels to the send.
   */
  @Test
  void shouldDenyTheExfiltrationFlowAcrossTwoServersSessionsOfOneRun() {
    String sid = "idp-login-" + UUID.randomUUID();
    CheckResponse read = call("email", 1, "read_message", READ_INBOX, runToken("ivan", sid, "email"), session()).send();
    assertThat(read.hasOkResponse()).as(read.toString()).isTrue();
    String readId = Responses.decisionId(read);

    CheckResponse send = call("github", 2, "create_issue", NEW_ISSUE, runToken("ivan", sid, "github"), session()).send();
    assertThat(send.getDeniedResponse().getStatus().getCode()).as(send.toString()).isEqualTo(StatusCode.Forbidden);
    JsonNode error = Responses.deniedBody(send).path("error");
    assertThat(error.path("data").path("reasons").get(0).asText()).isEqualTo("toxic_flow");
    assertThat(error.path("message").asText())
        .contains("lethal_trifecta", "the run already touched", "private_data (decision " + readId + ")");

    JsonPath denied = AuditApi.awaitDecision(Responses.decisionId(send));
    assertThat(denied.getString("session.run.key_source")).isEqualTo("sid");
    assertThat(denied.getString("session.run.labels.private_data.decision_id")).isEqualTo(readId);
    assertThat(denied.getMap("session.session.labels")).as("GitHub's session saw no mail").isEmpty();

    String run = "/api/v1/sessions/run/" + denied.getString("session.run.key") + "/state";
    given().auth().oauth2(TestKeys.token("ivan", "dev", "operator")).get(run).then().statusCode(403);
    JsonPath state = given().auth().oauth2(TestKeys.operator()).get(run).then().statusCode(200).extract().jsonPath();
    assertThat(state.getString("labels.untrusted_content.decision_id")).isEqualTo(readId);
  }

  @Test
  void shouldNotCarryARunsLabelsIntoAnotherRunOrToAnotherSubjectWithItsSid() {
    String sid = "idp-login-" + UUID.randomUUID();
    CheckResponse read = call("email", 1, "read_message", READ_INBOX, runToken("judy", sid, "email"), session()).send();
    assertThat(read.hasOkResponse()).as(read.toString()).isTrue();

    String nextLogin = runToken("judy", "idp-login-" + UUID.randomUUID(), "github");
    CheckResponse anotherRun = call("github", 2, "create_issue", NEW_ISSUE, nextLogin, session()).send();
    assertThat(anotherRun.hasOkResponse()).as(anotherRun.toString()).isTrue();
    // a sid is in every token of the login, so it is no secret: copied, it names the copier's own run
    CheckResponse copiedSid = call("github", 3, "create_issue", NEW_ISSUE, runToken("kim", sid, "github"), session()).send();
    assertThat(copiedSid.hasOkResponse()).as(copiedSid.toString()).isTrue();
  }

  @Test
  void shouldAllowExactlyTheBudgetUnderFiftyConcurrentCalls() throws Exception {
    String token = TestKeys.sign(TestKeys.claims("carol", "dev").claim("tenant", "acme"));
    String session = session();
    List<CheckResponse> responses = AtOnce.send(50,
        i -> () -> call("crm", i, "get_customer", "{\"id\":\"c-" + i + "\"}", token, session).send());
    AtOnce.assertBudgetHeld(responses, 10);
  }

  static void assertBudgetExceeded(CheckResponse response) {
    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.TooManyRequests);
    Map<String, String> headers = Responses.headers(response.getDeniedResponse().getHeadersList());
    assertThat(Long.parseLong(headers.get("retry-after"))).isBetween(1L, 60L);
    JsonNode error = Responses.deniedBody(response).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(-32012);
    assertThat(error.path("data").path("reasons").get(0).asText()).isEqualTo("budget_exceeded");
  }

  @Test
  void shouldQuarantineAfterFiveDeniesUntilAnOperatorReleases() {
    String token = TestKeys.token("mallory", "dev");
    String session = session();
    for (int i = 0; i < 5; i++) {
      CheckResponse denied = call("github", i, "delete_repo", "{\"repo\":\"acme/api\"}", token, session).send();
      assertThat(Responses.deniedBody(denied).path("error").path("data").path("reasons").get(0).asText())
          .isEqualTo("role_not_granted");
    }
    CheckResponse quarantined = call("github", 6, "create_issue", NEW_ISSUE, token, session).send();
    assertThat(Responses.deniedBody(quarantined).path("error").path("data").path("reasons").get(0).asText())
        .isEqualTo("quarantined");
    String key = AuditApi.awaitDecision(Responses.decisionId(quarantined)).getString("session.session.key");

    String state = "/api/v1/sessions/session/" + key + "/state";
    given().get(state).then().statusCode(401);
    given().auth().oauth2(TestKeys.token("mallory", "dev")).get(state).then().statusCode(403);
    // An operator's own agent holds a token for its MCP servers: it must not release its quarantine.
    String agentOfAnOperator = TestKeys.token("mallory", "dev", "operator");
    given().auth().oauth2(agentOfAnOperator).post("/api/v1/sessions/session/" + key + "/release").then().statusCode(403);
    given().auth().oauth2(agentOfAnOperator).get(state).then().statusCode(403);
    String operator = TestKeys.operator();
    JsonPath held = given().auth().oauth2(operator).get(state).then().statusCode(200).extract().jsonPath();
    assertThat(held.getBoolean("quarantine.active")).isTrue();
    assertThat(held.getString("quarantine.reason")).isEqualTo("5 denies within 10m");

    JsonPath release = given().auth().oauth2(operator).post("/api/v1/sessions/session/" + key + "/release")
        .then().statusCode(200).extract().jsonPath();
    assertThat(release.getBoolean("released")).isTrue();
    JsonPath event = AuditApi.awaitDecision(release.getString("decision_id"));
    assertThat(event.getString("decision")).isEqualTo("release");
    assertThat(event.getString("subject.sub")).isEqualTo("ops");

    CheckResponse after = call("github", 7, "create_issue", NEW_ISSUE, token, session).send();
    assertThat(after.hasOkResponse()).as(after.toString()).isTrue();
  }

  @Test
  void shouldNotLetARepeatedSessionHeaderShedAQuarantine() {
    String token = TestKeys.token("trent", "dev");
    String session = session();
    for (int i = 0; i < 5; i++) {
      call("github", i, "delete_repo", "{\"repo\":\"acme/api\"}", token, session).send();
    }
    // Sent twice, the header reaches the PDP as Envoy joins it; Go servers run the call in the first copy.
    CheckResponse doubled = call("github", 6, "create_issue", NEW_ISSUE, token, session + "," + session).send();

    assertThat(doubled.getDeniedResponse().getStatus().getCode()).as(doubled.toString()).isEqualTo(StatusCode.BadRequest);
    assertThat(Responses.deniedBody(doubled).path("error").path("data").path("reasons").get(0).asText())
        .isEqualTo("header_ambiguous");
  }

  @Test
  void shouldKeyASessionlessRevisionByTheTokenSessionClaim() {
    String token = TestKeys.sign(TestKeys.claims("frank", "dev").claim("sid", "idp-session-" + UUID.randomUUID()));
    CheckResponse read = EnvoyCheck.toolCall(1, "read_message", READ_INBOX).server("email").bearer(token)
        .header("mcp-protocol-version", "2026-07-28").send();
    assertThat(read.hasOkResponse()).as(read.toString()).isTrue();

    // A client-chosen mcp-session-id means nothing in 2026-07-28: it cannot shed the history.
    CheckResponse send = EnvoyCheck.toolCall(2, "create_issue", NEW_ISSUE).bearer(token)
        .header("mcp-protocol-version", "2026-07-28").header("mcp-session-id", "fresh-" + UUID.randomUUID()).send();
    assertThat(Responses.deniedBody(send).path("error").path("data").path("reasons").get(0).asText())
        .isEqualTo("toxic_flow");
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(send));
    assertThat(event.getString("session.session.key_source")).isEqualTo("sid");
  }

  @Test
  void shouldNotLetAnotherPrincipalIntoASessionById() {
    String session = session();
    String grace = TestKeys.token("grace", "dev");
    call("email", 1, "read_message", READ_INBOX, grace, session).send();
    String heidi = TestKeys.token("heidi", "dev");

    CheckResponse other = call("email", 2, "read_message", READ_INBOX, heidi, session).send();
    CheckResponse stream = EnvoyCheck.post("").method("GET").server("email").bearer(heidi)
        .header("mcp-protocol-version", "2025-06-18").header("mcp-session-id", session).send();
    CheckResponse end = EnvoyCheck.post("").method("DELETE").server("email").bearer(heidi)
        .header("mcp-protocol-version", "2025-06-18").header("mcp-session-id", session).send();

    for (CheckResponse refused : List.of(other, stream, end)) {
      assertThat(refused.getDeniedResponse().getStatus().getCode()).as(refused.toString()).isEqualTo(StatusCode.Forbidden);
      assertThat(Responses.deniedBody(refused).path("error").path("data").path("reasons").get(0).asText())
          .isEqualTo("session_not_owned");
    }
    CheckResponse own = call("email", 3, "read_message", READ_INBOX, grace, session).send();
    assertThat(own.hasOkResponse()).as(own.toString()).isTrue();
    // The owner is asked while the session state is read, but the policy only once it is known.
    JsonPath refusedEvent = AuditApi.awaitDecision(Responses.decisionId(other));
    assertThat(refusedEvent.getString("policy.revision")).isNull();
    assertThat(refusedEvent.getString("action_class")).isNull();
  }
}
