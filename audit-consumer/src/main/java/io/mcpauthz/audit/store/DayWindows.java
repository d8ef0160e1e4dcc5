package io.mcpauthz.audit.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A free-text page over a table partitioned by day, asked one day at a time in page order
 * (newest day first for searches): the planner, given the whole range, searches every day's
 * trigram index and sorts all matches to keep 50, while one day mostly fills the page and the
 * older days are never read. Each day's query is the API's page SQL with the range narrowed to
 * that day, so the rows, their order and the cursor are those of one query over the range.
 */
final class DayWindows {

  private DayWindows() {
  }

  /**
   * The filter narrowed to each stored day it can match, in page order, the days past the
   * cursor left out; the filter alone when there is no day yet or a partition is not one of the
   * days (attached by hand).
   */
  static List<DecisionFilter> of(Connection conn, DecisionFilter filter, Cursor after, SortOrder order)
      throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (Statement statement = conn.createStatement(); ResultSet rs = statement.executeQuery(Partitions.DAYS)) {
      while (rs.next()) {
        LocalDate day = Partitions.day(rs.getString(1));
        if (day == null) {
          return List.of(filter);
        }
        days.add(day); // newest first
      }
    }
    if (days.isEmpty()) {
      return List.of(filter); // nothing stored: one query, which the server still answers (or times out)
    }
    if (order == SortOrder.OLDEST_FIRST) {
      Collections.reverse(days);
    }
    Instant from = filter.from();
    Instant to = filter.to();
    if (after != null) {
      Instant at = Instant.EPOCH.plus(after.timeMicros(), ChronoUnit.MICROS);
      if (order == SortOrder.NEWEST_FIRST) {
        to = to == null || to.isAfter(at) ? at.plus(1, ChronoUnit.MICROS) : to;
      } else {
        from = from == null || from.isBefore(at) ? at : from;
      }
    }
    List<DecisionFilter> windows = new ArrayList<>();
    for (LocalDate day : days) {
      Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
      Instant end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      if ((from == null || end.isAfter(from)) && (to == null || start.isBefore(to))) {
        windows.add(SessionSpan.within(filter, start, end));
      }
    }
    return windows;
  }
}
