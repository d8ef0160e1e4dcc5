package io.mcpauthz.audit.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An event's {@code time}, read as {@link OffsetDateTime#parse} reads it. The PDP writes UTC
 * with a {@code Z} ({@code 2026-11-26T07:00:00.123Z}); that one shape is read field by field
 * (the formatter cost several µs per event), everything else goes to {@code OffsetDateTime}.
 * Both give the same instant for every text of that shape (EventTimeTest compares them).
 */
final class EventTime {

  private static final int SECONDS_END = 19; // "yyyy-MM-ddTHH:mm:ss"
  private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000,
    100, 10, 1};

  private EventTime() {
  }

  /** Throws {@link DateTimeException} when the text is not an ISO-8601 offset date-time. */
  static Instant parse(String text) {
    Instant utc = utcShape(text);
    return utc != null ? utc : OffsetDateTime.parse(text).toInstant();
  }

  // yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z, or null for any other text. Field ranges (Feb 30, hour 24,
  // second 60) are checked by LocalDateTime.of, which throws as the formatter would.
  private static Instant utcShape(String s) {
    int n = s.length();
    int fractionDigits = n - SECONDS_END - 2; // between '.' and 'Z'
    if (n < SECONDS_END + 1 || fractionDigits > 9 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-'
        || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int nanos = 0;
    if (n > SECONDS_END + 1) {
      int fraction = number(s, SECONDS_END + 1, n - 1);
      if (s.charAt(SECONDS_END) != '.' || fractionDigits < 1 || fraction < 0) {
        return null;
      }
      nanos = fraction * NANOS_PER_DIGIT[fractionDigits];
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 7);
    int day = number(s, 8, 10);
    int hour = number(s, 11, 13);
    int minute = number(s, 14, 16);
    int second = number(s, 17, SECONDS_END);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
  }

  /** The ASCII digits s[from, to) as a number, or -1 when any is not a digit. */
  private static int number(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
