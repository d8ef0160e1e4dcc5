package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.pdp.DecisionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WindowTest {

  @ParameterizedTest
  @CsvSource({"30s,30000", "1m,60000", "10m,600000", "1h,3600000", "24h,86400000"})
  void shouldParseGoDurations(String name, long millis) {
    assertThat(Window.parse(name).millis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1d", "-1m", "1.5h", "m", "1m30s", "9999999s"})
  void shouldRejectWhatIsNoWindow(String name) {
    assertThatThrownBy(() -> Window.parse(name)).isInstanceOf(DecisionException.class);
  }

  @ParameterizedTest
  @CsvSource({"0,60", "59500,1", "1,60"})
  void shouldWaitUntilTheOldestCallLeavesTheWindow(long elapsed, long seconds) {
    assertThat(Window.parse("1m").retryAfterSeconds(0, elapsed)).isEqualTo(seconds);
  }
}
