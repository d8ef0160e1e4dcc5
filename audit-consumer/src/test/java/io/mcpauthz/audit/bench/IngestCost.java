package io.mcpauthz.audit.bench;

import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.event.DecisionEventParser;
import io.mcpauthz.audit.event.SearchTextCost;
import io.mcpauthz.audit.store.Database;
import io.mcpauthz.audit.store.DecisionWriter;
import io.mcpauthz.audit.store.Postgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What free-text search costs ingest: the CPU of the search text per event ({@link SearchTextCost},
 * both backends), and on PostgreSQL the writer's throughput with and without the
 * trigram index, batch by batch alternating between two fresh databases.
 */
final class IngestCost {

  static final int BATCH = 500;

  private IngestCost() {
  }

  /** The newest {@code n} stored events, parsed as the consumer parses them. */
  static List<DecisionEvent> sample(Database db, int n) throws SQLException {
    DecisionEventParser parser = new DecisionEventParser();
    List<DecisionEvent> out = new ArrayList<>(n);
    try (Connection conn = db.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT event FROM decisions ORDER BY time DESC LIMIT " + n)) {
      while (rs.next()) {
        out.add(parser.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  static void searchText(List<DecisionEvent> events) throws IOException {
    SearchTextCost.print(events.stream().map(DecisionEvent::json).toList());
  }

  static void postgres(PostgresBench pg, List<DecisionEvent> events) throws SQLException {
    String withIndex = pg.database() + "_ingest_trgm";
    String without = pg.database() + "_ingest_plain";
    pg.drop(withIndex);
    pg.drop(without);
    try (Postgres a = pg.open(withIndex); Postgres b = pg.open(without);
        DecisionWriter writerA = a.writer(); DecisionWriter writerB = b.writer()) {
      try (Connection conn = b.connect(); Statement statement = conn.createStatement()) {
        statement.execute("DROP INDEX decisions_search");
      }
      long nanosA = 0;
      long nanosB = 0;
      for (int from = 0; from < events.size(); from += BATCH) {
        List<DecisionEvent> batch = events.subList(from, Math.min(events.size(), from + BATCH));
        long t0 = System.nanoTime();
        writerA.insert(batch);
        long t1 = System.nanoTime();
        writerB.insert(batch);
        nanosA += t1 - t0;
        nanosB += System.nanoTime() - t1;
      }
      System.out.printf("ingest postgresql events=%d batch=%d with_trgm_events_per_s=%.0f without_events_per_s=%.0f%n",
          events.size(), BATCH, events.size() / (nanosA / 1e9), events.size() / (nanosB / 1e9));
    } finally {
      pg.drop(withIndex);
      pg.drop(without);
    }
  }
}
