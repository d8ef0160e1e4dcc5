package io.mcpauthz.audit.store;

import io.mcpauthz.audit.event.DecisionEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Inserts decision events into DuckDB, one transaction per batch. DuckDB pays a high fixed cost per
 * statement, so a batch is not inserted row by row but through DuckDB's appender. Usually no
 * event of a batch is stored yet, and the rows are appended straight into {@code decisions}.
 * A redelivered batch (after a crash or a rebalance) holds decision_ids that are: the primary
 * key refuses the append, the transaction is rolled back, and the batch goes the idempotent way:
 * appended into a connection-private staging table, then one
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING} moves only the new rows into {@code decisions}.
 */
public class DuckDbWriter extends TransactionalWriter {

  static final String TABLE = "decisions";
  static final String STAGING_TABLE = "decisions_staging";

  // Temp tables live in the connection (catalog "temp"): each write connection has its own.
  static final String CREATE_STAGING = """
          CREATE TEMP TABLE IF NOT EXISTS decisions_staging (decision_id VARCHAR, time TIMESTAMP,
              decision VARCHAR, status INTEGER, action_class VARCHAR, subject VARCHAR, client_id VARCHAR,
              server VARCHAR, tool VARCHAR, mcp_method VARCHAR, session_id VARCHAR, reasons VARCHAR[],
              event VARCHAR, indexed_at TIMESTAMP, search_text VARCHAR)""";

  static final String CLEAR_STAGING = "DELETE FROM decisions_staging";

  static final String COUNT = "SELECT count(*) FROM decisions";

  // The update count is the number of rows that were new. Executed afresh for every batch, not
  // prepared once: duckdb_jdbc 1.5.5.1 fails it ("Invalid unicode … in value construction")
  // when it was prepared before the staging table was filled.
  static final String MOVE_STAGED = """
          INSERT INTO decisions (decision_id, time, decision, status, action_class, subject,
              client_id, server, tool, mcp_method, session_id, reasons, event, indexed_at, search_text)
          SELECT decision_id, time, decision, status, action_class, subject,
              client_id, server, tool, mcp_method, session_id, reasons, event, indexed_at, search_text
          FROM decisions_staging
          ON CONFLICT DO NOTHING""";

  private final DuckDb db;

  public DuckDbWriter(DuckDb db) {
    this.db = db;
  }

  @Override
  protected Connection open() throws SQLException {
    DuckDBConnection conn = db.connect().unwrap(DuckDBConnection.class);
    try (Statement statement = conn.createStatement()) {
      statement.execute(CREATE_STAGING);
    } catch (SQLException e) {
      conn.close();
      throw e;
    }
    return conn;
  }

  @Override
  protected int write(Connection conn, List<DecisionEvent> distinct) throws SQLException {
    long indexedAt = DecisionWriter.micros(Instant.now());
    if (appendedAll(conn, distinct, indexedAt)) {
      return distinct.size();
    }
    conn.rollback(); // some of the batch is stored (or a real failure, which recurs below)
    try (Statement statement = conn.createStatement()) {
      statement.execute(CLEAR_STAGING);
      append(conn.unwrap(DuckDBConnection.class).createAppender("temp", "main", STAGING_TABLE), distinct,
          indexedAt);
      int inserted = statement.executeUpdate(MOVE_STAGED);
      statement.execute(CLEAR_STAGING);
      return inserted;
    }
  }

  /** The fast way: every row appended straight into the table, or false (then roll back). */
  private static boolean appendedAll(Connection conn, List<DecisionEvent> distinct, long indexedAt) {
    // The first statement opens the transaction, which the appender joins (without one it
    // would commit on its own).
    try (Statement statement = conn.createStatement()) {
      long before = count(statement);
      append(conn.unwrap(DuckDBConnection.class).createAppender(TABLE), distinct, indexedAt);
      // A refused append (a stored decision_id) is silent in duckdb_jdbc 1.5: it aborts the
      // transaction, and even commit() then returns normally. The next statement fails
      // instead, and the count proves every row is there.
      return count(statement) - before == distinct.size();
    } catch (SQLException alreadyStored) {
      return false;
    }
  }

  private static long count(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery(COUNT)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void append(DuckDBAppender target, List<DecisionEvent> events, long indexedAt)
      throws SQLException {
    try (DuckDBAppender appender = target) {
      for (DecisionEvent e : events) {
        appender.beginRow()
            .append(e.decisionId())
            .appendEpochMicros(DecisionWriter.micros(e.time()))
            .append(e.decision())
            .append(e.status())
            .append(e.actionClass())
            .append(e.subject())
            .append(e.clientId())
            .append(e.server())
            .append(e.tool())
            .append(e.mcpMethod())
            .append(e.sessionId())
            .append(e.reasons())
            .append(e.json())
            .appendEpochMicros(indexedAt)
            .append(e.searchText())
            .endRow();
      }
    } // close() flushes the rows into the table
  }
}
