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
 * trigram index, batch by batch in turn between fresh databases.
 */
final class IngestCost {

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

  /**
   * The PostgreSQL writer's events/s into fresh databases, batch by batch in turn: the trigram
   * index as created (GIN fastupdate on, 4 MB pending list), with a 64 MB pending list, with
   * fastupdate off, and text-index=false (no index).
   */
  static void postgres(PostgresBench pg, List<DecisionEvent> events, int batch) throws SQLException {
    String[] variants = {"trgm", "trgm_pending_64mb", "trgm_fastupdate_off", "no_index"};
    String[] settings = {null, "gin_pending_list_limit = 65536", "fastupdate = off", null};
    List<Postgres> dbs = new ArrayList<>();
    List<DecisionWriter> writers = new ArrayList<>();
    try {
      for (int v = 0; v < variants.length; v++) {
        String name = pg.database() + "_ingest_" + v;
        pg.drop(name);
        Postgres db = pg.open(name, !variants[v].equals("no_index"));
        dbs.add(db);
        writers.add(db.writer());
        if (settings[v] != null) {
          try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
            statement.execute("ALTER INDEX decisions_search SET (" + settings[v] + ")");
          }
        }
      }
      long[] nanos = new long[variants.length];
      for (int from = 0; from < events.size(); from += batch) {
        List<DecisionEvent> slice = events.subList(from, Math.min(events.size(), from + batch));
        for (int v = 0; v < variants.length; v++) {
          long t0 = System.nanoTime();
          writers.get(v).insert(slice);
          nanos[v] += System.nanoTime() - t0;
        }
      }
      StringBuilder line = new StringBuilder("ingest postgresql events=%d batch=%d".formatted(events.size(), batch));
      for (int v = 0; v < variants.length; v++) {
        line.append(" %s_events_per_s=%.0f".formatted(variants[v], events.size() / (nanos[v] / 1e9)));
      }
      System.out.println(line);
    } finally {
      writers.forEach(DecisionWriter::close);
      for (int v = 0; v < dbs.size(); v++) {
        dbs.get(v).close();
        pg.drop(pg.database() + "_ingest_" + v);
      }
    }
  }
}
