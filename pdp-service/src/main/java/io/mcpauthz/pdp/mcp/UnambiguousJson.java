package io.mcpauthz.pdp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.util.HashMap;
import java.util.Map;

/**
 * Refuses a parsed JSON value that MCP implementations would read in different ways, at every
 * nesting level: object keys that collide under case folding (Go's {@code encoding/json} reads
 * {@code name} and {@code Name} as one struct field, last one wins; the policy would see the
 * first), escaped lone surrogates (Go reads U+FFFD, Java and Python keep the half), and numbers
 * that JavaScript and Go cannot hold exactly (integers beyond ±(2^53−1), floats beyond the double
 * range). Linear in the value's size; objects of up to {@value #SMALL_OBJECT} keys allocate nothing.
 */
final class UnambiguousJson {

  private static final long MAX_EXACT_INTEGER = (1L << 53) - 1;
  private static final int SMALL_OBJECT = 8;

  private final String[] keys = new String[SMALL_OBJECT];

  private UnambiguousJson() {}

  static void check(JsonNode value) {
    new UnambiguousJson().walk(value);
  }

  private void walk(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        requireDistinctFoldedKeys(node);
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          walk(member.getValue()); // keys: Jackson's byte parser refuses lone surrogates in names itself
        }
      }
      case ARRAY -> {
        for (JsonNode element : node) {
          walk(element);
        }
      }
      case STRING -> requireWholeCharacters(node.textValue());
      case NUMBER -> requireExactNumber(node);
      default -> { } // true, false, null
    }
  }

  private void requireDistinctFoldedKeys(JsonNode object) {
    if (object.size() < 2) {
      return;
    }
    if (object.size() <= SMALL_OBJECT) { // pairwise, in place: the common case
      int seen = 0;
      for (Map.Entry<String, JsonNode> member : object.properties()) {
        String key = member.getKey();
        for (int i = 0; i < seen; i++) {
          if (CaseFold.equal(keys[i], key)) {
            throw collision(keys[i], key);
          }
        }
        keys[seen++] = key;
      }
      return;
    }
    // HashMap, not a hand-made table: its tree bins keep crafted hash collisions at O(log n)
    Map<String, String> byFoldedKey = new HashMap<>(object.size() * 2);
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      String prior = byFoldedKey.putIfAbsent(CaseFold.key(member.getKey()), member.getKey());
      if (prior != null) {
        throw collision(prior, member.getKey());
      }
    }
  }

  /** Raw surrogates are refused as bad UTF-8 already; only an escape can leave one alone. */
  private static void requireWholeCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (!Character.isHighSurrogate(c) || i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
        throw new DecisionException(ErrorCode.BODY_AMBIGUOUS, "escaped lone surrogate");
      }
      i++;
    }
  }

  private static void requireExactNumber(JsonNode number) {
    boolean exact = number.isInt() || number.isShort()
        || number.isLong() && -MAX_EXACT_INTEGER <= number.longValue() && number.longValue() <= MAX_EXACT_INTEGER
        || (number.isDouble() || number.isFloat()) && Double.isFinite(number.doubleValue());
    if (!exact) {
      throw new DecisionException(ErrorCode.BODY_AMBIGUOUS, "number not held exactly by every reader");
    }
  }

  private static DecisionException collision(String first, String second) {
    return new DecisionException(ErrorCode.BODY_KEY_COLLISION, "keys \"" + first + "\" and \"" + second + "\"");
  }
}
