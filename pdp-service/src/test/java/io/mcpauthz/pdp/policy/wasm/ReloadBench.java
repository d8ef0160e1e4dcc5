package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decision latency while bundles are swapped, against steady state (not part of the test run;
 * docs/benchmarks.md, "Policy reload under load"). The Wasm engine as shipped (one instance per
 * core, 2000 warm-up calls) decides one fixture at a fixed rate, open loop ({@link
 * OpenLoopDriver}), through these phases in one run: steady; a <em>revision</em> change (the same
 * module, another {@code .manifest} revision, as a bundle server publishes on every commit) and
 * a <em>policy</em> change (a module whose Rego differs by a constant), each first at a
 * realistic cadence (one reload, then quiet) and then back to back, the worst case; steady again.
 *
 * <p>"During a reload" is the window from the bundle's arrival (the load starts) until
 * {@code --quiet} seconds after the swap. Options: {@code --rate=300} (decisions per second)
 * {@code --seconds=20} (steady and back-to-back phases) {@code --reloads=3} (per cadence phase)
 * {@code --quiet=5} {@code --series=<file.csv>} (every decision: time, latency, revision).
 */
public final class ReloadBench {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final WasmEngine engine;
  private final OpenLoopDriver driver;
  private final int seconds;
  private final int reloads;
  private final int quiet;
  /** Loads as the bundle sources do: on a thread of its own at the lowest priority. */
  private final ExecutorService loader = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "bench-loader");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    return thread;
  });

  private ReloadBench(WasmEngine engine, OpenLoopDriver driver, int seconds, int reloads, int quiet) {
    this.engine = engine;
    this.driver = driver;
    this.seconds = seconds;
    this.reloads = reloads;
    this.quiet = quiet;
  }

  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(option(args, "rate", "300"));
    int seconds = Integer.parseInt(option(args, "seconds", "20"));
    int reloads = Integer.parseInt(option(args, "reloads", "3"));
    int quiet = Integer.parseInt(option(args, "quiet", "5"));
    String series = option(args, "series", "");
    Path dir = Files.createTempDirectory("mcp-authz-reload-bench");
    Path policies = Processes.root().resolve("policies-rego");
    Path[] revisions = {bundle(policies, "rev-a", dir), bundle(policies, "rev-b", dir)};
    Path[] changes = {bundle(changed(policies, 1, dir), "policy-1", dir), bundle(changed(policies, 2, dir), "policy-2", dir)};
    ObjectNode input = (ObjectNode) new ObjectMapper()
        .readTree(policies.resolve("testdata/github_dev_create_issue/input.json").toFile());
    WasmEngine engine = new WasmEngine(revisions[0], Duration.ofSeconds(5), 0, 2000, Duration.ZERO,
        new SimpleMeterRegistry());
    OpenLoopDriver driver = new OpenLoopDriver(engine, input, rate, 4 * seconds + 4 * reloads * (quiet + 30) + 60);
    try {
      engine.load(revisions[0]);
      driver.start();
      TimeUnit.SECONDS.sleep(Math.max(5, seconds / 2)); // JIT warm-up of the whole path
      new ReloadBench(engine, driver, seconds, reloads, quiet).run(revisions, changes);
      if (!series.isEmpty()) {
        driver.writeSeries(Path.of(series));
      }
    } finally {
      engine.stop();
    }
    System.exit(0); // Mutiny's timeout scheduler is not a daemon thread
  }

  /** A line of the report: the decisions due in these windows, and the process's CPU in them. */
  private record Row(String title, List<long[]> windows, String cpu) {

    Row(String title, List<long[]> windows) {
      this(title, windows, "");
    }
  }

  private void run(Path[] revisions, Path[] changes) throws InterruptedException {
    Row steady = quietly("steady");
    List<Row> rows = new ArrayList<>(List.of(steady));
    for (Object[] kind : new Object[][] {{"revision", revisions}, {"policy", changes}}) {
      rows.addAll(cadence((String) kind[0], (Path[]) kind[1]));
      rows.add(backToBack((String) kind[0], (Path[]) kind[1]));
    }
    rows.add(quietly("steady again"));
    driver.stop();
    loader.shutdown();
    double steadyP99 = at(latencies(steady), 0.99);
    rows.forEach(row -> System.out.println(line(row, steadyP99)));
    rows.stream().filter(row -> !row.cpu().isEmpty()).forEach(row -> System.out.printf("%s: %s%n", row.title(), row.cpu()));
  }

  private Row quietly(String title) throws InterruptedException {
    Map<String, Long> cpu = ThreadCpu.snapshot();
    long from = System.nanoTime();
    TimeUnit.SECONDS.sleep(seconds);
    return new Row(title, List.of(new long[] {from, System.nanoTime()}),
        "CPU ms per s: " + ThreadCpu.since(cpu, ThreadCpu.snapshot(), seconds));
  }

  /** One reload, then quiet; {@code reloads} times; the window, then its parts. */
  private List<Row> cadence(String kind, Path[] bundles) throws InterruptedException {
    List<long[]> during = new ArrayList<>();
    List<long[]> loading = new ArrayList<>();
    List<long[]> firstSecond = new ArrayList<>();
    List<long[]> rest = new ArrayList<>();
    long loadNanos = 0;
    Map<String, Long> cpu = ThreadCpu.snapshot();
    for (int i = 0; i < reloads; i++) {
      long arrival = System.nanoTime();
      load(bundles[(i + 1) % 2]);
      long swap = System.nanoTime();
      TimeUnit.SECONDS.sleep(quiet);
      loadNanos += swap - arrival;
      during.add(new long[] {arrival, swap + quiet * SECOND});
      loading.add(new long[] {arrival, swap});
      firstSecond.add(new long[] {swap, swap + SECOND});
      rest.add(new long[] {swap + SECOND, swap + quiet * SECOND});
    }
    String title = String.format(Locale.ROOT, "%s, 1 reload + %d s quiet (x%d, load %.0f ms)", kind, quiet, reloads,
        loadNanos / 1e6 / reloads);
    String perReload = "CPU ms per reload and its quiet: " + ThreadCpu.since(cpu, ThreadCpu.snapshot(), reloads);
    return List.of(new Row(title, during, perReload), new Row("  while loading (old serves)", loading),
        new Row("  first second after the swap", firstSecond), new Row("  the rest of the quiet", rest));
  }

  private Row backToBack(String kind, Path[] bundles) {
    Map<String, Long> cpu = ThreadCpu.snapshot();
    long from = System.nanoTime();
    long to = from + seconds * SECOND;
    int swaps = 0;
    while (System.nanoTime() < to) {
      load(bundles[(swaps + 1) % 2]);
      swaps++;
    }
    return new Row(kind + ", back to back (" + swaps + " swaps)", List.of(new long[] {from, System.nanoTime()}),
        "CPU ms per swap: " + ThreadCpu.since(cpu, ThreadCpu.snapshot(), Math.max(1, swaps)));
  }

  private void load(Path bundle) {
    try {
      if (!loader.submit(() -> engine.load(bundle)).get()) {
        throw new IllegalStateException("the bench bundle did not load: " + bundle);
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private long[] latencies(Row row) {
    return row.windows().stream().flatMapToLong(w -> Arrays.stream(driver.window(w[0], w[1]))).sorted().toArray();
  }

  private String line(Row row, double steadyP99) {
    long[] nanos = latencies(row);
    long failed = Arrays.stream(nanos).filter(n -> n == OpenLoopDriver.FAILED).count();
    if (nanos.length == failed) {
      return String.format(Locale.ROOT, "%-48s no decisions, %d failed", row.title(), failed);
    }
    double p99 = at(nanos, 0.99);
    return String.format(Locale.ROOT, "%-48s %6d: p50 %5.0f  p90 %6.0f  p99 %6.0f µs  max %6.1f ms  failed %d  p99/steady %.1f",
        row.title(), nanos.length, at(nanos, 0.50), at(nanos, 0.90), p99, nanos[nanos.length - 1 - (int) failed] / 1e6,
        failed, p99 / steadyP99);
  }

  private static double at(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * sorted.length))] / 1000.0;
  }

  private static Path bundle(Path policies, String revision, Path dir) {
    Path bundle = dir.resolve(revision + ".tar.gz");
    OpaProcess.buildWasmBundle(policies, revision, bundle);
    return bundle;
  }

  /** The policies with one more rule that never holds: a module that differs by a constant. */
  private static Path changed(Path policies, int constant, Path dir) throws IOException {
    Path copy = dir.resolve("policies-" + constant);
    try (Stream<Path> files = Files.walk(policies)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(policies.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    Files.writeString(copy.resolve("mcp/authz/origin/reload_bench.rego"), """
        package mcp.authz.origin

        reasons contains {"code": "reload_bench", "message": "never"} if input.reload_bench == %d
        """.formatted(constant));
    return copy;
  }

  private static String option(String[] args, String name, String fallback) {
    return Arrays.stream(args).filter(a -> a.startsWith("--" + name + "="))
        .map(a -> a.substring(name.length() + 3)).findFirst().orElse(fallback);
  }
}
