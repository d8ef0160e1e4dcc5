package io.mcpauthz.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast reading of UTC times must agree with OffsetDateTime.parse on every text. */
class EventTimeTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-26T07:00:00Z", "2026-11-26T07:00:00.1Z", "2026-11-26T07:00:00.123Z",
    "2026-11-26T07:00:00.123456Z", "2026-11-26T07:00:00.123456789Z", "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z", "2024-02-29T12:00:00Z", "0000-01-01T00:00:00Z",
    "2026-11-26T08:00:00+01:00", "2026-11-26T07:00:00.5-00:30", "2026-11-26t07:00:00z", "2026-11-26T07:00Z",
    "+12026-11-26T07:00:00Z", "2026-11-26T07:00:00.Z"})
  void shouldReadAsOffsetDateTimeDoes(String text) {
    assertThat(EventTime.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-29T07:00:00Z", "2026-11-31T07:00:00Z", "2026-13-01T07:00:00Z",
    "2026-11-26T24:00:00Z", "2026-11-26T07:60:00Z", "2026-11-26T07:00:60Z",
    "2026-11-26T07:00:00.1234567890Z", "2026-11-26 07:00:00Z", "2026-1a-26T07:00:00Z", "2026-11-26T07:00:00",
    "2026-11-26T07:00:00,5Z", "２０２６-11-26T07:00:00Z", "now", ""})
  void shouldRejectAsOffsetDateTimeDoes(String text) {
    assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> EventTime.parse(text)).isInstanceOf(DateTimeException.class);
  }

  // Texts of the fast shape with every field drawn at random, in and out of range.
  @Test
  void shouldAgreeWithOffsetDateTimeOnRandomUtcTexts() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      String fraction = random.nextInt(3) == 0 ? "" : "." + digits(random, 1 + random.nextInt(9));
      String text = String.format("%s-%s-%sT%s:%s:%s%sZ", digits(random, 4), digits(random, 2), digits(random, 2),
          digits(random, 2), digits(random, 2), digits(random, 2), fraction);
      Instant expected;
      try {
        expected = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException e) {
        assertThatThrownBy(() -> EventTime.parse(text)).as(text).isInstanceOf(DateTimeException.class);
        continue;
      }
      assertThat(EventTime.parse(text)).as(text).isEqualTo(expected);
    }
  }

  // Mostly plausible values, so most texts are valid dates.
  private static String digits(Random random, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append((char) ('0' + (i == 0 && count == 2 ? random.nextInt(4) : random.nextInt(10))));
    }
    return text.toString();
  }
}
