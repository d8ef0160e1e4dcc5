package io.mcpauthz.pdp.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pep.port.HttpCheck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class McpRequestReaderTest {

  private static final String TOOL_CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"create_issue\"}}";

  private final McpRequestReader reader = new McpRequestReader(new McpBodyParser(1 << 20, 64, 32));

  static HttpCheck check(String method, Map<String, String> headers, String body, boolean partial) {
    return new HttpCheck("r", Instant.now(), method, "/mcp", "mcp.local", "https", "HTTP/1.1", headers,
        body.getBytes(StandardCharsets.UTF_8), partial, new HttpCheck.Peer("127.0.0.1", 1, ""), Map.of());
  }

  @Test
  void shouldOpenStreamOnGetWithResumptionId() {
    McpMessage message = reader.read(check("GET", Map.of("last-event-id", "ev-41"), "", false)).get(0);

    assertThat(message).isEqualTo(new McpMessage.StreamOpen("ev-41"));
    assertThat(message.kind()).isEqualTo("stream");
  }

  @Test
  void shouldEndSessionOnDelete() {
    assertThat(reader.read(check("DELETE", Map.of(), "", false))).containsExactly(new McpMessage.SessionEnd());
  }

  @ParameterizedTest
  @CsvSource({"PUT", "PATCH", "OPTIONS"})
  void shouldRefuseOtherHttpMethods(String method) {
    assertRefused(check(method, Map.of(), TOOL_CALL, false), ErrorCode.HTTP_METHOD_NOT_ALLOWED);
  }

  @Test
  void shouldNeverJudgeATruncatedBody() {
    assertRefused(check("POST", Map.of(), TOOL_CALL, true), ErrorCode.BODY_TRUNCATED);
  }

  @ParameterizedTest
  @CsvSource({"gzip", "br", "deflate", "GZIP", "'identity, gzip'", "x-gzip"})
  void shouldNeverJudgeACodedBody(String coding) {
    assertRefused(check("POST", Map.of("content-encoding", coding), TOOL_CALL, false), ErrorCode.BODY_ENCODED);
  }

  @ParameterizedTest
  @CsvSource({"identity", "IDENTITY", "' identity '"})
  void shouldJudgeABodyMarkedIdentity(String coding) {
    assertThat(reader.read(check("POST", Map.of("content-encoding", coding), TOOL_CALL, false))).hasSize(1);
  }

  @Test
  void shouldAcceptHeadersThatAgreeWithBody() {
    Map<String, String> headers = Map.of("mcp-method", "tools/call", "mcp-name", "create_issue");

    HttpCheck check = check("POST", headers, TOOL_CALL, false);

    reader.crossCheckHeaders(check, reader.read(check));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
    "tools/list, none",
    "tools/call, delete_repo",
    "none, delete_repo",
  })
  void shouldRefuseHeadersThatContradictBody(String method, String name) {
    Map<String, String> headers = new HashMap<>();
    if (method != null) {
      headers.put("mcp-method", method);
    }
    if (name != null) {
      headers.put("mcp-name", name);
    }
    HttpCheck check = check("POST", headers, TOOL_CALL, false);

    assertThatThrownBy(() -> reader.crossCheckHeaders(check, reader.read(check)))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HEADER_MISMATCH));
  }

  private void assertRefused(HttpCheck check, ErrorCode expected) {
    assertThatThrownBy(() -> reader.read(check))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(expected));
  }
}
