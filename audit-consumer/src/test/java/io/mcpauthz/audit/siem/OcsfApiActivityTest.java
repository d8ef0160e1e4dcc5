package io.mcpauthz.audit.siem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.audit.support.OcsfValidator;
import io.mcpauthz.audit.support.TestEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OCSF projection: its mapping, and validity against the official OCSF 1.8.0 schema. */
class OcsfApiActivityTest {

  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00.123Z");

  @Test
  void shouldMapDenialToApiActivityWithSecurityControl() {
    TestEvent event = TestEvent.at(T0).deny(403, "admin", "role_not_granted").tool("delete_repo");
    JsonNode ocsf = OcsfApiActivity.of(event.tree());

    assertThat(ocsf.get("class_uid").intValue()).isEqualTo(6003);
    assertThat(ocsf.get("category_uid").intValue()).isEqualTo(6);
    assertThat(ocsf.get("activity_id").intValue()).isEqualTo(99);
    assertThat(ocsf.get("activity_name").textValue()).isEqualTo("admin");
    assertThat(ocsf.get("type_uid").intValue()).isEqualTo(600399);
    assertThat(ocsf.get("time").longValue()).isEqualTo(T0.toEpochMilli());
    assertThat(ocsf.get("action_id").intValue()).isEqualTo(2);
    assertThat(ocsf.get("disposition_id").intValue()).isEqualTo(2);
    assertThat(ocsf.get("status_id").intValue()).isEqualTo(2);
    assertThat(ocsf.get("status_code").textValue()).isEqualTo("403");
    assertThat(ocsf.get("status_detail").textValue()).isEqualTo("role_not_granted");
    assertThat(ocsf.at("/metadata/uid").textValue()).isEqualTo(event.id());
    assertThat(ocsf.at("/actor/user/name").textValue()).isEqualTo("alice");
    assertThat(ocsf.at("/actor/app_name").textValue()).isEqualTo("agent-7");
    assertThat(ocsf.at("/actor/authorizations/0/decision").textValue()).isEqualTo("deny");
    assertThat(ocsf.at("/api/operation").textValue()).isEqualTo("tools/call");
    assertThat(ocsf.at("/api/service/name").textValue()).isEqualTo("github");
    assertThat(ocsf.at("/api/response/error").textValue()).isEqualTo("role_not_granted");
    assertThat(ocsf.at("/src_endpoint/ip").textValue()).isEqualTo("10.1.2.3");
    assertThat(ocsf.at("/message_context/name").textValue()).isEqualTo("delete_repo");
    assertThat(ocsf.at("/message_context/uid").textValue()).isEqualTo(event.sessionId());
    assertThat(ocsf.at("/unmapped/mcp/tool").textValue()).isEqualTo("delete_repo");
  }

  @Test
  void shouldMapAllowedReadAndRefusalBeforePolicy() {
    JsonNode allowed = OcsfApiActivity.of(TestEvent.at(T0).tree());
    assertThat(allowed.get("activity_id").intValue()).isEqualTo(2);
    assertThat(allowed.get("action_id").intValue()).isEqualTo(1);
    assertThat(allowed.get("severity_id").intValue()).isEqualTo(1);
    assertThat(allowed.at("/api/response/error").isMissingNode()).isTrue();

    JsonNode refused = OcsfApiActivity.of(TestEvent.at(T0).refusedAnonymous(400, "body_malformed").tree());
    assertThat(refused.get("activity_id").intValue()).isZero();
    assertThat(refused.at("/actor/user/name").textValue()).isEqualTo("anonymous");
    assertThat(refused.at("/api/operation").textValue()).isEqualTo("unknown");
    assertThat(refused.at("/api/request/uid").textValue()).isEqualTo(refused.at("/metadata/uid").textValue());
    assertThat(refused.at("/src_endpoint/name").textValue()).isEqualTo("unknown");
  }

  @Test
  void shouldValidateAgainstOfficialOcsfSchema() throws Exception {
    List<ObjectNode> events = List.of(
        OcsfApiActivity.of(TestEvent.at(T0).tree()),
        OcsfApiActivity.of(TestEvent.at(T0).deny(403, "admin", "role_not_granted", "mfa_required").tree()),
        OcsfApiActivity.of(TestEvent.at(T0).deny(429, "update", "budget_exceeded").tree()),
        OcsfApiActivity.of(TestEvent.at(T0).refusedAnonymous(400, "body_malformed").tree()),
        OcsfApiActivity.of(TestEvent.at(T0).argument("repo", "acme/api").tree()));

    OcsfValidator.Result result = OcsfValidator.validate(OcsfApiActivity.VERSION, events);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("5 events checked, 0 errors");
  }

  @Test
  void shouldHaveValidatorThatRefusesBrokenEvents() throws Exception {
    ObjectNode broken = OcsfApiActivity.of(TestEvent.at(T0).tree());
    broken.remove("actor");
    broken.put("severity_id", "high");

    OcsfValidator.Result result = OcsfValidator.validate(OcsfApiActivity.VERSION, List.of(broken));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("actor").contains("severity_id");
  }
}
