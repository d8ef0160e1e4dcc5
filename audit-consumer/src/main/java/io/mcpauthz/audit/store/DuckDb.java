package io.mcpauthz.audit.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.jboss.logging.Logger;

/**
 * Owns the embedded DuckDB database. One root connection is opened at startup; every user gets
 * its own {@link DuckDBConnection#duplicate()} (DuckDB connections are not safe to share
 * between threads, duplicates of one instance are): the consumer thread keeps one for writing,
 * each API request opens one and closes it, and an API read ends at the query timeout. Results
 * stream (not materialised), so an export does not load the whole table into memory.
 */
public class DuckDb implements Database {

  private static final Logger LOGGER = Logger.getLogger(DuckDb.class);

  /**
   * No index: an ART index costs every insert (the primary key's conflict check and two index
   * inserts were about half of DuckDB's CPU per event) and serves only lookups, which the
   * per-block min/max (zone maps) answer well enough: on {@code time}, because events arrive
   * roughly in time order; on {@code decision_id}, because the PDP's ids are time-ordered
   * (UUIDv7). Idempotence comes from {@link StoredKeys} instead of a primary key. A file created
   * by an earlier version keeps its primary key and session index ({@link #keyed()}).
   */
  static final String[] SCHEMA = {
    """
    CREATE TABLE IF NOT EXISTS decisions (
        decision_id  VARCHAR NOT NULL,
        time         TIMESTAMP NOT NULL,
        decision     VARCHAR,
        status       INTEGER,
        action_class VARCHAR,
        subject      VARCHAR,
        client_id    VARCHAR,
        server       VARCHAR,
        tool         VARCHAR,
        mcp_method   VARCHAR,
        session_id   VARCHAR,
        reasons      VARCHAR[] NOT NULL,
        event        VARCHAR NOT NULL,
        indexed_at   TIMESTAMP NOT NULL,
        search_text  VARCHAR
    )""",
    // DuckDB's planner uses no ART index under ORDER BY … LIMIT, so this one only cost
    // ingest time and memory (dropped from older files).
    "DROP INDEX IF EXISTS decisions_subject",
  };

  /** Whether the table has the primary key of earlier versions (DuckDB cannot drop it in place). */
  static final String KEYED = "SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database()"
      + " AND schema_name = current_schema() AND table_name = 'decisions' AND constraint_type = 'PRIMARY KEY'";

  /**
   * WAL size at which the store checkpoints (DuckDB's default is 16 MB). A checkpoint compresses
   * and rewrites what changed and costs far more per event when it runs often: at the default,
   * checkpoints were most of the ingest CPU. The price is a longer WAL replay after a crash.
   */
  public static final String DEFAULT_CHECKPOINT_THRESHOLD = "256MB";

  /** The shipped {@code mcp-authz.audit.query-timeout}. */
  static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

  /**
   * DuckDB's own checkpoint, inside a commit, only as a backstop at this multiple of the
   * threshold: normally {@link Checkpointer} checkpoints first, on its own thread.
   */
  static final int BACKSTOP_FACTOR = 4;

  private final Path file;
  private final DuckDBConnection root;
  private final Checkpointer checkpointer;
  private final Duration queryTimeout;
  private final boolean keyed;
  private final Object writeLock = new Object();

  public DuckDb(Path database) throws SQLException {
    this(database, DEFAULT_CHECKPOINT_THRESHOLD);
  }

  public DuckDb(Path database, String checkpointThreshold) throws SQLException {
    this(database, checkpointThreshold, DEFAULT_QUERY_TIMEOUT);
  }

  /** @param queryTimeout longest an API read runs ({@link #read()}); zero for no bound */
  public DuckDb(Path database, String checkpointThreshold, Duration queryTimeout) throws SQLException {
    this.queryTimeout = queryTimeout;
    this.file = database.toAbsolutePath();
    createParent(file);
    Properties props = new Properties();
    props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    long threshold = ByteSize.parse(checkpointThreshold);
    props.setProperty("checkpoint_threshold", BACKSTOP_FACTOR * threshold / 1024 + "KiB");
    // The driver itself, not DriverManager: its registry depends on which class loader asks.
    this.root = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:" + file, props);
    try (Statement statement = root.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
    }
    if (upgrade(root)) {
      LOGGER.infof("store upgraded database=%s added=search_text", file);
    }
    this.keyed = keyed(root);
    this.checkpointer = new Checkpointer(this, file, threshold);
    checkpointer.start();
    LOGGER.infof("store opened database=%s checkpoint_threshold=%s duplicates_found_by=%s", file,
        checkpointThreshold, keyed ? "primary_key" : "time_range");
  }

  private static boolean keyed(Connection conn) throws SQLException {
    try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery(KEYED)) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  /**
   * Whether {@code decisions} has the primary key (and session index) of a file created by an
   * earlier version: then the primary key refuses a stored id, as before. A new file has neither.
   */
  public boolean keyed() {
    return keyed;
  }

  /**
   * Held by a writer from its look for stored keys until its commit: without a primary key,
   * two writers of one file would not see each other's uncommitted rows (there is one, the
   * consumer's; benches and tests may open more).
   */
  Object writeLock() {
    return writeLock;
  }

  /** Column and backfill in one transaction: a crash between them would leave rows unsearchable. */
  private static boolean upgrade(Connection conn) throws SQLException {
    conn.setAutoCommit(false);
    try {
      boolean added = SearchColumn.addIfMissing(conn, "VARCHAR");
      conn.commit();
      return added;
    } catch (SQLException e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(true);
    }
  }

  /** A {@code duplicate()} of the root connection, for the calling thread only; close it after use. */
  @Override
  public Connection connect() throws SQLException {
    return root.duplicate();
  }

  /**
   * Ended at the query timeout by a timer of its own ({@link TimedRead}): DuckDB runs in this
   * process, so a long search takes the consumer's own CPU, and ingest shares it.
   */
  @Override
  public Connection read() throws SQLException {
    return TimedRead.of(connect(), queryTimeout);
  }

  @Override
  public DecisionWriter writer() {
    return new DuckDbWriter(this);
  }

  @Override
  public void close() {
    checkpointer.close();
    try {
      root.close();
      LOGGER.infof("store closed database=%s", file);
    } catch (SQLException e) {
      LOGGER.warnf("store close failed database=%s error=%s", file, e.getMessage());
    }
  }

  private static void createParent(Path file) {
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    }
  }
}
