package io.mcpauthz.audit.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The index: DuckDB (embedded, the default) or PostgreSQL (shared by several consumer replicas).
 * Both run the same queries ({@link DecisionQueries}); each owns its schema.
 */
public interface Database extends AutoCloseable {

  /** A connection for the calling thread only; close it after use. */
  Connection connect() throws SQLException;

  /** A connection for one API read, bounded by the store's query timeout where it has one. */
  default Connection read() throws SQLException {
    return connect();
  }

  /** A writer with its own connection, for the consumer thread. */
  DecisionWriter writer();

  /**
   * The filters whose pages, asked in turn, make up the page of {@code filter}: each is read
   * until the page is full. The filter itself, unless the store reads some pages in parts.
   */
  default List<DecisionFilter> pageParts(Connection conn, DecisionFilter filter, Cursor after, SortOrder order)
      throws SQLException {
    return List.of(filter);
  }

  /** Deletes decisions older than {@code cutoffMicros}; returns how many. */
  default int deleteBefore(long cutoffMicros) throws SQLException {
    try (Connection conn = connect();
        var ps = conn.prepareStatement("DELETE FROM decisions WHERE time < make_timestamp(?)")) {
      ps.setLong(1, cutoffMicros);
      return ps.executeUpdate();
    }
  }

  /** Whether the store answers at all: tells a refused event apart from a store that is down. */
  default boolean reachable() {
    try (Connection conn = connect(); Statement statement = conn.createStatement()) {
      statement.executeQuery("SELECT count(*) FROM decisions WHERE false").close();
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  void close();
}
