package io.mcpauthz.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeBudgetTest {

  @ParameterizedTest(name = "proxy waits {0} ms → budget {1} ms")
  @CsvSource({
      "-1,   800", // no grpc-timeout: the configured budget
      "1000, 800", // the proxy waits longer: the configured budget
      "500,  450", // the proxy waits less: its deadline minus the margin
      "30,   -20", // already too late: spent at once
  })
  void shouldTakeTheShorterOfBudgetAndProxyDeadline(long proxyMillis, long expectedMillis) {
    Duration proxy = proxyMillis < 0 ? null : Duration.ofMillis(proxyMillis);

    TimeBudget budget = TimeBudget.of(Duration.ofMillis(800), Duration.ofMillis(50), proxy);

    assertThat(budget.total()).isEqualTo(Duration.ofMillis(expectedMillis));
    assertThat(budget.remaining(System.nanoTime())).isPositive().isLessThanOrEqualTo(Duration.ofMillis(800));
  }
}
