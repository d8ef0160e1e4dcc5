package io.mcpauthz.pdp.mcp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Member names the specifications define, by their case-folded form. A key that folds to one of
 * them but is spelled otherwise ({@code Method}, {@code PARAMS}, {@code paramſ}, {@code Arguments})
 * is the same member to a case-insensitive decoder and an unknown one to everybody else.
 */
final class McpMembers {

  /** JSON-RPC 2.0: the only members a request, notification or response has. */
  static final McpMembers ENVELOPE = new McpMembers(List.of("jsonrpc", "id", "method", "params", "result", "error"));

  /** MCP request and notification {@code params} members a client sends, all revisions. */
  static final McpMembers PARAMS = new McpMembers(List.of("_meta", "name", "arguments", "uri", "cursor",
      "protocolVersion", "capabilities", "clientInfo", "ref", "argument", "context", "level", "requestId",
      "reason", "progressToken", "progress", "total", "message", "task", "taskId"));

  /** No defined names: members deeper than {@code params}, whose names the tool defines. */
  static final McpMembers NONE = new McpMembers(List.of());

  private final Map<String, String> byFoldedName = new HashMap<>();

  private McpMembers(List<String> names) {
    names.forEach(name -> byFoldedName.put(CaseFold.key(name), name));
  }

  /** The defined member the key folds to, or null when it folds to none. */
  String canonical(String key) {
    return byFoldedName.get(CaseFold.key(key));
  }

  boolean isDefined(String key) {
    return key.equals(canonical(key));
  }
}
