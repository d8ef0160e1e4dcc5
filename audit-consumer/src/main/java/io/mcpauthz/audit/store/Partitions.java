package io.mcpauthz.audit.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * PostgreSQL's {@code decisions} partitioned by day of the event time ({@code decisions_YYYYMMDD},
 * UTC): each day's trigram index holds only that day's rows, so a search over a day reads one or
 * two small indexes instead of one over the whole table, and a search without a range reads
 * the days newest first and stops once the page is full (an ordered Append under the LIMIT).
 * Retention drops whole days. A table from before partitioning stays as it is (docs/audit.md).
 */
final class Partitions {

  private static final Logger LOGGER = Logger.getLogger(Partitions.class);
  private static final long CREATE_LOCK = 7313;
  static final String PREFIX = "decisions_";
  static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /**
   * Creates the day's partition unless it exists; replicas serialise on an advisory lock, so
   * two never race to create one. Inherits every index of {@code decisions}.
   */
  static final String FUNCTION = """
      CREATE OR REPLACE FUNCTION decisions_partition(t timestamp) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        day timestamp := date_trunc('day', t);
        name text := '%s' || to_char(day, 'YYYYMMDD');
      BEGIN
        IF to_regclass(name) IS NULL THEN
          PERFORM pg_advisory_xact_lock(%d);
          IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %%I PARTITION OF decisions FOR VALUES FROM (%%L) TO (%%L)',
                           name, day, day + INTERVAL '1 day');
          END IF;
        END IF;
      END $$""".formatted(PREFIX, CREATE_LOCK);

  static final String CREATE = "SELECT decisions_partition(make_timestamp(?))";
  private static final String IS_PARTITIONED = "SELECT relkind = 'p' FROM pg_class WHERE oid = 'decisions'::regclass";
  static final String DAYS = "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
      + " WHERE i.inhparent = 'decisions'::regclass ORDER BY c.relname DESC";

  private Partitions() {
  }

  /** Whether {@code decisions} is partitioned (false for a table created by an earlier version). */
  static boolean partitioned(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery(IS_PARTITIONED)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** The first microsecond of the UTC day holding {@code micros}. */
  static long dayStart(long micros) {
    return Math.floorDiv(micros, MICROS_PER_DAY) * MICROS_PER_DAY;
  }

  /** Creates the partitions of the days starting at {@code dayStarts}, in one transaction. */
  static void create(Connection conn, List<Long> dayStarts) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(CREATE)) {
      for (long start : dayStarts) {
        ps.setLong(1, start);
        ps.executeQuery().close();
      }
    }
    conn.commit();
  }

  /**
   * Drops the partitions that end at or before {@code cutoffMicros}; returns the rows they held.
   * Dropping locks the table for a moment: it waits at most 5 s for running queries (a long
   * export), else the day is left to the next sweep.
   */
  static int dropBefore(Connection conn, long cutoffMicros) throws SQLException {
    List<String> expired = new ArrayList<>();
    try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery(DAYS)) {
      while (rs.next()) {
        String name = rs.getString(1);
        LocalDate day = day(name);
        if (day != null && day.plusDays(1).toEpochDay() * MICROS_PER_DAY <= cutoffMicros) {
          expired.add(name);
        }
      }
    }
    int rows = 0;
    for (String name : expired) {
      try (Statement statement = conn.createStatement()) {
        statement.execute("SET LOCAL lock_timeout = '5s'");
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + name)) {
          rs.next();
          rows += rs.getInt(1);
        }
        statement.execute("DROP TABLE " + name);
        conn.commit();
      } catch (SQLException e) {
        conn.rollback();
        LOGGER.warnf("retention: partition %s not dropped yet (%s)", name, e.getSQLState());
        break;
      }
    }
    return rows;
  }

  /** The day a partition of this class holds, or null for another table (e.g. one attached by hand). */
  static LocalDate day(String name) {
    if (!name.startsWith(PREFIX) || name.length() != PREFIX.length() + 8) {
      return null;
    }
    try {
      return LocalDate.parse(name.substring(PREFIX.length()), DAY);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
