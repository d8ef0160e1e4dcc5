package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.store.TimeRanges.Range;
import io.mcpauthz.audit.support.TestDuckDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The index-free schema of a new file, and how a batch's time ranges are cut. */
class StoredKeysTest {

  @RegisterExtension
  final TestDuckDb store = new TestDuckDb();

  @Test
  void shouldCreateANewFileWithoutAnyIndex() throws SQLException {
    assertThat(store.db().keyed()).isFalse();
    assertThat(single("SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'decisions'")).isZero();
    assertThat(single("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'decisions'"
        + " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')")).isZero();
  }

  @Test
  void shouldKeyOnIdAndTimeAsPostgresDoes() throws SQLException {
    var t0 = DecisionWriterTest.T0;
    assertThat(store.writer().insert(List.of(DecisionWriterTest.event("a", t0)))).isEqualTo(1);
    // Not a redelivery (that repeats the time): another event claiming the id, kept as on PostgreSQL.
    assertThat(store.writer().insert(List.of(DecisionWriterTest.event("a", t0.plusSeconds(1))))).isEqualTo(1);
    assertThat(store.writer().insert(List.of(DecisionWriterTest.event("a", t0)))).isZero();
  }

  @Test
  void shouldReadThroughSmallGapsAndSplitAtLargeOnes() {
    assertThat(TimeRanges.of(new long[0])).isEmpty();
    assertThat(TimeRanges.of(new long[] {5, 3, 1_000_003, 4})).containsExactly(new Range(3, 1_000_003));
    long day = 86_400_000_000L;
    assertThat(TimeRanges.of(new long[] {10 * day + 2, 3, 10 * day, 10 * day + 1}))
        .containsExactly(new Range(3, 3), new Range(10 * day, 10 * day + 2));
  }

  @Test
  void shouldKeepTheLargestGapsWhenThereAreMoreThanItSplits() {
    long second = 1_000_000;
    long[] times = new long[20];
    for (int i = 0; i < times.length; i++) {
      times[i] = i * 10 * second + (i >= 7 ? 100 * second : 0); // gaps of 10 s, one of 110 s before #7
    }
    List<Range> ranges = TimeRanges.of(times);
    assertThat(ranges).hasSize(TimeRanges.MAX_RANGES);
    assertThat(ranges).extracting(Range::first).contains(times[7]);
    for (long t : times) { // every time in exactly one range
      assertThat(ranges.stream().filter(r -> r.first() <= t && t <= r.last())).hasSize(1);
    }
  }

  private long single(String sql) throws SQLException {
    try (Connection conn = store.db().connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
