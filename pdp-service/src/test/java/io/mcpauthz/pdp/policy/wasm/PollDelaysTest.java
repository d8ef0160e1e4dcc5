package io.mcpauthz.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** OPA's polling delays: uniform between min and max after a success, a capped backoff after failures. */
class PollDelaysTest {

  private static final RandomGenerator LOWEST = () -> 0L;
  private static final RandomGenerator MIDDLE = () -> Long.MIN_VALUE; // nextDouble() == 0.5
  private static final RandomGenerator HIGHEST = () -> -1L;
  private static final Duration MIN = Duration.ofSeconds(60);
  private static final Duration MAX = Duration.ofSeconds(120);

  @Test
  void shouldDrawTheDelayAfterASuccessBetweenMinAndMax() {
    assertThat(PollDelays.afterSuccess(MIN, MAX, LOWEST)).isEqualTo(MIN);
    assertThat(PollDelays.afterSuccess(MIN, MAX, MIDDLE)).isEqualTo(Duration.ofSeconds(90));
    assertThat(PollDelays.afterSuccess(MIN, MAX, HIGHEST)).isBetween(Duration.ofMillis(119_999), MAX);
  }

  @Test
  void shouldRetryAtOnceThenBackOffBy1point6UpToMax() {
    assertThat(PollDelays.afterFailure(0, MAX, MIDDLE)).isZero();
    assertThat(PollDelays.afterFailure(1, MAX, MIDDLE)).isEqualTo(Duration.ofMillis(160));
    assertThat(PollDelays.afterFailure(2, MAX, MIDDLE)).isEqualTo(Duration.ofMillis(256));
    assertThat(PollDelays.afterFailure(50, MAX, MIDDLE)).isEqualTo(MAX);
  }

  @Test
  void shouldJitterTheBackoffByTwentyPercent() {
    assertThat(PollDelays.afterFailure(1, MAX, LOWEST)).isEqualTo(Duration.ofMillis(128));
    assertThat(PollDelays.afterFailure(50, MAX, HIGHEST)).isBetween(Duration.ofMillis(143_999), Duration.ofSeconds(144));
  }
}
