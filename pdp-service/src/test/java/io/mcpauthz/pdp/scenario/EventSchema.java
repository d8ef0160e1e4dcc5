package io.mcpauthz.pdp.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** docs/decision-event.v1.schema.json, the published event's contract with SIEMs and the audit-consumer. */
final class EventSchema {

  private static final JsonSchema SCHEMA = load();

  private EventSchema() {}

  static void assertValid(JsonNode event) {
    assertThat(SCHEMA.validate(event)).as("event against docs/decision-event.v1.schema.json: " + event).isEmpty();
  }

  private static JsonSchema load() {
    String root = System.getProperty("mcp-authz.root");
    Path dir = root != null && !root.isBlank() ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    try {
      JsonNode schema = new ObjectMapper().readTree(dir.resolve("docs/decision-event.v1.schema.json").toFile());
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
