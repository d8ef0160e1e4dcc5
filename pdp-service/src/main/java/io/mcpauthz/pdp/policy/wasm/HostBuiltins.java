package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The builtins a policy compiled to Wasm leaves to the host, implemented as OPA's Go code does.
 * {@code time.now_ns} is fixed per evaluation, as in OPA: {@link #evaluatingAt} sets it.
 */
final class HostBuiltins {

  private static final ThreadLocal<Long> NOW_NS = new ThreadLocal<>();

  private HostBuiltins() {}

  /** The clock reading that every time.now_ns() of the next evaluation on this thread returns. */
  static void evaluatingAt(Instant now) {
    NOW_NS.set(now.getEpochSecond() * 1_000_000_000L + now.getNano());
  }

  /** A builtin the host implements: its arguments and result as JSON values. */
  @FunctionalInterface
  interface Builtin {
    JsonNode apply(JsonNode... args);
  }

  /** By the name a compiled policy gives in its {@code builtins} export. */
  static Map<String, Builtin> all() {
    return Map.of(
        "sprintf", a -> TextNode.valueOf(GoFormat.sprintf(a[0].textValue(), a[1])),
        "trim_space", a -> TextNode.valueOf(trimSpace(a[0].textValue())),
        "time.now_ns", a -> LongNode.valueOf(nowNs()),
        "time.clock", a -> clock(at(a[0])),
        "time.weekday", a -> TextNode.valueOf(at(a[0]).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)),
        "time.parse_duration_ns", a -> LongNode.valueOf(parseDurationNs(a[0].textValue())));
  }

  private static final Pattern DURATION_PART = Pattern.compile("(\\d*\\.?\\d*)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");

  /** Go's time.ParseDuration: "300ms", "-1.5h", "2h45m"; a bare "0" is zero. */
  static long parseDurationNs(String text) {
    String s = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    if (s.equals("0")) {
      return 0;
    }
    Matcher part = DURATION_PART.matcher(s);
    BigDecimal total = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length() && part.find(at) && part.start() == at && part.group(1).matches(".*\\d.*")) {
      total = total.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNs(part.group(2)))));
      at = part.end();
    }
    if (at > 0 && at == s.length()) {
      long ns = total.setScale(0, RoundingMode.DOWN).longValueExact();
      return text.startsWith("-") ? -ns : ns;
    }
    throw new IllegalArgumentException("time: invalid duration " + GoFormat.quote(text));
  }

  private static long unitNs(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 1_000L; // us, µs, μs
    };
  }

  private static long nowNs() {
    Long now = NOW_NS.get();
    if (now == null) {
      throw new IllegalStateException("time.now_ns outside an evaluation");
    }
    return now;
  }

  /** Go's strings.TrimSpace: Unicode white space (unicode.IsSpace) off both ends. */
  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isGoSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isGoSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  private static boolean isGoSpace(int cp) {
    return switch (cp) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
      default -> cp > 0xFF && Character.isSpaceChar(cp);
    };
  }

  /** A time argument: nanoseconds since the epoch, or [nanoseconds, "zone"] ("" is UTC). */
  private static ZonedDateTime at(JsonNode x) {
    JsonNode ns = x.isArray() ? x.path(0) : x;
    String zone = x.isArray() ? x.path(1).asText("") : "";
    if (!ns.isNumber()) {
      throw new IllegalArgumentException("time argument must be a number of nanoseconds");
    }
    long nanos = ns.longValue();
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    ZoneId id = switch (zone) {
      case "", "UTC" -> ZoneOffset.UTC;
      case "Local" -> ZoneId.systemDefault();
      default -> ZoneId.of(zone);
    };
    return instant.atZone(id);
  }

  private static JsonNode clock(ZonedDateTime t) {
    return JsonNodeFactory.instance.arrayNode().add(t.getHour()).add(t.getMinute()).add(t.getSecond());
  }
}
