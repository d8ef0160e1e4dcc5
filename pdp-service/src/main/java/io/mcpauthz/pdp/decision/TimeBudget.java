package io.mcpauthz.pdp.decision;

import java.time.Duration;

/**
 * How long one decision may take: the configured budget, or less when the proxy waits less
 * (its gRPC deadline minus the margin for the way back).
 */
record TimeBudget(Duration total) {

  /** Mutiny's timers need a positive delay; an already spent budget times out at once. */
  private static final Duration AT_ONCE = Duration.ofMillis(1);

  /**
   * @param budget        the configured budget
   * @param margin        kept free before the proxy's deadline for the answer's way back
   * @param proxyTimeLeft what remains of the proxy's gRPC deadline, or null when it set none
   */
  static TimeBudget of(Duration budget, Duration margin, Duration proxyTimeLeft) {
    if (proxyTimeLeft == null) {
      return new TimeBudget(budget);
    }
    Duration proxy = proxyTimeLeft.minus(margin);
    return new TimeBudget(proxy.compareTo(budget) < 0 ? proxy : budget);
  }

  /** What is left of the budget for a decision that started at {@code startNanos}. */
  Duration remaining(long startNanos) {
    Duration left = total.minusNanos(System.nanoTime() - startNanos);
    return left.compareTo(AT_ONCE) < 0 ? AT_ONCE : left;
  }
}
