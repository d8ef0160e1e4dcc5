package io.mcpauthz.audit.health;

import io.mcpauthz.audit.store.DecisionReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the store (DuckDB or PostgreSQL) answers a query. Health is public: it says up or down and a
 * generic reason, never where the database lives or how many decisions it holds. Anyone who reaches the
 * port may poll it, so one probe (a read of one row) answers every call within a second: a flood of health
 * requests costs the store one connection a second, not one each.
 */
@Readiness
@ApplicationScoped
public class StoreHealthCheck implements HealthCheck {

  private static final Duration FRESH = Duration.ofSeconds(1);

  private final DecisionReader reader;
  private final long freshNanos;
  private boolean up;
  private long probedAt;
  private boolean probed;

  @Inject
  public StoreHealthCheck(DecisionReader reader) {
    this(reader, FRESH);
  }

  StoreHealthCheck(DecisionReader reader, Duration fresh) {
    this.reader = reader;
    this.freshNanos = fresh.toNanos();
  }

  @Override
  public HealthCheckResponse call() {
    return up() ? HealthCheckResponse.up("audit-store")
        : HealthCheckResponse.named("audit-store").down().withData("reason", "store_unavailable").build();
  }

  /** Callers that arrive while a probe runs wait for its answer rather than probing too. */
  private synchronized boolean up() {
    long now = System.nanoTime();
    if (!probed || now - probedAt >= freshNanos) {
      up = probe();
      probedAt = System.nanoTime();
      probed = true;
    }
    return up;
  }

  private boolean probe() {
    try {
      reader.probe();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
