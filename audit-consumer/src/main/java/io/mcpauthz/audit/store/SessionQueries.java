package io.mcpauthz.audit.store;

import java.util.ArrayList;
import java.util.List;

/** The SQL behind the session list: the matching decisions grouped by session, latest activity first. */
public final class SessionQueries {

  private SessionQueries() {
  }

  /** Asks for {@code limit + 1} sessions to learn whether more follow. */
  public static SqlQuery summaries(DecisionFilter filter, int limit) {
    Where where = Where.of(filter);
    String sql = "SELECT session_id, epoch_us(min(time)) AS first_us, epoch_us(max(time)) AS last_us,"
        + " count(*) AS n, count(*) FILTER (WHERE decision = 'deny') AS denies,"
        + " array_agg(DISTINCT subject ORDER BY subject) FILTER (WHERE subject IS NOT NULL) AS subjects,"
        + " array_agg(DISTINCT client_id ORDER BY client_id) FILTER (WHERE client_id IS NOT NULL) AS client_ids"
        + " FROM decisions" + where.sql()
        + " GROUP BY session_id HAVING session_id IS NOT NULL ORDER BY last_us DESC, session_id LIMIT ?";
    List<Object> params = new ArrayList<>(where.params());
    params.add(limit + 1);
    return new SqlQuery(sql, params);
  }
}
