package io.mcpauthz.pdp.mcp;

/**
 * Object keys as Go's {@code encoding/json} matches them to struct fields: equal under simple
 * Unicode case folding (its {@code foldName}: every rune to the smallest of its
 * {@code unicode.SimpleFold} orbit). So {@code Name}, {@code NAME} and {@code name} are one
 * field, and so are {@code paramſ} (U+017F) and {@code params}, or {@code K} (U+212A) and
 * {@code k}. Folding never changes a string's UTF-16 length.
 */
public final class CaseFold {

  private CaseFold() {}

  /** A representative of the code point's fold orbit (lower case where there is one). */
  static int fold(int codePoint) {
    if (codePoint < 0x80) {
      return codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint;
    }
    if (codePoint == 0x130 || codePoint == 0x131) {
      return codePoint; // İ and ı have no simple folding; Java's case mapping would join them to i
    }
    return Character.toLowerCase(Character.toUpperCase(codePoint));
  }

  /** The folded key; the key itself, without copying, when folding changes nothing. */
  static String key(String key) {
    int i = 0;
    while (i < key.length() && fold(key.codePointAt(i)) == key.codePointAt(i)) {
      i += Character.charCount(key.codePointAt(i));
    }
    if (i == key.length()) {
      return key;
    }
    char[] folded = key.toCharArray();
    while (i < folded.length) { // in place: folding keeps every code point's UTF-16 length
      int codePoint = Character.codePointAt(folded, i);
      i += Character.toChars(fold(codePoint), folded, i);
    }
    return new String(folded);
  }

  /** Whether Go would match the two keys to the same field; compares in place. */
  public static boolean equal(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); ) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(i);
      if (x != y && fold(x) != fold(y)) {
        return false;
      }
      i += Character.charCount(x); // y has the same length: folding keeps it
    }
    return true;
  }
}
