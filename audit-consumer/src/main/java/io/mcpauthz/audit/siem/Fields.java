package io.mcpauthz.audit.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Small helpers for building projections: read optional fields of the event, write only the
 * present ones (the target schemas type their fields strictly and have no use for nulls).
 */
final class Fields {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Fields() {
  }

  /** The text at a dotted path, or null when absent, null or not text. */
  static String text(JsonNode event, String path) {
    JsonNode node = at(event, path);
    return node.isTextual() ? node.textValue() : null;
  }

  /** The value at a dotted path as text (numbers too, e.g. a JSON-RPC id), or null. */
  static String scalar(JsonNode event, String path) {
    JsonNode node = at(event, path);
    return node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  static JsonNode at(JsonNode event, String path) {
    JsonNode node = event;
    for (String name : path.split("\\.")) {
      node = node.path(name);
    }
    return node;
  }

  /** The reason codes, in order, without repeats. */
  static List<String> reasonCodes(JsonNode event) {
    List<String> codes = new ArrayList<>();
    for (JsonNode reason : event.path("reasons")) {
      String code = reason.path("code").textValue();
      if (code != null && !codes.contains(code)) {
        codes.add(code);
      }
    }
    return codes;
  }

  /** The first reason's message, or null. */
  static String firstReasonMessage(JsonNode event) {
    for (JsonNode reason : event.path("reasons")) {
      if (reason.path("message").isTextual()) {
        return reason.path("message").textValue();
      }
    }
    return null;
  }

  static ObjectNode put(ObjectNode target, String name, String value) {
    if (value != null) {
      target.put(name, value);
    }
    return target;
  }

  static ObjectNode put(ObjectNode target, String name, JsonNode value) {
    if (value != null && !value.isMissingNode() && !value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
      target.set(name, value);
    }
    return target;
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  /** The text values of an array field, skipping anything else. */
  static List<String> textList(JsonNode event, String path) {
    List<String> values = new ArrayList<>();
    for (JsonNode node : at(event, path)) {
      if (node.isTextual()) {
        values.add(node.textValue());
      }
    }
    return values;
  }
}
