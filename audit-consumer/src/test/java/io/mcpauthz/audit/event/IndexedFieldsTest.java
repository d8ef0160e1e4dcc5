package io.mcpauthz.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming read against a Jackson tree read of the same text (how events were read before):
 * both must see the same fields, or both refuse the text. Hand-made edge cases plus random
 * mutations of a full event.
 */
class IndexedFieldsTest {

  private static final ObjectMapper TREE = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final String NOISE = "{}[],:\"\\ 0a";

  private static final String EVENT = """
          {"schema": "mcp-authz.decision/v1", "decision_id": "d-1", "time": "2026-11-26T07:00:00.123Z",
           "decision": "deny", "status": 403, "action_class": "admin",
           "reasons": [{"code": "role_not_granted", "message": "m"}, {"code": "mfa_required"}, {"code": "role_not_granted"}],
           "subject": {"sub": "alice", "iss": "i", "client_id": "agent-7", "roles": ["dev", {"x": [1]}]},
           "request": {"id": "r", "method": "POST", "path": "/mcp"}, "route": {"server": "github"},
           "mcp": {"session_id": "s-1", "method": "tools/call", "id": 7, "tool": "delete_repo",
                   "arguments": {"sub": "not the subject", "code": [{"code": "x"}]}, "resource_uri": null},
           "policy": {"revision": "r1"}, "latency_us": 640, "trace_id": "t"}""";

  static List<String> cases() {
    List<String> cases = new ArrayList<>(List.of(EVENT,
        "{}", "[]", "[1, 2", "\"text\"", "7", " ", "{} {}", "{} x", "{\"a\": 1}}", "{\"a\": }",
        "{\"decision_id\": \"a\", \"decision_id\": \"b\"}",
        "{\"decision_id\": \"a\", \"decision_id\": 7}",
        "{\"subject\": {\"sub\": \"a\"}, \"subject\": {\"client_id\": \"c\"}}",
        "{\"subject\": {\"sub\": \"a\"}, \"subject\": \"flat\"}",
        "{\"subject\": {\"sub\": \"a\", \"sub\": null}}",
        "{\"route\": {\"server\": \"a\", \"server\": \"b\"}, \"route\": {\"server\": \"c\"}}",
        "{\"mcp\": {\"tool\": \"t\"}, \"mcp\": [1]}",
        "{\"status\": 403.0}", "{\"status\": 2147483648}", "{\"status\": -2147483648}",
        "{\"status\": \"403\"}", "{\"status\": 1e3}", "{\"status\": 99999999999999999999}",
        "{\"reasons\": {\"a\": {\"code\": \"x\"}, \"b\": {\"code\": \"y\"}}}",
        "{\"reasons\": [\"x\", [{\"code\": \"y\"}], {\"code\": 7}, {\"code\": \"z\", \"code\": \"w\"}]}",
        "{\"reasons\": \"role_not_granted\"}", "{\"reasons\": [{\"code\": \"a\"}], \"reasons\": []}",
        "{\"time\": \"bad \\u0000\", \"schema\": \"x\\\"y\"}", "{\"a\": \"\u0001\"}", "{\"a\": \"\\x\"}",
        "{\"a\": [" + "[".repeat(1200) + "]".repeat(1200) + "]}"));
    Random random = new Random(10);
    for (int i = 0; i < 1000; i++) {
      cases.add(mutate(EVENT, random));
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void shouldReadWhatATreeReads(String json) {
    assertThat(streamed(json)).isEqualTo(tree(json));
  }

  // Deletes, repeats or swaps a few characters: mostly broken JSON, sometimes a changed event.
  private static String mutate(String json, Random random) {
    StringBuilder text = new StringBuilder(json);
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(3)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
        default -> text.insert(at, text.charAt(random.nextInt(text.length())));
      }
    }
    return text.toString();
  }

  private static String streamed(String json) {
    try {
      IndexedFields f = IndexedFields.read(FACTORY, json);
      return f == null ? "not an object" : Arrays.asList(f.schema, f.decisionId, f.time, f.decision, f.status,
          f.actionClass, f.subject, f.clientId, f.server, f.tool, f.mcpMethod, f.sessionId, f.reasons).toString();
    } catch (Exception e) {
      return "invalid";
    }
  }

  private static String tree(String json) {
    JsonNode root;
    try {
      root = TREE.readTree(json);
    } catch (Exception e) {
      return "invalid";
    }
    if (root == null || !root.isObject()) {
      return "not an object";
    }
    JsonNode subject = root.path("subject");
    JsonNode mcp = root.path("mcp");
    JsonNode status = root.path("status");
    List<String> codes = new ArrayList<>();
    for (JsonNode reason : root.path("reasons")) {
      String code = reason.path("code").textValue();
      if (code != null && !codes.contains(code)) {
        codes.add(code);
      }
    }
    return Arrays.asList(root.path("schema").textValue(), root.path("decision_id").textValue(),
        root.path("time").textValue(), root.path("decision").textValue(),
        status.canConvertToInt() && status.isIntegralNumber() ? status.intValue() : null,
        root.path("action_class").textValue(), subject.path("sub").textValue(),
        subject.path("client_id").textValue(), root.path("route").path("server").textValue(),
        mcp.path("tool").textValue(), mcp.path("method").textValue(), mcp.path("session_id").textValue(),
        codes).toString();
  }
}
