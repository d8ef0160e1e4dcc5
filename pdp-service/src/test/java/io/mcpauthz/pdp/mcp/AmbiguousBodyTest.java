package io.mcpauthz.pdp.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bodies that MCP implementations would read in different ways are refused, whatever the level. */
class AmbiguousBodyTest {

  private final McpBodyParser parser = new McpBodyParser(1 << 16, 16, 4);

  private List<McpMessage> parse(String body) {
    return parser.parse(body.getBytes(StandardCharsets.UTF_8), null);
  }

  private static String call(String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":" + params + "}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "tool name                | {\"name\":\"get_issue\",\"Name\":\"delete_repo\"}",
    "tool name, upper case    | {\"name\":\"get_issue\",\"NAME\":\"delete_repo\"}",
    "argument                 | {\"name\":\"read_file\",\"arguments\":{\"path\":\"/srv/data/a\",\"Path\":\"/etc/passwd\"}}",
    "deep argument            | {\"name\":\"q\",\"arguments\":{\"filter\":[{\"where\":{\"id\":1,\"ID\":2}}]}}",
    "long s folds to s        | {\"name\":\"q\",\"arguments\":{\"paths\":\"a\",\"path\u017f\":\"b\"}}",
    "Kelvin sign folds to k   | {\"name\":\"q\",\"arguments\":{\"kind\":\"a\",\"\u212aind\":\"b\"}}",
    "escaped key, decoded     | {\"name\":\"q\",\"arguments\":{\"mode\":\"r\",\"\\u004dode\":\"w\"}}",
    "many keys (hashed path)  | {\"name\":\"q\",\"arguments\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"A\":10}}",
    "params name variant      | {\"Name\":\"delete_repo\"}",
    "arguments variant        | {\"name\":\"read_file\",\"Arguments\":{\"path\":\"/etc/passwd\"}}",
    "_meta variant            | {\"name\":\"q\",\"_META\":{}}",
  })
  void shouldRefuseKeysThatCollideUnderCaseFolding(String name, String params) {
    assertRefused(call(params), ErrorCode.BODY_KEY_COLLISION);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "Method beside error      | {\"jsonrpc\":\"2.0\",\"id\":5,\"Method\":\"tools/call\",\"Params\":{\"name\":\"delete_repo\"},\"error\":{\"code\":1,\"message\":\"x\"}} | BODY_KEY_COLLISION",
    "params with long s       | {\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"param\u017f\":{\"name\":\"delete_repo\"}} | BODY_KEY_COLLISION",
    "ID                       | {\"jsonrpc\":\"2.0\",\"ID\":5,\"method\":\"ping\"} | BODY_KEY_COLLISION",
    "JSONRPC                  | {\"JSONRPC\":\"2.0\",\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"} | BODY_KEY_COLLISION",
    "unknown envelope member  | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"extra\":1} | JSONRPC_INVALID",
    "method beside result     | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"result\":{}} | JSONRPC_INVALID",
    "method beside error      | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"error\":{\"code\":1,\"message\":\"x\"}} | JSONRPC_INVALID",
    "response with params     | {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"params\":{}} | JSONRPC_INVALID",
    "result not an object     | {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"ok\"} | JSONRPC_INVALID",
    "error without code       | {\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"x\"}} | JSONRPC_INVALID",
    "null params              | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":null} | JSONRPC_INVALID",
    "id 1.0                   | {\"jsonrpc\":\"2.0\",\"id\":1.0,\"method\":\"ping\"} | JSONRPC_INVALID",
    "id 1e0                   | {\"jsonrpc\":\"2.0\",\"id\":1e0,\"method\":\"ping\"} | JSONRPC_INVALID",
    "id beyond 2^53           | {\"jsonrpc\":\"2.0\",\"id\":9007199254740993,\"method\":\"ping\"} | BODY_AMBIGUOUS",
    "id beyond a long         | {\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"method\":\"ping\"} | BODY_AMBIGUOUS",
    "argument beyond 2^53     | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"pay\",\"arguments\":{\"to\":-9007199254740993}}} | BODY_AMBIGUOUS",
    "double overflows         | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"pay\",\"arguments\":{\"amount\":1e400}}} | BODY_AMBIGUOUS",
    "lone high surrogate      | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"read_file\",\"arguments\":{\"path\":\"/srv/\\ud800\"}}} | BODY_AMBIGUOUS",
    "lone low surrogate, key  | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"q\",\"arguments\":{\"a\\udc00\":1}}} | BODY_AMBIGUOUS",
    "swapped pair             | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"\\udc00\\ud800\"}} | BODY_AMBIGUOUS",
  })
  void shouldRefuseEnvelopesAndValuesSdksReadDifferently(String name, String body, ErrorCode expected) {
    assertRefused(body, expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "trailing space is no fold | {\"name\":\"create_issue\",\"Name \":\"x\",\"arguments\":{}}",
    "leading underscore        | {\"name\":\"create_issue\",\"_name\":\"x\"}",
    "dash and underscore       | {\"name\":\"q\",\"arguments\":{\"na-me\":1,\"na_me\":2,\"name\":3}}",
    "dotted capital I          | {\"name\":\"q\",\"arguments\":{\"id\":1,\"\u0130d\":2,\"\u0131d\":3}}",
    "sharp s is not ss         | {\"name\":\"q\",\"arguments\":{\"stra\u00dfe\":1,\"strasse\":2}}",
    "same key in two objects   | {\"name\":\"q\",\"arguments\":{\"a\":{\"path\":1},\"b\":{\"Path\":2}}}",
    "unknown params member     | {\"name\":\"q\",\"Hint\":\"x\"}",
    "exact integers at 2^53-1  | {\"name\":\"q\",\"arguments\":{\"max\":9007199254740991,\"min\":-9007199254740991,\"f\":1.5e300}}",
    "surrogate pair escaped    | {\"name\":\"q\",\"arguments\":{\"emoji\":\"\\ud83d\\ude00\"}}",
  })
  void shouldAcceptWhatEveryReaderReadsAlike(String name, String params) {
    assertThat(parse(call(params))).hasSize(1);
  }

  @Test
  void shouldRecordTheSmuggledToolNotTheHarmlessOne() {
    List<McpMessage> meaning = meaningOf(call("{\"name\":\"get_issue\",\"Name\":\"delete_repo\",\"arguments\":{}}"));

    assertThat(meaning).singleElement().satisfies(m -> {
      assertThat(m.kind()).isEqualTo("request");
      assertThat(m.id().intValue()).isEqualTo(4);
      assertThat(m.toolName()).isEqualTo("delete_repo");
    });
  }

  @Test
  void shouldRecordACaseVariantEnvelopeAsTheCallGoServersRun() {
    List<McpMessage> meaning = meaningOf("{\"jsonrpc\":\"2.0\",\"id\":5,\"Method\":\"tools/call\","
        + "\"Params\":{\"name\":\"delete_repo\",\"arguments\":{}},\"error\":{\"code\":1,\"message\":\"x\"}}");

    assertThat(meaning).singleElement().satisfies(m -> {
      assertThat(m.kind()).isEqualTo("request");
      assertThat(m.method()).isEqualTo("tools/call");
      assertThat(m.toolName()).isEqualTo("delete_repo");
    });
  }

  @Test
  void shouldRecordTheArgumentThatWinsInGo() {
    List<McpMessage> meaning = meaningOf(call(
        "{\"name\":\"read_file\",\"arguments\":{\"path\":\"/srv/data/a\",\"Path\":\"/etc/passwd\"}}"));

    assertThat(meaning).singleElement()
        .satisfies(m -> assertThat(m.params().path("arguments").toString()).isEqualTo("{\"path\":\"/etc/passwd\"}"));
  }

  @Test
  void shouldRecordEveryBatchMessageWhenOneCollides() {
    List<McpMessage> meaning = meaningOf("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
        + call("{\"name\":\"get_issue\",\"NAME\":\"delete_repo\"}") + "]");

    assertThat(meaning).extracting(McpMessage::method).containsExactly("ping", "tools/call");
    assertThat(meaning.get(1).toolName()).isEqualTo("delete_repo");
  }

  private List<McpMessage> meaningOf(String body) {
    try {
      parse(body);
    } catch (AmbiguousBodyException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.BODY_KEY_COLLISION);
      return e.meaning();
    }
    throw new AssertionError("accepted: " + body);
  }

  private void assertRefused(String body, ErrorCode expected) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(expected));
  }
}
