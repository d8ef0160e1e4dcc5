package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.support.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API reads' connection pool on a real server: server sessions reused, a session the server
 * ended replaced, the query timeout on every pooled session, and a clear error, not a hang,
 * when every connection is in use.
 */
class PostgresPoolTest {

  private TestPostgres server;
  private Postgres db;

  @BeforeEach
  void open() throws SQLException {
    server = TestPostgres.createDatabase("pool_" + UUID.randomUUID().toString().replace("-", ""));
    db = pool(2, Duration.ofSeconds(5));
    try (var writer = db.writer()) {
      writer.insert(List.of(RetentionSweepTest.event("e-1", RetentionSweepTest.NOW)));
    }
  }

  private Postgres pool(int size, Duration acquisition) throws SQLException {
    return new Postgres(TestPostgres.storeConfig(server.config().get("mcp-authz.audit.postgresql.url"), true,
        Duration.ofSeconds(7), size, acquisition));
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
    if (server != null) {
      server.drop();
    }
  }

  /** The point of the pool: the server session, with the partitions' catalog it loaded, serves the next read. */
  @Test
  void shouldServeConsecutiveReadsFromOneServerSession() throws SQLException {
    int first = backend(db);
    new DecisionReader(db).find("e-1").orElseThrow();
    assertThat(backend(db)).isEqualTo(first);
  }

  @Test
  void shouldReplaceSessionTheServerTerminatedWhileIdle() throws SQLException {
    int first = backend(db);
    terminate(first);

    assertThat(new DecisionReader(db).find("e-1")).isPresent();
    assertThat(backend(db)).isNotEqualTo(first);
  }

  /** Terminated mid-use: that read fails as the store's, the next one gets a new session. */
  @Test
  void shouldRecoverFromSessionTerminatedInUse() throws SQLException {
    int first;
    try (Connection conn = db.read(); Statement statement = conn.createStatement()) {
      first = pid(statement);
      terminate(first);
      assertThatThrownBy(() -> statement.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
    }
    DecisionReader reader = new DecisionReader(db);
    assertThat(reader.find("e-1")).isPresent();
    reader.probe();
    assertThat(backend(db)).isNotEqualTo(first);
  }

  /** Every pooled session, the replaced ones too, carries the query timeout; the export's own connections do not. */
  @Test
  void shouldBoundEveryPooledSessionByTheQueryTimeout() throws SQLException {
    assertThat(setting(db.read())).isEqualTo("7s");
    terminate(backend(db));
    assertThat(setting(db.read())).isEqualTo("7s");
    assertThat(setting(db.connect())).isEqualTo("0");
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails here
  void shouldAnswerStoreBusyWhenEveryConnectionIsInUse() throws SQLException {
    Postgres one = pool(1, Duration.ofMillis(300));
    try {
      DecisionReader reader = new DecisionReader(one);
      try (Connection held = one.read()) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> reader.find("e-1")).isInstanceOfSatisfying(AuditException.class,
            e -> assertThat(e.code()).as("%s", e.getCause()).isEqualTo(ErrorCode.STORE_BUSY));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      }
      assertThat(reader.find("e-1")).isPresent();
    } finally {
      one.close();
    }
  }

  /** A read that left its transaction open (page() reads in one) hands its session back idle, in autocommit. */
  @Test
  void shouldHandBackSessionWithoutOpenTransaction() throws SQLException {
    int pid;
    try (Connection conn = db.read(); Statement statement = conn.createStatement()) {
      conn.setAutoCommit(false);
      pid = pid(statement);
    }
    try (Connection conn = server.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT state FROM pg_stat_activity WHERE pid = " + pid)) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("idle");
    }
    try (Connection conn = db.read()) {
      assertThat(conn.getAutoCommit()).isTrue();
    }
    assertThat(backend(db)).isEqualTo(pid);
  }

  private static int backend(Postgres db) throws SQLException {
    try (Connection conn = db.read(); Statement statement = conn.createStatement()) {
      return pid(statement);
    }
  }

  private static int pid(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The reads' plans stay those of their parameters however often a session runs the same SQL. */
  @Test
  void shouldPlanEveryReadForItsOwnParameters() throws SQLException {
    assertThat(setting(db.read(), "plan_cache_mode")).isEqualTo("force_custom_plan");
  }

  private static String setting(Connection connection) throws SQLException {
    return setting(connection, "statement_timeout");
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (Connection conn = connection; Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void terminate(int pid) throws SQLException {
    try (Connection conn = server.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_terminate_backend(" + pid + ", 5000)")) {
      rs.next();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }
}
