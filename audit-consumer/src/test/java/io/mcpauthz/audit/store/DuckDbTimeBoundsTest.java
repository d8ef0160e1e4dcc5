package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.event.DecisionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DuckDB's reads end at the query timeout and its exports at their maximum duration, on a real
 * DuckDB file; the PostgreSQL counterparts are in {@code PostgresStoreTest}.
 */
class DuckDbTimeBoundsTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final DecisionFilter NOWHERE =
      new DecisionFilter(null, null, null, null, null, null, null, null, null, null, "no-such-text");

  private Path dir;
  private DuckDb db;

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("audit-duckdb-bounds");
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  private DuckDb open(Duration queryTimeout) throws SQLException {
    db = new DuckDb(dir.resolve("decisions.duckdb"), DuckDb.DEFAULT_CHECKPOINT_THRESHOLD, queryTimeout);
    return db;
  }

  /** A million rows whose free text a search must scan whole: about 0.3 s of DuckDB's work, longer under load. */
  private static void fill(DuckDb db, int rows) throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      statement.execute("""
          INSERT INTO decisions SELECT 'bulk-' || i, TIMESTAMP '2026-11-25' + i * INTERVAL 1 MILLISECOND, 'allow',
              200, 'read', 'alice', 'agent-7', 'github', 'list_issues', 'tools/call', 's-' || (i % 1000),
              ['allowed'], '{}', now(), md5(i::VARCHAR) || md5((i + 1)::VARCHAR) || md5((i + 2)::VARCHAR)
          FROM range(ROWS) t(i)""".replace("ROWS", String.valueOf(rows)));
    }
  }

  @Test
  @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldEndAReadAtTheQueryTimeoutAndStayUsable() throws Exception {
    DuckDb timed = open(Duration.ofMillis(20));
    fill(timed, 1_000_000);
    DecisionReader reader = new DecisionReader(timed);

    assertThatThrownBy(() -> reader.page(NOWHERE, null, SortOrder.NEWEST_FIRST, 10))
        .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));
    assertThatThrownBy(() -> new SessionReader(timed).summaries(NOWHERE, 10))
        .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));

    try (Connection conn = timed.connect(); Statement statement = conn.createStatement();
        var rs = statement.executeQuery("SELECT count(*) FROM decisions")) { // the store after two interrupts
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1_000_000);
    }
    db.close();
    DuckDb untimed = open(Duration.ZERO); // the same search, unbounded, does answer
    assertThat(new DecisionReader(untimed).page(NOWHERE, null, SortOrder.NEWEST_FIRST, 10).rows()).isEmpty();
  }

  @Test
  void shouldExportEveryRowWithinTheMaximumDuration() throws Exception {
    DecisionReader reader = reader(20, Duration.ofMinutes(10));
    List<String> ids = new ArrayList<>();

    DecisionReader.ExportEnd end =
        reader.export("an-auditor", DecisionFilter.ALL, Duration.ofMinutes(10), row -> ids.add(row.decisionId()));

    assertThat(end.complete()).isTrue();
    assertThat(end.rows()).isEqualTo(20);
    assertThat(ids).hasSize(20).startsWith("e-19");
  }

  /** A client that reads slowly: no row is read past the maximum, and the end says how far it got. */
  @Test
  void shouldEndAnExportToASlowClientAtTheMaximumDuration() throws Exception {
    DecisionReader reader = reader(50, Duration.ofSeconds(30));
    List<String> ids = new ArrayList<>();

    DecisionReader.ExportEnd end = reader.export("an-auditor", DecisionFilter.ALL, Duration.ofSeconds(2), row -> {
      ids.add(row.decisionId());
      sleep(500);
    });

    assertThat(end.complete()).isFalse();
    assertThat(end.rows()).isEqualTo(ids.size()).isBetween(1L, 10L);
    int last = 50 - ids.size(); // newest first: e-49 at T0 + 50 s, down to e-<last>
    assertThat(ids.get(ids.size() - 1)).isEqualTo("e-" + last);
    assertThat(end.lastTimeMicros()).isEqualTo(T0.plusSeconds(last + 1).getEpochSecond() * 1_000_000);
    assertThat(reader.find("e-1")).isPresent();
  }

  /** A query that is still running when the maximum comes is cancelled: the export ends, no error. */
  @Test
  @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldCancelAnExportQueryAtTheMaximumDuration() throws Exception {
    DuckDb store = open(Duration.ofSeconds(30));
    fill(store, 1_000_000);
    DecisionReader reader = new DecisionReader(store);

    // 5 ms: a scan of the million rows' text takes several times that even on a fast idle host
    DecisionReader.ExportEnd end = reader.export("an-auditor", NOWHERE, Duration.ofMillis(5), row -> { });

    assertThat(end.complete()).isFalse();
    assertThat(end.rows()).isZero();
    assertThat(end.lastTimeMicros()).isNull();
    assertThat(reader.find("bulk-7")).isPresent();
  }

  private DecisionReader reader(int events, Duration queryTimeout) throws Exception {
    DuckDb store = open(queryTimeout);
    List<DecisionEvent> batch = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      batch.add(RetentionSweepTest.event("e-" + i, T0.plusSeconds(i + 1)));
    }
    try (DecisionWriter writer = store.writer()) {
      writer.insert(batch);
    }
    return new DecisionReader(store);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
