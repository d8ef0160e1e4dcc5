package io.mcpauthz.pdp.decision;

import java.time.Duration;

/**
 * How long one decision may take: the configured budget, or less when the proxy waits less
 * (its gRPC deadline minus the margin for the way back).
 */
record TimeBudget(Duration total) {

  /** Mutiny's timers need a positive delay; an already spent budget times out at once. */
  private static final Duration AT_ONCE = Duration.ofMillis(1);

  static TimeBudget of(DecisionConfig config, Duration proxyTimeLeft) {
    if (proxyTimeLeft == null) {
      return new TimeBudget(config.budget());
    }
    Duration proxy = proxyTimeLeft.minus(config.deadlineMargin());
    return new TimeBudget(proxy.compareTo(config.budget()) < 0 ? proxy : config.budget());
  }

  /** What is left of the budget for a decision that started at {@code startNanos}. */
  Duration remaining(long startNanos) {
    Duration left = total.minusNanos(System.nanoTime() - startNanos);
    return left.compareTo(AT_ONCE) < 0 ? AT_ONCE : left;
  }
}
