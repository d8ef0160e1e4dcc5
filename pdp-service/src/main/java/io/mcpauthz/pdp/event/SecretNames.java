package io.mcpauthz.pdp.event;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an argument's name says its value is a credential. The name is split into words
 * (camelCase, snake_case, kebab-case, dots); it is secret when a word is a credential word, or
 * ends with a long one ({@code mytoken}, {@code dbpassword}), unless its last word says the value
 * only describes the credential ({@code token_count}, {@code key_name}, {@code password_policy}).
 * Whole words keep {@code keyboard}, {@code author}, {@code monkey} or {@code bypass} readable.
 */
final class SecretNames {

  /** Secret as a whole word only: too short to trust as a suffix ({@code monkey}, {@code bypass}). */
  private static final Set<String> WORDS = Set.of("key", "keys", "pass", "pwd", "pin", "auth", "otp", "jwt",
      "sig", "psk", "creds", "cookie", "cookies", "session", "sid", "bearer", "mfa", "totp");
  /** Secret as a whole word or a word's end ({@code accesstoken}, {@code clientsecret}). */
  private static final List<String> SUFFIXES = List.of("password", "passwd", "passphrase", "passcode", "secret",
      "secrets", "token", "apikey", "accesskey", "secretkey", "privatekey", "sessionkey", "authkey",
      "signingkey", "masterkey", "credential", "credentials", "authorization", "signature", "sessionid",
      "cookie", "certificate");
  /** A last word that makes the value a description, not the secret. */
  private static final Set<String> DESCRIPTIONS = Set.of("name", "names", "count", "length", "len", "size",
      "type", "kind", "format", "url", "uri", "endpoint", "path", "file", "policy", "expiry", "expires", "ttl",
      "hint", "required", "enabled", "label", "alias", "algorithm", "alg", "usage", "limit", "max", "min");

  /** Words before "key" that make it an identifier, not a credential (gitleaks' allowlist, and a few more). */
  private static final Set<String> KEY_QUALIFIERS = Set.of("primary", "foreign", "sort", "partition", "public",
      "pub", "bucket", "hot", "idx", "index", "natural", "schema", "sequence", "object", "cache", "idempotency",
      "lookup", "map", "row", "group", "dedup", "routing", "message", "hash", "range", "composite");

  /** Compiled once: every argument name of every event is split (String.replaceAll compiles per call). */
  private static final Pattern LOWER_THEN_UPPER = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern ACRONYM_THEN_WORD = Pattern.compile("([A-Z]+)([A-Z][a-z])");
  private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");

  private SecretNames() {}

  static boolean isSecret(String name) {
    List<String> words = words(name);
    if (words.isEmpty() || DESCRIPTIONS.contains(words.get(words.size() - 1)) && words.size() > 1) {
      return false;
    }
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      boolean identifierKey = word.startsWith("key") && i > 0 && KEY_QUALIFIERS.contains(words.get(i - 1));
      if (!identifierKey && (WORDS.contains(word) || SUFFIXES.stream().anyMatch(word::endsWith))) {
        return true;
      }
    }
    return false;
  }

  static List<String> words(String name) {
    String spaced = ACRONYM_THEN_WORD.matcher(LOWER_THEN_UPPER.matcher(name).replaceAll("$1 $2")).replaceAll("$1 $2");
    return Arrays.stream(NOT_WORD.split(spaced.toLowerCase(Locale.ROOT))).filter(w -> !w.isEmpty()).toList();
  }
}
