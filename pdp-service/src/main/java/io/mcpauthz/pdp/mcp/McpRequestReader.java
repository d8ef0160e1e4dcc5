package io.mcpauthz.pdp.mcp;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pep.port.HttpCheck;
import java.util.List;
import java.util.Objects;

/**
 * Reads the MCP Streamable HTTP request: what the HTTP method means and the body's messages;
 * checks the 2026-07-28 {@code mcp-method} / {@code mcp-name} headers against the body.
 */
public final class McpRequestReader {

  private final McpBodyParser parser;

  public McpRequestReader(McpBodyParser parser) {
    this.parser = parser;
  }

  public List<McpMessage> read(HttpCheck check) {
    return switch (check.method()) {
      case "POST" -> readPost(check);
      case "GET" -> List.of(new McpMessage.StreamOpen(check.header("last-event-id")));
      case "DELETE" -> List.of(new McpMessage.SessionEnd());
      default -> throw new DecisionException(ErrorCode.HTTP_METHOD_NOT_ALLOWED, check.method());
    };
  }

  private List<McpMessage> readPost(HttpCheck check) {
    if (check.bodyPartial()) {
      throw new DecisionException(ErrorCode.BODY_TRUNCATED, check.body().length + " bytes received");
    }
    if (coded(check.header("content-encoding"))) {
      throw new DecisionException(ErrorCode.BODY_ENCODED, "content-encoding");
    }
    return parser.parse(check.body(), check.header("mcp-protocol-version"));
  }

  /**
   * The policy judges the bytes the proxy buffered; whoever honours a content-encoding after
   * it runs what they decode to, and a body can be valid JSON as sent and another call once
   * decoded (brotli has no magic number). Only {@code identity} is judged.
   */
  private static boolean coded(String encoding) {
    return encoding != null && !"identity".equalsIgnoreCase(encoding.trim());
  }

  /**
   * Policy is never applied to a header that the body contradicts. Separate from {@link #read}
   * so that the refusal can still answer with the messages' ids and record what was attempted.
   */
  public void crossCheckHeaders(HttpCheck check, List<McpMessage> messages) {
    String methodHeader = check.header("mcp-method");
    String nameHeader = check.header("mcp-name");
    if (methodHeader == null && nameHeader == null) {
      return;
    }
    if (messages.size() != 1) {
      throw new DecisionException(ErrorCode.HEADER_MISMATCH, "mcp-method/mcp-name headers on a batch");
    }
    McpMessage message = messages.get(0);
    if (methodHeader != null && !methodHeader.equals(message.method())) {
      throw new DecisionException(ErrorCode.HEADER_MISMATCH, "mcp-method header differs from the body");
    }
    if (nameHeader != null && !Objects.equals(nameHeader, message.name())) {
      throw new DecisionException(ErrorCode.HEADER_MISMATCH, "mcp-name header differs from the body");
    }
  }
}
