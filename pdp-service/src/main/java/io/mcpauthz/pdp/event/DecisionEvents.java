package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.decision.Judgement;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.mcp.McpMessage;
import io.mcpauthz.pdp.policy.PolicyDecision;
import io.mcpauthz.pep.port.HttpCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@code mcp-authz.decision/v1} event for one judgement (schema in docs/events.md). */
public final class DecisionEvents {

  public static final String SCHEMA = "mcp-authz.decision/v1";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private DecisionEvents() {}

  /** Kafka key: the MCP session keeps its events in order on one partition. */
  public static String key(HttpCheck check, Subject subject) {
    String session = check.header("mcp-session-id");
    return session != null ? session : subject.sub();
  }

  /** @param time when the verdict was given */
  public static ObjectNode build(HttpCheck check, String server, Subject subject, Judgement judgement,
      Instant time, long latencyMicros, String traceId) {
    PolicyDecision policy = judgement.policy();
    ObjectNode event = JSON.objectNode()
        .put("schema", SCHEMA)
        .put("decision_id", judgement.decisionId())
        .put("time", time.toString())
        .put("decision", judgement.allowed() ? "allow" : "deny")
        .put("status", judgement.status())
        .put("action_class", policy == null ? null : policy.actionClass());
    ArrayNode reasons = event.putArray("reasons");
    judgement.reasons().forEach(r -> reasons.addObject().put("code", r.code()).put("message", r.message()));
    ObjectNode who = event.putObject("subject")
        .put("sub", subject.sub())
        .put("iss", subject.iss())
        .put("client_id", subject.clientId());
    subject.roles().forEach(who.putArray("roles")::add);
    event.putObject("request")
        .put("id", check.requestId())
        .put("method", check.method())
        .put("path", ArgumentScrubber.scrubText(check.path())) // e.g. ?access_token=…
        .put("host", check.host())
        .put("source_address", check.source().address())
        .put("origin", check.header("origin"))
        .put("user_agent", check.header("user-agent"));
    event.putObject("route").put("server", server);
    event.set("mcp", mcp(check, judgement.message(), policy));
    event.putObject("policy").put("revision", policy == null ? null : policy.revision());
    event.put("latency_us", latencyMicros);
    event.put("trace_id", traceId);
    return event;
  }

  private static ObjectNode mcp(HttpCheck check, McpMessage message, PolicyDecision policy) {
    ObjectNode mcp = JSON.objectNode()
        .put("session_id", check.header("mcp-session-id"))
        .put("protocol_version", check.header("mcp-protocol-version"));
    if (message == null) {
      return mcp.putNull("method");
    }
    mcp.put("kind", message.kind()).put("method", message.method());
    mcp.set("id", message.id());
    String method = message.method() == null ? "" : message.method();
    mcp.put("tool", message.toolName());
    mcp.set("arguments", arguments(message.params().path("arguments"), policy));
    mcp.put("resource_uri", method.startsWith("resources/") ? ArgumentScrubber.scrubText(message.name()) : null);
    mcp.put("prompt", "prompts/get".equals(method) ? message.name() : null);
    return mcp;
  }

  /**
   * Scrubbed arguments; when the policy was not asked, its redaction list (the catalogue's
   * {@code redact}) is unknown, so only names and sizes are kept.
   */
  private static JsonNode arguments(JsonNode arguments, PolicyDecision policy) {
    if (!arguments.isObject()) {
      return JSON.nullNode();
    }
    if (policy != null) {
      return ArgumentScrubber.scrub(arguments, redacted(policy));
    }
    ObjectNode withheld = JSON.objectNode();
    arguments.properties().forEach(field -> withheld.putObject(ArgumentScrubber.scrubText(field.getKey()))
        .put("withheld", true).put("original_bytes", EventSizeCap.size(field.getValue())));
    return withheld;
  }

  private static List<String> redacted(PolicyDecision policy) {
    List<String> fields = new ArrayList<>();
    if (policy != null) {
      policy.obligations().path("redact_arguments").forEach(f -> fields.add(f.asText()));
    }
    return fields;
  }
}
