package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jboss.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The index on a PostgreSQL server, shared by every consumer replica of the group (the primary
 * key makes concurrent and replayed inserts idempotent). {@link DecisionQueries} is written in
 * DuckDB's SQL; the few DuckDB functions it uses are defined here as small SQL functions, which
 * PostgreSQL inlines, so both backends run the very same queries. The table is partitioned by
 * day ({@link Partitions}); one created by an earlier version is used unpartitioned, as it is.
 */
public class Postgres implements Database {

  private static final Logger LOGGER = Logger.getLogger(Postgres.class);

  static final String[] SCHEMA = {
    """
    CREATE TABLE IF NOT EXISTS decisions (
        decision_id  TEXT NOT NULL,
        time         TIMESTAMP NOT NULL,
        decision     TEXT,
        status       INTEGER,
        action_class TEXT,
        subject      TEXT,
        client_id    TEXT,
        server       TEXT,
        tool         TEXT,
        mcp_method   TEXT,
        session_id   TEXT,
        reasons      TEXT[] NOT NULL,
        event        TEXT NOT NULL,
        indexed_at   TIMESTAMP NOT NULL,
        search_text  TEXT,
        PRIMARY KEY (decision_id, time)
    ) PARTITION BY RANGE (time)""",
    "CREATE INDEX IF NOT EXISTS decisions_time ON decisions (time, decision_id)",
    "CREATE INDEX IF NOT EXISTS decisions_session ON decisions (session_id, time)",
    "CREATE INDEX IF NOT EXISTS decisions_subject ON decisions (subject, time)",
    "CREATE INDEX IF NOT EXISTS decisions_tool ON decisions (tool, decision, time)",
    "CREATE INDEX IF NOT EXISTS decisions_reasons ON decisions USING gin (reasons)",
    // DuckDB's functions as DecisionQueries uses them. Exact microseconds: seconds and the
    // remainder apart, since interval * bigint goes through float8.
    """
    CREATE OR REPLACE FUNCTION make_timestamp(us bigint) RETURNS timestamp LANGUAGE sql IMMUTABLE AS
    $$ SELECT TIMESTAMP '1970-01-01' + (us / 1000000) * INTERVAL '1 second'
              + (us % 1000000) * INTERVAL '1 microsecond' $$""",
    """
    CREATE OR REPLACE FUNCTION epoch_us(t timestamp) RETURNS bigint LANGUAGE sql IMMUTABLE AS
    $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$""",
    """
    CREATE OR REPLACE FUNCTION list_contains(list text[], item text) RETURNS boolean LANGUAGE sql IMMUTABLE AS
    $$ SELECT list @> ARRAY[item] $$""",
    // As LIKE '%needle%' with LIKE's wildcards escaped, not strpos(): the trigram index
    // (TrigramIndex) serves LIKE, and PostgreSQL inlines this, so contains(search_text, ?) uses it.
    """
    CREATE OR REPLACE FUNCTION contains(haystack text, needle text) RETURNS boolean LANGUAGE sql IMMUTABLE AS
    $$ SELECT haystack LIKE '%' || replace(replace(replace(needle, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' $$""",
    """
    CREATE OR REPLACE FUNCTION len(list text[]) RETURNS integer LANGUAGE sql IMMUTABLE AS
    $$ SELECT coalesce(cardinality(list), 0) $$""",
    // DuckDB's default origin for sub-month buckets is Monday 2000-01-03: weeks start on Monday.
    """
    CREATE OR REPLACE FUNCTION time_bucket(width interval, t timestamp) RETURNS timestamp LANGUAGE sql
    IMMUTABLE AS $$ SELECT date_bin(width, t, TIMESTAMP '2000-01-03') $$""",
    Partitions.FUNCTION,
  };

  private final PGSimpleDataSource source = new PGSimpleDataSource();
  private final boolean partitioned;
  private volatile boolean closed;
  private volatile Statement building;
  private final PostgresPool pool;

  public Postgres(AuditConfig.Postgresql config) throws SQLException {
    source.setUrl(config.url());
    source.setUser(config.user());
    config.password().ifPresent(source::setPassword);
    source.setApplicationName("mcp-authz-audit");
    source.setConnectTimeout(10);
    boolean buildTextIndex;
    // Another replica may create the schema at the same moment: one transaction, one lock.
    try (Connection conn = source.getConnection(); Statement statement = conn.createStatement()) {
      conn.setAutoCommit(false);
      statement.execute("SELECT pg_advisory_xact_lock(7311)");
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
      partitioned = Partitions.partitioned(statement);
      SearchColumn.addIfMissing(conn, "TEXT");
      buildTextIndex = TrigramIndex.prepare(conn, config.textIndex());
      conn.commit();
    }
    // Without the query string: an operator may have put a password there.
    LOGGER.infof("store opened postgresql=%s text-index=%s partitioned=%s", config.url().replaceFirst("\\?.*", ""),
        config.textIndex(), partitioned);
    if (!partitioned) {
      LOGGER.warnf("decisions is a table of an earlier version, not partitioned by day: free text searches the"
          + " whole table's trigram index; see docs/audit.md, Upgrading to day partitions");
    }
    pool = new PostgresPool(config);
    if (buildTextIndex) {
      Thread builder = new Thread(this::buildTextIndex, "text-index");
      builder.setDaemon(true);
      builder.start();
    }
  }

  private void buildTextIndex() {
    try (Connection conn = connect(); Statement statement = conn.createStatement()) {
      building = statement;
      if (!closed) {
        TrigramIndex.build(statement, partitioned);
      }
    } catch (SQLException e) {
      if (!closed) {
        LOGGER.warnf("text index not built (%s): free text scans until the next start builds it", e.getMessage());
      }
    } finally {
      building = null;
    }
  }

  @Override
  public Connection connect() throws SQLException {
    return source.getConnection();
  }

  /** Whether {@code decisions} is partitioned by day (false: a table of an earlier version). */
  boolean partitioned() {
    return partitioned;
  }

  /** A free-text page over a partitioned table: one day at a time, in page order ({@link DayWindows}). */
  @Override
  public List<DecisionFilter> pageParts(Connection conn, DecisionFilter filter, Cursor after, SortOrder order)
      throws SQLException {
    return partitioned && filter.text() != null ? DayWindows.of(conn, filter, after, order) : List.of(filter);
  }

  /** Drops the days wholly before the cutoff, then deletes the older rows of the day it falls in. */
  @Override
  public int deleteBefore(long cutoffMicros) throws SQLException {
    int dropped = 0;
    if (partitioned) {
      try (Connection conn = connect()) {
        conn.setAutoCommit(false);
        dropped = Partitions.dropBefore(conn, cutoffMicros);
      }
    }
    return dropped + Database.super.deleteBefore(cutoffMicros);
  }

  /**
   * From the pool ({@link PostgresPool}), whose sessions carry the query timeout on the server,
   * so a read's own clock ends it and frees its connection (SQLSTATE 57014).
   */
  @Override
  public Connection read() throws SQLException {
    return pool.borrow();
  }

  @Override
  public DecisionWriter writer() {
    return new PostgresWriter(this);
  }

  @Override
  public void close() {
    // the reads' pool, then a text index build that may be running (its invalid rest is built
    // again at the next start); other connections are per use
    closed = true;
    pool.close();
    Statement statement = building;
    if (statement != null) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        LOGGER.debugf("text index build not cancelled: %s", e.getMessage());
      }
    }
  }
}
