package io.mcpauthz.pdp.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The analysis of one message's arguments for the policy (docs/security.md, "Argument
 * analysis"). The PDP cannot know which arguments the catalogue constrains, so it analyses every
 * top-level argument: its JSON type, and for a string (or each string of an array) how it reads
 * as SQL, as an absolute path and as a URI. Work is bounded per message; whatever was not
 * analysed carries no analysis, and a constraint on it denies.
 */
public final class ArgumentAnalysis {

  static final int MAX_ARGUMENTS = 64;
  static final int MAX_ITEMS = 64;
  static final int MAX_SQL_PARSES = 8;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private int sqlParses;

  private ArgumentAnalysis() {}

  /** {@code {<argument>: analysis}} for a tool's or prompt's arguments object. */
  public static ObjectNode ofArguments(JsonNode arguments) {
    ArgumentAnalysis analysis = new ArgumentAnalysis();
    ObjectNode out = JSON.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = arguments.fields();
    for (int n = 0; fields.hasNext() && n < MAX_ARGUMENTS; n++) {
      Map.Entry<String, JsonNode> field = fields.next();
      out.set(field.getKey(), analysis.ofValue(field.getValue(), true));
    }
    return out;
  }

  /** {@code {"uri": uri analysis}} for a resource URI. */
  public static ObjectNode ofResourceUri(String uri) {
    return JSON.objectNode().set("uri", uri == null ? PathAnalyzer.invalid("empty") : UriAnalyzer.analyse(uri));
  }

  private ObjectNode ofValue(JsonNode value, boolean top) {
    ObjectNode out = JSON.objectNode().put("type", type(value));
    if (value.isTextual()) {
      String text = value.asText();
      out.set("sql", sql(text));
      out.set("path", PathAnalyzer.analyse(text));
      out.set("uri", UriAnalyzer.analyse(text));
    } else if (value.isArray() && top) {
      ArrayNode items = out.putArray("items");
      for (int i = 0; i < Math.min(value.size(), MAX_ITEMS); i++) {
        items.add(ofValue(value.get(i), false));
      }
      out.put("truncated", value.size() > MAX_ITEMS);
    }
    return out;
  }

  private ObjectNode sql(String text) {
    String refused = SqlAnalyzer.precheck(text);
    if (refused != null) {
      return SqlAnalyzer.unparsed(refused); // refused before any parsing: costs no budget
    }
    return ++sqlParses > MAX_SQL_PARSES ? SqlAnalyzer.unparsed("budget_exhausted") : SqlAnalyzer.parseChecked(text);
  }

  private static String type(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
