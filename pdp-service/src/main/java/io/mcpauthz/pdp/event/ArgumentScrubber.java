package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mcpauthz.pdp.mcp.CaseFold;
import java.util.Collection;
import java.util.Map;

/**
 * Copies tool arguments for the audit event with secrets replaced: values under credential
 * names ({@link SecretNames}), the fields a policy asked to redact, and every secret that
 * {@link SecretRules} find inside any string (names included), cut out of the text as
 * {@code [REDACTED]} by the {@link SecretScanner}. The original arguments (seen by the policy)
 * are not changed.
 */
public final class ArgumentScrubber {

  public static final String REDACTED_TEXT = SecretScanner.REDACTED;
  public static final TextNode REDACTED = TextNode.valueOf(REDACTED_TEXT);

  private static final SecretScanner SCANNER = new SecretScanner(SecretRules.load());
  private static final int MAX_DEPTH = 16;

  private ArgumentScrubber() {}

  /** Loads the rules now (the first event would otherwise): a PDP without them does not start. */
  static int ruleCount() {
    return SCANNER.ruleCount();
  }

  /**
   * @param redact argument field names the policy asked to hide, at any depth, in any spelling
   *     a Go server binds to them ({@code Body} is {@code body})
   */
  public static JsonNode scrub(JsonNode arguments, Collection<String> redact) {
    return copy(arguments, redact, 0);
  }

  /** The text with every secret the rules find in it replaced by {@code [REDACTED]}. */
  public static String scrubText(String text) {
    return text == null ? null : SCANNER.scrub(text);
  }

  private static JsonNode copy(JsonNode node, Collection<String> redact, int depth) {
    if (depth > MAX_DEPTH) {
      return REDACTED;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = field.getKey();
        boolean secret = SecretNames.isSecret(name) || redact.stream().anyMatch(r -> CaseFold.equal(r, name));
        out.set(scrubText(name), secret ? REDACTED : copy(field.getValue(), redact, depth + 1));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> out.add(copy(item, redact, depth + 1)));
      return out;
    }
    if (node.isTextual()) {
      String scrubbed = scrubText(node.textValue());
      return scrubbed.equals(node.textValue()) ? node : TextNode.valueOf(scrubbed);
    }
    return node;
  }
}
