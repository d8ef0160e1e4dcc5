package io.mcpauthz.pdp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.util.Map;

/**
 * JSON-RPC 2.0 structure rules, as MCP uses them: one JSON object to one typed message. Every
 * shape that SDKs could take for two different kinds of message (a {@code method} beside a
 * {@code result}, a member spelled {@code Method}) is refused.
 */
final class JsonRpc {

  private JsonRpc() {}

  static McpMessage toMessage(JsonNode node) {
    if (!node.isObject()) {
      throw invalid("message is not a JSON object");
    }
    requireEnvelopeMembers(node);
    if (!"2.0".equals(node.path("jsonrpc").textValue())) {
      throw invalid("jsonrpc must be \"2.0\"");
    }
    JsonNode id = node.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
      throw invalid("id must be a string or an integer");
    }
    JsonNode method = node.get("method");
    return method != null ? call(node, id, method) : response(node, id);
  }

  private static McpMessage call(JsonNode node, JsonNode id, JsonNode method) {
    if (!method.isTextual() || method.textValue().isEmpty()) {
      throw invalid("method must be a non-empty string");
    }
    if (node.has("result") || node.has("error")) {
      throw invalid("a request or notification carries no result or error"); // TypeScript reads it as a response
    }
    JsonNode params = node.path("params");
    if (!params.isMissingNode()) {
      if (!params.isObject()) {
        throw invalid("params must be an object");
      }
      requireCanonicalParams(params);
    }
    McpMessage message = id == null
        ? new McpMessage.Notification(method.textValue(), params)
        : new McpMessage.Request(id, method.textValue(), params);
    requireNamedTarget(message);
    return message;
  }

  private static McpMessage response(JsonNode node, JsonNode id) {
    boolean hasResult = node.has("result");
    boolean hasError = node.has("error");
    if (id == null || hasResult == hasError || node.has("params")) {
      throw invalid("a response needs an id and exactly one of result or error, and no params");
    }
    if (hasResult && !node.get("result").isObject()) {
      throw invalid("result must be an object");
    }
    JsonNode error = node.path("error");
    if (hasError && !(error.path("code").isIntegralNumber() && error.path("message").isTextual())) {
      throw invalid("error must be an object with an integer code and a string message");
    }
    return new McpMessage.Response(id, hasError);
  }

  /** Only JSON-RPC's members; a case variant of one is read as that member by Go servers. */
  private static void requireEnvelopeMembers(JsonNode node) {
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      String key = member.getKey();
      if (McpMembers.ENVELOPE.isDefined(key)) {
        continue;
      }
      if (McpMembers.ENVELOPE.canonical(key) != null) {
        throw variant(key, McpMembers.ENVELOPE.canonical(key));
      }
      throw invalid("member outside JSON-RPC 2.0: " + key);
    }
  }

  /** Extra params members are MCP's to allow; a case variant of a defined one is not. */
  private static void requireCanonicalParams(JsonNode params) {
    for (Map.Entry<String, JsonNode> member : params.properties()) {
      String canonical = McpMembers.PARAMS.canonical(member.getKey());
      if (canonical != null && !canonical.equals(member.getKey())) {
        throw variant(member.getKey(), canonical);
      }
    }
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

  private static DecisionException variant(String key, String canonical) {
    return new DecisionException(ErrorCode.BODY_KEY_COLLISION, "\"" + key + "\" reads as \"" + canonical + "\"");
  }

  private static DecisionException invalid(String detail) {
    return new DecisionException(ErrorCode.JSONRPC_INVALID, detail);
  }
}
