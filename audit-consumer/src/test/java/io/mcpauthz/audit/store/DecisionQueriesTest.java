package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionQueriesTest {

  private static final String NEWEST = " ORDER BY time DESC, decision_id DESC";
  private static final String SELECT = "SELECT " + DecisionQueries.COLUMNS + " FROM decisions";

  /** A page: its keys by {@code whereAndOrder} with the limit, then those rows whole, in the same order. */
  private static String page(String whereAndOrder, String order) {
    return SELECT + " JOIN (SELECT time, decision_id FROM decisions" + whereAndOrder + " LIMIT ?) AS page"
        + " USING (time, decision_id)" + order;
  }

  @Test
  void shouldSelectAllWithoutFilters() {
    SqlQuery q = DecisionQueries.page(DecisionFilter.ALL, null, SortOrder.NEWEST_FIRST, 50);
    assertThat(q.sql()).isEqualTo(page(NEWEST, NEWEST));
    assertThat(q.params()).containsExactly(51);
  }

  @Test
  void shouldBindEveryFilterAsParameter() {
    DecisionFilter filter = new DecisionFilter("alice'--", "agent", "github", "delete_repo", "deny", "admin",
        "role_not_granted", "s1", Instant.ofEpochSecond(1), Instant.ofEpochSecond(2), "Needle%_");
    SqlQuery q = DecisionQueries.page(filter, null, SortOrder.NEWEST_FIRST, 10);
    assertThat(q.sql()).isEqualTo(SELECT + " WHERE subject = ? AND client_id = ? AND server = ? AND tool = ?"
        + " AND decision = ? AND action_class = ? AND session_id = ? AND list_contains(reasons, ?)"
        + " AND time >= make_timestamp(?) AND time < make_timestamp(?) AND contains(search_text, ?)" + NEWEST
        + " LIMIT ?");
    assertThat(q.params()).containsExactly("alice'--", "agent", "github", "delete_repo", "deny", "admin", "s1",
        "role_not_granted", 1_000_000L, 2_000_000L, "needle%_", 11);
    assertThat(q.sql()).doesNotContain("alice", "Needle");
  }

  @Test
  void shouldReadSessionInOnePass() {
    SqlQuery q = DecisionQueries.page(DecisionFilter.session("s1"), null, SortOrder.OLDEST_FIRST, 5);
    assertThat(q.sql()).isEqualTo(SELECT + " WHERE session_id = ? ORDER BY time ASC, decision_id ASC LIMIT ?");
  }

  @ParameterizedTest
  @CsvSource({"NEWEST_FIRST, <, DESC", "OLDEST_FIRST, >, ASC"})
  void shouldContinueAfterCursorInSortOrder(SortOrder order, String op, String direction) {
    DecisionFilter tool = new DecisionFilter(null, null, null, "t1", null, null, null, null, null, null, null);
    SqlQuery q = DecisionQueries.page(tool, new Cursor(42, "d-1"), order, 5);
    String orderBy = " ORDER BY time " + direction + ", decision_id " + direction;
    assertThat(q.sql()).isEqualTo(page(" WHERE tool = ? AND (time " + op
        + " make_timestamp(?) OR (time = make_timestamp(?) AND decision_id " + op + " ?))" + orderBy, orderBy));
    assertThat(q.params()).containsExactly("t1", 42L, 42L, "d-1", 6);
  }

  @Test
  void shouldGroupStatsByWhitelistedColumnsAndBucket() {
    SqlQuery q = DecisionQueries.stats(DecisionFilter.ALL, List.of(GroupBy.DECISION, GroupBy.TOOL),
        Bucket.FIVE_MINUTES, 100);
    assertThat(q.sql()).isEqualTo("SELECT epoch_us(time_bucket(INTERVAL '5 minutes', time)) AS bucket_us,"
        + " decision, tool, count(*) AS n FROM decisions GROUP BY 1, 2, 3 ORDER BY bucket_us, n DESC,"
        + " decision, tool LIMIT ?");
    assertThat(q.params()).containsExactly(101);
  }

  @Test
  void shouldUnnestReasonsWhenGroupingByReason() {
    SqlQuery q = DecisionQueries.stats(DecisionFilter.ALL, List.of(GroupBy.REASON), Bucket.DAY, 10);
    assertThat(q.sql()).contains("unnest(").contains("INTERVAL '1 day'").contains(" reason, count(*)");
  }

  @ParameterizedTest
  @CsvSource({"decision", "tool", "server", "action_class", "subject", "client_id", "reason", "status"})
  void shouldAcceptWhitelistedGroupBy(String name) {
    assertThat(GroupBy.parse(name).column()).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource({"event", "time; DROP TABLE decisions", "DECISION", "''"})
  void shouldRejectOtherGroupBy(String name) {
    assertThatThrownBy(() -> GroupBy.parse(name)).isInstanceOf(AuditException.class);
  }

  @ParameterizedTest
  @CsvSource({"1m", "5m", "15m", "1h", "6h", "1d", "7d"})
  void shouldAcceptWhitelistedBuckets(String label) {
    assertThat(Bucket.parse(label).label()).isEqualTo(label);
  }

  @ParameterizedTest
  @CsvSource({"2h", "1 hour", "'1 hour'' ; --'"})
  void shouldRejectOtherBuckets(String label) {
    assertThatThrownBy(() -> Bucket.parse(label)).isInstanceOf(AuditException.class);
  }
}
