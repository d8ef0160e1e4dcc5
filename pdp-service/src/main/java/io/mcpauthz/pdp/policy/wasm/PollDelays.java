package io.mcpauthz.pdp.policy.wasm;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The waits between bundle polls, as OPA's downloader computes them: after a success a uniform
 * draw between the minimum and maximum delay (so replicas do not poll in lockstep); after a
 * failure an exponential backoff from 100 ms by 1.6 per retry, capped at the maximum delay, with
 * ±20 % jitter, the first retry immediate.
 */
final class PollDelays {

  private static final double MIN_RETRY_NANOS = Duration.ofMillis(100).toNanos();
  private static final double FACTOR = 1.6;
  private static final double JITTER = 0.2;

  private PollDelays() {}

  static Duration afterSuccess(Duration min, Duration max, RandomGenerator random) {
    double span = max.toNanos() - min.toNanos();
    return min.plusNanos((long) (span * random.nextDouble()));
  }

  /** @param retries failures in a row before this one (0 for the first failure) */
  static Duration afterFailure(int retries, Duration max, RandomGenerator random) {
    if (retries == 0) {
      return Duration.ZERO;
    }
    double cap = max.toNanos();
    double backoff = MIN_RETRY_NANOS;
    for (int left = retries; backoff < cap && left > 0; left--) {
      backoff *= FACTOR;
    }
    backoff = Math.min(backoff, cap) * (1 + JITTER * (random.nextDouble() * 2 - 1));
    return Duration.ofNanos((long) Math.max(backoff, 0));
  }
}
