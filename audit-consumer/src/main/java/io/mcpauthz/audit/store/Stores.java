package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Opens the configured index at startup (a broken store fails startup), its writer, and the
 * bounds on concurrent exports (a bound below 1 fails startup too).
 */
@Singleton
public class Stores {

  @Produces
  @Singleton
  @Startup
  Database database(AuditConfig config) throws SQLException {
    return switch (config.store()) {
      case DUCKDB -> new DuckDb(Path.of(config.database()), config.checkpointThreshold(), config.queryTimeout());
      case POSTGRESQL -> new Postgres(config.postgresql());
    };
  }

  @Produces
  @Singleton
  @Startup
  ExportSlots exportSlots(AuditConfig config, MeterRegistry registry) {
    Counter refused = Counter.builder("mcp_authz.audit.exports.refused")
        .description("Exports refused with 503 store_busy: the replica, or the subject, streamed its most at once")
        .register(registry);
    ExportSlots slots = new ExportSlots(config.export().maxConcurrent(), config.export().maxPerSubject(),
        refused::increment);
    Gauge.builder("mcp_authz.audit.exports.active", slots, ExportSlots::inUse)
        .description("Exports streaming now, each holding a store connection").register(registry);
    return slots;
  }

  @Produces
  @Singleton
  DecisionWriter writer(Database database) {
    return database.writer();
  }

  void close(@Disposes Database database) {
    database.close();
  }

  void close(@Disposes DecisionWriter writer) {
    writer.close();
  }
}
