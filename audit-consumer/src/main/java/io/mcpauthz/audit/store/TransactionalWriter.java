package io.mcpauthz.audit.store;

import io.mcpauthz.audit.event.DecisionEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What both writers share: one connection of their own, one transaction per batch, repeats
 * inside a batch dropped (the first copy wins), and after any failure the connection discarded
 * (its state is unknown) and opened anew for the next batch. Synchronized, because the one
 * connection must not be used by two threads at once.
 */
abstract class TransactionalWriter implements DecisionWriter {

  private Connection connection;

  /** A new connection, ready for {@link #write}; auto-commit is switched off here afterwards. */
  protected abstract Connection open() throws SQLException;

  /** Writes distinct events inside the open transaction; returns how many were new. */
  protected abstract int write(Connection conn, List<DecisionEvent> distinct) throws SQLException;

  @Override
  public synchronized int insert(List<DecisionEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return 0;
    }
    Connection conn = connection();
    try {
      int inserted = write(conn, firstCopies(events));
      conn.commit();
      return inserted;
    } catch (SQLException | RuntimeException e) {
      rollbackAndReset();
      throw e;
    }
  }

  private static List<DecisionEvent> firstCopies(List<DecisionEvent> events) {
    Set<String> seen = new HashSet<>();
    List<DecisionEvent> distinct = new ArrayList<>(events.size());
    for (DecisionEvent e : events) {
      if (seen.add(e.decisionId())) {
        distinct.add(e);
      }
    }
    return distinct;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Connection conn = open();
      conn.setAutoCommit(false);
      connection = conn;
    }
    return connection;
  }

  private void rollbackAndReset() {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException ignored) {
      // the connection is discarded below anyway
    }
    close();
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing on shutdown or after a failure; nothing left to do
      }
      connection = null;
    }
  }
}
