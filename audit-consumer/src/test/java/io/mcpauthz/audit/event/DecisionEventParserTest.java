package io.mcpauthz.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionEventParserTest {

  private static final String EVENT = """
          {"schema": "mcp-authz.decision/v1", "decision_id": "d-1", "time": "2026-11-26T07:00:00.123Z",
           "decision": "deny", "status": 403, "action_class": "admin",
           "reasons": [{"code": "role_not_granted", "message": "m"}, {"code": "mfa_required"},
                       {"code": "role_not_granted"}],
           "subject": {"sub": "alice", "iss": "i", "client_id": "agent-7", "roles": []},
           "request": {"id": "r", "method": "POST", "path": "/mcp"},
           "route": {"server": "github"},
           "mcp": {"session_id": "s-1", "method": "tools/call", "id": 7, "tool": "delete_repo",
                   "arguments": {}, "resource_uri": null, "prompt": null},
           "policy": {"revision": "r1"}, "latency_us": 640, "trace_id": "t"}
          """;

  private final DecisionEventParser parser = new DecisionEventParser();

  @Test
  void shouldPickIndexedFieldsAndKeepJsonVerbatim() {
    DecisionEvent event = parser.parse(bytes(EVENT));
    assertThat(event).isEqualTo(new DecisionEvent("d-1", Instant.parse("2026-11-26T07:00:00.123Z"), "deny", 403,
        "admin", "alice", "agent-7", "github", "delete_repo", "tools/call", "s-1",
        java.util.List.of("role_not_granted", "mfa_required"), EVENT));
  }

  @Test
  void shouldAcceptMinimalEventAndOffsetTime() {
    DecisionEvent event = parser.parse(bytes("""
            {"schema": "mcp-authz.decision/v1", "decision_id": "d", "time": "2026-11-26T08:00:00+01:00"}"""));
    assertThat(event.time()).isEqualTo(Instant.parse("2026-11-26T07:00:00Z"));
    assertThat(event.subject()).isNull();
    assertThat(event.status()).isNull();
    assertThat(event.reasons()).isEmpty();
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', value = {
    "not json | EVENT_NOT_JSON",
    "[1, 2] | EVENT_NOT_JSON",
    "\"text\" | EVENT_NOT_JSON",
    "{\"schema\": \"mcp-authz.decision/v1\"} {} | EVENT_NOT_JSON",
    "{\"decision_id\": \"d\", \"time\": \"2026-11-26T07:00:00Z\"} | EVENT_SCHEMA_UNSUPPORTED",
    "{\"schema\": \"mcp-authz.decision/v2\", \"decision_id\": \"d\"} | EVENT_SCHEMA_UNSUPPORTED",
    "{\"schema\": \"mcp-authz.decision/v1\", \"time\": \"2026-11-26T07:00:00Z\"} | EVENT_DECISION_ID_MISSING",
    "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \" \"} | EVENT_DECISION_ID_MISSING",
    "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": 7} | EVENT_DECISION_ID_MISSING",
    "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\"} | EVENT_TIME_INVALID",
    "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\", \"time\": \"now\"} | EVENT_TIME_INVALID",
    "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\", \"time\": \"+300000-01-01T00:00:00Z\"} | EVENT_TIME_INVALID",
    "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\", \"time\": \"+10000-01-01T00:00:00Z\"} | EVENT_TIME_INVALID",
    "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\", \"time\": \"-0001-12-31T00:00:00Z\"} | EVENT_TIME_INVALID",
    "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\", \"time\": \"9999-12-31T23:00:00-05:00\"} | EVENT_TIME_INVALID",
  })
  void shouldReject(String value, ErrorCode expected) {
    assertThatThrownBy(() -> parser.parse(bytes(value)))
        .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(expected));
  }

  @ParameterizedTest
  @CsvSource({"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999Z"})
  void shouldAcceptEveryFourDigitYear(String time) {
    assertThat(parser.parse(bytes("{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\", \"time\": \""
        + time + "\"}")).time()).isEqualTo(Instant.parse(time));
  }

  @Test
  void shouldRejectEmptyAndNonUtf8WithoutQuotingContent() {
    assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(AuditException.class);
    assertThatThrownBy(() -> parser.parse(new byte[] {(byte) 0xC3, (byte) 0x28}))
        .isInstanceOfSatisfying(AuditException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.EVENT_NOT_JSON));
    assertThatThrownBy(() -> parser.parse(bytes("{\"password\": \"hunter2\"")))
        .hasMessageNotContaining("hunter2");
  }

  // Each is malformed UTF-8 (a lone continuation byte, a truncated sequence, overlong forms,
  // an encoded surrogate, a code point above U+10FFFF), inside an otherwise valid event.
  @ParameterizedTest
  @CsvSource({"80", "e282", "c080", "e08080", "eda080", "f4908080", "ff"})
  void shouldRejectMalformedUtf8InsideAString(String hex) {
    byte[] bad = java.util.HexFormat.of().parseHex(hex);
    byte[] head = bytes("{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\", \"note\": \"");
    byte[] tail = bytes("\", \"time\": \"2026-11-26T07:00:00Z\"}");
    byte[] value = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, value, 0, head.length);
    System.arraycopy(bad, 0, value, head.length, bad.length);
    System.arraycopy(tail, 0, value, head.length + bad.length, tail.length);
    assertThatThrownBy(() -> parser.parse(value))
        .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EVENT_NOT_JSON));
  }

  // Jackson's bytes parser would guess these encodings and read a valid event that the text
  // stored as published (decoded as UTF-8) does not hold: they must fail as the text does.
  @ParameterizedTest
  @CsvSource({"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE"})
  void shouldNotReadOtherUnicodeEncodingsAsAnEvent(String charset) {
    assertThatThrownBy(() -> parser.parse(EVENT.getBytes(java.nio.charset.Charset.forName(charset))))
        .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EVENT_NOT_JSON));
  }

  @Test
  void shouldReadNonAsciiAndEscapesFromBytesAsFromText() {
    String event = "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d-é\\u00e9\", \"time\": "
        + "\"2026-11-26T07:00:00Z\", \"subject\": {\"sub\": \"żółw 🐢 \\ud83d\\udc22 \\\"q\\\"\"}}";
    DecisionEvent parsed = parser.parse(bytes(event));
    assertThat(DecisionEventParser.readsAsUtf8(bytes(event))).isTrue();
    assertThat(parsed.decisionId()).isEqualTo("d-éé");
    assertThat(parsed.subject()).isEqualTo("żółw 🐢 🐢 \"q\"");
    assertThat(parsed.json()).isEqualTo(event);
  }

  @Test
  void shouldKeepGenuineReplacementCharacter() {
    String event = "{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \"d\", \"time\": "
        + "\"2026-11-26T07:00:00Z\", \"note\": \"\uFFFD é\"}";
    assertThat(parser.parse(bytes(event)).json()).isEqualTo(event);
  }

  @Test
  void shouldRejectOverlongDecisionId() {
    String id = "x".repeat(DecisionEventParser.MAX_ID_LENGTH + 1);
    assertThatThrownBy(() -> parser.parse(bytes("{\"schema\": \"mcp-authz.decision/v1\", \"decision_id\": \""
        + id + "\", \"time\": \"2026-11-26T07:00:00Z\"}")))
        .isInstanceOfSatisfying(AuditException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.EVENT_DECISION_ID_MISSING));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
