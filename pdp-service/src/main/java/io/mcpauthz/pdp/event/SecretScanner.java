package io.mcpauthz.pdp.event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * Cuts every secret the {@link SecretRules} find out of a text. One Aho-Corasick pass over the
 * text finds the rules whose keywords it contains; only those run their regex.
 */
final class SecretScanner {

  static final String REDACTED = "[REDACTED]";
  /** Shorter than any secret a rule describes: not worth a look. */
  private static final int MIN_SECRET_CHARS = 8;

  private final List<SecretRule> rules;
  private final List<SecretRule> alwaysRun = new ArrayList<>();
  private final Map<String, List<SecretRule>> byKeyword = new HashMap<>();
  private final Trie keywords;

  SecretScanner(List<SecretRule> rules) {
    this.rules = rules;
    for (SecretRule rule : rules) {
      if (rule.keywords().isEmpty()) {
        alwaysRun.add(rule);
      }
      rule.keywords().forEach(k -> byKeyword.computeIfAbsent(k, x -> new ArrayList<>()).add(rule));
    }
    this.keywords = Trie.builder().ignoreCase().addKeywords(byKeyword.keySet()).build();
  }

  int ruleCount() {
    return rules.size();
  }

  String scrub(String text) {
    if (text.length() < MIN_SECRET_CHARS) {
      return text;
    }
    Set<SecretRule> candidates = new LinkedHashSet<>(alwaysRun);
    for (Emit keyword : keywords.parseText(text)) {
      candidates.addAll(byKeyword.get(keyword.getKeyword()));
    }
    List<int[]> spans = new ArrayList<>();
    candidates.forEach(rule -> rule.find(text, spans));
    return spans.isEmpty() ? text : cut(text, spans);
  }

  private static String cut(String text, List<int[]> spans) {
    spans.sort(Comparator.comparingInt(span -> span[0]));
    StringBuilder out = new StringBuilder(text.length());
    int written = 0;
    for (int[] span : spans) {
      if (span[0] >= written) {
        out.append(text, written, span[0]).append(REDACTED);
      }
      written = Math.max(written, span[1]); // an overlapping span widens the cut already made
    }
    return out.append(text, written, text.length()).toString();
  }
}
