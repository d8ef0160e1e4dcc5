package io.mcpauthz.audit.health;

import io.mcpauthz.audit.store.DecisionReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the store (DuckDB or PostgreSQL) answers a query. Health is public: it says up or down and a
 * generic reason, never where the database lives or how many decisions it holds.
 */
@Readiness
@ApplicationScoped
public class StoreHealthCheck implements HealthCheck {

  private final DecisionReader reader;

  public StoreHealthCheck(DecisionReader reader) {
    this.reader = reader;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      reader.count();
      return HealthCheckResponse.up("audit-store");
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("audit-store").down().withData("reason", "store_unavailable").build();
    }
  }
}
