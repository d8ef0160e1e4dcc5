package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.support.TestDuckDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The batch writer against a real DuckDB file: idempotency, new-row counts, atomicity. A new
 * file (no primary key: stored events found by time range); {@link LegacyDecisionWriterTest}
 * runs the same on a file with the primary key of earlier versions.
 */
class DecisionWriterTest {

  static final Instant T0 = Instant.parse("2026-11-26T07:00:00.123456Z");

  @RegisterExtension
  final TestDuckDb store = newStore();

  private DuckDb db;
  private DuckDbWriter writer;
  private DecisionReader reader;

  @BeforeEach
  void open() {
    db = store.db();
    writer = store.writer();
    reader = store.reader();
  }

  @Test
  void shouldStoreEveryFieldAsGiven() throws SQLException {
    DecisionEvent full = new DecisionEvent("d-1", T0, "deny", 403, "admin", "alice", "agent-7", "github",
        "delete_repo", "tools/call", "s-1", List.of("role_not_granted", "tool_not_allowed"),
        "{\"decision_id\":\"d-1\",\"note\":\"ünïcödé ✓ " + "x".repeat(2000) + "\"}");
    DecisionEvent sparse = new DecisionEvent("d-2", T0.plusSeconds(1), null, null, null, null, null, null,
        null, null, null, List.of(), "{\"decision_id\":\"d-2\"}");

    assertThat(writer.insert(List.of(full, sparse))).isEqualTo(2);

    assertThat(reader.find("d-1")).contains(new DecisionRow("d-1", DecisionWriter.micros(T0), "deny", 403,
        "admin", "alice", "agent-7", "github", "delete_repo", "tools/call", "s-1",
        List.of("role_not_granted", "tool_not_allowed"), full.json()));
    assertThat(reader.find("d-2")).contains(new DecisionRow("d-2", DecisionWriter.micros(T0.plusSeconds(1)),
        null, null, null, null, null, null, null, null, null, List.of(), sparse.json()));
  }

  @Test
  void shouldStoreTheWholeRangeOfTimesTheParserAccepts() throws SQLException {
    Instant earliest = Instant.parse("0001-01-01T00:00:00Z");
    Instant latest = Instant.parse("9999-12-31T23:59:59.999999Z");
    assertThat(writer.insert(List.of(event("early", earliest), event("late", latest)))).isEqualTo(2);
    assertThat(reader.find("early")).map(DecisionRow::timeMicros).contains(DecisionWriter.micros(earliest));
    assertThat(reader.find("late")).map(DecisionRow::timeMicros).contains(DecisionWriter.micros(latest));
  }

  @Test
  void shouldCountOnlyNewRowsAcrossBatches() throws SQLException {
    assertThat(writer.insert(List.of(event("a"), event("b")))).isEqualTo(2);
    assertThat(writer.insert(List.of(event("b"), event("c"), event("a")))).isEqualTo(1);
    assertThat(writer.insert(List.of(event("c")))).isZero();
    assertThat(writer.insert(List.of())).isZero();
    assertThat(reader.count()).isEqualTo(3);
  }

  @Test
  void shouldStoreDuplicateInsideBatchOnceKeepingFirstCopy() throws SQLException {
    DecisionEvent first = event("a", "{\"copy\":1}");
    assertThat(writer.insert(List.of(first, event("b"), event("a", "{\"copy\":2}"), first))).isEqualTo(2);
    assertThat(reader.find("a")).map(DecisionRow::event).contains("{\"copy\":1}");
    assertThat(reader.count()).isEqualTo(2);
  }

  @Test
  void shouldIndexLargeBatch() throws SQLException {
    List<DecisionEvent> batch = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      batch.add(event("e-" + i));
    }
    assertThat(writer.insert(batch)).isEqualTo(5_000);
    assertThat(writer.insert(batch.subList(4_000, 5_000))).isZero();
    assertThat(reader.count()).isEqualTo(5_000);
  }

  @Test
  void shouldCountNewRowsOfARedeliveryWhoseStoredIdComesLate() throws SQLException {
    writer.insert(List.of(event("stored")));
    List<DecisionEvent> batch = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      batch.add(event("e-" + i)); // the appender flushes chunks of these before it meets "stored"
    }
    batch.add(event("stored", "{\"copy\":2}"));

    assertThat(writer.insert(batch)).isEqualTo(5_000);
    assertThat(reader.count()).isEqualTo(5_001);
    assertThat(reader.find("stored")).map(DecisionRow::event).contains("{\"decision_id\":\"stored\"}");
    assertThat(writer.insert(List.of(event("after")))).isEqualTo(1);
  }

  @Test
  void shouldStoreNothingOfFailedBatchAndRecoverOnNextBatch() throws SQLException {
    writer.insert(List.of(event("before")));
    execute("DROP TABLE decisions");

    assertThatThrownBy(() -> writer.insert(List.of(event("lost-1"), event("lost-2")))).isInstanceOf(SQLException.class);

    for (String ddl : DuckDb.SCHEMA) {
      execute(ddl);
    }
    // A fresh connection: nothing staged by the failed batch is carried over.
    assertThat(writer.insert(List.of(event("after")))).isEqualTo(1);
    assertThat(reader.count()).isEqualTo(1);
    assertThat(reader.find("after")).isPresent();
  }

  @Test
  void shouldStoreARedeliveredBatchOnce() throws SQLException {
    List<DecisionEvent> first = timed("a-", 0, 3_000);
    assertThat(writer.insert(first)).isEqualTo(3_000);
    execute("CHECKPOINT"); // stored rows on disk too, with their min/max per block

    List<DecisionEvent> second = new ArrayList<>(first.subList(2_000, 3_000)); // stored, in the newest blocks
    second.addAll(timed("b-", 3_000, 4_000)); // new
    second.addAll(first.subList(2_000, 3_000)); // the same again inside the batch
    assertThat(writer.insert(second)).isEqualTo(1_000);
    assertThat(writer.insert(second)).isZero();

    assertThat(reader.count()).isEqualTo(4_000);
    assertThat(storedTwice()).isZero();
  }

  @Test
  void shouldFindAnEventStoredLongBeforeTheRestOfItsBatch() throws SQLException {
    DecisionEvent old = event("old", T0.minus(Duration.ofDays(20)));
    assertThat(writer.insert(List.of(old))).isEqualTo(1);
    assertThat(writer.insert(timed("a-", 0, 3_000))).isEqualTo(3_000);
    execute("CHECKPOINT");

    // The old event again among new ones, and among a dozen stray times (more ranges than
    // the lookup splits: the smaller gaps are read through).
    List<DecisionEvent> batch = new ArrayList<>(timed("b-", 3_000, 4_000));
    batch.add(2, old);
    for (int i = 0; i < 12; i++) {
      batch.add(event("stray-" + i, T0.minus(Duration.ofDays(i + 1))));
    }
    assertThat(writer.insert(batch)).isEqualTo(1_012);
    assertThat(writer.insert(batch)).isZero();

    assertThat(reader.count()).isEqualTo(1 + 3_000 + 1_012);
    assertThat(storedTwice()).isZero();
    assertThat(reader.find("old")).map(DecisionRow::timeMicros).contains(DecisionWriter.micros(old.time()));
  }

  @Test
  void shouldStoreOnceWhatTwoWritersOfOneStoreBothInsert() throws Exception {
    List<DecisionEvent> batch = timed("a-", 0, 2_000);
    try (DecisionWriter other = db.writer()) {
      Thread thread = new Thread(() -> {
        try {
          other.insert(batch);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      thread.start();
      writer.insert(batch);
      thread.join();
    }
    assertThat(reader.count()).isEqualTo(2_000);
    assertThat(storedTwice()).isZero();
  }

  /** Events {@code prefix<i>} for i in [from, to), a millisecond apart. */
  static List<DecisionEvent> timed(String prefix, int from, int to) {
    List<DecisionEvent> events = new ArrayList<>();
    for (int i = from; i < to; i++) {
      events.add(event(prefix + i, T0.plusMillis(i)));
    }
    return events;
  }

  private long storedTwice() throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT count(*) FROM (SELECT decision_id FROM decisions GROUP BY decision_id HAVING count(*) > 1)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  TestDuckDb newStore() {
    return new TestDuckDb();
  }

  void execute(String sql) throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      statement.execute(sql);
    }
  }

  private static DecisionEvent event(String id) {
    return event(id, "{\"decision_id\":\"" + id + "\"}");
  }

  static DecisionEvent event(String id, Instant time) {
    return new DecisionEvent(id, time, "allow", 200, "read", "alice", "agent-7", "github", "list_issues",
        "tools/call", "s-1", List.of(), "{}");
  }

  private static DecisionEvent event(String id, String json) {
    return new DecisionEvent(id, T0, "allow", 200, "read", "alice", "agent-7", "github", "list_issues",
        "tools/call", "s-1", List.of(), json);
  }
}
