package io.mcpauthz.audit.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.mcpauthz.audit.AuditConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * The bounded pool (Agroal) of the API's PostgreSQL reads. A new server session loads the
 * catalog entries of every day partition and index its first query touches (over a month of days,
 * 100+ ms); a pooled one has them cached, so a read pays only its query. Each session starts
 * with the store's query timeout as its {@code statement_timeout}, and plans every read for its
 * own parameters, as a new session did: the driver prepares a statement on the server once a
 * session has run it five times, and PostgreSQL then may switch to a generic plan, blind to the
 * range's days and the term's rarity. A connection is validated when
 * borrowed, and dropped after a fatal error (the server closed it: restart,
 * {@code pg_terminate_backend}), so a read gets a live one or a new one. When every connection
 * stays busy past the acquisition timeout, the read fails with SQLSTATE {@value #BUSY}.
 */
final class PostgresPool implements AutoCloseable {

  /** PostgreSQL's too_many_connections, also for a pool with no connection free in time. */
  static final String BUSY = "53300";

  private final AgroalDataSource source;

  PostgresPool(AuditConfig.Postgresql config) throws SQLException {
    AuditConfig.Postgresql.Pool pool = config.pool();
    AgroalDataSourceConfigurationSupplier supplier = new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(p -> p
            .minSize(0)
            .maxSize(pool.maxSize())
            .acquisitionTimeout(pool.acquisitionTimeout())
            .reapTimeout(pool.idleTimeout())
            .maxLifetime(pool.maxLifetime())
            .validateOnBorrow(true)
            .connectionValidator(ConnectionValidator.defaultValidator())
            .exceptionSorter(new PostgreSQLExceptionSorter())
            .connectionFactoryConfiguration(f -> {
              f.connectionProviderClass(org.postgresql.Driver.class)
                  .jdbcUrl(config.url())
                  .principal(new NamePrincipal(config.user()))
                  .jdbcProperty("ApplicationName", "mcp-authz-audit")
                  .jdbcProperty("connectTimeout", "10")
                  .initialSql("SET statement_timeout = " + config.queryTimeout().toMillis()
                      + "; SET plan_cache_mode = force_custom_plan")
                  .autoCommit(true);
              config.password().ifPresent(password -> f.credential(new SimplePassword(password)));
              return f;
            }));
    source = AgroalDataSource.from(supplier);
  }

  /** A pooled connection (closing it returns it); SQLSTATE {@value #BUSY} when none is free in time. */
  Connection borrow() throws SQLException {
    try {
      return source.getConnection();
    } catch (SQLException e) {
      // Agroal's own ("Acquisition timeout while…", "Sorry, acquisition timeout!"), without a
      // state; a failure to connect carries the driver's (08…). PostgresPoolTest holds this to
      // the Agroal version in use.
      if (e.getSQLState() == null && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)
          .contains("acquisition timeout")) {
        throw new SQLTransientConnectionException("every pooled connection to the store is in use", BUSY, e);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    source.close();
  }
}
