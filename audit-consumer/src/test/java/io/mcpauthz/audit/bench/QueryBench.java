package io.mcpauthz.audit.bench;

import io.mcpauthz.audit.export.ExportFormat;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.DuckDb;
import io.mcpauthz.audit.store.SortOrder;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Query benchmark over a large DuckDB index (not part of the test run; docs/benchmarks.md). It
 * fills a DuckDB file with {@code --events} synthetic decisions generated inside DuckDB (fast,
 * and it bypasses Kafka: ingest has its own benchmark), then times the API's common queries
 * through {@link DecisionReader}, i.e. the exact SQL the API runs, and prints p50/p95/max; then
 * times an NDJSON export of the newest {@code --export} events with its peak heap and RSS.
 *
 * <p>Options: {@code --events=10000000 --runs=50 --export=1000000 --dir=<reuse a filled directory>}.
 */
public final class QueryBench {

  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final long STEP_MS = 250; // 10 M events span ~29 days
  static final int SUBJECTS = 5_000;
  static final int TOOLS = 50;

  private QueryBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>(Map.of("events", "10000000", "runs", "50", "export", "1000000"));
    for (String arg : args) {
      opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    long events = Long.parseLong(opts.get("events"));
    int runs = Integer.parseInt(opts.get("runs"));
    Path dir = opts.containsKey("dir") ? Path.of(opts.get("dir")) : Files.createTempDirectory("query-bench");
    try (DuckDb db = new DuckDb(dir.resolve("decisions.duckdb"))) {
      fill(db, events);
      DecisionReader reader = new DecisionReader(db);
      System.out.printf("bench events=%d runs=%d dir=%s loadavg=\"%s\"%n", reader.count(), runs, dir,
          Files.readString(Path.of("/proc/loadavg")).trim());
      Random random = new Random(7);
      long span = events * STEP_MS;
      time("decision by id", runs, i -> reader.find("d-" + random.nextLong(events)));
      time("session timeline (20 events)", runs, i -> reader.page(
          DecisionFilter.session("session-" + random.nextLong(events / 20)), null, SortOrder.OLDEST_FIRST, 1000));
      time("subject + 1 day", runs, i -> reader.page(filter("user-" + random.nextInt(SUBJECTS), null, null,
          null, null, day(random, span)), null, SortOrder.NEWEST_FIRST, 50));
      time("tool + decision + 1 day", runs, i -> reader.page(filter(null, "tool_" + random.nextInt(TOOLS), "deny",
          null, null, day(random, span)), null, SortOrder.NEWEST_FIRST, 50));
      time("reason, newest 50", runs, i -> reader.page(filter(null, null, null, "role_not_granted", null, null),
          null, SortOrder.NEWEST_FIRST, 50));
      time("free text + 1 day", runs, i -> reader.page(filter(null, null, null, null,
          "org/repo-" + random.nextInt(1000) + "\"", day(random, span)), null, SortOrder.NEWEST_FIRST, 50));
      time("free text, whole index", Math.min(runs, 10), i -> reader.page(filter(null, null, null, null,
          "org/repo-" + random.nextInt(1000) + "\"", null), null, SortOrder.NEWEST_FIRST, 50));
      export(reader, Math.min(events, Long.parseLong(opts.get("export"))), events);
    }
  }

  // The newest `count` events as the API streams them (NDJSON), into a byte counter: time, and
  // the peak heap and resident set while it runs (bounded if the export streams).
  private static void export(DecisionReader reader, long count, long events) throws Exception {
    Instant from = T0.plusMillis((events - count) * STEP_MS);
    DecisionFilter filter = filter(null, null, null, null, null, new Instant[] {from, T0.plusMillis(events * STEP_MS)});
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long rss0 = statusKb("VmRSS");
    CountingStream out = new CountingStream();
    long t0 = System.nanoTime();
    ExportFormat.NDJSON.write(reader, filter, out);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    System.out.printf("export events=%d lines=%d mib=%.0f s=%.1f events_per_s=%.0f heap_peak_mib=%d rss_before_mib=%d "
        + "rss_after_mib=%d rss_hwm_mib=%d max_heap_mib=%d%n", count, out.lines, out.bytes / 1048576.0, seconds,
        count / seconds, heapPeak >> 20, rss0 >> 10, statusKb("VmRSS") >> 10, statusKb("VmHWM") >> 10,
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private static long statusKb(String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static final class CountingStream extends OutputStream {
    long bytes;
    long lines;

    @Override
    public void write(int b) {
      bytes++;
      lines += b == '\n' ? 1 : 0;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
      for (int i = off; i < off + len; i++) {
        lines += b[i] == '\n' ? 1 : 0;
      }
    }
  }

  private static Instant[] day(Random random, long spanMs) {
    Instant from = T0.plusMillis(Math.floorMod(random.nextLong(), Math.max(1, spanMs - 86_400_000L)));
    return new Instant[] {from, from.plusSeconds(86_400)};
  }

  private static DecisionFilter filter(String subject, String tool, String decision, String reason, String text,
      Instant[] range) {
    return new DecisionFilter(subject, null, null, tool, decision, null, reason, null,
        range == null ? null : range[0], range == null ? null : range[1], text);
  }

  private static void time(String name, int runs, IntConsumer query) {
    for (int i = 0; i < Math.min(5, runs); i++) {
      query.accept(i); // warm-up
    }
    long[] micros = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      query.accept(i);
      micros[i] = (System.nanoTime() - t0) / 1_000;
    }
    Arrays.sort(micros);
    System.out.printf("query %-30s p50_ms=%.1f p95_ms=%.1f max_ms=%.1f%n", "\"" + name + "\"",
        micros[runs / 2] / 1e3, micros[(int) Math.ceil(runs * 0.95) - 1] / 1e3, micros[runs - 1] / 1e3);
  }

  // Generated in DuckDB, 1 M rows per statement: shaped like the PDP's events (a quarter denied,
  // 20-event sessions, 5 000 subjects, 50 tools, an argument to search for).
  private static void fill(DuckDb db, long events) throws Exception {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      long have;
      try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM decisions")) {
        rs.next();
        have = rs.getLong(1);
      }
      long t0 = System.nanoTime();
      for (long start = have; start < events; start += 1_000_000) {
        long end = Math.min(events, start + 1_000_000);
        statement.execute(fillSql(start, end));
        System.out.printf("fill rows=%d elapsed_s=%.0f%n", end, (System.nanoTime() - t0) / 1e9);
      }
      statement.execute("CHECKPOINT");
    }
  }

  private static String fillSql(long start, long end) {
    return """
        INSERT INTO decisions SELECT
          'd-' || i, TIMESTAMP '2026-11-01' + to_milliseconds(i * %d),
          CASE WHEN i %% 4 = 0 THEN 'deny' ELSE 'allow' END, CASE WHEN i %% 4 = 0 THEN 403 ELSE 200 END,
          ['read', 'update', 'admin'][1 + i %% 3], 'user-' || (hash(i // 20) %% %d), 'agent-' || (i %% 200),
          'server-' || (i %% 10), 'tool_' || (hash(i) %% %d), 'tools/call', 'session-' || (i // 20),
          CASE WHEN i %% 4 = 0 THEN ['role_not_granted'] ELSE ['allowed'] END,
          '{"schema":"mcp-authz.decision/v1","decision_id":"d-' || i || '","time":"'
            || strftime(TIMESTAMP '2026-11-01' + to_milliseconds(i * %d), '%%Y-%%m-%%dT%%H:%%M:%%S.%%fZ')
            || '","decision":"' || CASE WHEN i %% 4 = 0 THEN 'deny' ELSE 'allow' END
            || '","mcp":{"session_id":"session-' || (i // 20) || '","method":"tools/call","tool":"tool_'
            || (hash(i) %% %d) || '","arguments":{"repo":"org/repo-' || (i %% 1000) || '"}}}',
          now()
        FROM range(%d, %d) t(i)""".formatted(STEP_MS, SUBJECTS, TOOLS, STEP_MS, TOOLS, start, end);
  }
}
