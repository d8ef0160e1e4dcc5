package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decision latency while bundles are swapped, against steady state (not part of the test run;
 * docs/benchmarks.md, "Policy reload under load"). The Wasm engine as shipped (one instance per
 * core, 2000 warm-up calls per instance) is driven at a fixed rate, open loop: each decision's
 * latency counts from when it was due, so a stall is not hidden by fewer requests. First a
 * steady phase, then a phase in which a new bundle is compiled, warmed and swapped in back to
 * back, the whole time.
 *
 * <p>Options: {@code --rate=300} (decisions per second) {@code --seconds=20} (per phase).
 */
public final class ReloadBench {

  private ReloadBench() {}

  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(option(args, "rate", "300"));
    int seconds = Integer.parseInt(option(args, "seconds", "20"));
    Path dir = Files.createTempDirectory("mcp-authz-reload-bench");
    Path policies = Processes.root().resolve("policies-rego");
    Path[] bundles = {dir.resolve("a.tar.gz"), dir.resolve("b.tar.gz")};
    OpaProcess.buildWasmBundle(policies, "rev-a", bundles[0]);
    OpaProcess.buildWasmBundle(policies, "rev-b", bundles[1]);
    ObjectNode input = (ObjectNode) new ObjectMapper()
        .readTree(policies.resolve("testdata/github_dev_create_issue/input.json").toFile());
    WasmEngine engine = new WasmEngine(bundles[0], Duration.ofSeconds(5), 0, 2000, Duration.ZERO,
        new SimpleMeterRegistry());
    try {
      engine.load(bundles[0]);
      drive(engine, input, rate, Math.max(5, seconds / 2)); // JIT warm-up of the whole path
      report("steady", drive(engine, input, rate, seconds), 0);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger swaps = new AtomicInteger();
      Thread reloader = new Thread(() -> {
        while (running.get() && engine.load(bundles[(swaps.get() + 1) % 2])) {
          swaps.incrementAndGet();
        }
      }, "bench-reloader");
      reloader.start();
      long[] reloading = drive(engine, input, rate, seconds);
      running.set(false);
      reloader.join();
      report("reloading", reloading, swaps.get());
    } finally {
      engine.stop();
    }
    System.exit(0); // Mutiny's timeout scheduler is not a daemon thread
  }

  /** Latencies (ns) of {@code rate × seconds} decisions issued on schedule. */
  private static long[] drive(WasmEngine engine, ObjectNode input, int rate, int seconds) throws InterruptedException {
    int total = rate * seconds;
    long[] nanos = new long[total];
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger next = new AtomicInteger();
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "bench-clock");
      thread.setDaemon(true);
      return thread;
    });
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    clock.scheduleAtFixedRate(() -> {
      int i = next.getAndIncrement();
      if (i >= total) {
        return;
      }
      long due = start + i * period;
      engine.decide(input).subscribe().with(
          decision -> finish(nanos, i, System.nanoTime() - due, done),
          failure -> finish(nanos, i, Long.MAX_VALUE, done));
    }, 0, period, TimeUnit.NANOSECONDS);
    done.await();
    clock.shutdownNow();
    return nanos;
  }

  /** @param latency nanoseconds, {@code Long.MAX_VALUE} for a failed decision */
  private static void finish(long[] nanos, int i, long latency, CountDownLatch done) {
    nanos[i] = latency;
    done.countDown();
  }

  private static void report(String phase, long[] nanos, int swaps) {
    Arrays.sort(nanos);
    long failed = Arrays.stream(nanos).filter(n -> n == Long.MAX_VALUE).count();
    System.out.printf(Locale.ROOT, "%-9s %6d decisions%s: p50 %.0f µs  p90 %.0f µs  p99 %.0f µs  max %.1f ms  failed %d%n",
        phase, nanos.length, swaps > 0 ? " over " + swaps + " bundle swaps" : "",
        at(nanos, 0.50), at(nanos, 0.90), at(nanos, 0.99), nanos[nanos.length - 1 - (int) failed] / 1e6, failed);
  }

  private static double at(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * sorted.length))] / 1000.0;
  }

  private static String option(String[] args, String name, String fallback) {
    return Arrays.stream(args).filter(a -> a.startsWith("--" + name + "="))
        .map(a -> a.substring(name.length() + 3)).findFirst().orElse(fallback);
  }
}
