package io.mcpauthz.pdp.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jboss.logging.Logger;

/**
 * The secret patterns scrubbed from events: gitleaks' maintained default rule set (its
 * {@code gitleaks.toml}, put on the classpath at build time by {@code src/build/secret-rules.sh}),
 * plus a few rules for what gitleaks only finds in source code (a secret followed by a quote or
 * a line end) but events carry inside any text.
 */
final class SecretRules {

  static final String RESOURCE = "secret-rules/gitleaks.toml";

  private static final Logger LOGGER = Logger.getLogger(SecretRules.class);

  /** Ours: credentials in running text, where gitleaks' rules want a delimiter after them. */
  private static final List<SecretRule> HOUSE_RULES = List.of(
      // RFC 6750 / RFC 7617: "Authorization: Bearer <b64token>" or "Basic <base64>" in any text;
      // a digit or symbol in it tells a credential from prose ("basic setup").
      house("authorization-credential",
          "(?i)\\b(?:bearer|basic)\\s+((?=[A-Za-z0-9._~+/-]*[0-9._~+/=-])[A-Za-z0-9._~+/-]{6,}=*)", "bearer", "basic"),
      // A JWT (RFC 7519 compact form) anywhere, e.g. inside a URL query or a longer word.
      house("jwt-anywhere", "(eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*)", "eyj"),
      // RFC 3986 userinfo: the password of scheme://user:password@host.
      house("url-userinfo-password", "(?i)\\b[a-z][a-z0-9+.-]*://[^/\\s:@]*:([^/\\s@]+)@", "://"),
      // A PEM private key, also one cut short before its END line.
      house("private-key-block", "(?s)(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----.*?"
          + "(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|\\z))", "private key"));

  private SecretRules() {}

  static List<SecretRule> load() {
    try (InputStream toml = SecretRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (toml == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath: the build puts it there");
      }
      List<SecretRule> rules = new ArrayList<>(HOUSE_RULES);
      List<String> skipped = new ArrayList<>();
      for (JsonNode rule : new TomlMapper().readTree(toml).path("rules")) {
        try {
          if (rule.hasNonNull("regex")) {
            rules.add(gitleaks(rule));
          }
        } catch (PatternSyntaxException e) {
          skipped.add(rule.path("id").asText());
        }
      }
      if (skipped.isEmpty()) {
        LOGGER.infof("secret rules loaded rules=%d", rules.size());
      } else { // a newer gitleaks release may use syntax compile() does not translate yet
        LOGGER.warnf("secret rules loaded rules=%d skipped_uncompilable=%s", rules.size(), skipped);
      }
      return List.copyOf(rules);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static SecretRule gitleaks(JsonNode rule) {
    List<SecretRule.Allowlist> allowlists = new ArrayList<>();
    for (JsonNode allow : rule.path("allowlists")) {
      if (!allow.has("paths") && !allow.has("commits")) { // path and commit conditions never hold for an event
        allowlists.add(new SecretRule.Allowlist(patterns(allow.path("regexes")),
            !"secret".equals(allow.path("regexTarget").asText("secret")), lowerCase(allow.path("stopwords"))));
      }
    }
    return new SecretRule(rule.path("id").asText(), compile(rule.path("regex").asText()),
        rule.path("secretGroup").asInt(0), rule.path("entropy").asDouble(0), lowerCase(rule.path("keywords")),
        List.copyOf(allowlists));
  }

  /**
   * Go's RE2 syntax to java.util.regex: named groups keep their number, POSIX classes become
   * {@code \p{…}}, a literal {@code {} or a leading {@code ]} in a class is escaped.
   */
  static Pattern compile(String goRegex) {
    String java = goRegex
        .replaceAll("\\(\\?P?<[A-Za-z0-9_]+>", "(")
        .replaceAll("(?<!\\\\|\\\\[pPx])\\{(?!\\d+(?:,\\d*)?})", "\\\\{")
        .replace("[^]", "[^\\]").replace("[]", "[\\]")
        .replace("[:alnum:]", "\\p{Alnum}").replace("[:alpha:]", "\\p{Alpha}").replace("[:digit:]", "\\d")
        .replace("[:upper:]", "\\p{Upper}").replace("[:lower:]", "\\p{Lower}").replace("[:space:]", "\\s")
        .replace("[:xdigit:]", "\\p{XDigit}").replace("[:punct:]", "\\p{Punct}");
    return Pattern.compile(java);
  }

  private static List<Pattern> patterns(JsonNode regexes) {
    List<Pattern> patterns = new ArrayList<>();
    regexes.forEach(r -> patterns.add(compile(r.asText())));
    return List.copyOf(patterns);
  }

  private static List<String> lowerCase(JsonNode words) {
    List<String> list = new ArrayList<>();
    words.forEach(w -> list.add(w.asText().toLowerCase(Locale.ROOT)));
    return List.copyOf(list);
  }

  private static SecretRule house(String id, String regex, String... keywords) {
    return new SecretRule(id, Pattern.compile(regex), 1, 0, List.of(keywords), List.of());
  }
}
