package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.sql.SQLException;

/** Opens the configured index at startup (a broken store fails startup) and its writer. */
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
