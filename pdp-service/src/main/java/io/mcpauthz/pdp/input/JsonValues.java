package io.mcpauthz.pdp.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;

/** Plain Java values (strings, numbers, booleans, lists, maps) to JSON nodes, without reflection. */
public final class JsonValues {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonValues() {}

  public static JsonNode toNode(Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof String s) {
      return JSON.textNode(s);
    }
    if (value instanceof Long l) {
      return JSON.numberNode(l);
    }
    if (value instanceof Integer i) {
      return JSON.numberNode(i);
    }
    if (value instanceof Double d) {
      return JSON.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    if (value instanceof Collection<?> collection) {
      ArrayNode array = JSON.arrayNode();
      collection.forEach(item -> array.add(toNode(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = JSON.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toNode(v)));
      return object;
    }
    return JSON.textNode(value.toString());
  }
}
