package io.mcpauthz.audit.siem;

import static io.mcpauthz.audit.siem.Fields.MAPPER;
import static io.mcpauthz.audit.siem.Fields.put;
import static io.mcpauthz.audit.siem.Fields.scalar;
import static io.mcpauthz.audit.siem.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A decision event as an OCSF 1.8.0 API Activity (class 6003, category 6 Application Activity),
 * with the {@code security_control} profile (the allow/deny verdict and the policy), the
 * {@code ai_operation} profile (the agent, the MCP server, the session) and {@code trace}.
 * MCP details without an OCSF home (arguments, kind, JSON-RPC id) go to {@code unmapped.mcp}.
 */
public final class OcsfApiActivity {

  public static final String VERSION = "1.8.0";
  public static final List<String> PROFILES = List.of("security_control", "ai_operation", "trace");
  static final int CLASS_UID = 6003;
  static final int CATEGORY_UID = 6;

  private OcsfApiActivity() {
  }

  public static ObjectNode of(JsonNode event) {
    boolean allowed = "allow".equals(text(event, "decision"));
    int activity = activityId(text(event, "action_class"));
    ObjectNode out = MAPPER.createObjectNode();
    out.put("class_uid", CLASS_UID).put("class_name", "API Activity");
    out.put("category_uid", CATEGORY_UID).put("category_name", "Application Activity");
    out.put("activity_id", activity).put("activity_name", activityName(activity, event));
    out.put("type_uid", CLASS_UID * 100 + activity);
    out.put("time", OffsetDateTime.parse(text(event, "time")).toInstant().toEpochMilli());
    out.put("severity_id", allowed ? 1 : 2).put("severity", allowed ? "Informational" : "Low");
    out.put("status_id", allowed ? 1 : 2).put("status", allowed ? "Success" : "Failure");
    put(out, "status_code", scalar(event, "status"));
    List<String> reasons = Fields.reasonCodes(event);
    put(out, "status_detail", reasons.isEmpty() ? null : String.join(",", reasons));
    put(out, "message", Fields.firstReasonMessage(event));
    out.put("action_id", allowed ? 1 : 2).put("action", allowed ? "Allowed" : "Denied");
    out.put("disposition_id", allowed ? 1 : 2).put("disposition", allowed ? "Allowed" : "Blocked");
    out.set("metadata", metadata(event));
    out.set("actor", actor(event, allowed));
    out.set("api", api(event, reasons));
    out.set("src_endpoint", srcEndpoint(event));
    put(out, "http_request", httpRequest(event));
    put(out, "policy", policy(event));
    put(out, "message_context", messageContext(event));
    put(out, "trace", put(MAPPER.createObjectNode(), "uid", text(event, "trace_id")));
    put(out, "unmapped", unmapped(event));
    return out;
  }

  // What the policy classified the message as, in OCSF's CRUD terms; 99 Other keeps the name.
  static int activityId(String actionClass) {
    if (actionClass == null) {
      return 0;
    }
    return switch (actionClass) {
      case "read", "query" -> 2;
      case "create" -> 1;
      case "update", "write" -> 3;
      case "delete" -> 4;
      default -> 99;
    };
  }

  private static String activityName(int activity, JsonNode event) {
    return switch (activity) {
      case 0 -> "Unknown";
      case 1 -> "Create";
      case 2 -> "Read";
      case 3 -> "Update";
      case 4 -> "Delete";
      default -> text(event, "action_class");
    };
  }

  private static ObjectNode metadata(JsonNode event) {
    ObjectNode metadata = MAPPER.createObjectNode().put("version", VERSION);
    metadata.putObject("product").put("name", "mcp-authz").put("vendor_name", "mcp-authz");
    metadata.put("uid", text(event, "decision_id"));
    metadata.put("log_name", "mcp-authz.decisions");
    metadata.put("log_version", text(event, "schema"));
    put(metadata, "correlation_uid", text(event, "mcp.session_id"));
    put(metadata, "event_code", text(event, "mcp.method"));
    metadata.set("profiles", Fields.strings(PROFILES));
    return metadata;
  }

  private static ObjectNode actor(JsonNode event, boolean allowed) {
    ObjectNode actor = MAPPER.createObjectNode();
    String sub = text(event, "subject.sub");
    ObjectNode user = MAPPER.createObjectNode();
    put(user, "uid", sub);
    put(user, "name", sub == null ? "anonymous" : sub);
    put(user, "groups", groups(event));
    actor.set("user", user);
    put(actor, "app_name", text(event, "subject.client_id"));
    put(actor, "idp", put(MAPPER.createObjectNode(), "name", text(event, "subject.iss")));
    put(actor, "session", put(MAPPER.createObjectNode(), "uid", text(event, "mcp.session_id")));
    ObjectNode authorization = actor.putArray("authorizations").addObject();
    authorization.put("decision", allowed ? "allow" : "deny");
    put(authorization, "policy", policy(event));
    return actor;
  }

  // OCSF has groups, not roles: the token's roles become groups of type "role".
  private static JsonNode groups(JsonNode event) {
    var groups = MAPPER.createArrayNode();
    for (String role : Fields.textList(event, "subject.roles")) {
      groups.addObject().put("name", role).put("type", "role");
    }
    return groups;
  }

  private static ObjectNode api(JsonNode event, List<String> reasons) {
    ObjectNode api = MAPPER.createObjectNode();
    String method = text(event, "mcp.method");
    api.put("operation", method == null ? "unknown" : method);
    put(api, "version", text(event, "mcp.protocol_version"));
    put(api, "service", put(MAPPER.createObjectNode(), "name", text(event, "route.server")));
    String requestId = text(event, "request.id");
    api.putObject("request").put("uid", requestId == null ? text(event, "decision_id") : requestId);
    ObjectNode response = api.putObject("response");
    JsonNode status = event.path("status");
    if (status.isIntegralNumber()) {
      response.put("code", status.intValue());
    }
    put(response, "error", reasons.isEmpty() || "allow".equals(text(event, "decision")) ? null : reasons.get(0));
    put(response, "message", Fields.firstReasonMessage(event));
    return api;
  }

  private static ObjectNode srcEndpoint(JsonNode event) {
    String ip = text(event, "request.source_address");
    // OCSF requires an endpoint; without an address the PDP saw none.
    return ip == null ? MAPPER.createObjectNode().put("name", "unknown") : MAPPER.createObjectNode().put("ip", ip);
  }

  private static ObjectNode httpRequest(JsonNode event) {
    ObjectNode http = MAPPER.createObjectNode();
    put(http, "http_method", text(event, "request.method"));
    put(http, "uid", text(event, "request.id"));
    put(http, "user_agent", text(event, "request.user_agent"));
    ObjectNode url = MAPPER.createObjectNode();
    put(url, "path", text(event, "request.path"));
    put(url, "hostname", text(event, "request.host"));
    put(http, "url", url);
    return http;
  }

  private static ObjectNode policy(JsonNode event) {
    ObjectNode policy = MAPPER.createObjectNode().put("name", "data.mcp.authz.decision");
    put(policy, "version", text(event, "policy.revision"));
    return policy;
  }

  // The agent (client application), the MCP server it called, and the session as context.
  private static ObjectNode messageContext(JsonNode event) {
    ObjectNode context = MAPPER.createObjectNode();
    put(context, "uid", text(event, "mcp.session_id"));
    put(context, "name", text(event, "mcp.tool"));
    boolean toolCall = "tools/call".equals(text(event, "mcp.method"));
    context.put("ai_role_id", toolCall ? 3 : 4).put("ai_role", toolCall ? "Tool" : "Agent");
    put(context, "application", put(MAPPER.createObjectNode(), "name", text(event, "subject.client_id")));
    put(context, "service", put(MAPPER.createObjectNode(), "name", text(event, "route.server")));
    return context;
  }

  private static ObjectNode unmapped(JsonNode event) {
    ObjectNode unmapped = MAPPER.createObjectNode();
    put(unmapped, "mcp", event.path("mcp"));
    put(unmapped, "action_class", text(event, "action_class"));
    put(unmapped, "reasons", event.path("reasons"));
    put(unmapped, "latency_us", event.path("latency_us"));
    put(unmapped, "origin", text(event, "request.origin"));
    return unmapped;
  }
}
