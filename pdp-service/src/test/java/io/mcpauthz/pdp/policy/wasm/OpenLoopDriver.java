package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Decisions at a fixed rate, open loop, for the whole of a benchmark: each decision's latency
 * counts from when it was due, so a stall shows as latency instead of as fewer requests. Every
 * decision keeps its due time and the revision that answered it, so any window of the run (a
 * phase, the seconds around one swap) can be read afterwards.
 */
final class OpenLoopDriver {

  static final long FAILED = Long.MAX_VALUE;

  private final WasmEngine engine;
  private final ObjectNode input;
  private final long period;
  private final long[] due;
  private final long[] latency;
  private final String[] revision;
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final Thread clock = new Thread(this::issueOnSchedule, "bench-clock");
  private volatile boolean running = true;
  private long start;

  OpenLoopDriver(WasmEngine engine, ObjectNode input, int rate, int maxSeconds) {
    this.engine = engine;
    this.input = input;
    this.period = TimeUnit.SECONDS.toNanos(1) / rate;
    this.due = new long[rate * maxSeconds];
    this.latency = new long[due.length];
    this.revision = new String[due.length];
  }

  void start() {
    start = System.nanoTime();
    clock.setDaemon(true);
    clock.start();
  }

  /**
   * Each decision at its due time, on a clock of its own: a scheduled executor at a fixed rate
   * that once runs late keeps a constant lag, which would count as latency.
   */
  private void issueOnSchedule() {
    for (int i = 0; running && i < due.length; i++) {
      due[i] = start + i * period;
      for (long wait = due[i] - System.nanoTime(); wait > 0; wait = due[i] - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      issued.incrementAndGet();
      issue(i);
    }
  }

  private void issue(int i) {
    engine.decide(input).subscribe().with(decision -> {
      revision[i] = decision.revision();
      finish(i, System.nanoTime() - due[i]);
    }, failure -> finish(i, FAILED));
  }

  private void finish(int i, long nanos) {
    latency[i] = nanos;
    answered.incrementAndGet();
  }

  /** Stops issuing and waits (at most a minute) for the answers still out. */
  void stop() throws InterruptedException {
    running = false;
    clock.join(TimeUnit.SECONDS.toMillis(10));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (answered.get() < issuedCount() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  /** Latencies (ns, sorted) of the answered decisions due in {@code [from, to)}. */
  long[] window(long from, long to) {
    return IntStream.range(0, issuedCount())
        .filter(i -> due[i] >= from && due[i] < to && latency[i] != 0)
        .mapToLong(i -> latency[i]).sorted().toArray();
  }

  private int issuedCount() {
    return Math.min(issued.get(), due.length);
  }

  /** Every decision as CSV: seconds since the start, latency µs, the revision that answered. */
  void writeSeries(Path file) throws IOException {
    int count = issuedCount();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println("t_s,latency_us,revision");
      for (int i = 0; i < count; i++) {
        out.printf(Locale.ROOT, "%.4f,%s,%s%n", (due[i] - start) / 1e9,
            latency[i] == FAILED ? "failed" : String.format(Locale.ROOT, "%.0f", latency[i] / 1e3), revision[i]);
      }
    }
  }
}
