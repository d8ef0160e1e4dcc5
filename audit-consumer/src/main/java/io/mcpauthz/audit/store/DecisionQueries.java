package io.mcpauthz.audit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Builds the parameterised SQL for each read; pure, so the unit tests can pin it down. Written in
 * DuckDB's SQL; {@link Postgres} defines the DuckDB functions used here, so it runs unchanged on
 * both backends (keep to constructs both accept: positional GROUP BY, ARRAY[…], no GROUP BY ALL).
 */
public final class DecisionQueries {

  static final String COLUMNS = "decision_id, epoch_us(time) AS time_us, decision, status, action_class, "
      + "subject, client_id, server, tool, mcp_method, session_id, reasons, event";

  // Repeats each event once per reason code (and once with NULL when it has none).
  private static final String BY_REASON = "(SELECT *, unnest(CASE WHEN len(reasons) = 0 "
      + "THEN ARRAY[NULL::VARCHAR] ELSE reasons END) AS reason FROM decisions) AS by_reason";

  private DecisionQueries() {
  }

  /**
   * One page in keyset order; asks for {@code limit + 1} rows to learn whether more follow.
   * Mostly the page's keys are found first and only its rows read whole: DuckDB otherwise decodes
   * the event JSON of every block holding a match (nearly all of them for a filter matching one
   * event in a thousand), not just of the rows on the page. Not for a subject or a session: their
   * events come in runs, which one pass reads cheaply, while the second read would span the page's
   * whole time range (docs/benchmarks.md).
   */
  public static SqlQuery page(DecisionFilter filter, Cursor after, SortOrder order, int limit) {
    Where where = Where.of(filter).after(after, order);
    List<Object> params = new ArrayList<>(where.params());
    params.add(limit + 1);
    String matching = where.sql() + orderBy(order) + " LIMIT ?";
    if (filter.subject() != null || filter.sessionId() != null) {
      return new SqlQuery("SELECT " + COLUMNS + " FROM decisions" + matching, params);
    }
    String keys = "SELECT time, decision_id FROM decisions" + matching;
    return new SqlQuery("SELECT " + COLUMNS + " FROM decisions JOIN (" + keys + ") AS page USING (time, decision_id)"
        + orderBy(order), params);
  }

  public static SqlQuery byId(String decisionId) {
    return new SqlQuery("SELECT " + COLUMNS + " FROM decisions WHERE decision_id = ?", List.of(decisionId));
  }

  /** Every matching row, newest first, for streaming out. */
  public static SqlQuery export(DecisionFilter filter) {
    Where where = Where.of(filter);
    return new SqlQuery("SELECT " + COLUMNS + " FROM decisions" + where.sql() + orderBy(SortOrder.NEWEST_FIRST),
        where.params());
  }

  /** Counts per bucket and group; {@code maxRows + 1} rows are asked for to detect overflow. */
  public static SqlQuery stats(DecisionFilter filter, List<GroupBy> groups, Bucket bucket, int maxRows) {
    Where where = Where.of(filter);
    String columns = groups.stream().map(GroupBy::column).collect(Collectors.joining(", "));
    String source = groups.contains(GroupBy.REASON) ? BY_REASON : "decisions";
    String positions = IntStream.rangeClosed(1, groups.size() + 1).mapToObj(Integer::toString)
        .collect(Collectors.joining(", "));
    String sql = "SELECT epoch_us(time_bucket(INTERVAL '" + bucket.interval + "', time)) AS bucket_us, "
        + columns + ", count(*) AS n FROM " + source + where.sql()
        + " GROUP BY " + positions + " ORDER BY bucket_us, n DESC, " + columns + " LIMIT ?";
    List<Object> params = new ArrayList<>(where.params());
    params.add(maxRows + 1);
    return new SqlQuery(sql, params);
  }

  /** Whether the table answers, at the cost of one row whatever its size (health polls it). */
  public static SqlQuery probe() {
    return new SqlQuery("SELECT 1 FROM decisions LIMIT 1", List.of());
  }

  public static SqlQuery ping() {
    return new SqlQuery("SELECT count(*) FROM decisions", List.of());
  }

  private static String orderBy(SortOrder order) {
    return " ORDER BY time " + order.direction + ", decision_id " + order.direction;
  }
}
