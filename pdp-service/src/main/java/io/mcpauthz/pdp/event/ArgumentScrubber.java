package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Copies tool arguments for the audit event with secrets replaced: values under token-, key-
 * and password-like names, values that look like credentials, and the fields a policy asked to
 * redact. The original arguments (seen by the policy) are not changed.
 */
public final class ArgumentScrubber {

  public static final TextNode REDACTED = TextNode.valueOf("[REDACTED]");

  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(pass(word|wd|phrase)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key"
          + "|credential|authorization|cookie|session[-_]?key|signature).*");
  private static final Pattern SECRET_VALUE = Pattern.compile(
      "(?i)^(bearer\\s+\\S+|basic\\s+\\S+|eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]*"
          + "|(sk|pk|rk)[-_](live|test)?[-_]?\\w{12,}|gh[pousr]_\\w{20,}|xox[abposr]-[\\w-]+|AKIA[0-9A-Z]{16}"
          + "|-----BEGIN [A-Z ]*PRIVATE KEY-----.*)$",
      Pattern.DOTALL);
  private static final int MAX_DEPTH = 16;

  private ArgumentScrubber() {}

  /** @param redact argument field names the policy asked to hide, at any depth */
  public static JsonNode scrub(JsonNode arguments, Collection<String> redact) {
    return copy(arguments, redact, 0);
  }

  private static JsonNode copy(JsonNode node, Collection<String> redact, int depth) {
    if (depth > MAX_DEPTH) {
      return REDACTED;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = field.getKey();
        boolean secret = SECRET_NAME.matcher(name).matches() || redact.contains(name);
        out.set(name, secret ? REDACTED : copy(field.getValue(), redact, depth + 1));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> out.add(copy(item, redact, depth + 1)));
      return out;
    }
    if (node.isTextual() && SECRET_VALUE.matcher(node.textValue().trim()).matches()) {
      return REDACTED;
    }
    return node;
  }
}
