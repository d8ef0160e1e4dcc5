package io.mcpauthz.pdp.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The input for the Wasm module: the same JSON, without the omitted fields and nothing else. */
class InputOmissionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INPUT = """
      {"version":1,"request":{"id":"r","headers":{"accept":"*/*"},"source":{"address":"127.0.0.1"}},
       "mcp":{"kind":"request","params":{"name":"t","arguments":{"a":"\\u00e9\\n"}},"tool":{"name":"t"}},
       "session":{"available":true,"recent":[{"tool":"x"}],"counters":{"all":{"1m":1}}},
       "principal":"not an object"}""";

  @Test
  void shouldLeaveOutOnlyTheOmittedFields() throws Exception {
    InputOmission omission = InputOmission.of(List.of("request.headers", "mcp.params", "session.recent",
        "principal.recent", "route.server"));
    ObjectNode input = (ObjectNode) JSON.readTree(INPUT);

    ObjectNode expected = input.deepCopy();
    ((ObjectNode) expected.get("request")).remove("headers");
    ((ObjectNode) expected.get("mcp")).remove("params");
    ((ObjectNode) expected.get("session")).remove("recent");

    byte[] json = omission.json(input);
    assertThat(JSON.readTree(json)).isEqualTo(expected);
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(JSON.writeValueAsString(expected));
    assertThat(input).isEqualTo(JSON.readTree(INPUT)); // the document itself stays whole
  }

  @Test
  void shouldWriteTheWholeInputWhenNothingIsOmitted() throws Exception {
    ObjectNode input = (ObjectNode) JSON.readTree(INPUT);

    assertThat(InputOmission.NONE.json(input)).isEqualTo(JSON.writeValueAsBytes(input));
    assertThat(InputOmission.of(List.of())).isSameAs(InputOmission.NONE);
  }

  @Test
  void shouldRefuseAPathThatIsNotDottedKeys() {
    for (String path : new String[] {"", ".a", "a.", "a..b", "a[0]", "a b", "a.*"}) {
      assertThatThrownBy(() -> InputOmission.of(List.of(path))).as(path).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
