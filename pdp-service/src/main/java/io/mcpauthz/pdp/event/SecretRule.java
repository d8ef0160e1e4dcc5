package io.mcpauthz.pdp.event;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One secret pattern, with gitleaks' semantics: looked for only when the text contains one of
 * its keywords (lower case), the secret is capture group {@code secretGroup} (0: the first
 * non-empty group, else the whole match), and it counts only with at least {@code entropy} bits
 * of Shannon entropy per character and when no allowlist excuses it.
 */
record SecretRule(String id, Pattern regex, int secretGroup, double entropy, List<String> keywords,
    List<Allowlist> allowlists) {

  /** gitleaks' rule-level allowlist: a regex over the secret (or the whole match), or a stopword in the secret. */
  record Allowlist(List<Pattern> regexes, boolean onMatch, List<String> stopwords) {

    boolean excuses(String secret, String match) {
      String target = onMatch ? match : secret;
      String lower = secret.toLowerCase(java.util.Locale.ROOT);
      return regexes.stream().anyMatch(r -> r.matcher(target).find()) || stopwords.stream().anyMatch(lower::contains);
    }
  }

  /** Adds the [start, end) spans of the secrets found in {@code text} to {@code spans}. */
  void find(String text, List<int[]> spans) {
    Matcher matcher = regex.matcher(text);
    while (matcher.find()) {
      int group = secretGroup > 0 ? secretGroup : firstNonEmptyGroup(matcher);
      if (group > matcher.groupCount() || matcher.start(group) < 0) {
        continue;
      }
      String secret = matcher.group(group);
      if (secret.isEmpty() || entropy(secret) < entropy) {
        continue;
      }
      if (allowlists.stream().noneMatch(a -> a.excuses(secret, matcher.group()))) {
        spans.add(new int[] {matcher.start(group), matcher.end(group)});
      }
    }
  }

  private static int firstNonEmptyGroup(Matcher matcher) {
    for (int group = 1; group <= matcher.groupCount(); group++) {
      if (matcher.start(group) >= 0 && matcher.end(group) > matcher.start(group)) {
        return group;
      }
    }
    return 0;
  }

  /** Shannon entropy in bits per character, as gitleaks computes it. */
  static double entropy(String text) {
    char[] chars = text.toCharArray();
    java.util.Arrays.sort(chars);
    double bits = 0;
    for (int start = 0, end; start < chars.length; start = end) {
      end = start;
      while (end < chars.length && chars[end] == chars[start]) {
        end++;
      }
      double p = (double) (end - start) / chars.length;
      bits -= p * Math.log(p) / Math.log(2);
    }
    return bits;
  }
}
