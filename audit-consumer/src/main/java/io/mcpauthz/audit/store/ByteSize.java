package io.mcpauthz.audit.store;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size as DuckDB settings write it ({@code 256MB}, {@code 1GiB}, {@code 4096}), in bytes. */
final class ByteSize {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
  private static final Map<String, Long> UNITS = Map.of("", 1L, "b", 1L, "kb", 1_000L, "mb", 1_000_000L,
      "gb", 1_000_000_000L, "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

  private ByteSize() {
  }

  static long parse(String size) {
    Matcher m = SIZE.matcher(size.trim().toLowerCase(Locale.ROOT));
    Long unit = m.matches() ? UNITS.get(m.group(2)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("not a size: " + size + " (e.g. 256MB, 1GiB)");
    }
    return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
  }
}
