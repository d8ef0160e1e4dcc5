package io.mcpauthz.audit.bench;

import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.event.DecisionEventParser;
import io.mcpauthz.audit.store.DecisionWriter;
import io.mcpauthz.audit.store.DuckDb;
import io.mcpauthz.audit.store.DuckDbLegacy;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * The DuckDB writer alone, without Kafka or parsing: the ingest bench's events, parsed once,
 * written in batches through {@link DuckDb#writer()} into fresh databases, one per variant,
 * the variants taking turns batch by batch so that load on the machine hits them alike. Reports
 * the calling thread's CPU per event (the writer thread's share in the consumer) and the wall
 * time. Variants are schema changes made before the writer starts (see {@link #VARIANTS}); {@code current}
 * is the schema a new file gets (no index), {@code keyed} a file as earlier versions created it.
 *
 * <p>Options: {@code --events=300000 --batch=10000 --variants=current,...}.
 */
public final class StoreBench {

  /** Statements run on a fresh database after the store opened it. */
  static final Map<String, List<String>> VARIANTS = new LinkedHashMap<>();

  static {
    VARIANTS.put("current", List.of());
    VARIANTS.put("no-session-index", List.of("DROP INDEX IF EXISTS decisions_session"));
    // The same columns without the primary key (CREATE TABLE AS copies no constraint).
    VARIANTS.put("no-primary-key", List.of("CREATE TABLE bare AS SELECT * FROM decisions LIMIT 0",
        "DROP TABLE decisions", "ALTER TABLE bare RENAME TO decisions",
        "CREATE INDEX decisions_session ON decisions (session_id)"));
    // Never a checkpoint in the run: what a commit pays when a checkpoint falls inside it.
    VARIANTS.put("no-checkpoint", List.of("SET GLOBAL checkpoint_threshold = '100GB'"));
    // DuckDB's own checkpoint inside the commit that crosses 256 MB, before the store's own thread can.
    VARIANTS.put("automatic-checkpoint", List.of("SET GLOBAL checkpoint_threshold = '256MB'"));
    VARIANTS.put("insertion-order-off", List.of("SET GLOBAL preserve_insertion_order = false"));
    VARIANTS.put("one-thread", List.of("SET GLOBAL threads = 1"));
    VARIANTS.put("no-index", List.of("CREATE TABLE bare AS SELECT * FROM decisions LIMIT 0",
        "DROP TABLE decisions", "ALTER TABLE bare RENAME TO decisions"));
  }

  /** Files created before the store opens them: as earlier versions did (primary key, session index). */
  static final Map<String, List<String>> CREATED_BEFORE = Map.of("keyed",
      List.of(DuckDbLegacy.TABLE, DuckDbLegacy.SESSION_INDEX));

  static {
    VARIANTS.put("keyed", List.of());
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean PROCESS =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

  private StoreBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>(Map.of("events", "300000", "batch", "10000",
        "variants", String.join(",", VARIANTS.keySet())));
    for (String arg : args) {
      opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int batch = Integer.parseInt(opts.get("batch"));
    List<DecisionEvent> events = events(Integer.parseInt(opts.get("events")));
    List<String> names = List.of(opts.get("variants").split(","));
    Path dir = Files.createTempDirectory("store-bench");
    List<Variant> variants = new ArrayList<>();
    for (String name : names) {
      variants.add(new Variant(name, dir.resolve(name + ".duckdb")));
    }
    System.out.printf("bench events=%d batch=%d variants=%s dir=%s loadavg=\"%s\"%n", events.size(), batch, names,
        dir, Files.readString(Path.of("/proc/loadavg")).trim());
    try {
      int round = 0;
      for (int from = 0; from < events.size(); from += batch, round++) {
        List<DecisionEvent> slice = events.subList(from, Math.min(events.size(), from + batch));
        for (int i = 0; i < variants.size(); i++) { // each variant first in turn
          variants.get((round + i) % variants.size()).write(slice, round > 0);
        }
      }
    } finally {
      for (Variant v : variants) {
        v.close();
        v.print();
      }
    }
  }

  /** The ingest bench's events, parsed as the consumer parses them. */
  static List<DecisionEvent> events(int count) {
    DecisionEventParser parser = new DecisionEventParser();
    return IngestBench.records("store-bench", count, 2).stream().map(r -> parser.parse(r.value())).toList();
  }

  private static final class Variant {
    private final String name;
    private final DuckDb db;
    private final DecisionWriter writer;
    private long cpuNanos;
    private long processNanos;
    private long wallNanos;
    private long stored;
    private long measured;

    Variant(String name, Path file) throws SQLException {
      this.name = name;
      if (CREATED_BEFORE.containsKey(name)) {
        try (Connection conn = new DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
            Statement statement = conn.createStatement()) {
          for (String sql : CREATED_BEFORE.get(name)) {
            statement.execute(sql);
          }
        }
      }
      this.db = new DuckDb(file);
      try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
        for (String sql : VARIANTS.get(name)) {
          statement.execute(sql);
        }
      }
      this.writer = db.writer();
    }

    /** The first batch (JIT, DuckDB's first allocations) is stored but not counted. */
    void write(List<DecisionEvent> batch, boolean counted) throws SQLException {
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long process0 = PROCESS.getProcessCpuTime();
      long t0 = System.nanoTime();
      stored += writer.insert(batch);
      if (counted) {
        wallNanos += System.nanoTime() - t0;
        cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu0;
        processNanos += PROCESS.getProcessCpuTime() - process0;
        measured += batch.size();
      }
    }

    void print() {
      System.out.printf("store variant=%s stored=%d writer_cpu_us_per_event=%.1f process_cpu_us_per_event=%.1f "
          + "wall_us_per_event=%.1f%n", name, stored, cpuNanos / 1e3 / measured, processNanos / 1e3 / measured,
          wallNanos / 1e3 / measured);
    }

    void close() {
      writer.close();
      db.close();
    }
  }
}
