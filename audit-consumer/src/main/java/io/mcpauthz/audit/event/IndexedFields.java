package io.mcpauthz.audit.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fields the index reads, picked out of an event's JSON in one streaming pass (no tree: the
 * rest of the event is skipped, not built). Reads exactly as a Jackson tree would: every value
 * is read, a repeated key replaces the earlier value (a repeated object replaces the earlier
 * object whole), a field of the wrong type reads as absent, and {@code reasons} yields the
 * elements of an array or the values of an object. Read through {@link SearchText.Collector},
 * the same pass also yields the search text.
 */
final class IndexedFields {

  String schema;
  String decisionId;
  String time;
  String decision;
  Integer status;
  String actionClass;
  String subject;
  String clientId;
  String server;
  String tool;
  String mcpMethod;
  String sessionId;
  List<String> reasons = List.of();

  /**
   * Reads one JSON document and nothing after it: its fields if it is an object, null if it is
   * other JSON; throws if it is not JSON (a syntax error anywhere, or content after it).
   */
  static IndexedFields read(JsonFactory factory, String json) throws IOException {
    try (JsonParser parser = factory.createParser(json)) {
      return read(parser);
    }
  }

  /** As {@link #read(JsonFactory, String)}, from a parser at the start of the text. */
  static IndexedFields read(JsonParser parser) throws IOException {
    JsonToken root = parser.nextToken();
    IndexedFields fields = null;
    if (root == JsonToken.START_OBJECT) {
      fields = new IndexedFields();
      fields.readRoot(parser);
    } else {
      parser.skipChildren();
    }
    if (root != null && parser.nextToken() != null) {
      throw new JsonParseException(parser, "content after the JSON document");
    }
    return fields;
  }

  private void readRoot(JsonParser parser) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "schema" -> schema = text(parser, value);
        case "decision_id" -> decisionId = text(parser, value);
        case "time" -> time = text(parser, value);
        case "decision" -> decision = text(parser, value);
        case "status" -> status = integer(parser, value);
        case "action_class" -> actionClass = text(parser, value);
        case "reasons" -> reasons = reasonCodes(parser, value);
        case "subject" -> {
          String[] members = readMembers(parser, value, "sub", "client_id");
          subject = members[0];
          clientId = members[1];
        }
        case "route" -> server = readMembers(parser, value, "server")[0];
        case "mcp" -> {
          String[] members = readMembers(parser, value, "tool", "method", "session_id");
          tool = members[0];
          mcpMethod = members[1];
          sessionId = members[2];
        }
        default -> parser.skipChildren();
      }
    }
  }

  /** The text members {@code names} of an object value (the last of each, as in a tree); null where absent. */
  private static String[] readMembers(JsonParser parser, JsonToken value, String... names) throws IOException {
    String[] found = new String[names.length];
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return found;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      int wanted = Arrays.asList(names).indexOf(parser.currentName());
      JsonToken token = parser.nextToken();
      if (wanted >= 0) {
        found[wanted] = text(parser, token);
      } else {
        parser.skipChildren();
      }
    }
    return found;
  }

  private static List<String> reasonCodes(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY && value != JsonToken.START_OBJECT) {
      return List.of();
    }
    JsonToken end = value == JsonToken.START_ARRAY ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
    List<String> codes = new ArrayList<>(2);
    for (JsonToken token = parser.nextToken(); token != end; token = parser.nextToken()) {
      if (token == JsonToken.FIELD_NAME) {
        continue; // the values of an object are its elements
      }
      String code = readMembers(parser, token, "code")[0];
      if (code != null && !codes.contains(code)) {
        codes.add(code);
      }
    }
    return codes;
  }

  private static String text(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  // An integral number within int's range, as JsonNode.canConvertToInt() && isIntegralNumber().
  private static Integer integer(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
      return parser.getIntValue();
    }
    parser.skipChildren();
    return null;
  }
}
