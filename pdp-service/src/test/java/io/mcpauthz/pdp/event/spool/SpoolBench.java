package io.mcpauthz.pdp.event.spool;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the spool adds to one decision (not part of the test run; numbers in docs/benchmarks.md):
 * the append on the decision path (CPU and wall time per event, this thread) and the group
 * commit beside it (fsync CPU per event, fsync wall time), at a steady rate like a busy PDP.
 * Run with pdp-service/bench/spool-bench.sh [events] [events-per-second] [directory].
 */
public final class SpoolBench {

  private SpoolBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path dir = args.length > 2 ? Files.createTempDirectory(Path.of(args[2]), "spool-bench")
        : Files.createTempDirectory("spool-bench");
    byte[] event = ("{\"schema\":\"mcp-authz.decision/v1\",\"padding\":\"" + "x".repeat(1_400) + "\"}")
        .getBytes(StandardCharsets.UTF_8); // about the size of an allowed call's event
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (Journal journal = Journal.open(dir, 64L << 20)) {
      for (int i = 0; i < 5_000; i++) { // warm-up
        journal.append("session-" + (i % 100), event, System.currentTimeMillis());
      }
      AtomicLong syncCpu = new AtomicLong();
      AtomicLong syncs = new AtomicLong();
      long[] fsyncWall = new long[events]; // at most one commit per event
      ScheduledExecutorService syncer = Executors.newSingleThreadScheduledExecutor();
      syncer.scheduleWithFixedDelay(() -> {
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try {
          if (journal.sync()) {
            int n = (int) syncs.getAndIncrement();
            fsyncWall[Math.min(n, events - 1)] = System.nanoTime() - start;
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        syncCpu.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
      }, 100, 100, TimeUnit.MILLISECONDS);
      long cpu = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < events; i++) { // CPU: back to back
        journal.append("session-" + (i % 100), event, System.currentTimeMillis());
      }
      double appendCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / events;
      long[] wall = new long[events];
      long intervalNanos = 1_000_000_000L / rate;
      long next = System.nanoTime();
      for (int i = 0; i < events; i++) { // wall time: paced, like decisions arriving
        while (System.nanoTime() < next) {
          Thread.onSpinWait();
        }
        next += intervalNanos;
        long start = System.nanoTime();
        journal.append("session-" + (i % 100), event, System.currentTimeMillis());
        wall[i] = System.nanoTime() - start;
      }
      syncer.shutdown();
      syncer.awaitTermination(5, TimeUnit.SECONDS);
      Arrays.sort(wall);
      long n = syncs.get();
      long[] fsyncs = Arrays.copyOf(fsyncWall, (int) Math.min(n, events));
      Arrays.sort(fsyncs);
      System.out.printf("events %d at %d/s, %d bytes each, directory %s%n", events, rate, event.length, dir);
      System.out.printf("append   CPU %.1f µs/event; wall p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
          appendCpu, wall[events / 2] / 1e3, wall[events * 99 / 100] / 1e3,
          wall[events - 1] / 1e3);
      System.out.printf("fsync    %d group commits; CPU %.2f µs/event; wall p50 %.2f ms, p99 %.2f ms%n", n,
          syncCpu.get() / 1e3 / (2.0 * events), fsyncs.length == 0 ? 0 : fsyncs[fsyncs.length / 2] / 1e6,
          fsyncs.length == 0 ? 0 : fsyncs[fsyncs.length * 99 / 100] / 1e6);
    }
  }
}
