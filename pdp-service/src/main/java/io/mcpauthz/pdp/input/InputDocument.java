package io.mcpauthz.pdp.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.analysis.ArgumentAnalysis;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.mcp.McpMessage;
import io.mcpauthz.pep.port.HttpCheck;
import java.util.Map;
import java.util.Set;

/**
 * Builds the policy input document (version 1, see docs/input.md) for one message. The parsed
 * body's nodes are referenced, not copied.
 */
public final class InputDocument {

  /** Credentials never reach the policy, the decision log or an event. */
  public static final Set<String> SECRET_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

  /**
   * Copies of tool arguments (2026-07-28, {@code x-mcp-header}) that the PDP cannot check against
   * the body, as it does {@code mcp-method} and {@code mcp-name}: which argument a header mirrors
   * is in the tool's schema, and servers check only the ones their schema names. The policy
   * judges the arguments themselves.
   */
  static final String ARGUMENT_HEADER_PREFIX = "mcp-param-";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private InputDocument() {}

  public static ObjectNode build(HttpCheck check, String server, Subject subject, McpMessage message) {
    ObjectNode input = JSON.objectNode();
    input.put("version", 1);
    input.set("request", request(check));
    input.putObject("route").put("server", server);
    input.set("subject", subject(subject));
    input.set("mcp", mcp(check, message));
    input.putObject("session");
    return input;
  }

  private static ObjectNode request(HttpCheck check) {
    ObjectNode request = JSON.objectNode()
        .put("id", check.requestId())
        .put("time", check.time().toString())
        .put("method", check.method())
        .put("path", check.path())
        .put("host", check.host())
        .put("protocol", check.protocol())
        .put("origin", check.header("origin"));
    request.putObject("source")
        .put("address", check.source().address())
        .put("port", check.source().port())
        .put("principal", check.source().principal());
    ObjectNode headers = request.putObject("headers");
    for (Map.Entry<String, String> header : check.headers().entrySet()) {
      if (!SECRET_HEADERS.contains(header.getKey()) && !header.getKey().startsWith(ARGUMENT_HEADER_PREFIX)) {
        headers.put(header.getKey(), header.getValue());
      }
    }
    return request;
  }

  private static ObjectNode subject(Subject subject) {
    ObjectNode node = JSON.objectNode()
        .put("authenticated", subject.authenticated())
        .put("sub", subject.sub())
        .put("iss", subject.iss())
        .put("client_id", subject.clientId());
    subject.roles().forEach(node.putArray("roles")::add);
    subject.groups().forEach(node.putArray("groups")::add);
    subject.scopes().forEach(node.putArray("scopes")::add);
    subject.amr().forEach(node.putArray("amr")::add);
    node.set("claims", JsonValues.toNode(subject.claims()));
    return node;
  }

  private static ObjectNode mcp(HttpCheck check, McpMessage message) {
    ObjectNode mcp = JSON.objectNode()
        .put("session_id", check.header("mcp-session-id"))
        .put("protocol_version", check.header("mcp-protocol-version"))
        .put("kind", message.kind())
        .put("method", message.method());
    mcp.set("id", message.id());
    JsonNode params = message.params();
    switch (message.method() == null ? "" : message.method()) {
      case "tools/call" -> item(mcp.putObject("tool").put("name", message.toolName()), params);
      case "resources/read", "resources/subscribe", "resources/unsubscribe" -> mcp.putObject("resource")
          .put("uri", message.name())
          .set("analysis", ArgumentAnalysis.ofResourceUri(message.name()));
      case "prompts/get" -> item(mcp.putObject("prompt").put("name", message.name()), params);
      default -> { }
    }
    mcp.set("params", objectOrEmpty(params));
    if (message instanceof McpMessage.StreamOpen stream) {
      mcp.put("last_event_id", stream.lastEventId());
    }
    return mcp;
  }

  /** A tool or prompt: its arguments, and what they mean (docs/security.md). */
  private static void item(ObjectNode item, JsonNode params) {
    JsonNode arguments = objectOrEmpty(params.path("arguments"));
    item.set("arguments", arguments);
    item.set("analysis", ArgumentAnalysis.ofArguments(arguments));
  }

  private static JsonNode objectOrEmpty(JsonNode node) {
    return node.isObject() ? node : JSON.objectNode();
  }
}
