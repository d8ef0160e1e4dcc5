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

class McpBodyParserTest {

  private final McpBodyParser parser = new McpBodyParser(4096, 8, 4);

  private List<McpMessage> parse(String body, String revision) {
    return parser.parse(body.getBytes(StandardCharsets.UTF_8), revision);
  }

  @Test
  void shouldReadToolCall() {
    McpMessage message = parse("""
        {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"create_issue","arguments":{"title":"t"}}}
        """, "2025-06-18").get(0);

    assertThat(message).isInstanceOf(McpMessage.Request.class);
    assertThat(message.kind()).isEqualTo("request");
    assertThat(message.id().intValue()).isEqualTo(7);
    assertThat(message.method()).isEqualTo("tools/call");
    assertThat(message.toolName()).isEqualTo("create_issue");
    assertThat(message.name()).isEqualTo("create_issue");
    assertThat(message.params().path("arguments").path("title").asText()).isEqualTo("t");
  }

  @Test
  void shouldReadNotificationAndClientResponse() {
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", null).get(0))
        .isInstanceOf(McpMessage.Notification.class)
        .extracting(McpMessage::kind).isEqualTo("notification");
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{\"action\":\"accept\"}}", null).get(0))
        .isInstanceOf(McpMessage.Response.class)
        .extracting(McpMessage::kind).isEqualTo("response");
  }

  @Test
  void shouldReadResourceUriAndPromptName() {
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\"}}",
        null).get(0).name()).isEqualTo("file:///a");
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"review\"}}",
        null).get(0).name()).isEqualTo("review");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {"2025-03-26", "none"})
  void shouldSplitBatchWhereRevisionAllowsIt(String revision) {
    List<McpMessage> messages = parse("""
        [{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/progress"}]
        """, revision);

    assertThat(messages).extracting(McpMessage::kind).containsExactly("request", "notification");
  }

  @ParameterizedTest
  @CsvSource({"2025-06-18", "2025-11-25", "2026-07-28"})
  void shouldRejectBatchInLaterRevisions(String revision) {
    assertRejected("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", revision, ErrorCode.BATCH_NOT_ALLOWED);
  }

  @Test
  void shouldAcceptBatchUpToTheLimit() {
    assertThat(parse(batchOf(4, PING), null)).hasSize(4);
  }

  @Test
  void shouldRefuseBatchOverTheLimitBeforeReadingFurther() {
    // the fifth member would be malformed: the count refuses the batch before it is read
    assertRejected(batchOf(4, PING).replace("]", ",{\"jsonrpc\":]"), null, ErrorCode.BATCH_TOO_LARGE);
    assertRejected(batchOf(5, PING), "2025-03-26", ErrorCode.BATCH_TOO_LARGE);
  }

  @Test
  void shouldRefuseAMebibyteOfTinyMessagesAsOneBatch() {
    McpBodyParser large = new McpBodyParser(1 << 20, 64, 32);
    byte[] body = batchOf((1 << 20) / (PING.length() + 1) - 1, PING).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> large.parse(body, "2025-03-26"))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE));
  }

  @Test
  void shouldRefuseBatchInLaterRevisionBeforeCountingIt() {
    assertRejected(batchOf(5, PING), "2025-06-18", ErrorCode.BATCH_NOT_ALLOWED);
  }

  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

  private static String batchOf(int count, String message) {
    return "[" + String.join(",", java.util.Collections.nCopies(count, message)) + "]";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "empty body                 |                                                        | BODY_MISSING",
    "not JSON                   | {\"jsonrpc\":                                         | BODY_MALFORMED",
    "two values                 | {\"jsonrpc\":\"2.0\",\"method\":\"ping\"} {}          | BODY_MALFORMED",
    "duplicate key              | {\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"} | BODY_DUPLICATE_KEY",
    "duplicate key, escaped     | {\"jsonrpc\":\"2.0\",\"id\":1,\"i\\u0064\":2,\"method\":\"ping\"} | BODY_DUPLICATE_KEY",
    "byte order mark            | \ufeff{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}  | BODY_MALFORMED",
    "too deep                   | {\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"a\":[[[[[[[[1]]]]]]]]}} | BODY_TOO_DEEP",
    "string                     | \"hello\"                                             | JSONRPC_INVALID",
    "no jsonrpc                 | {\"id\":1,\"method\":\"ping\"}                        | JSONRPC_INVALID",
    "jsonrpc 1.0                | {\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}    | JSONRPC_INVALID",
    "null id                    | {\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"} | JSONRPC_INVALID",
    "object id                  | {\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}   | JSONRPC_INVALID",
    "fractional id              | {\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}  | JSONRPC_INVALID",
    "numeric method             | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}           | JSONRPC_INVALID",
    "array params               | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[1]} | JSONRPC_INVALID",
    "tool call without name     | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}} | JSONRPC_INVALID",
    "response with both         | {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}} | JSONRPC_INVALID",
    "response without id        | {\"jsonrpc\":\"2.0\",\"result\":{}}                   | JSONRPC_INVALID",
    "empty batch                | []                                                     | JSONRPC_INVALID",
    "null in a batch            | [null]                                                 | JSONRPC_INVALID",
    "unclosed batch             | [{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}          | BODY_MALFORMED",
    "batch then a value         | [{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}] {}      | BODY_MALFORMED",
  })
  void shouldRejectBadBodies(String name, String body, ErrorCode expected) {
    assertRejected(body == null ? "" : body, null, expected);
  }

  @Test
  void shouldRejectInvalidUtf8() {
    byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> parser.parse(body, null))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_NOT_UTF8));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "overlong slash (C0 AF), C0AF",
    "overlong slash (E0 80 AF), E080AF",
    "overlong 4-byte (F0 80 80 AF), F08080AF",
    "surrogate half (ED A0 80), EDA080",
    "beyond U+10FFFF (F4 90 80 80), F4908080",
    "lead byte F5, F5808080",
    "lone continuation, 80",
    "cut sequence, E282",
  })
  void shouldRejectMalformedUtf8ThatLenientDecodersAccept(String name, String hex) {
    byte[] bad = java.util.HexFormat.of().parseHex(hex);
    byte[] prefix = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"read_file\",\"arguments\":{\"path\":\"..".getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "etc\"}}}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + bad.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(bad, 0, body, prefix.length, bad.length);
    System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

    assertThatThrownBy(() -> parser.parse(body, null))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_NOT_UTF8));
  }

  @Test
  void shouldAcceptWellFormedMultiByteUtf8() {
    McpMessage message = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"send_message\",\"arguments\":{\"text\":\"caf\u00e9 \u20ac \ud83d\ude00 \uffff\"}}}", null).get(0);

    assertThat(message.params().path("arguments").path("text").asText()).isEqualTo("caf\u00e9 \u20ac \ud83d\ude00 \uffff");
  }

  @Test
  void shouldRejectUtf16() {
    byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_16LE);

    assertThatThrownBy(() -> parser.parse(body, null))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_NOT_UTF8));
  }

  @Test
  void shouldRejectOversizedBodyBeforeParsing() {
    byte[] body = new byte[4097];
    java.util.Arrays.fill(body, (byte) ' ');

    assertThatThrownBy(() -> parser.parse(body, null))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE));
  }

  private void assertRejected(String body, String revision, ErrorCode expected) {
    assertThatThrownBy(() -> parse(body, revision))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(expected));
  }
}
