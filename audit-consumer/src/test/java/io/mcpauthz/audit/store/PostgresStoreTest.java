package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.support.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The PostgreSQL store on a real server (run by the postgresql surefire execution only): what
 * DuckDB gives for free and PostgreSQL must be taught, exact microseconds over the whole range,
 * U+0000 in a field, idempotent batches, retention.
 */
class PostgresStoreTest {

  private TestPostgres server;
  private Postgres db;
  private DecisionWriter writer;

  @BeforeEach
  void open() throws SQLException {
    server = TestPostgres.createDatabase("store_" + UUID.randomUUID().toString().replace("-", ""));
    db = new Postgres(config(server.config()));
    writer = db.writer();
  }

  private static AuditConfig.Postgresql config(Map<String, String> config) {
    return TestPostgres.storeConfig(config.get("mcp-authz.audit.postgresql.url"));
  }

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
    if (server != null) {
      server.drop();
    }
  }

  @Test
  void shouldKeepExactMicrosecondsOverWholeRange() throws SQLException {
    List<Instant> times = List.of(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.999999Z"),
        Instant.parse("2026-11-26T07:00:00.123456Z"), Instant.parse("9999-12-31T23:59:59.999999Z"));
    for (int i = 0; i < times.size(); i++) {
      writer.insert(List.of(RetentionSweepTest.event("t" + i, times.get(i))));
    }
    DecisionReader reader = new DecisionReader(db);
    for (int i = 0; i < times.size(); i++) {
      assertThat(reader.find("t" + i)).map(DecisionRow::timeMicros).contains(DecisionWriter.micros(times.get(i)));
    }
  }

  @Test
  void shouldStoreBatchIdempotentlyWithNulFromJson() throws SQLException {
    DecisionEvent nul = new DecisionEvent("nul", RetentionSweepTest.NOW, "deny", 403, null, "a\u0000b", null, null,
        "to\u0000ol", null, null, List.of("re\u0000ason"), "{\"tool\":\"to\\u0000ol\"}");
    DecisionEvent other = RetentionSweepTest.event("other", RetentionSweepTest.NOW);
    assertThat(writer.insert(List.of(nul, other, nul))).isEqualTo(2);
    assertThat(writer.insert(List.of(other))).isZero();

    DecisionRow row = new DecisionReader(db).find("nul").orElseThrow();
    assertThat(row.tool()).isEqualTo("to\uFFFDol");
    assertThat(row.reasons()).containsExactly("re\uFFFDason");
    assertThat(row.event()).isEqualTo(nul.json());
    assertThat(new DecisionReader(db).page(DecisionFilter.ALL, null, SortOrder.NEWEST_FIRST, 10).rows())
        .hasSize(2);
  }

  @Test
  void shouldApplyRetention() throws SQLException {
    RetentionSweepTest.assertRetention(db, writer);
  }

  @Test
  void shouldAddSearchTextToOlderIndex() throws SQLException {
    writer.close();
    try (Connection conn = server.connect(); Statement statement = conn.createStatement()) {
      statement.execute("DROP TABLE decisions");
      statement.execute(SearchColumnTest.withoutSearchText(Postgres.SCHEMA[0]));
      statement.execute(SearchColumnTest.insertOld());
    }
    db = new Postgres(config(server.config()));
    writer = db.writer();
    SearchColumnTest.assertUpgraded(db, writer);
  }

  /** Health is public and polled: its query must not grow with the table (count(*) reads every row). */
  @Test
  void shouldProbeTheStoreReadingOneRowAtMost() throws SQLException {
    for (int i = 0; i < 20; i++) {
      writer.insert(List.of(RetentionSweepTest.event("p" + i, RetentionSweepTest.NOW)));
    }
    String plan;
    try (Connection conn = db.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + DecisionQueries.probe().sql())) {
      rs.next();
      plan = rs.getString(1);
    }
    List<Integer> rowsPerNode = Pattern.compile("\"Actual Rows\": (\\d+)").matcher(plan).results()
        .map(m -> Integer.parseInt(m.group(1))).toList();
    assertThat(rowsPerNode).isNotEmpty().allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(1));
    new DecisionReader(db).probe();
  }

  /**
   * A search the server cannot finish in time (here: the table locked; in life a pathological
   * q= over millions of rows) ends at the query timeout with its own error, rather than holding
   * a connection slot of the server the writers share for as long as it runs.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without a timeout the read waits for good
  void shouldEndAReadAtTheQueryTimeout() throws SQLException {
    Postgres timed = new Postgres(TestPostgres.storeConfig(server.config().get("mcp-authz.audit.postgresql.url"), true,
        Duration.ofSeconds(1)));
    try (Connection locker = server.connect(); Statement statement = locker.createStatement()) {
      locker.setAutoCommit(false);
      statement.execute("LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE");
      DecisionFilter text = new DecisionFilter(null, null, null, null, null, null, null, null, null, null, "a");

      assertThatThrownBy(() -> new DecisionReader(timed).page(text, null, SortOrder.NEWEST_FIRST, 10))
          .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));
      locker.rollback();
    } finally {
      timed.close();
    }
  }

  @Test
  void shouldAnswerFreeTextFromTrigramIndex() throws SQLException {
    assertThat(PostgresTextIndexTest.plan(db, "org/repo-7")).contains(TrigramIndex.NAME);
  }
}
