package io.mcpauthz.audit.siem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.audit.support.EcsFields;
import io.mcpauthz.audit.support.TestEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ECS projection: its mapping, and every field checked against Elastic's ECS 9.4 definitions. */
class EcsDocumentTest {

  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00.123Z");
  private static final EcsFields ECS = new EcsFields(List.of("mcp_authz"));

  @Test
  void shouldMapDenial() {
    TestEvent event = TestEvent.at(T0).deny(403, "admin", "role_not_granted").tool("delete_repo");
    JsonNode ecs = EcsDocument.of(event.tree());

    assertThat(ecs.get("@timestamp").textValue()).isEqualTo(T0.toString());
    assertThat(ecs.at("/ecs/version").textValue()).isEqualTo("9.4.0");
    assertThat(ecs.at("/event/category/0").textValue()).isEqualTo("api");
    assertThat(ecs.at("/event/type/0").textValue()).isEqualTo("denied");
    assertThat(ecs.at("/event/outcome").textValue()).isEqualTo("failure");
    assertThat(ecs.at("/event/id").textValue()).isEqualTo(event.id());
    assertThat(ecs.at("/event/action").textValue()).isEqualTo("tools/call");
    assertThat(ecs.at("/event/duration").longValue()).isEqualTo(640_000);
    assertThat(ecs.at("/user/name").textValue()).isEqualTo("alice");
    assertThat(ecs.at("/source/ip").textValue()).isEqualTo("10.1.2.3");
    assertThat(ecs.at("/http/response/status_code").intValue()).isEqualTo(403);
    assertThat(ecs.at("/service/target/name").textValue()).isEqualTo("github");
    assertThat(ecs.at("/gen_ai/agent/id").textValue()).isEqualTo("agent-7");
    assertThat(ecs.at("/gen_ai/tool/name").textValue()).isEqualTo("delete_repo");
    assertThat(ecs.at("/gen_ai/tool/call/id").textValue()).isEqualTo("7");
    assertThat(ecs.at("/rule/name").textValue()).isEqualTo("role_not_granted");
    assertThat(ecs.at("/mcp_authz/reasons/0").textValue()).isEqualTo("role_not_granted");
    assertThat(ecs.get("message").textValue()).isEqualTo("deny tools/call delete_repo: role_not_granted");
  }

  static Stream<TestEvent> events() {
    return Stream.of(TestEvent.at(T0), TestEvent.at(T0).deny(403, "admin", "role_not_granted", "mfa_required"),
        TestEvent.at(T0).refusedAnonymous(400, "body_malformed"),
        TestEvent.at(T0).argument("repo", "acme/api"));
  }

  @ParameterizedTest
  @MethodSource("events")
  void shouldUseOnlyEcsFieldsOfTheRightType(TestEvent event) {
    assertThat(ECS.problems(EcsDocument.of(event.tree()))).isEmpty();
  }

  @Test
  void shouldHaveCheckerThatRefusesWhatIsNotEcs() {
    ObjectNode doc = EcsDocument.of(TestEvent.at(T0).tree());
    doc.with("event").put("outcome", "denied");
    doc.with("event").putArray("type").add("protocol");
    doc.with("source").put("ip", "not-an-ip");
    doc.with("mcp").put("tool", "x");

    assertThat(ECS.problems(doc)).anyMatch(p -> p.startsWith("event.outcome"))
        .anyMatch(p -> p.contains("not expected for event.category"))
        .anyMatch(p -> p.startsWith("source.ip"))
        .anyMatch(p -> p.startsWith("mcp.tool is not an ECS field"));
  }
}
