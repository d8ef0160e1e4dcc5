package io.mcpauthz.audit.bench;

import io.mcpauthz.audit.bench.BenchEvents.Dialect;
import io.mcpauthz.audit.event.SearchText;
import io.mcpauthz.audit.store.Database;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionQueries;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.DuckDb;
import io.mcpauthz.audit.store.DuckDbLegacy;
import io.mcpauthz.audit.store.SortOrder;
import io.mcpauthz.audit.store.SqlQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.duckdb.DuckDBDriver;

/**
 * Query benchmark over a large index, DuckDB or PostgreSQL (not part of the test run;
 * docs/benchmarks.md). Fills the store with {@code --events} synthetic decisions generated inside
 * the database ({@link BenchEvents}; it bypasses Kafka, ingest has its own benchmark), then times
 * the API's common queries through {@link DecisionReader}, i.e. the exact SQL the API runs, and
 * prints p50/p95/max per query. Free text is timed side by side, alternating, against the SQL it
 * replaced ({@code lower(event)} scanned on every search). Then the export ({@link ExportBench}).
 *
 * <p>Options: {@code --store=duckdb|postgresql --events=10000000 --runs=50 --export=1000000
 * --dir=<DuckDB: reuse a filled directory> --ingest=50000 --ids=sequential|uuid4|uuid7
 * --postgres=host:port --database=query_bench --fill=0 --before=0 --ingest-batch=500
 * --layout=unpartitioned --against=<database> --pool=compare --index-sessions=2}. {@code --layout=unpartitioned} creates a new
 * database with the table as versions before day partitions made it; {@code --against} times
 * every query on a second database of the same events too (filled before with {@code --database}
 * set to it), alternating run by run with the same parameters; {@code --pool=compare} times them
 * so against the same database read as before the pool, a new connection per read
 * ({@link ConnectionPerRead}).
 * {@code --fill=0} times the PostgreSQL database as it is (missing indexes built);
 * {@code --before=0} leaves out the old SQL, whose free text reads the whole table on every run
 * at 10 M; {@code --runs=0} leaves out the queries.
 */
public final class QueryBench {

  private final Database db;
  private final DecisionReader reader;
  private final Dialect dialect;
  private final long events;
  private final int runs;
  private final boolean withBefore;
  private BenchEvents.Ids ids = BenchEvents.Ids.SEQUENTIAL;
  private final Random random = new Random(7);
  private DecisionReader other; // --against: the same events in another database
  private String againstName;

  private QueryBench(Database db, Dialect dialect, long events, int runs, boolean before) {
    this.db = db;
    this.reader = new DecisionReader(db);
    this.dialect = dialect;
    this.events = events;
    this.runs = runs;
    this.withBefore = before;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>(Map.of("events", "10000000", "runs", "50", "export", "1000000",
        "store", "duckdb", "database", "query_bench", "fill", "1", "before", "1"));
    for (String arg : args) {
      opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    long events = Long.parseLong(opts.get("events"));
    int runs = Integer.parseInt(opts.get("runs"));
    boolean postgres = opts.get("store").equals("postgresql");
    PostgresBench pg = postgres ? new PostgresBench(opts) : null;
    Path dir = opts.containsKey("dir") ? Path.of(opts.get("dir")) : Files.createTempDirectory("query-bench");
    if (!postgres && opts.getOrDefault("schema", "current").equals("keyed")) {
      createKeyed(dir.resolve("decisions.duckdb"));
    }
    try (Database db = postgres ? pg.open() : new DuckDb(dir.resolve("decisions.duckdb"))) {
      if (postgres && opts.get("fill").equals("0")) {
        events = pg.reuse(db);
      }
      QueryBench bench = new QueryBench(db, postgres ? Dialect.POSTGRESQL : Dialect.DUCKDB, events, runs,
          !opts.get("before").equals("0"));
      bench.ids = BenchEvents.Ids.of(opts.getOrDefault("ids", "sequential"));
      if (postgres && bench.ids != BenchEvents.Ids.SEQUENTIAL) { // its day-by-day fill writes d-<i>
        throw new IllegalArgumentException("--ids: the PostgreSQL fill makes sequential ids only");
      }
      if (postgres) {
        pg.fill(db, events);
      } else {
        bench.fillDuckDb();
      }
      bench.checkSearchText();
      if (postgres && opts.containsKey("against")) {
        bench.againstName = opts.get("against");
        bench.other = new DecisionReader(pg.open(bench.againstName, true)); // filled before: as it is
      } else if (postgres && "compare".equals(opts.get("pool"))) {
        bench.againstName = "connection per read";
        bench.other = new DecisionReader(new ConnectionPerRead(db, 30_000));
      }
      System.out.printf("bench store=%s events=%d runs=%d ids=%s loadavg=\"%s\"%n", opts.get("store"),
          bench.reader.count(), runs, bench.ids, Files.readString(Path.of("/proc/loadavg")).trim());
      if (runs > 0) {
        bench.queries();
      }
      long export = Math.min(events, Long.parseLong(opts.get("export")));
      if (export > 0) {
        ExportBench.run(bench.reader, export, events);
      }
      int ingest = Integer.parseInt(opts.getOrDefault("ingest", "50000"));
      if (ingest > 0) {
        var sample = IngestCost.sample(db, ingest);
        IngestCost.searchText(sample);
        if (postgres) {
          IngestCost.postgres(pg, sample, Integer.parseInt(opts.getOrDefault("ingest-batch", "500")));
        }
      }
    }
  }

  /** A file as earlier versions created it (primary key, session index), unless one is there. */
  private static void createKeyed(Path file) throws SQLException {
    if (Files.exists(file)) {
      return;
    }
    try (Connection conn = new DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
        Statement statement = conn.createStatement()) {
      statement.execute(DuckDbLegacy.TABLE);
      statement.execute(DuckDbLegacy.SESSION_INDEX);
    }
  }

  private void queries() {
    time("decision by id", () -> {
      String id = ids.id(random.nextLong(events));
      return r -> r.find(id);
    });
    time("session timeline (20 events)", () -> {
      DecisionFilter session = DecisionFilter.session("session-" + random.nextLong(events / 20));
      return r -> r.page(session, null, SortOrder.OLDEST_FIRST, 1000);
    });
    compare("subject + 1 day", runs, () -> filter("user-" + random.nextInt(BenchEvents.SUBJECTS), null, null, null,
        null, day()));
    compare("tool + decision + 1 day", runs, () -> filter(null, "tool_" + random.nextInt(BenchEvents.TOOLS), "deny",
        null, null, day()));
    compare("reason, newest 50", runs, () -> filter(null, null, null, "role_not_granted", null, null));
    compare("free text + 1 day", runs, () -> text(BenchEvents.repo(random.nextInt(BenchEvents.REPOS)), day()));
    compare("free text + 1 day, no match", runs, () -> text(BenchEvents.repo(9999), day()));
    compare("free text, whole index", Math.min(runs, 10),
        () -> text(BenchEvents.repo(random.nextInt(BenchEvents.REPOS)), null));
  }

  private static DecisionFilter text(String term, Instant[] range) {
    return filter(null, null, null, null, term, range);
  }

  // The API's page (newest 50) against the SQL it replaced, alternating run by run: one pass
  // reading whole rows, free text as lower(event) (PostgreSQL: strpos, which no index serves).
  // With --against, each also on the other database, alternating with the same parameters.
  private void compare(String name, int n, Supplier<DecisionFilter> filters) {
    Timings before = new Timings(name + " [before]", n);
    Timings after = new Timings(name, n);
    Timings against = new Timings(name + " [" + againstName + "]", n);
    for (int i = -Math.min(5, n); i < n; i++) {
      DecisionFilter filter = filters.get();
      SqlQuery old = legacy(DecisionQueries.page(filter, null, SortOrder.NEWEST_FIRST, 50));
      if (withBefore) {
        before.run(i, () -> rows(old));
      }
      // which of the two goes first alternates: the second finds the first's pages in memory
      boolean otherFirst = (i & 1) == 0;
      if (other != null && otherFirst) {
        against.run(i, () -> other.page(filter, null, SortOrder.NEWEST_FIRST, 50));
      }
      after.run(i, () -> reader.page(filter, null, SortOrder.NEWEST_FIRST, 50));
      if (other != null && !otherFirst) {
        against.run(i, () -> other.page(filter, null, SortOrder.NEWEST_FIRST, 50));
      }
    }
    if (withBefore) {
      before.print();
    }
    if (other != null) {
      against.print();
    }
    after.print();
  }

  private SqlQuery legacy(SqlQuery page) {
    String sql = page.sql();
    String keys = " JOIN (SELECT time, decision_id FROM decisions";
    if (sql.contains(keys)) {
      sql = sql.substring(0, sql.indexOf(keys)) + sql.substring(sql.indexOf(keys) + keys.length(),
          sql.indexOf(") AS page"));
    }
    String text = dialect == Dialect.DUCKDB ? "contains(lower(event), ?)" : "strpos(lower(event), ?) > 0";
    return new SqlQuery(sql.replace("contains(search_text, ?)", text), page.params());
  }

  private int rows(SqlQuery query) {
    try (Connection conn = db.connect(); PreparedStatement ps = prepare(query, conn);
        ResultSet rs = ps.executeQuery()) {
      int n = 0;
      while (rs.next()) {
        rs.getString("event");
        n++;
      }
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static PreparedStatement prepare(SqlQuery query, Connection conn) throws SQLException {
    PreparedStatement ps = conn.prepareStatement(query.sql());
    for (int i = 0; i < query.params().size(); i++) {
      ps.setObject(i + 1, query.params().get(i));
    }
    return ps;
  }

  private void time(String name, Supplier<Function<DecisionReader, Object>> queries) {
    Timings timings = new Timings(name, runs);
    Timings against = new Timings(name + " [" + againstName + "]", runs);
    for (int i = -Math.min(5, runs); i < runs; i++) {
      Function<DecisionReader, Object> query = queries.get();
      boolean otherFirst = (i & 1) == 0;
      if (other != null && otherFirst) {
        against.run(i, () -> query.apply(other));
      }
      timings.run(i, () -> query.apply(reader));
      if (other != null && !otherFirst) {
        against.run(i, () -> query.apply(other));
      }
    }
    if (other != null) {
      against.print();
    }
    timings.print();
  }

  /** The fill's search_text is what ingest writes: SearchText of the event, on a sample of rows. */
  private void checkSearchText() throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT event, search_text FROM decisions WHERE decision_id IN "
            + "('" + ids.id(0) + "', '" + ids.id(1) + "', '" + ids.id(4) + "', '" + ids.id(events - 1) + "', '"
            + ids.id(events / 2) + "')")) {
      int found = 0;
      while (rs.next()) {
        found++;
        if (!SearchText.of(rs.getString(1)).equals(rs.getString(2))) {
          throw new IllegalStateException("the fill's search_text differs from ingest's: " + rs.getString(2));
        }
      }
      if (found < 5) {
        throw new IllegalStateException("the bench's ids are not the fill's (another --ids in --dir?)");
      }
    }
  }

  private void fillDuckDb() throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      fill(statement, dialect, ids, count(statement), events);
      statement.execute("CHECKPOINT");
    }
  }

  static long count(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM decisions")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Rows {@code [have, events)}, a million per statement. */
  static void fill(Statement statement, Dialect dialect, long have, long events) throws SQLException {
    fill(statement, dialect, BenchEvents.Ids.SEQUENTIAL, have, events);
  }

  static void fill(Statement statement, Dialect dialect, BenchEvents.Ids ids, long have, long events)
      throws SQLException {
    long t0 = System.nanoTime();
    for (long start = have; start < events; start += 1_000_000) {
      long end = Math.min(events, start + 1_000_000);
      statement.execute(BenchEvents.insert(dialect, ids, start, end));
      System.out.printf("fill rows=%d elapsed_s=%.0f%n", end, (System.nanoTime() - t0) / 1e9);
    }
  }

  private Instant[] day() {
    long spanUs = events * BenchEvents.STEP_US - 86_400_000_000L;
    Instant from = BenchEvents.instant(BenchEvents.T0_US + Math.floorMod(random.nextLong(), Math.max(1, spanUs)));
    return new Instant[] {from, from.plusSeconds(86_400)};
  }

  static DecisionFilter filter(String subject, String tool, String decision, String reason, String text,
      Instant[] range) {
    return new DecisionFilter(subject, null, null, tool, decision, null, reason, null,
        range == null ? null : range[0], range == null ? null : range[1], text);
  }
}
