package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IsoTimeTest {

  @ParameterizedTest
  @MethodSource("edges")
  void shouldWriteWhatInstantWritesAtTheEdges(long millis) {
    assertThat(IsoTime.of(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
  }

  static LongStream edges() {
    return LongStream.of(0, 1, 999, 1000, 1001, 59_999, 86_399_999, 86_400_000, 951_782_400_000L /* 2000-02-29 */,
        1_765_065_507_000L, 1_765_065_507_100L, 1_765_065_507_010L, 253_402_300_799_999L, 253_402_300_800_000L,
        -1, Long.MIN_VALUE / 1000, Long.MAX_VALUE / 1000);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void shouldWriteWhatInstantWritesForAnyMillisecond(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20_000; i++) {
      long millis = random.nextLong(-MILLIS_A_CENTURY, 253_402_300_800_000L + MILLIS_A_CENTURY);
      long whole = millis - Math.floorMod(millis, 1000); // a whole second, printed without a fraction
      assertThat(IsoTime.of(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
      assertThat(IsoTime.of(whole)).isEqualTo(Instant.ofEpochMilli(whole).toString());
    }
  }

  private static final long MILLIS_A_CENTURY = 3_155_760_000_000L;

  static LongStream seeds() {
    return LongStream.of(1, 2, 3);
  }
}
