package io.mcpauthz.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mcpauthz.audit.support.Repo;
import io.mcpauthz.audit.support.TestEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/decision-event.v1.schema.json against the documented example and the events the tests
 * produce; and it refuses what the consumer refuses. Whatever the schema accepts, the parser
 * must index.
 */
class EventSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = schema();
  private static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");

  @Test
  void shouldAcceptTheExampleInEventsDoc() throws IOException {
    String doc = Files.readString(Repo.root().resolve("docs/events.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("(?s)## Schema `mcp-authz.decision/v1`.*?```json\\n(.*?)```").matcher(doc);
    assertThat(block.find()).as("the example block in docs/events.md").isTrue();
    JsonNode example = JSON.readTree(block.group(1));
    assertThat(SCHEMA.validate(example)).isEmpty();
    assertThat(new DecisionEventParser().parse(block.group(1).getBytes(StandardCharsets.UTF_8)).decisionId())
        .isEqualTo(example.get("decision_id").asText());
  }

  static Stream<TestEvent> validEvents() {
    return Stream.of(TestEvent.at(T0), TestEvent.at(T0).deny(403, "admin", "role_not_granted"),
        TestEvent.at(T0).refusedAnonymous(400, "body_malformed"),
        TestEvent.at(T0).set("time", "2026-11-26T08:00:00.123456+01:00"));
  }

  @ParameterizedTest
  @MethodSource("validEvents")
  void shouldAcceptEventsTheParserIndexes(TestEvent event) {
    assertThat(SCHEMA.validate(event.tree())).isEmpty();
    assertThat(new DecisionEventParser().parse(event.json().getBytes(StandardCharsets.UTF_8))).isNotNull();
  }

  static Stream<Arguments> invalidEvents() {
    return Stream.of(
        Arguments.of("no decision_id", edit(e -> e.remove("decision_id"))),
        Arguments.of("other schema", edit(e -> e.put("schema", "mcp-authz.decision/v2"))),
        Arguments.of("time not RFC 3339", edit(e -> e.put("time", "yesterday"))),
        Arguments.of("five-digit year", edit(e -> e.put("time", "+300000-01-01T00:00:00Z"))),
        Arguments.of("decision neither allow nor deny", edit(e -> e.put("decision", "maybe"))),
        Arguments.of("status as text", edit(e -> e.put("status", "403"))),
        Arguments.of("reason without code", edit(e -> e.putArray("reasons").addObject().put("message", "m"))),
        Arguments.of("unknown kind", edit(e -> e.with("mcp").put("kind", "batch"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  void shouldRefuse(String name, ObjectNode event) {
    Set<ValidationMessage> errors = SCHEMA.validate(event);
    assertThat(errors).as(name).isNotEmpty();
  }

  private static ObjectNode edit(Consumer<ObjectNode> change) {
    ObjectNode event = TestEvent.at(T0).tree();
    change.accept(event);
    return event;
  }

  private static JsonSchema schema() {
    try {
      JsonNode schema = JSON.readTree(Repo.root().resolve("docs/decision-event.v1.schema.json").toFile());
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
