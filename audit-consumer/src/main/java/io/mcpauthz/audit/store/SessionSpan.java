package io.mcpauthz.audit.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Narrows a filter on one session to the session's first and last event time, so the query
 * that follows reads only the blocks of that span (time zone maps) instead of scanning every
 * session id. The span comes from the session index: in DuckDB only a query of this shape (the
 * session filter alone, materialized) is answered from its ART index; a page query with
 * {@code ORDER BY … LIMIT} never is. The result is the same: no event of the session lies
 * outside its span.
 */
final class SessionSpan {

  static final String SPAN = "WITH s AS MATERIALIZED (SELECT time FROM decisions WHERE session_id = ?) "
      + "SELECT epoch_us(min(time)) AS first_us, epoch_us(max(time)) AS last_us FROM s";

  private SessionSpan() {
  }

  /**
   * The filter bounded by its session's span; the filter itself when it names no session;
   * empty when the session has no events (nothing can match).
   */
  static Optional<DecisionFilter> narrow(Connection conn, DecisionFilter filter) throws SQLException {
    if (filter.sessionId() == null) {
      return Optional.of(filter);
    }
    try (PreparedStatement ps = new SqlQuery(SPAN, List.of(filter.sessionId())).prepare(conn);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long first = rs.getLong("first_us");
      if (rs.wasNull()) {
        return Optional.empty();
      }
      return Optional.of(within(filter, instant(first), instant(rs.getLong("last_us")).plus(1, ChronoUnit.MICROS)));
    }
  }

  /** {@code from} inclusive, {@code to} exclusive, each only ever tightened. */
  static DecisionFilter within(DecisionFilter f, Instant from, Instant to) {
    Instant lower = f.from() == null || f.from().isBefore(from) ? from : f.from();
    Instant upper = f.to() == null || f.to().isAfter(to) ? to : f.to();
    return new DecisionFilter(f.subject(), f.clientId(), f.server(), f.tool(), f.decision(), f.actionClass(),
        f.reason(), f.sessionId(), lower, upper, f.text());
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
