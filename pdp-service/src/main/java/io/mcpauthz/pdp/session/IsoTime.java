package io.mcpauthz.pdp.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A millisecond instant as {@link Instant#toString} writes it ({@code 2026-12-06T23:18:27.123Z},
 * no fraction on a whole second), for the times a session view shows: a principal's view has a
 * dozen of them per call, and {@code Instant.toString} builds a date-time and a growing buffer
 * for each (docs/benchmarks.md, "Allocation"). Years outside 1970–9999 go to {@code Instant}.
 */
final class IsoTime {

  private static final long MAX_MILLIS = 253_402_300_800_000L; // 10000-01-01T00:00:00Z
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private IsoTime() {}

  static String of(long millis) {
    if (millis < 0 || millis >= MAX_MILLIS) {
      return Instant.ofEpochMilli(millis).toString();
    }
    LocalDate date = LocalDate.ofEpochDay(millis / MILLIS_PER_DAY);
    int ofDay = (int) (millis % MILLIS_PER_DAY);
    int fraction = ofDay % 1000;
    byte[] out = new byte[fraction == 0 ? 20 : 24];
    digits(out, 0, date.getYear(), 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, ofDay / 3_600_000, 2);
    out[13] = ':';
    digits(out, 14, ofDay / 60_000 % 60, 2);
    out[16] = ':';
    digits(out, 17, ofDay / 1000 % 60, 2);
    if (fraction != 0) {
      out[19] = '.';
      digits(out, 20, fraction, 3);
    }
    out[out.length - 1] = 'Z';
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
