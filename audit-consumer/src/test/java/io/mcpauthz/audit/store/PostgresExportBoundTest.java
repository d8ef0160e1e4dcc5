package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.support.HeldExports;
import io.mcpauthz.audit.support.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bound on concurrent exports on a real PostgreSQL server: the server sessions the exports
 * hold are counted, so a refused export is seen to open none.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails here
class PostgresExportBoundTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Duration MAX_DURATION = Duration.ofMinutes(10);

  private final AtomicInteger refused = new AtomicInteger();
  private TestPostgres server;
  private Postgres db;
  private DecisionReader reader;

  @BeforeEach
  void open() throws SQLException {
    server = TestPostgres.createDatabase("exports_" + UUID.randomUUID().toString().replace("-", ""));
    // no trigram index: its build would hold a session of its own while the test counts them
    db = new Postgres(TestPostgres.storeConfig(server.config().get("mcp-authz.audit.postgresql.url"), false));
    try (DecisionWriter writer = db.writer()) {
      writer.insert(List.of(RetentionSweepTest.event("e-1", T0), RetentionSweepTest.event("e-2", T0.plusSeconds(1))));
    }
    reader = new DecisionReader(db, new ExportSlots(2, 1, refused::incrementAndGet));
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

  @Test
  void shouldOpenNoServerSessionPastTheBoundUntilAnExportHasEnded() throws Exception {
    assertThat(reader.find("e-1")).isPresent(); // the pool's one session, opened now rather than mid-count
    int before = sessions();
    try (HeldExports exports = new HeldExports()) {
      HeldExports.Held first = exports.hold(reader, DecisionFilter.ALL);
      exports.hold(reader, DecisionFilter.ALL);
      assertThat(sessions()).isEqualTo(before + 2);

      List<DecisionRow> rows = new ArrayList<>();
      assertThatThrownBy(() -> reader.export("an-auditor", DecisionFilter.ALL, MAX_DURATION, rows::add))
          .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_BUSY));
      assertThat(rows).isEmpty();
      assertThat(refused).hasValue(1);
      assertThat(sessions()).isEqualTo(before + 2);
      assertThat(reader.find("e-1")).as("reads are not bounded by the exports").isPresent();

      assertThat(first.finish().rows()).isEqualTo(2);
      assertThat(reader.export("an-auditor", DecisionFilter.ALL, MAX_DURATION, rows::add).complete()).isTrue();
      assertThat(rows).extracting(DecisionRow::decisionId).containsExactly("e-2", "e-1");
    }
  }

  /** Sessions on the test's database other than this one's. */
  private int sessions() throws SQLException {
    try (Connection conn = server.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
