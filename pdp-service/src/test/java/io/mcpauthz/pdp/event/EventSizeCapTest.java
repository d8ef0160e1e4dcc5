package io.mcpauthz.pdp.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EventSizeCapTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX = 16_384;
  private static final String EMOJI = "\ud83d\ude00"; // U+1F600: 4 bytes in UTF-8, two chars in Java

  private final EventSizeCap cap = new EventSizeCap(MAX);

  private static ObjectNode event(ObjectNode arguments) {
    ObjectNode event = MAPPER.createObjectNode().put("schema", DecisionEvents.SCHEMA).put("decision_id", "d-1")
        .put("decision", "allow").put("status", 200);
    event.putArray("reasons").addObject().put("code", "allowed").put("message", "allowed");
    event.putObject("route").put("server", "github");
    ObjectNode mcp = event.putObject("mcp").put("method", "tools/call").put("tool", "create_issue");
    mcp.set("arguments", arguments);
    return event;
  }

  @Test
  void shouldLeaveAnEventThatFitsAlone() throws Exception {
    ObjectNode event = event(MAPPER.createObjectNode().put("title", "Bug " + EMOJI));

    EventSizeCap.Fitted fitted = cap.fit(event);

    assertThat(fitted.truncated()).isFalse();
    assertThat(MAPPER.readTree(fitted.bytes())).isEqualTo(event(MAPPER.createObjectNode().put("title", "Bug " + EMOJI)));
  }

  @Test
  void shouldTruncateTheLargestArgumentsFirstCountingUtf8Bytes() throws Exception {
    // 4 000 emoji: 8 000 Java chars, 16 000 bytes as Kafka sees them (not 48 000 as backslash-u escapes).
    String padding = EMOJI.repeat(4_000);
    ObjectNode arguments = MAPPER.createObjectNode().put("title", "Bug").put("body", padding)
        .put("notes", padding.substring(0, 2_000));

    EventSizeCap.Fitted fitted = cap.fit(event(arguments));

    assertThat(fitted.truncated()).isTrue();
    assertThat(fitted.bytes().length).isLessThanOrEqualTo(MAX);
    JsonNode sent = MAPPER.readTree(fitted.bytes());
    JsonNode body = sent.at("/mcp/arguments/body");
    assertThat(body.path("truncated").asBoolean()).isTrue();
    assertThat(body.path("original_bytes").asInt()).isEqualTo(16_002);
    assertThat(sent.at("/mcp/arguments/notes").asText()).as("smaller values stay while the event fits")
        .isEqualTo(padding.substring(0, 2_000));
    assertThat(sent.at("/mcp/arguments/title").asText()).isEqualTo("Bug");
    assertThat(sent.at("/truncated/original_bytes").asInt()).isGreaterThan(MAX);
    assertThat(sent.path("decision_id").asText()).isEqualTo("d-1");
  }

  @Test
  void shouldReplaceTheWholeArgumentsWhenManySmallOnesDoNotFit() throws Exception {
    ObjectNode arguments = MAPPER.createObjectNode();
    for (int i = 0; i < 5_000; i++) {
      arguments.put("k" + i, i);
    }

    JsonNode sent = MAPPER.readTree(cap.fit(event(arguments)).bytes());

    assertThat(sent.at("/mcp/arguments/truncated").asBoolean()).isTrue();
    assertThat(sent.at("/mcp/arguments/original_bytes").asInt()).isGreaterThan(MAX);
    assertThat(sent.at("/mcp/tool").asText()).isEqualTo("create_issue");
  }

  @Test
  void shouldCutLongStringsOutsideTheArguments() throws Exception {
    ObjectNode event = event(MAPPER.createObjectNode());
    ((ObjectNode) event.get("mcp")).put("tool", "x" + EMOJI.repeat(20_000));

    EventSizeCap.Fitted fitted = cap.fit(event);

    assertThat(fitted.bytes().length).isLessThanOrEqualTo(MAX);
    String tool = MAPPER.readTree(fitted.bytes()).at("/mcp/tool").asText();
    assertThat(tool).startsWith("x" + EMOJI).endsWith(EventSizeCap.CUT_MARK);
    assertThat(tool.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)).as("no half of a surrogate pair").isTrue();
  }

  @Test
  void shouldKeepTheIdentifyingSkeletonAsALastResort() throws Exception {
    ObjectNode event = event(MAPPER.createObjectNode());
    for (int i = 0; i < 2_000; i++) {
      event.withArray("reasons").addObject().put("code", "c" + i).put("message", "reason number " + i);
    }

    EventSizeCap.Fitted fitted = cap.fit(event);

    JsonNode sent = MAPPER.readTree(fitted.bytes());
    assertThat(fitted.bytes().length).isLessThanOrEqualTo(MAX);
    assertThat(sent.path("decision_id").asText()).isEqualTo("d-1");
    assertThat(sent.path("decision").asText()).isEqualTo("allow");
    assertThat(sent.at("/route/server").asText()).isEqualTo("github");
    assertThat(sent.has("truncated")).isTrue();
  }

  @Test
  void shouldRefuseALimitTooSmallForAnyEvent() {
    assertThatThrownBy(() -> new EventSizeCap(1_000)).isInstanceOf(IllegalArgumentException.class);
  }
}
