package io.mcpauthz.audit.store;

import io.mcpauthz.audit.event.DecisionEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Inserts decision events into DuckDB, one transaction per batch. DuckDB pays a high fixed cost per
 * statement, so a batch is not inserted row by row but through DuckDB's appender, straight into
 * {@code decisions}.
 *
 * <p>A new file has no primary key: the batch's events already stored (a redelivery after a
 * crash or a rebalance, a spool's resend) are found first ({@link StoredKeys}) and left out.
 *
 * <p>A file from an earlier version keeps its primary key ({@link DuckDb#keyed()}): usually no
 * event of a batch is stored yet, and the append succeeds; when the key refuses it, the
 * transaction is rolled back and the batch goes the idempotent way: appended into a
 * connection-private staging table, then one {@code INSERT … SELECT … ON CONFLICT DO NOTHING}
 * moves only the new rows into {@code decisions}.
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

  /** Look, append and commit under the store's write lock (see {@link DuckDb#writeLock()}). */
  @Override
  public int insert(List<DecisionEvent> events) throws SQLException {
    synchronized (db.writeLock()) {
      return super.insert(events);
    }
  }

  @Override
  protected Connection open() throws SQLException {
    DuckDBConnection conn = db.connect().unwrap(DuckDBConnection.class);
    try (Statement statement = conn.createStatement()) {
      statement.execute(db.keyed() ? CREATE_STAGING : StoredKeys.CREATE);
    } catch (SQLException e) {
      conn.close();
      throw e;
    }
    return conn;
  }

  @Override
  protected int write(Connection conn, List<DecisionEvent> distinct) throws SQLException {
    return db.keyed() ? writeKeyed(conn, distinct) : writeUnkeyed(conn, distinct);
  }

  private static int writeUnkeyed(Connection conn, List<DecisionEvent> distinct) throws SQLException {
    // A snapshot taken now, under the write lock: it sees every other writer's commit.
    conn.rollback();
    Set<String> stored = StoredKeys.of(conn, distinct);
    List<DecisionEvent> fresh = stored.isEmpty() ? distinct
        : distinct.stream().filter(e -> !stored.contains(e.decisionId())).toList();
    if (fresh.isEmpty()) {
      return 0;
    }
    if (appended(conn, fresh, DecisionWriter.micros(Instant.now())) != fresh.size()) {
      throw new SQLException("the store did not take every row of the batch");
    }
    return fresh.size();
  }

  private static int writeKeyed(Connection conn, List<DecisionEvent> distinct) throws SQLException {
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

  /** Every row appended straight into the table, or false (then roll back). */
  private static boolean appendedAll(Connection conn, List<DecisionEvent> distinct, long indexedAt) {
    try {
      return appended(conn, distinct, indexedAt) == distinct.size();
    } catch (SQLException alreadyStored) {
      return false;
    }
  }

  /** Appends the rows straight into the table; how many rows the table gained. */
  private static long appended(Connection conn, List<DecisionEvent> events, long indexedAt) throws SQLException {
    // The first statement opens the transaction, which the appender joins (without one it
    // would commit on its own).
    try (Statement statement = conn.createStatement()) {
      long before = count(statement);
      append(conn.unwrap(DuckDBConnection.class).createAppender(TABLE), events, indexedAt);
      // A refused append (a stored decision_id, a constraint) is silent in duckdb_jdbc 1.5: it
      // aborts the transaction, and even commit() then returns normally. The next statement
      // fails instead, and the count proves every row is there.
      return count(statement) - before;
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
