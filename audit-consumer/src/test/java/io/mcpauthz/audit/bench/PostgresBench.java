package io.mcpauthz.audit.bench;

import io.mcpauthz.audit.bench.BenchEvents.Dialect;
import io.mcpauthz.audit.store.Database;
import io.mcpauthz.audit.store.Postgres;
import io.mcpauthz.audit.store.PostgresIndexes;
import io.mcpauthz.audit.store.PostgresLegacy;
import io.mcpauthz.audit.store.TrigramIndex;
import io.mcpauthz.audit.support.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The query bench's PostgreSQL side: a database of its own on a real server (user postgres,
 * trust: the development server of deploy/local/lib.sh's start_postgres), filled with the
 * secondary indexes dropped and built afterwards (far faster than maintaining them row by row;
 * partitioned: each day's right after it is filled), then VACUUM ANALYZE so the planner knows
 * the table.
 */
final class PostgresBench {

  static final String[] INDEXES = {"decisions_time", "decisions_session", "decisions_subject", "decisions_tool",
    "decisions_reasons", "decisions_search"};

  static final long ROWS_PER_DAY = 86_400_000_000L / BenchEvents.STEP_US;

  private final String server;
  private final String database;
  private final boolean unpartitioned;
  private final int indexSessions;

  PostgresBench(Map<String, String> opts) {
    String env = System.getenv("MCP_AUTHZ_TEST_POSTGRES");
    this.server = opts.getOrDefault("postgres", env == null || env.isBlank() ? "127.0.0.1:15432" : env);
    this.database = opts.get("database");
    this.unpartitioned = "unpartitioned".equals(opts.get("layout"));
    this.indexSessions = Integer.parseInt(opts.getOrDefault("index-sessions", "2"));
  }

  /**
   * The store on database {@code name}, created (empty) if missing; {@code unpartitioned}: with the
   * table as versions before day partitions created it.
   */
  Postgres open(String name, boolean textIndex, boolean unpartitioned) throws SQLException {
    try (Connection conn = connect("postgres"); Statement statement = conn.createStatement()) {
      ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
      if (!rs.next()) {
        statement.execute("CREATE DATABASE " + name);
        if (unpartitioned) {
          try (Connection created = connect(name); Statement ddl = created.createStatement()) {
            ddl.execute(PostgresLegacy.TABLE);
          }
        }
      }
    }
    return new Postgres(TestPostgres.storeConfig("jdbc:postgresql://" + server + "/" + name, textIndex));
  }

  Postgres open(String name, boolean textIndex) throws SQLException {
    return open(name, textIndex, false);
  }

  Postgres open() throws SQLException {
    return open(database, true, unpartitioned);
  }

  void drop(String name) throws SQLException {
    try (Connection conn = connect("postgres"); Statement statement = conn.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  String database() {
    return database;
  }

  /**
   * The database as it is ({@code --fill=0}): an index an interrupted build left invalid is
   * dropped and built again with the missing ones; returns the number of events.
   */
  long reuse(Database db) throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      ResultSet rs = statement.executeQuery("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
          + " WHERE i.indrelid = 'decisions'::regclass AND NOT i.indisvalid");
      boolean rebuild = false;
      while (rs.next()) {
        System.out.printf("index invalid, rebuilt: %s%n", rs.getString(1));
        conn.createStatement().execute("DROP INDEX " + rs.getString(1));
        rebuild = true;
      }
      if (rebuild || TrigramIndex.valid(statement) == null) {
        buildIndexes(statement);
        statement.execute("ANALYZE decisions");
      }
      return QueryBench.count(statement);
    }
  }

  void fill(Database db, long events) throws SQLException {
    long have;
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      have = QueryBench.count(statement);
      if (have >= events) {
        sizes(statement);
        return;
      }
      for (String index : INDEXES) {
        statement.execute("DROP INDEX IF EXISTS " + index);
      }
      if (unpartitioned) {
        QueryBench.fill(statement, Dialect.POSTGRESQL, have, events);
      } else {
        fillByDay(db, statement, have, events);
      }
    }
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      buildIndexes(statement);
      statement.execute("VACUUM ANALYZE decisions");
      sizes(statement);
    }
  }

  /**
   * Day by day: a day's rows in one statement, then, in another session while the next days fill,
   * that day vacuumed and its indexes built ({@link PostgresIndexes#buildDay}); {@code
   * --index-sessions} days (default 2) are indexed at once, since a day's trigram index takes
   * several times as long as its fill.
   */
  private void fillByDay(Database db, Statement statement, long have, long events) throws SQLException {
    long t0 = System.nanoTime();
    ExecutorService indexers = Executors.newFixedThreadPool(indexSessions);
    Deque<Future<?>> building = new ArrayDeque<>();
    try {
      for (long start = have; start < events; ) {
        long end = Math.min(events, (start / ROWS_PER_DAY + 1) * ROWS_PER_DAY);
        String day = "decisions_" + LocalDate.ofInstant(BenchEvents.instant(BenchEvents.time(start)), ZoneOffset.UTC)
            .format(DateTimeFormatter.BASIC_ISO_DATE);
        statement.execute("SELECT decisions_partition(make_timestamp(" + BenchEvents.time(start) + "))");
        statement.execute(BenchEvents.insert(Dialect.POSTGRESQL, start, end));
        System.out.printf("fill rows=%d elapsed_s=%.0f%n", end, (System.nanoTime() - t0) / 1e9);
        while (building.size() >= indexSessions) {
          await(building.removeFirst());
        }
        building.add(indexers.submit(() -> {
          try (Connection conn = db.connect(); Statement ddl = conn.createStatement()) {
            ddl.execute("VACUUM ANALYZE " + day);
            ddl.execute("SET maintenance_work_mem = '512MB'");
            PostgresIndexes.buildDay(ddl, day);
            System.out.printf("indexed %s elapsed_s=%.0f%n", day, (System.nanoTime() - t0) / 1e9);
          }
          return null;
        }));
        start = end;
      }
      while (!building.isEmpty()) {
        await(building.removeFirst());
      }
    } finally {
      indexers.shutdownNow();
    }
  }

  private static void await(Future<?> task) throws SQLException {
    try {
      task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The schema's indexes, built in this session with 512 MB of maintenance memory, the trigram
   * index too (not concurrently: over a filled table that is the store's background build, two
   * passes per day, each waiting for every older transaction on the server); then the store opened
   * over them, which finds nothing left to build.
   */
  private void buildIndexes(Statement statement) throws SQLException {
    long t0 = System.nanoTime();
    statement.execute("SET maintenance_work_mem = '512MB'");
    PostgresIndexes.build(statement);
    open().close();
    System.out.printf("indexes built s=%.0f%n", (System.nanoTime() - t0) / 1e9);
  }

  /** Relation sizes, the days' partitions and their indexes summed (as {@code decisions_<day>…}). */
  private static void sizes(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT regexp_replace(c.relname, '^decisions_[0-9]{8}', "
        + "'decisions_<day>') AS name, (sum(pg_relation_size(c.oid)) / 1048576)::bigint, count(*) FROM pg_class c"
        + " WHERE c.relname LIKE 'decisions%' AND c.relkind IN ('r', 'i') GROUP BY 1 ORDER BY 1")) {
      while (rs.next()) {
        System.out.printf("size relation=%s mib=%d relations=%d%n", rs.getString(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  private Connection connect(String db) throws SQLException {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl("jdbc:postgresql://" + server + "/" + db);
    source.setUser("postgres");
    return source.getConnection();
  }
}
