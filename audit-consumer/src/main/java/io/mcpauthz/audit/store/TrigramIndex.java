package io.mcpauthz.audit.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The {@code pg_trgm} GIN index on {@code search_text} that serves free text ({@code q}), or its
 * absence ({@code mcp-authz.audit.postgresql.text-index=false}: every insert is several times
 * cheaper, free text the same answers from a scan). On an empty table it is created with the
 * schema; on a filled one it is built after startup with {@code CREATE INDEX CONCURRENTLY}, so
 * the consumer writes and the API answers meanwhile (a 10 M-event index takes minutes), day by day
 * when the table is partitioned. One replica builds (advisory lock); an index a stopped build left
 * invalid is dropped and built again.
 */
public final class TrigramIndex {

  private static final Logger LOGGER = Logger.getLogger(TrigramIndex.class);
  private static final long BUILD_LOCK = 7312;
  static final String NAME = "decisions_search";
  // What PostgreSQL names a day's part of the index when a new day inherits it; a build uses it too.
  static final String PART_SUFFIX = "_search_text_idx";
  // The extension is trusted: a user with CREATE on the database may install it.
  static final String EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm";
  static final String CREATE = "CREATE INDEX %s IF NOT EXISTS " + NAME
      + " ON decisions USING gin (search_text gin_trgm_ops)";
  private static final String STATE = "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
      + " WHERE i.indrelid = 'decisions'::regclass AND c.relname = '" + NAME + "'";

  // Days (partitions) without a part of the index attached yet, newest first.
  private static final String UNATTACHED = "SELECT c.relname FROM pg_inherits p JOIN pg_class c ON c.oid = p.inhrelid"
      + " WHERE p.inhparent = 'decisions'::regclass AND NOT EXISTS (SELECT 1 FROM pg_inherits ip"
      + " JOIN pg_index x ON x.indexrelid = ip.inhrelid WHERE ip.inhparent = to_regclass('" + NAME + "')"
      + " AND x.indrelid = c.oid) ORDER BY c.relname DESC";

  private TrigramIndex() {
  }

  /**
   * In the schema's transaction: drops the index when unwanted, creates it on an empty table;
   * true if a filled table still needs it built ({@link #build}, after the commit).
   */
  static boolean prepare(Connection conn, boolean wanted) throws SQLException {
    try (Statement statement = conn.createStatement()) {
      Boolean valid = valid(statement);
      if (!wanted) {
        if (valid != null) {
          statement.execute("DROP INDEX " + NAME);
          LOGGER.infof("text index dropped (text-index=false): free text scans search_text");
        }
        return false;
      }
      statement.execute(EXTENSION);
      if (Boolean.TRUE.equals(valid)) {
        return false;
      }
      try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM decisions)")) {
        rs.next();
        if (valid == null && !rs.getBoolean(1)) {
          statement.execute(CREATE.formatted(""));
          return false;
        }
      }
      return true;
    }
  }

  /** Builds the index concurrently (autocommit), unless another replica is building it now. */
  static void build(Statement statement, boolean partitioned) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT pg_try_advisory_lock(" + BUILD_LOCK + ")")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        LOGGER.infof("text index: another replica is building it");
        return;
      }
    }
    Boolean valid = valid(statement);
    if (Boolean.TRUE.equals(valid)) {
      return;
    }
    LOGGER.infof("text index: building %s concurrently; free text scans until it is ready", NAME);
    long t0 = System.nanoTime();
    if (partitioned) {
      buildByDay(statement);
    } else {
      if (valid != null) {
        statement.execute("DROP INDEX CONCURRENTLY " + NAME); // left invalid by a build that stopped
      }
      statement.execute(CREATE.formatted("CONCURRENTLY"));
    }
    LOGGER.infof("text index: %s ready after %d s", NAME, (System.nanoTime() - t0) / 1_000_000_000L);
  }

  /**
   * A partitioned index cannot be built concurrently: it is declared on the parent alone (invalid,
   * and new days inherit it at once), each day's part built concurrently, newest day first, and
   * attached; the last attachment makes it valid. A part a stopped build left invalid is rebuilt.
   */
  private static void buildByDay(Statement statement) throws SQLException {
    statement.execute(CREATE.formatted("").replace(" ON decisions ", " ON ONLY decisions "));
    List<String> days = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(UNATTACHED)) {
      while (rs.next()) {
        days.add(rs.getString(1));
      }
    }
    for (String day : days) {
      String part = day + PART_SUFFIX;
      Boolean valid;
      try (ResultSet rs = statement.executeQuery("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('"
          + part + "')")) {
        valid = rs.next() ? rs.getBoolean(1) : null;
      }
      if (Boolean.FALSE.equals(valid)) {
        statement.execute("DROP INDEX CONCURRENTLY " + part);
      }
      if (!Boolean.TRUE.equals(valid)) {
        statement.execute("CREATE INDEX CONCURRENTLY " + part + " ON " + day + " USING gin (search_text gin_trgm_ops)");
      }
      statement.execute("ALTER INDEX " + NAME + " ATTACH PARTITION " + part);
    }
  }

  /** The index's validity, or null when there is none. */
  public static Boolean valid(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery(STATE)) {
      return rs.next() ? rs.getBoolean(1) : null;
    }
  }
}
