package io.mcpauthz.pdp;

/**
 * Makes a value safe for a {@code key=value} log line. Request values (tool and method names,
 * server, header-derived details) are chosen by the caller: unescaped, a CR or LF in a tool name
 * would start a forged line, a space or quote a forged field. A value of plain characters stays
 * as it is; any other value is quoted, with quotes, backslashes and every control, line-breaking
 * or bidirectional-override character written as an escape.
 */
public final class LogValues {

  private LogValues() {}

  /** {@code -} for null or empty, the value itself when plain, else a quoted, escaped string. */
  public static String of(Object value) {
    if (value == null) {
      return "-";
    }
    String text = value.toString();
    if (text.isEmpty()) {
      return "-";
    }
    return isPlain(text) ? text : quoted(text);
  }

  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "._-/:@+".indexOf(c) >= 0;
      if (!plain) {
        return false;
      }
    }
    return !text.equals("-");
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Controls (C0, DEL, C1), Unicode line/paragraph separators, bidi overrides, surrogates. */
  private static boolean needsEscape(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || Character.isSurrogate(c);
  }
}
