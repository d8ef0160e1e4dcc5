package io.mcpauthz.audit.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.store.DecisionReader;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Readiness is public: anyone who reaches the port may poll it as fast as they like, and each
 * probe costs the store a connection. One probe serves every caller within its freshness.
 */
class StoreHealthCheckTest {

  @Test
  void shouldProbeTheStoreOnceForAFloodOfHealthRequests() {
    CountingReader reader = new CountingReader(true);
    StoreHealthCheck check = new StoreHealthCheck(reader, Duration.ofHours(1));

    for (int i = 0; i < 1_000; i++) {
      assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    assertThat(reader.probes).hasValue(1);
  }

  @Test
  void shouldProbeAgainOnceTheAnswerIsStale() {
    CountingReader reader = new CountingReader(false);
    StoreHealthCheck check = new StoreHealthCheck(reader, Duration.ZERO);

    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

    assertThat(reader.probes).hasValue(2);
  }

  private static final class CountingReader extends DecisionReader {

    final AtomicInteger probes = new AtomicInteger();
    private final boolean answers;

    CountingReader(boolean answers) {
      super(null);
      this.answers = answers;
    }

    @Override
    public void probe() {
      probes.incrementAndGet();
      if (!answers) {
        throw new AuditException(ErrorCode.STORE_UNAVAILABLE, "down");
      }
    }
  }
}
