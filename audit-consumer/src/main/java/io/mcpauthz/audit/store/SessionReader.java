package io.mcpauthz.audit.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Lists sessions (a principal's, an agent's, …) from the decisions, on a short-lived connection. */
@ApplicationScoped
public class SessionReader {

  private final Database db;

  public SessionReader(Database db) {
    this.db = db;
  }

  /** Up to {@code limit + 1} sessions, latest activity first; one more than asked means more exist. */
  public List<SessionSummary> summaries(DecisionFilter filter, int limit) {
    List<SessionSummary> out = new ArrayList<>();
    try (Connection conn = db.read();
        PreparedStatement ps = SessionQueries.summaries(filter, limit).prepare(conn);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new SessionSummary(rs.getString("session_id"), rs.getLong("first_us"), rs.getLong("last_us"),
            rs.getLong("n"), rs.getLong("denies"), DecisionReader.strings(rs.getArray("subjects")),
            DecisionReader.strings(rs.getArray("client_ids"))));
      }
      return out;
    } catch (SQLException e) {
      throw DecisionReader.storeFailure(e);
    }
  }
}
