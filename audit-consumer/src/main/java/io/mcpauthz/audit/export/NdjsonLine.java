package io.mcpauthz.audit.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.audit.store.DecisionRow;
import java.io.IOException;
import java.io.Writer;
import java.util.function.Function;

/** One event per line: as published, or projected into another schema. */
final class NdjsonLine {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NdjsonLine() {
  }

  static void write(Writer writer, DecisionRow row) throws IOException {
    writer.write(oneLine(row.event()));
    writer.write('\n');
  }

  /** The stored event, parsed and projected; Jackson writes it on one line. */
  static void project(Writer writer, DecisionRow row, Function<JsonNode, JsonNode> projection) throws IOException {
    writer.write(MAPPER.writeValueAsString(projection.apply(MAPPER.readTree(row.event()))));
    writer.write('\n');
  }

  /**
   * A published event may be pretty-printed. Valid JSON has no raw CR or LF inside strings
   * (they must be escaped, and ingest stores only valid JSON), so any CR/LF is whitespace
   * between tokens and can become a space without changing the value.
   */
  static String oneLine(String json) {
    return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : json.replace('\n', ' ').replace('\r', ' ');
  }
}
