package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OPA's {@code sprintf} as its Go code does it: numbers become integers where they are integral,
 * strings stay strings, every other value is printed in Rego syntax first; then Go's
 * {@code fmt.Sprintf} verbs {@code %v %s %q %d %%} (no widths or flags: anything else fails, and
 * the decision fails closed).
 */
final class GoFormat {

  private GoFormat() {}

  static String sprintf(String format, JsonNode args) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (++i == format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (next >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      out.append(verb(verb, args.get(next++)));
    }
    if (next < args.size()) {
      out.append("%!(EXTRA ");
      List<String> extra = new ArrayList<>();
      for (int j = next; j < args.size(); j++) {
        extra.add(goType(args.get(j)) + "=" + plain(args.get(j)));
      }
      out.append(String.join(", ", extra)).append(')');
    }
    return out.toString();
  }

  private static String verb(char verb, JsonNode arg) {
    boolean integer = arg.isIntegralNumber();
    return switch (verb) {
      case 'v' -> plain(arg);
      case 's' -> arg.isNumber() ? bad(verb, arg) : plain(arg);
      case 'q' -> integer ? quoteRune(arg) : arg.isNumber() ? bad(verb, arg) : quote(plain(arg));
      case 'd' -> integer ? plain(arg) : bad(verb, arg);
      default -> throw new IllegalArgumentException("sprintf verb %" + verb + " is not supported by the Wasm engine");
    };
  }

  /** Go's report of a verb that does not fit its operand, e.g. {@code %!d(string=x)}. */
  private static String bad(char verb, JsonNode arg) {
    return "%!" + verb + "(" + goType(arg) + "=" + plain(arg) + ")";
  }

  private static String goType(JsonNode arg) {
    if (arg.isNumber()) {
      return arg.isIntegralNumber() ? (arg.canConvertToLong() ? "int64" : "*big.Int") : "float64";
    }
    return "string";
  }

  /** The argument as OPA hands it to fmt: a string's text, a number, or a value in Rego syntax. */
  private static String plain(JsonNode arg) {
    if (arg.isTextual()) {
      return arg.textValue();
    }
    if (arg.isNumber()) {
      return arg.isIntegralNumber() ? arg.bigIntegerValue().toString() : goFloat(arg.doubleValue());
    }
    return rego(arg);
  }

  /** Go's %v of a float64: shortest digits, exponent form below 1e-4 and from 1e21. */
  private static String goFloat(double value) {
    BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    if (exponent < -4 || exponent >= 21) {
      String digits = exact.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    return exact.toPlainString();
  }

  /** A value as OPA's ast prints it: strings quoted, object keys sorted, ", " between items. */
  static String rego(JsonNode value) {
    if (value.isTextual()) {
      return quote(value.textValue());
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(rego(item)));
      return "[" + String.join(", ", items) + "]";
    }
    if (value.isObject()) {
      List<String> items = new ArrayList<>();
      value.properties().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> items.add(quote(e.getKey()) + ": " + rego(e.getValue())));
      return "{" + String.join(", ", items) + "}";
    }
    return value.isNumber() ? plain(value) : value.asText();
  }

  /** Go's strconv.Quote: printable runes as they are, the rest escaped. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(cp -> appendQuoted(out, cp));
    return out.append('"').toString();
  }

  private static String quoteRune(JsonNode number) {
    int cp = number.intValue();
    if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      cp = 0xFFFD;
    }
    StringBuilder out = new StringBuilder("'");
    if (cp == '\'') {
      out.append("\\'");
    } else if (cp == '"') {
      out.append('"');
    } else {
      appendQuoted(out, cp);
    }
    return out.append('\'').toString();
  }

  private static void appendQuoted(StringBuilder out, int cp) {
    switch (cp) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case 0x07 -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 0x0B -> out.append("\\v");
      default -> {
        if (isPrint(cp)) {
          out.appendCodePoint(cp);
        } else if (cp < ' ' || cp == 0x7F) {
          out.append(String.format("\\x%02x", cp));
        } else if (cp <= 0xFFFF) {
          out.append(String.format("\\u%04x", cp));
        } else {
          out.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
          Character.SURROGATE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }
}
