package io.mcpauthz.audit.bench;

import com.sun.management.OperatingSystemMXBean;
import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.store.DecisionWriter;
import io.mcpauthz.audit.store.DuckDb;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a DuckDB checkpoint costs beside the inserts it follows, per schema variant of
 * {@link StoreBench#VARIANTS}: into a fresh database (no checkpoint until asked), {@code --events}
 * are written in batches of 10 000, then one {@code CHECKPOINT}, twice over (the second half
 * shows whether the cost grows with the table). The whole process's CPU per event is reported
 * for each step: DuckDB's own threads do part of both, so the calling thread alone would
 * undercount. Variants run one after another (round by round in a rotating order), never at the
 * same time, so the process's CPU is theirs.
 *
 * <p>Options: {@code --events=200000 --rounds=1 --variants=current,no-index}.
 */
public final class CheckpointBench {

  private static final OperatingSystemMXBean PROCESS =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
  private static final int BATCH = 10_000;

  private CheckpointBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>(Map.of("events", "200000", "rounds", "1", "variants", "current,no-index"));
    for (String arg : args) {
      opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int half = Integer.parseInt(opts.get("events")) / BATCH * BATCH;
    List<DecisionEvent> events = StoreBench.events(2 * half);
    List<String> variants = List.of(opts.get("variants").split(","));
    for (int round = 0; round < Integer.parseInt(opts.get("rounds")); round++) {
      for (int i = 0; i < variants.size(); i++) {
        run(variants.get((round + i) % variants.size()), events, half);
      }
    }
  }

  private static void run(String variant, List<DecisionEvent> events, int half) throws Exception {
    Path dir = Files.createTempDirectory("checkpoint-bench");
    DuckDb db = new DuckDb(dir.resolve(variant + ".duckdb"), "100GB"); // no checkpoint before ours
    try {
      try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
        for (String sql : StoreBench.VARIANTS.get(variant)) {
          statement.execute(sql);
        }
      }
      try (DecisionWriter writer = db.writer()) {
        for (int part = 0; part < 2; part++) {
          long cpu0 = PROCESS.getProcessCpuTime();
          for (int from = part * half; from < (part + 1) * half; from += BATCH) {
            writer.insert(events.subList(from, from + BATCH));
          }
          long cpu1 = PROCESS.getProcessCpuTime();
          checkpoint(db);
          long cpu2 = PROCESS.getProcessCpuTime();
          System.out.printf("checkpoint variant=%s part=%d rows=%d insert_cpu_us_per_event=%.1f "
              + "checkpoint_cpu_us_per_event=%.1f loadavg=\"%s\"%n", variant, part + 1, (part + 1) * half,
              (cpu1 - cpu0) / 1e3 / half, (cpu2 - cpu1) / 1e3 / half,
              Files.readString(Path.of("/proc/loadavg")).trim());
        }
      }
    } finally {
      db.close();
    }
  }

  private static void checkpoint(DuckDb db) throws SQLException {
    try (Connection conn = db.connect(); Statement statement = conn.createStatement()) {
      statement.execute("CHECKPOINT");
    }
  }
}
