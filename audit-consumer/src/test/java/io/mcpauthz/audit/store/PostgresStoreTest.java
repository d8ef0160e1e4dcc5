package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    if (db != null) {
      db.close();
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
      statement.execute(SearchColumnTest.withoutSearchText(PostgresLegacy.TABLE)); // search_text predates partitions
      statement.execute(SearchColumnTest.insertOld());
    }
    db.close();
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

  /**
   * An export whose query cannot finish (the table locked; in life a scan of millions of rows
   * or a client reading slowly) ends at its maximum duration: the statement is cancelled on the
   * server, the export reports itself cut, and the table is free again.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldEndAnExportAtItsMaximumDuration() throws SQLException, java.io.IOException {
    writer.insert(List.of(RetentionSweepTest.event("e-1", RetentionSweepTest.NOW)));
    DecisionReader reader = new DecisionReader(db);
    try (Connection locker = server.connect(); Statement statement = locker.createStatement()) {
      locker.setAutoCommit(false);
      statement.execute("LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE");
      long start = System.nanoTime();

      DecisionReader.ExportEnd end = reader.export("an-auditor", DecisionFilter.ALL, Duration.ofSeconds(1), row -> { });

      assertThat(end.complete()).isFalse();
      assertThat(end.rows()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      locker.rollback();
    }
    assertThat(reader.export("an-auditor", DecisionFilter.ALL, Duration.ofSeconds(30), row -> { }).complete()).isTrue();
  }

  @Test
  void shouldEndAnExportToASlowClientAtItsMaximumDuration() throws SQLException, java.io.IOException {
    List<DecisionEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(RetentionSweepTest.event("e-" + i, RetentionSweepTest.NOW.minusSeconds(i)));
    }
    writer.insert(events);
    List<String> ids = new ArrayList<>();

    DecisionReader slowClient = new DecisionReader(db);
    DecisionReader.ExportEnd end = slowClient.export("an-auditor", DecisionFilter.ALL, Duration.ofSeconds(2), row -> {
      ids.add(row.decisionId());
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    assertThat(end.complete()).isFalse();
    assertThat(end.rows()).isEqualTo(ids.size()).isBetween(1L, 10L);
    assertThat(ids).startsWith("e-0");
  }

  @Test
  void shouldAnswerFreeTextFromTrigramIndex() throws SQLException {
    writer.insert(List.of(RetentionSweepTest.event("e-1", RetentionSweepTest.NOW)));
    assertThat(PostgresTextIndexTest.plan(db, "org/repo-7")).contains("decisions_20261126" + TrigramIndex.PART_SUFFIX);
  }

  @Test
  void shouldKeepUsingUnpartitionedTableOfEarlierVersion() throws SQLException {
    reopenOnTableOfEarlierVersion();
    assertThat(db.partitioned()).isFalse();
    DecisionEvent event = RetentionSweepTest.event("e-1", RetentionSweepTest.NOW);
    assertThat(writer.insert(List.of(event, RetentionSweepTest.event("e-2", RetentionSweepTest.NOW)))).isEqualTo(2);
    assertThat(writer.insert(List.of(event))).isZero();
    assertThat(new DecisionReader(db).find("e-1")).isPresent();
    assertThat(PostgresTextIndexTest.plan(db, "org/repo-7")).contains(TrigramIndex.NAME + " ");
    RetentionSweepTest.assertRetention(db, writer);
  }

  @Test
  void shouldStoreEachDayInPartitionOfItsOwnAndDropExpiredDays() throws SQLException {
    Instant day = Instant.parse("2026-11-20T23:59:59.999999Z");
    writer.insert(List.of(RetentionSweepTest.event("late", day), RetentionSweepTest.event("next", day.plusNanos(1000)),
        RetentionSweepTest.event("later", day.plus(Duration.ofDays(3)))));
    assertThat(partitions()).containsExactly("decisions_20261124", "decisions_20261123", "decisions_20261122",
        "decisions_20261121", "decisions_20261120"); // each day with an event, and the one after it
    assertThat(partitionOf("late")).isEqualTo("decisions_20261120");
    assertThat(partitionOf("next")).isEqualTo("decisions_20261121");

    // the cutoff inside the 21st: the 20th is dropped whole, the 21st keeps what is not older
    assertThat(db.deleteBefore(DecisionWriter.micros(Instant.parse("2026-11-21T12:00:00Z")))).isEqualTo(2);
    assertThat(partitions()).doesNotContain("decisions_20261120").contains("decisions_20261121");
    assertThat(new DecisionReader(db).find("later")).isPresent();
    // a late event for the dropped day: its partition is created again (a writer that still
    // counts the day as there fails that batch once; its retry opens a new writer connection)
    writer.close();
    writer = db.writer();
    assertThat(writer.insert(List.of(RetentionSweepTest.event("again", day)))).isEqualTo(1);
    assertThat(partitionOf("again")).isEqualTo("decisions_20261120");
  }

  @Test
  void shouldPageFreeTextDayByDayAsOneQueryWould() throws SQLException {
    Instant t = Instant.parse("2026-11-20T10:00:00Z");
    List<Instant> times = List.of(t, t.plusSeconds(60), t.plus(Duration.ofDays(1)), t.plus(Duration.ofDays(1)),
        t.plus(Duration.ofDays(3)), t.plus(Duration.ofDays(3)).plusSeconds(1), t.plus(Duration.ofDays(3)).plusSeconds(2));
    List<DecisionEvent> events = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      String repo = i == 3 ? "org/other" : "org/repo-7";
      events.add(new DecisionEvent("e-" + i, times.get(i), "allow", 200, "read", "alice", "agent-7", "github",
          "list_issues", "tools/call", "s-1", List.of("allowed"), "{\"arguments\":{\"repo\":\"" + repo + "\"}}"));
    }
    writer.insert(events);
    DecisionReader reader = new DecisionReader(db);
    DecisionFilter text = new DecisionFilter(null, null, null, null, null, null, null, null, null, null, "ORG/REPO-7");
    List<String> newestFirst = List.of("e-6", "e-5", "e-4", "e-2", "e-1", "e-0");
    for (int limit : new int[] {1, 2, 3, 50}) {
      assertThat(allPages(reader, text, SortOrder.NEWEST_FIRST, limit)).as("limit %d", limit)
          .containsExactlyElementsOf(newestFirst);
      assertThat(allPages(reader, text, SortOrder.OLDEST_FIRST, limit)).as("limit %d", limit)
          .containsExactly("e-0", "e-1", "e-2", "e-4", "e-5", "e-6");
    }
    DecisionFilter range = SessionSpan.within(text, t.plusSeconds(30), t.plus(Duration.ofDays(3)).plusSeconds(2));
    assertThat(allPages(reader, range, SortOrder.NEWEST_FIRST, 2)).containsExactly("e-5", "e-4", "e-2", "e-1");
  }

  private static List<String> allPages(DecisionReader reader, DecisionFilter filter, SortOrder order, int limit) {
    List<String> ids = new ArrayList<>();
    Cursor cursor = null;
    do {
      Page page = reader.page(filter, cursor, order, limit);
      page.rows().forEach(row -> ids.add(row.decisionId()));
      cursor = page.next();
    } while (cursor != null && ids.size() < 100);
    return ids;
  }

  @Test
  void shouldUpgradeUnpartitionedTableByTheDocumentedSteps() throws Exception {
    reopenOnTableOfEarlierVersion();
    Instant day = RetentionSweepTest.NOW;
    writer.insert(List.of(RetentionSweepTest.event("old-1", day.minus(Duration.ofDays(2))),
        RetentionSweepTest.event("old-2", day.minus(Duration.ofDays(1))), RetentionSweepTest.event("both", day)));
    writer.close();

    runScript("upgrade-1-set-aside.sql"); // replicas stopped
    db.close();
    db = new Postgres(config(server.config())); // the new version starts
    writer = db.writer();
    assertThat(db.partitioned()).isTrue();
    writer.insert(List.of(RetentionSweepTest.event("new", day), RetentionSweepTest.event("both", day)));
    runScript("upgrade-2-copy.sql");

    DecisionReader reader = new DecisionReader(db);
    assertThat(reader.page(DecisionFilter.ALL, null, SortOrder.NEWEST_FIRST, 10).rows())
        .extracting(DecisionRow::decisionId).containsExactlyInAnyOrder("new", "both", "old-2", "old-1");
    assertThat(partitionOf("old-1")).isEqualTo("decisions_20261124");
    try (Connection conn = server.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT to_regclass('decisions_unpartitioned')")) {
      rs.next();
      assertThat(rs.getString(1)).isNull();
    }
  }

  private void reopenOnTableOfEarlierVersion() throws SQLException {
    writer.close();
    try (Connection conn = server.connect(); Statement statement = conn.createStatement()) {
      statement.execute("DROP TABLE decisions");
      statement.execute(PostgresLegacy.TABLE);
    }
    db.close();
    db = new Postgres(config(server.config()));
    writer = db.writer();
  }

  /** One of deploy/postgresql's scripts, statement by statement in autocommit, as psql runs it. */
  private void runScript(String name) throws Exception {
    String script = Files.readString(Path.of("../deploy/postgresql", name));
    try (Connection conn = server.connect(); Statement statement = conn.createStatement()) {
      StringBuilder sql = new StringBuilder();
      boolean quoted = false;
      for (String line : script.split("\n")) {
        if (line.startsWith("--")) {
          continue;
        }
        sql.append(line).append('\n');
        quoted ^= line.split("\\$\\$", -1).length % 2 == 0;
        if (!quoted && line.endsWith(";")) {
          statement.execute(sql.toString());
          sql.setLength(0);
        }
      }
    }
  }

  private List<String> partitions() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection conn = server.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery(Partitions.DAYS)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private String partitionOf(String id) throws SQLException {
    try (Connection conn = server.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT tableoid::regclass FROM decisions WHERE decision_id = '" + id
            + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
