package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Fits a decision event under a size limit, measured as Kafka sees it: the serialized UTF-8
 * bytes. Non-BMP characters are written as their 4 UTF-8 bytes, not as two 6-byte backslash-u
 * escapes (Jackson's default), so padding costs no more than in the body. Steps, each only while
 * still too large: replace argument values with {@code {"truncated": true, "original_bytes": N}},
 * largest first; replace the whole arguments object so; cut every long string; keep only the
 * identifying skeleton. The event is never dropped; a shortened one says
 * {@code "truncated": {"original_bytes": N}}.
 */
final class EventSizeCap {

  /** Below this even the skeleton of an event with long identifiers might not fit. */
  static final int MIN_BYTES = 8192;
  static final int LONG_STRING_CHARS = 1024;
  static final String CUT_MARK = "…[truncated]";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> SKELETON = List.of("schema", "decision_id", "time", "decision", "status",
      "action_class", "reasons", "route", "truncated");

  /** Writes events as they go to Kafka. */
  static final ObjectWriter WRITER = new ObjectMapper().writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

  private final int maxBytes;

  EventSizeCap(int maxBytes) {
    if (maxBytes < MIN_BYTES) {
      throw new IllegalArgumentException("mcp-authz.events.max-event-bytes must be at least " + MIN_BYTES);
    }
    this.maxBytes = maxBytes;
  }

  /** The serialized size of a value in the event, in UTF-8 bytes. */
  static int size(JsonNode node) {
    try {
      return WRITER.writeValueAsBytes(node).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** @param truncated whether the event had to be shortened (it is changed in place) */
  record Fitted(byte[] bytes, boolean truncated) {}

  Fitted fit(ObjectNode event) throws JsonProcessingException {
    byte[] bytes = WRITER.writeValueAsBytes(event);
    if (bytes.length <= maxBytes) {
      return new Fitted(bytes, false);
    }
    event.putObject("truncated").put("original_bytes", bytes.length);
    JsonNode mcp = event.path("mcp");
    if (mcp.path("arguments").isObject()) {
      bytes = truncateLargestArguments(event, (ObjectNode) mcp.get("arguments"));
    }
    if (bytes.length > maxBytes && mcp.path("arguments").isContainerNode()) {
      ((ObjectNode) mcp).set("arguments", marker(size(mcp.get("arguments"))));
      bytes = WRITER.writeValueAsBytes(event);
    }
    if (bytes.length > maxBytes) {
      cutLongStrings(event);
      bytes = WRITER.writeValueAsBytes(event);
    }
    if (bytes.length > maxBytes) {
      event.retain(SKELETON); // reasons are cut strings now, but a policy may give thousands
      event.withArray("reasons").removeAll();
      bytes = WRITER.writeValueAsBytes(event);
    }
    return new Fitted(bytes, true);
  }

  private byte[] truncateLargestArguments(ObjectNode event, ObjectNode arguments) throws JsonProcessingException {
    List<Map.Entry<String, Integer>> sizes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : arguments.properties()) {
      sizes.add(Map.entry(field.getKey(), size(field.getValue())));
    }
    sizes.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()));
    int total = WRITER.writeValueAsBytes(event).length;
    for (Map.Entry<String, Integer> largest : sizes) {
      if (total <= maxBytes) {
        break;
      }
      ObjectNode marker = marker(largest.getValue());
      arguments.set(largest.getKey(), marker);
      total -= largest.getValue() - size(marker);
    }
    return WRITER.writeValueAsBytes(event);
  }

  private static ObjectNode marker(int originalBytes) {
    return JSON.objectNode().put("truncated", true).put("original_bytes", originalBytes);
  }

  /** Cuts, at any depth, every string longer than {@link #LONG_STRING_CHARS} (never inside a surrogate pair). */
  private static void cutLongStrings(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (isLong(field.getValue())) {
          field.setValue(cut(field.getValue().textValue()));
        } else {
          cutLongStrings(field.getValue());
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (isLong(node.get(i))) {
          ((ArrayNode) node).set(i, cut(node.get(i).textValue()));
        } else {
          cutLongStrings(node.get(i));
        }
      }
    }
  }

  private static boolean isLong(JsonNode node) {
    return node.isTextual() && node.textValue().length() > LONG_STRING_CHARS;
  }

  private static TextNode cut(String text) {
    int end = Character.isHighSurrogate(text.charAt(LONG_STRING_CHARS - 1)) ? LONG_STRING_CHARS - 1 : LONG_STRING_CHARS;
    return TextNode.valueOf(text.substring(0, end) + CUT_MARK);
  }
}
