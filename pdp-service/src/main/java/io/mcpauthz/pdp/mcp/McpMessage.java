package io.mcpauthz.pdp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One thing the PDP judges: a JSON-RPC message from a POST body, or the opening of a server
 * stream (GET) or the end of a session (DELETE).
 */
public sealed interface McpMessage {

  /** The input document's {@code mcp.kind}. */
  String kind();

  /** The JSON-RPC method, or null for responses, streams and session ends. */
  default String method() {
    return null;
  }

  /** The JSON-RPC id to answer with; {@code null} JSON value when the message has none. */
  default JsonNode id() {
    return NullNode.getInstance();
  }

  /** The {@code params} object, or a missing node. */
  default JsonNode params() {
    return MissingNode.getInstance();
  }

  /** The name a {@code mcp-name} header must match: tool or prompt name, or resource URI. */
  default String name() {
    JsonNode params = params();
    return switch (method() == null ? "" : method()) {
      case "tools/call", "prompts/get" -> text(params.path("name"));
      case "resources/read", "resources/subscribe", "resources/unsubscribe" -> text(params.path("uri"));
      default -> null;
    };
  }

  /** The tool name of a {@code tools/call}, else null. */
  default String toolName() {
    return "tools/call".equals(method()) ? text(params().path("name")) : null;
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  record Request(JsonNode id, String method, JsonNode params) implements McpMessage {
    @Override
    public String kind() {
      return "request";
    }
  }

  record Notification(String method, JsonNode params) implements McpMessage {
    @Override
    public String kind() {
      return "notification";
    }
  }

  /** A client's answer to a server request (sampling, elicitation, roots). */
  record Response(JsonNode id, boolean isError) implements McpMessage {
    @Override
    public String kind() {
      return "response";
    }
  }

  /** GET: opens (or, with {@code Last-Event-ID}, resumes) a server-sent event stream. */
  record StreamOpen(String lastEventId) implements McpMessage {
    @Override
    public String kind() {
      return "stream";
    }
  }

  /** DELETE: the client ends its session. */
  record SessionEnd() implements McpMessage {
    @Override
    public String kind() {
      return "session-end";
    }
  }
}
