package io.mcpauthz.audit.store;

import io.mcpauthz.audit.event.DecisionEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Which events of a batch are stored already, in a table without a primary key. The key is
 * (decision_id, time), as PostgreSQL's: a redelivered event is the same record, so it repeats
 * its time, whatever the PDP's clock. The batch's keys are appended into a connection-private
 * table and joined with the stored rows of the batch's own time ranges only ({@link TimeRanges}):
 * DuckDB skips every block whose min/max time lies outside them, so the lookup reads the newest
 * blocks, not the table. An event redelivered long after is still found: its range is its own
 * time.
 */
final class StoredKeys {

  static final String TABLE = "decisions_batch_keys";

  // Temp tables live in the connection (catalog "temp"): each write connection has its own.
  static final String CREATE = "CREATE TEMP TABLE IF NOT EXISTS decisions_batch_keys (decision_id VARCHAR, time TIMESTAMP)";

  static final String CLEAR = "DELETE FROM decisions_batch_keys";

  private StoredKeys() {
  }

  /** The decision_ids of {@code distinct} (no id twice) stored with the same time. */
  static Set<String> of(Connection conn, List<DecisionEvent> distinct) throws SQLException {
    long[] micros = new long[distinct.size()];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = DecisionWriter.micros(distinct.get(i).time());
    }
    try (Statement statement = conn.createStatement()) {
      statement.execute(CLEAR);
      try (DuckDBAppender appender = conn.unwrap(DuckDBConnection.class).createAppender("temp", "main", TABLE)) {
        for (int i = 0; i < micros.length; i++) {
          appender.beginRow().append(distinct.get(i).decisionId()).appendEpochMicros(micros[i]).endRow();
        }
      }
      Set<String> stored = new HashSet<>();
      try (ResultSet rs = statement.executeQuery(lookup(TimeRanges.of(micros)))) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      statement.execute(CLEAR);
      return stored;
    }
  }

  /**
   * One join per range, its bounds written as literals (numbers only) so that DuckDB prunes the
   * scan of {@code decisions} by them when it plans the statement. Executed afresh each batch,
   * as duckdb_jdbc 1.5 fails statements prepared before their temp table was filled.
   */
  static String lookup(List<TimeRanges.Range> ranges) {
    return ranges.stream().map(r -> {
      String within = " BETWEEN make_timestamp(" + r.first() + ") AND make_timestamp(" + r.last() + ")";
      return "SELECT k.decision_id FROM decisions_batch_keys k JOIN decisions d"
          + " ON d.decision_id = k.decision_id AND d.time = k.time"
          + " WHERE d.time" + within + " AND k.time" + within;
    }).collect(Collectors.joining(" UNION ALL "));
  }
}
