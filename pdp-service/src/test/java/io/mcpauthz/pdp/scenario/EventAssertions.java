package io.mcpauthz.pdp.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pdp.it.RealStackResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks the decision events (contract: "Decision events") against a scenario's {@code then.events}. */
final class EventAssertions {

  private EventAssertions() {}

  static void assertEvents(List<Map<String, Object>> expected, List<String> decisionIds, List<JsonNode> events) {
    assertThat(events).as("one event per judged message").hasSize(expected.size());
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      assertThat(event.path("schema").asText()).isEqualTo("mcp-authz.decision/v1");
      EventSchema.assertValid(event);
      assertThat(event.path("decision_id").asText()).isEqualTo(decisionIds.get(i));
      assertPolicyRevision(event);
      int index = i;
      expected.get(i).forEach((path, value) -> assertField(event, index, path, value));
    }
  }

  /**
   * Contract: {@code policy.revision} is null when the PDP refused before asking the policy (then
   * {@code action_class} is null too), and names the policy that judged every other event.
   */
  private static void assertPolicyRevision(JsonNode event) {
    JsonNode revision = event.path("policy").path("revision");
    if (!event.path("action_class").isTextual()) {
      assertThat(revision.isNull()).as("no revision without a policy answer: " + event).isTrue();
    } else if (RealStackResource.policyHasRevision()) {
      assertThat(revision.isTextual()).as("the judging policy's revision: " + event).isTrue();
    }
  }

  private static void assertField(JsonNode event, int index, String path, Object expected) {
    String what = "event " + index + " " + path + " in " + event;
    if ("reasons".equals(path)) {
      assertThat(event.path("reasons").findValuesAsText("code")).as(what).isEqualTo(expected);
      return;
    }
    JsonNode actual = event.at("/" + path.replace('.', '/'));
    if (expected == null) {
      assertThat(actual.isNull() || actual.isMissingNode()).as(what).isTrue();
    } else if (expected instanceof List<?> list) {
      List<String> values = new ArrayList<>();
      actual.forEach(value -> values.add(value.asText()));
      assertThat(values).as(what).isEqualTo(list.stream().map(String::valueOf).toList());
    } else {
      assertThat(actual.isValueNode() && !actual.isNull()).as(what).isTrue();
      assertThat(actual.asText()).as(what).isEqualTo(String.valueOf(expected));
    }
  }
}
