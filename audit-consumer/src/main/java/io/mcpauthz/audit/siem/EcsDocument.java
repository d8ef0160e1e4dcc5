package io.mcpauthz.audit.siem;

import static io.mcpauthz.audit.siem.Fields.MAPPER;
import static io.mcpauthz.audit.siem.Fields.put;
import static io.mcpauthz.audit.siem.Fields.scalar;
import static io.mcpauthz.audit.siem.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A decision event as an Elastic Common Schema 9.4 document: {@code event.category: api},
 * {@code event.type: allowed|denied}, the caller in {@code user}/{@code source}, the MCP server
 * in {@code service.target}, the tool call in {@code gen_ai.*}, the policy in {@code rule}.
 * What ECS has no field for stays under the custom {@code mcp_authz} namespace.
 */
public final class EcsDocument {

  public static final String VERSION = "9.4.0";

  private EcsDocument() {
  }

  public static ObjectNode of(JsonNode event) {
    boolean allowed = "allow".equals(text(event, "decision"));
    List<String> reasons = Fields.reasonCodes(event);
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("@timestamp", text(event, "time"));
    doc.putObject("ecs").put("version", VERSION);
    doc.set("event", event(event, allowed));
    put(doc, "message", message(event, reasons));
    put(doc, "user", user(event));
    put(doc, "source", put(MAPPER.createObjectNode(), "ip", text(event, "request.source_address")));
    put(doc, "http", http(event));
    put(doc, "url", url(event));
    put(doc, "user_agent", put(MAPPER.createObjectNode(), "original", text(event, "request.user_agent")));
    put(doc, "service", service(event));
    put(doc, "gen_ai", genAi(event));
    put(doc, "rule", rule(event, reasons));
    put(doc, "trace", put(MAPPER.createObjectNode(), "id", text(event, "trace_id")));
    String sub = text(event, "subject.sub");
    put(doc, "related", sub == null ? null : MAPPER.createObjectNode().set("user", Fields.strings(List.of(sub))));
    doc.set("mcp_authz", custom(event, reasons));
    return doc;
  }

  private static ObjectNode event(JsonNode event, boolean allowed) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("kind", "event");
    out.set("category", Fields.strings(List.of("api")));
    out.set("type", Fields.strings(List.of(allowed ? "allowed" : "denied")));
    out.put("outcome", allowed ? "success" : "failure");
    put(out, "action", text(event, "mcp.method"));
    out.put("id", text(event, "decision_id"));
    out.put("dataset", "mcp_authz.decision");
    out.put("module", "mcp_authz");
    out.put("provider", "mcp-authz");
    put(out, "reason", Fields.firstReasonMessage(event));
    JsonNode latency = event.path("latency_us");
    if (latency.isIntegralNumber()) {
      out.put("duration", latency.longValue() * 1_000); // ECS durations are nanoseconds
    }
    return out;
  }

  private static String message(JsonNode event, List<String> reasons) {
    String tool = text(event, "mcp.tool");
    return text(event, "decision") + " " + String.valueOf(text(event, "mcp.method"))
        + (tool == null ? "" : " " + tool) + (reasons.isEmpty() ? "" : ": " + String.join(",", reasons));
  }

  private static ObjectNode user(JsonNode event) {
    ObjectNode user = MAPPER.createObjectNode();
    put(user, "id", text(event, "subject.sub"));
    put(user, "name", text(event, "subject.sub"));
    put(user, "roles", Fields.strings(Fields.textList(event, "subject.roles")));
    return user;
  }

  private static ObjectNode http(JsonNode event) {
    ObjectNode http = MAPPER.createObjectNode();
    ObjectNode request = MAPPER.createObjectNode();
    put(request, "method", text(event, "request.method"));
    put(request, "id", text(event, "request.id"));
    put(http, "request", request);
    JsonNode status = event.path("status");
    if (status.isIntegralNumber()) {
      http.putObject("response").put("status_code", status.intValue());
    }
    return http;
  }

  private static ObjectNode url(JsonNode event) {
    ObjectNode url = MAPPER.createObjectNode();
    put(url, "path", text(event, "request.path"));
    put(url, "domain", text(event, "request.host"));
    return url;
  }

  private static ObjectNode service(JsonNode event) {
    ObjectNode service = MAPPER.createObjectNode().put("name", "mcp-authz");
    put(service, "target", put(MAPPER.createObjectNode(), "name", text(event, "route.server")));
    return service;
  }

  // OpenTelemetry's GenAI conventions, as ECS adopted them: the agent and the tool it called.
  private static ObjectNode genAi(JsonNode event) {
    ObjectNode genAi = MAPPER.createObjectNode();
    put(genAi, "agent", put(MAPPER.createObjectNode(), "id", text(event, "subject.client_id")));
    if ("tools/call".equals(text(event, "mcp.method"))) {
      genAi.putObject("operation").put("name", "execute_tool");
      ObjectNode tool = genAi.putObject("tool");
      put(tool, "name", text(event, "mcp.tool"));
      put(tool, "call", put(MAPPER.createObjectNode(), "id", scalar(event, "mcp.id")));
    }
    return genAi;
  }

  private static ObjectNode rule(JsonNode event, List<String> reasons) {
    ObjectNode rule = MAPPER.createObjectNode().put("ruleset", "data.mcp.authz.decision");
    put(rule, "name", reasons.isEmpty() ? null : reasons.get(0));
    put(rule, "version", text(event, "policy.revision"));
    return rule;
  }

  private static ObjectNode custom(JsonNode event, List<String> reasons) {
    ObjectNode custom = MAPPER.createObjectNode();
    put(custom, "decision", text(event, "decision"));
    put(custom, "action_class", text(event, "action_class"));
    custom.set("reasons", Fields.strings(reasons));
    put(custom, "client_id", text(event, "subject.client_id"));
    put(custom, "issuer", text(event, "subject.iss"));
    put(custom, "origin", text(event, "request.origin"));
    put(custom, "mcp", event.path("mcp"));
    put(custom, "latency_us", event.path("latency_us"));
    return custom;
  }
}
