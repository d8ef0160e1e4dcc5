package io.mcpauthz.audit.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** Builds decision events shaped like the contract's {@code mcp-authz.decision/v1}. */
public final class TestEvent {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode root = MAPPER.createObjectNode();

  private TestEvent(Instant time) {
    root.put("schema", "mcp-authz.decision/v1");
    root.put("decision_id", UUID.randomUUID().toString());
    root.put("time", time.toString());
    root.put("decision", "allow");
    root.put("status", 200);
    root.put("action_class", "read");
    root.putArray("reasons");
    ObjectNode subject = root.putObject("subject");
    subject.put("sub", "alice");
    subject.put("iss", AuditTestResource.ISSUER);
    subject.put("client_id", "agent-7");
    subject.putArray("roles").add("dev");
    ObjectNode request = root.putObject("request");
    request.put("id", UUID.randomUUID().toString());
    request.put("method", "POST");
    request.put("path", "/mcp");
    request.put("host", "mcp.example.com");
    request.put("source_address", "10.1.2.3");
    request.putNull("origin");
    request.put("user_agent", "agent/1.0");
    root.putObject("route").put("server", "github");
    ObjectNode mcp = root.putObject("mcp");
    mcp.put("session_id", "session-" + UUID.randomUUID());
    mcp.put("protocol_version", "2025-11-25");
    mcp.put("kind", "request");
    mcp.put("method", "tools/call");
    mcp.put("id", 7);
    mcp.put("tool", "list_issues");
    mcp.putObject("arguments");
    mcp.putNull("resource_uri");
    mcp.putNull("prompt");
    root.putObject("policy").put("revision", "test");
    root.put("latency_us", 640);
    root.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
  }

  /** Refused before the policy was asked (e.g. a malformed body from an anonymous caller). */
  public TestEvent refusedAnonymous(int status, String reasonCode) {
    deny(status, null, reasonCode);
    root.putNull("action_class");
    ObjectNode subject = (ObjectNode) root.get("subject");
    subject.putNull("sub").putNull("iss").putNull("client_id").putArray("roles");
    ObjectNode request = (ObjectNode) root.get("request");
    request.putNull("source_address").putNull("id").putNull("user_agent");
    ObjectNode mcp = root.putObject("mcp");
    mcp.putNull("session_id").putNull("protocol_version").putNull("method");
    ((ObjectNode) root.get("policy")).putNull("revision");
    root.putNull("trace_id");
    return this;
  }

  /** The event as a JSON tree (a copy). */
  public ObjectNode tree() {
    return root.deepCopy();
  }

  public static TestEvent at(Instant time) {
    return new TestEvent(time);
  }

  public TestEvent id(String id) {
    root.put("decision_id", id);
    return this;
  }

  public TestEvent deny(int status, String actionClass, String... reasonCodes) {
    root.put("decision", "deny");
    root.put("status", status);
    if (actionClass == null) {
      root.putNull("action_class");
    } else {
      root.put("action_class", actionClass);
    }
    ArrayNode reasons = root.putArray("reasons");
    for (String code : reasonCodes) {
      reasons.addObject().put("code", code).put("message", "denied: " + code);
    }
    return this;
  }

  public TestEvent subject(String sub) {
    ((ObjectNode) root.get("subject")).put("sub", sub);
    return this;
  }

  public TestEvent clientId(String clientId) {
    ((ObjectNode) root.get("subject")).put("client_id", clientId);
    return this;
  }

  public TestEvent server(String server) {
    ((ObjectNode) root.get("route")).put("server", server);
    return this;
  }

  public TestEvent tool(String tool) {
    ((ObjectNode) root.get("mcp")).put("tool", tool);
    return this;
  }

  public TestEvent method(String method) {
    ((ObjectNode) root.get("mcp")).put("method", method);
    return this;
  }

  public TestEvent session(String sessionId) {
    ((ObjectNode) root.get("mcp")).put("session_id", sessionId);
    return this;
  }

  /** A session fact the policy used, under the event's {@code session} object. */
  public TestEvent sessionFact(String name, String value) {
    ObjectNode session = root.has("session") ? (ObjectNode) root.get("session") : root.putObject("session");
    session.put(name, value);
    return this;
  }

  public TestEvent argument(String name, String value) {
    ((ObjectNode) root.get("mcp").get("arguments")).put(name, value);
    return this;
  }

  public TestEvent set(String field, String value) {
    root.put(field, value);
    return this;
  }

  public TestEvent remove(String field) {
    root.remove(field);
    return this;
  }

  public String id() {
    return root.get("decision_id").asText();
  }

  public String sessionId() {
    return root.get("mcp").get("session_id").asText();
  }

  public String json() {
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
