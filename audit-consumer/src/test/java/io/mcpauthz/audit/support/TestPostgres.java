package io.mcpauthz.audit.support;

import io.mcpauthz.audit.AuditConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of its own on the real PostgreSQL server in {@code MCP_AUTHZ_TEST_POSTGRES}
 * (host:port, user postgres, trust; {@code ./mcp-authz test} starts one), for runs with
 * {@code -Dmcp-authz.test.store=postgresql}: the same API tests against the other backend.
 */
public final class TestPostgres {

  public static final String ENV = "MCP_AUTHZ_TEST_POSTGRES";

  private final String server;
  private final String database;

  private TestPostgres(String server, String database) {
    this.server = server;
    this.database = database;
  }

  public static boolean selected() {
    return "postgresql".equals(System.getProperty("mcp-authz.test.store"));
  }

  public static TestPostgres createDatabase(String name) {
    String server = System.getenv(ENV);
    if (server == null || server.isBlank()) {
      throw new IllegalStateException(ENV + " is not set: the PostgreSQL run needs a real server (host:port, "
          + "user postgres). Run ./mcp-authz test, or start one (start_postgres in deploy/local/lib.sh).");
    }
    TestPostgres postgres = new TestPostgres(server, name);
    postgres.execute("CREATE DATABASE " + name);
    return postgres;
  }

  /** The app's settings for this database; {@code -Dmcp-authz.test.text-index=false} leaves out the trigram index. */
  public Map<String, String> config() {
    return Map.of("mcp-authz.audit.store", "postgresql",
        "mcp-authz.audit.postgresql.url", url(database),
        "mcp-authz.audit.postgresql.user", "postgres",
        "mcp-authz.audit.postgresql.text-index", System.getProperty("mcp-authz.test.text-index", "true"));
  }

  /** The store's settings for {@code url}, as user postgres without a password (trust). */
  public static AuditConfig.Postgresql storeConfig(String url) {
    return storeConfig(url, true);
  }

  public static AuditConfig.Postgresql storeConfig(String url, boolean textIndex) {
    return storeConfig(url, textIndex, Duration.ofSeconds(30));
  }

  public static AuditConfig.Postgresql storeConfig(String url, boolean textIndex, Duration queryTimeout) {
    return storeConfig(url, textIndex, queryTimeout, 8, Duration.ofSeconds(5));
  }

  /** With the reads' pool of {@code poolSize} connections, waited for at most {@code acquisition}. */
  public static AuditConfig.Postgresql storeConfig(String url, boolean textIndex, Duration queryTimeout,
      int poolSize, Duration acquisition) {
    AuditConfig.Postgresql.Pool pool = new AuditConfig.Postgresql.Pool() {
      @Override
      public int maxSize() {
        return poolSize;
      }

      @Override
      public Duration acquisitionTimeout() {
        return acquisition;
      }

      @Override
      public Duration idleTimeout() {
        return Duration.ofMinutes(10);
      }

      @Override
      public Duration maxLifetime() {
        return Duration.ofMinutes(30);
      }
    };
    return new AuditConfig.Postgresql() {
      @Override
      public Pool pool() {
        return pool;
      }

      @Override
      public Duration queryTimeout() {
        return queryTimeout;
      }

      @Override
      public String url() {
        return url;
      }

      @Override
      public String user() {
        return "postgres";
      }

      @Override
      public Optional<String> password() {
        return Optional.empty();
      }

      @Override
      public boolean textIndex() {
        return textIndex;
      }
    };
  }

  public void drop() {
    execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  private String url(String db) {
    return "jdbc:postgresql://" + server + "/" + db;
  }

  /** A connection to this database (the driver itself, not DriverManager: its registry depends on the class loader). */
  public Connection connect() throws SQLException {
    return connect(database);
  }

  private Connection connect(String db) throws SQLException {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url(db));
    source.setUser("postgres");
    return source.getConnection();
  }

  private void execute(String sql) {
    try (Connection conn = connect("postgres");
        Statement statement = conn.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + server, e);
    }
  }
}
