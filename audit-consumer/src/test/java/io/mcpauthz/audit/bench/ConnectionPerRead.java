package io.mcpauthz.audit.bench;

import io.mcpauthz.audit.store.Cursor;
import io.mcpauthz.audit.store.Database;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionWriter;
import io.mcpauthz.audit.store.SortOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL store's reads as they were before the pool ({@code --pool=compare}): a new
 * connection (server session) per read, its query timeout set on it, the same SQL.
 */
final class ConnectionPerRead implements Database {

  private final Database store;
  private final long queryTimeoutMillis;

  ConnectionPerRead(Database store, long queryTimeoutMillis) {
    this.store = store;
    this.queryTimeoutMillis = queryTimeoutMillis;
  }

  @Override
  public Connection connect() throws SQLException {
    return store.connect();
  }

  @Override
  public Connection read() throws SQLException {
    Connection conn = connect();
    try (Statement statement = conn.createStatement()) {
      statement.execute("SET statement_timeout = " + queryTimeoutMillis);
    } catch (SQLException e) {
      conn.close();
      throw e;
    }
    return conn;
  }

  @Override
  public List<DecisionFilter> pageParts(Connection conn, DecisionFilter filter, Cursor after, SortOrder order)
      throws SQLException {
    return store.pageParts(conn, filter, after, order);
  }

  @Override
  public DecisionWriter writer() {
    return store.writer();
  }

  @Override
  public void close() {
    // the store is closed by its owner
  }
}
