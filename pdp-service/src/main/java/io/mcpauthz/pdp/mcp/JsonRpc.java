package io.mcpauthz.pdp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;

/** JSON-RPC 2.0 structure rules, as MCP uses them: one JSON object to one typed message. */
final class JsonRpc {

  private JsonRpc() {}

  static McpMessage toMessage(JsonNode node) {
    if (!node.isObject()) {
      throw invalid("message is not a JSON object");
    }
    if (!"2.0".equals(node.path("jsonrpc").textValue())) {
      throw invalid("jsonrpc must be \"2.0\"");
    }
    JsonNode id = node.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
      throw invalid("id must be a string or an integer");
    }
    JsonNode method = node.get("method");
    if (method != null) {
      if (!method.isTextual() || method.textValue().isEmpty()) {
        throw invalid("method must be a non-empty string");
      }
      JsonNode params = node.path("params");
      if (!params.isMissingNode() && !params.isObject()) {
        throw invalid("params must be an object");
      }
      McpMessage message = id == null
          ? new McpMessage.Notification(method.textValue(), params)
          : new McpMessage.Request(id, method.textValue(), params);
      requireNamedTarget(message);
      return message;
    }
    boolean hasResult = node.has("result");
    boolean hasError = node.has("error");
    if (id == null || hasResult == hasError) {
      throw invalid("a response needs an id and exactly one of result or error");
    }
    return new McpMessage.Response(id, hasError);
  }

  /** A call without its target cannot be judged: policy would see a tool call to nothing. */
  private static void requireNamedTarget(McpMessage message) {
    String method = message.method();
    boolean needsName = "tools/call".equals(method) || "prompts/get".equals(method)
        || "resources/read".equals(method) || "resources/subscribe".equals(method)
        || "resources/unsubscribe".equals(method);
    if (needsName && message.name() == null) {
      throw invalid(method + " without its name or uri");
    }
  }

  private static DecisionException invalid(String detail) {
    return new DecisionException(ErrorCode.JSONRPC_INVALID, detail);
  }
}
