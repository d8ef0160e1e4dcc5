package io.mcpauthz.audit.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a document against Elastic's own ECS field definitions (npm {@code @elastic/ecs}, its
 * {@code EcsFlat} table, extracted to .tools/siem/ecs_flat.json by the launcher): every field is
 * an ECS field of a matching type, array-ness and allowed value, or lives under a custom
 * namespace; {@code event.type} fits {@code event.category}.
 */
public final class EcsFields {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode fields;
  private final List<String> customNamespaces;

  public EcsFields(List<String> customNamespaces) {
    try {
      this.fields = JSON.readTree(Repo.tool("siem/ecs_flat.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.customNamespaces = customNamespaces;
  }

  /** The problems found, one line each; empty when the document is valid ECS. */
  public List<String> problems(JsonNode document) {
    Map<String, JsonNode> flat = new LinkedHashMap<>();
    flatten("", document, flat);
    List<String> problems = new ArrayList<>();
    flat.forEach((name, value) -> {
      if (customNamespaces.stream().noneMatch(ns -> name.startsWith(ns + "."))) {
        check(name, value, problems);
      }
    });
    JsonNode categories = flat.get("event.category");
    JsonNode types = flat.get("event.type");
    if (categories != null && types != null) {
      for (JsonNode category : categories) {
        JsonNode expected = allowed("event.category", category.asText()).path("expected_event_types");
        for (JsonNode type : types) {
          if (!contains(expected, type.asText())) {
            problems.add("event.type " + type + " is not expected for event.category " + category);
          }
        }
      }
    }
    return problems;
  }

  private void check(String name, JsonNode value, List<String> problems) {
    JsonNode field = fields.get(name);
    if (field == null) {
      problems.add(name + " is not an ECS field");
      return;
    }
    boolean array = contains(field.path("normalize"), "array");
    if (value.isArray() != array) {
      problems.add(name + (array ? " must be an array" : " must not be an array"));
    }
    for (JsonNode item : value.isArray() ? value : List.of(value)) {
      String type = field.path("type").asText();
      if (!fits(type, item)) {
        problems.add(name + " value " + item + " is not of ECS type " + type);
      }
      if (field.has("allowed_values") && allowed(name, item.asText()).isMissingNode()) {
        problems.add(name + " value " + item + " is not an allowed value");
      }
    }
  }

  private JsonNode allowed(String name, String value) {
    for (JsonNode allowed : fields.path(name).path("allowed_values")) {
      if (allowed.path("name").asText().equals(value)) {
        return allowed;
      }
    }
    return JSON.missingNode();
  }

  private static boolean fits(String type, JsonNode value) {
    return switch (type) {
      case "keyword", "wildcard", "match_only_text", "text", "constant_keyword", "flattened" -> value.isTextual();
      case "long", "integer", "short", "byte", "unsigned_long" -> value.isIntegralNumber();
      case "float", "double", "scaled_float", "half_float" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "date" -> value.isTextual() && isDate(value.textValue());
      case "ip" -> value.isTextual() && isIp(value.textValue());
      default -> false;
    };
  }

  private static boolean isDate(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  // Literal addresses only: a name here would trigger a DNS lookup.
  private static boolean isIp(String text) {
    if (!text.matches("[0-9a-fA-F:.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (item.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (node.isObject() && !prefix.equals("labels.")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> entry = it.next();
        flatten(prefix + entry.getKey() + ".", entry.getValue(), out);
      }
    } else {
      out.put(prefix.substring(0, prefix.length() - 1), node);
    }
  }
}
