package io.mcpauthz.audit.bench;

import io.mcpauthz.audit.export.ExportFormat;
import io.mcpauthz.audit.store.DecisionReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The newest {@code count} events as the API streams them (NDJSON), into a byte counter: time,
 * and the peak heap and resident set while it runs (bounded if the export streams).
 */
final class ExportBench {

  private ExportBench() {
  }

  static void run(DecisionReader reader, long count, long events) throws Exception {
    long end = BenchEvents.T0_US + events * BenchEvents.STEP_US;
    var filter = QueryBench.filter(null, null, null, null, null, new java.time.Instant[] {
        BenchEvents.instant(end - count * BenchEvents.STEP_US), BenchEvents.instant(end)});
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long rss0 = statusKb("VmRSS");
    CountingStream out = new CountingStream();
    long t0 = System.nanoTime();
    ExportFormat.NDJSON.write(reader, "bench", filter, java.time.Duration.ZERO, out);
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
}
