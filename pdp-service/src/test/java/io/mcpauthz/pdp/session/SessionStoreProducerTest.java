package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The session settings checked at startup: a bound or duration that is not positive stops it, named. */
class SessionStoreProducerTest {

  /** The test defaults with one setting (by method name) replaced. */
  private static SessionConfig with(String method, Object value) {
    return (SessionConfig) Proxy.newProxyInstance(SessionConfig.class.getClassLoader(),
        new Class<?>[] {SessionConfig.class}, (proxy, called, args) -> {
          if (called.getName().equals(method)) {
            return value;
          }
          try {
            return called.invoke(TestSessionConfig.DEFAULTS, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void shouldAcceptTheDefaults() {
    assertThatCode(() -> SessionStoreProducer.check(TestSessionConfig.DEFAULTS)).doesNotThrowAnyException();
    assertThatCode(() -> SessionStoreProducer.check(with("maxSessionsPerPrincipal", 1))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({
      "maxSessionsPerPrincipal, 0, 'mcp-authz.session.max-sessions-per-principal must be at least 1, not 0'",
      "maxSessionsPerPrincipal, -3, 'mcp-authz.session.max-sessions-per-principal must be at least 1, not -3'",
      "maxRunsPerPrincipal, 0, 'mcp-authz.session.max-runs-per-principal must be at least 1, not 0'",
      "maxEntries, 0, 'mcp-authz.session.max-entries must be at least 1, not 0'",
      "maxEvents, -1, 'mcp-authz.session.max-events must be at least 1, not -1'",
      "maxCounters, 0, 'mcp-authz.session.max-counters must be at least 1, not 0'",
      "recentCalls, 0, 'mcp-authz.session.recent-calls must be at least 1, not 0'",
  })
  void shouldRefuseABoundThatIsNotPositiveNamingIt(String method, int value, String message) {
    assertThatThrownBy(() -> SessionStoreProducer.check(with(method, value)))
        .isInstanceOf(IllegalStateException.class).hasMessage(message);
  }

  @Test
  void shouldRefuseADurationThatIsNotPositiveAndAnUnknownStore() {
    Map<String, Object> wrong = Map.of("ttl", Duration.ZERO, "timeout", Duration.ofSeconds(-1), "store", "disk");
    wrong.forEach((method, value) -> assertThatThrownBy(() -> SessionStoreProducer.check(with(method, value)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("mcp-authz.session." + method + " must be"));
  }
}
