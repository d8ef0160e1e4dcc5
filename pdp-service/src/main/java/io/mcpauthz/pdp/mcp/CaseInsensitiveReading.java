package io.mcpauthz.pdp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DecisionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a case-insensitive decoder (Go's {@code encoding/json}, as in mcp-go) makes of a body the
 * PDP refuses for its keys: members merged by folded name, the last one wins, spelled as the
 * specification spells them; unknown envelope members ignored; a {@code method} makes it a call.
 * The refusal is recorded with this meaning, so the audit trail shows the call that was smuggled,
 * not the harmless one the exact names spell.
 */
final class CaseInsensitiveReading {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CaseInsensitiveReading() {}

  /** The messages the values mean to such a decoder; those that mean no valid message are left out. */
  static List<McpMessage> of(List<JsonNode> values) {
    List<McpMessage> messages = new ArrayList<>(values.size());
    for (JsonNode value : values) {
      try {
        messages.add(JsonRpc.toMessage(read(value)));
      } catch (DecisionException e) {
        // no message in this reading either: the refusal is recorded without one
      }
    }
    return messages;
  }

  static JsonNode read(JsonNode message) {
    if (!message.isObject()) {
      return message;
    }
    ObjectNode envelope = merge(message, McpMembers.ENVELOPE, true);
    if (envelope.has("method")) {
      envelope.remove(List.of("result", "error"));
    }
    JsonNode params = envelope.get("params");
    if (params != null && params.isObject()) {
      envelope.set("params", merge(params, McpMembers.PARAMS, false));
    }
    return envelope;
  }

  private static ObjectNode merge(JsonNode object, McpMembers names, boolean definedOnly) {
    Map<String, String> spelling = new HashMap<>();
    ObjectNode merged = JSON.objectNode();
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      String canonical = names.canonical(member.getKey());
      if (definedOnly && canonical == null) {
        continue;
      }
      String key = spelling.computeIfAbsent(CaseFold.key(member.getKey()),
          folded -> canonical != null ? canonical : member.getKey());
      merged.set(key, deep(member.getValue()));
    }
    return merged;
  }

  private static JsonNode deep(JsonNode node) {
    if (node.isObject()) {
      return merge(node, McpMembers.NONE, false);
    }
    if (node.isArray()) {
      ArrayNode array = JSON.arrayNode(node.size());
      node.forEach(element -> array.add(deep(element)));
      return array;
    }
    return node;
  }
}
