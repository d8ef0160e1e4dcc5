package io.mcpauthz.audit.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings an index created before free-text search had its own column up to date: adds
 * {@code search_text} and fills it for the rows already stored with their whole JSON lower-cased
 * (what search read before), so those stay found as they were. Runs once, at the first start
 * after the upgrade; both backends call it after creating their schema, in one transaction with
 * the backfill.
 */
final class SearchColumn {

  static final String EXISTS = "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
      + "current_schema() AND table_name = 'decisions' AND column_name = 'search_text'";
  static final String BACKFILL = "UPDATE decisions SET search_text = lower(event)";

  private SearchColumn() {
  }

  /** Adds the column when missing, of {@code type}; true if it did. */
  static boolean addIfMissing(Connection conn, String type) throws SQLException {
    try (Statement statement = conn.createStatement()) {
      try (ResultSet rs = statement.executeQuery(EXISTS)) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return false;
        }
      }
      statement.execute("ALTER TABLE decisions ADD COLUMN search_text " + type);
      statement.execute(BACKFILL);
      return true;
    }
  }
}
