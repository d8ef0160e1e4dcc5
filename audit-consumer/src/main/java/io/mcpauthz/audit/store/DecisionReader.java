package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs the reads of {@link DecisionQueries}, each on a connection of its own for the call
 * ({@link Database#read}: on PostgreSQL borrowed from the pool); an export opens one, within
 * the replica's bound on concurrent exports ({@link ExportSlots}).
 */
@ApplicationScoped
public class DecisionReader {

  /** Receives exported rows one by one; may fail with the client's I/O error. */
  @FunctionalInterface
  public interface RowSink {
    void accept(DecisionRow row) throws IOException;
  }

  static final int EXPORT_FETCH_SIZE = 1_000;

  private final Database db;
  private final ExportSlots exports;

  /**
   * For tests and benches only: with a bound on exports of its own (the shipped one), not the
   * replica's shared {@link ExportSlots} that the app injects; a second reader made so in the
   * app would double the bound.
   */
  public DecisionReader(Database db) {
    this(db, ExportSlots.shipped());
  }

  @Inject
  public DecisionReader(Database db, ExportSlots exports) {
    this.db = db;
    this.exports = exports;
  }

  public Page page(DecisionFilter filter, Cursor after, SortOrder order, int limit) {
    List<DecisionRow> rows;
    try (Connection conn = db.read()) {
      conn.setAutoCommit(false); // one snapshot for the session's span and the page
      try {
        Optional<DecisionFilter> bounded = SessionSpan.narrow(conn, filter);
        rows = bounded.isEmpty() ? List.of() : pageRows(conn, bounded.get(), after, order, limit);
      } finally {
        conn.rollback(); // read-only: nothing to keep
      }
    } catch (SQLException e) {
      throw storeFailure(e);
    }
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    List<DecisionRow> page = rows.subList(0, limit);
    return new Page(List.copyOf(page), page.get(limit - 1).cursor());
  }

  /** Up to {@code limit + 1} rows, from the store's parts of the page in turn until it is full. */
  private List<DecisionRow> pageRows(Connection conn, DecisionFilter filter, Cursor after, SortOrder order, int limit)
      throws SQLException {
    List<DecisionRow> rows = new ArrayList<>();
    for (DecisionFilter part : db.pageParts(conn, filter, after, order)) {
      rows.addAll(list(conn, DecisionQueries.page(part, after, order, limit - rows.size())));
      if (rows.size() > limit) {
        break;
      }
    }
    return rows;
  }

  public Optional<DecisionRow> find(String decisionId) {
    try (Connection conn = db.read()) {
      return list(conn, DecisionQueries.byId(decisionId)).stream().findFirst();
    } catch (SQLException e) {
      throw storeFailure(e);
    }
  }

  public List<StatsRow> stats(DecisionFilter filter, List<GroupBy> groups, Bucket bucket, int maxRows) {
    List<StatsRow> out = new ArrayList<>();
    try (Connection conn = db.read();
        PreparedStatement ps = DecisionQueries.stats(filter, groups, bucket, maxRows).prepare(conn);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        List<Object> values = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
          values.add(rs.getObject(i + 2));
        }
        out.add(new StatsRow(rs.getLong("bucket_us"), values, rs.getLong("n")));
      }
    } catch (SQLException e) {
      throw storeFailure(e);
    }
    if (out.size() > maxRows) {
      throw new AuditException(ErrorCode.RESULT_TOO_LARGE,
          "more than " + maxRows + " groups; narrow from/to, use a wider bucket or fewer group_by");
    }
    return out;
  }

  /** How an export ended: every matching row sent, or cut at the maximum duration after {@code rows}. */
  public record ExportEnd(boolean complete, long rows, Long lastTimeMicros) {}

  /**
   * Streams every matching row to the sink without holding them all in memory, for at most
   * {@code maxDuration} (zero: no bound): then the query is cancelled (a slow query) or no
   * further row is read (a slow client), and the end says so. Refused with {@code store_busy}
   * before it opens a connection when the replica, or {@code subject} (who asks), streams its
   * most exports already; the sink has then been given nothing.
   */
  public ExportEnd export(String subject, DecisionFilter filter, Duration maxDuration, RowSink sink)
      throws IOException {
    long start = System.nanoTime();
    Counted counted = new Counted(sink);
    try (ExportSlots.Slot slot = exports.take(subject);
        Connection conn = TimedRead.streaming(db.connect(), maxDuration)) {
      // PostgreSQL's driver streams with a cursor only inside a transaction with a fetch
      // size; otherwise it loads the whole result. DuckDB streams anyway.
      conn.setAutoCommit(false);
      try {
        Optional<DecisionFilter> bounded = SessionSpan.narrow(conn, filter);
        boolean complete = bounded.isEmpty() || stream(conn, DecisionQueries.export(bounded.get()), counted, start, maxDuration);
        return counted.end(complete);
      } catch (SQLException e) {
        if (TimedRead.CANCELED.equals(e.getSQLState()) || TimedRead.expired(conn)) { // its own deadline only
          return counted.end(false);
        }
        throw e;
      } finally {
        conn.rollback(); // read-only: nothing to keep
      }
    } catch (SQLException e) {
      throw storeFailure(e);
    }
  }

  /** The sink, counting what it was given. */
  private static final class Counted implements RowSink {
    private final RowSink sink;
    private long rows;
    private Long lastTimeMicros;

    Counted(RowSink sink) {
      this.sink = sink;
    }

    @Override
    public void accept(DecisionRow row) throws IOException {
      sink.accept(row);
      rows++;
      lastTimeMicros = row.timeMicros();
    }

    ExportEnd end(boolean complete) {
      return new ExportEnd(complete, rows, lastTimeMicros);
    }
  }

  /** Reads one row of the table (if any), failing when the store does not answer. */
  public void probe() {
    try (Connection conn = db.read();
        PreparedStatement ps = DecisionQueries.probe().prepare(conn);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
    } catch (SQLException e) {
      throw storeFailure(e);
    }
  }

  /** Total stored decisions, as an API read (the query timeout; on PostgreSQL a pooled connection). */
  public long count() {
    try (Connection conn = db.read();
        PreparedStatement ps = DecisionQueries.ping().prepare(conn);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw storeFailure(e);
    }
  }

  /** False when {@code max} (zero: none) passed first: checked before each row, as a client may read slowly. */
  private static boolean stream(Connection conn, SqlQuery query, RowSink sink, long start, Duration max)
      throws SQLException, IOException {
    long maxNanos = max.isZero() ? Long.MAX_VALUE : max.toNanos();
    try (PreparedStatement ps = query.prepare(conn)) {
      ps.setFetchSize(EXPORT_FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (System.nanoTime() - start > maxNanos) {
            return false;
          }
          sink.accept(row(rs));
        }
        return true;
      }
    }
  }

  private static List<DecisionRow> list(Connection conn, SqlQuery query) throws SQLException {
    List<DecisionRow> rows = new ArrayList<>();
    try (PreparedStatement ps = query.prepare(conn); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(row(rs));
      }
      return rows;
    }
  }

  private static DecisionRow row(ResultSet rs) throws SQLException {
    Object status = rs.getObject("status");
    return new DecisionRow(rs.getString("decision_id"), rs.getLong("time_us"), rs.getString("decision"),
        status == null ? null : ((Number) status).intValue(), rs.getString("action_class"),
        rs.getString("subject"), rs.getString("client_id"), rs.getString("server"), rs.getString("tool"),
        rs.getString("mcp_method"), rs.getString("session_id"), strings(rs.getArray("reasons")),
        rs.getString("event"));
  }

  static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
  }

  static AuditException storeFailure(SQLException e) {
    if (TimedRead.CANCELED.equals(e.getSQLState())) { // query_canceled: statement_timeout, or TimedRead
      return new AuditException(ErrorCode.QUERY_TIMEOUT,
          "the query ran past the store's query timeout; narrow from/to or the text searched", e);
    }
    if (PostgresPool.BUSY.equals(e.getSQLState())) { // the pool or the server has no connection free
      return new AuditException(ErrorCode.STORE_BUSY, "every connection to the decision store is in use; retry", e);
    }
    return new AuditException(ErrorCode.STORE_UNAVAILABLE, "the decision store could not answer", e);
  }
}
