package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.input.InputOmission;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One loaded bundle: its module compiled once, and instances of it that each hold the bundle's
 * data, ready to evaluate {@code data.mcp.authz.decision}. An instance that fails is replaced by
 * a new one from the same compiled module.
 */
final class WasmPolicy {

  static final String ENTRYPOINT = "mcp/authz/decision";
  /** Warm-up runs in bursts this long, each followed by as long a pause: half a core at most. */
  private static final long WARM_UP_BURST_NANOS = 5_000_000;
  /** A warm-up input may fail as it did when it was served; past this many, warming stops. */
  private static final int WARM_UP_MAX_FAILURES = 8;
  /** Warm-up never holds a new bundle back longer than this, however slow its calls. */
  static final Duration WARM_UP_LIMIT = Duration.ofSeconds(20);
  /** Warm-up calls over which that cost is measured. */
  private static final int WARM_UP_WINDOW = 64;

  private final OpaModule module;
  private final InputOmission omission;
  private final BlockingQueue<OpaInstance> idle;
  private final AtomicInteger missing = new AtomicInteger(); // replacements that failed, made again later
  private final String revision;
  private final CallCost cost = new CallCost();

  /** How a warm-up ended: the calls it made, the CPU ns per call of its last ones (NaN: too few). */
  record WarmUp(int calls, double nanosPerCall) {}

  private WasmPolicy(OpaModule module, InputOmission omission, int instances, String revision) {
    this.module = module;
    this.omission = omission;
    this.idle = new ArrayBlockingQueue<>(instances);
    this.revision = revision;
    for (int i = 0; i < instances; i++) {
      idle.add(module.instantiate(ENTRYPOINT));
    }
  }

  /**
   * Compiles the bundle's module once (slow: about half a second) and makes {@code instances}
   * instances of it (fast). Fails when the module needs a builtin the host does not implement.
   */
  static WasmPolicy compile(WasmBundle bundle, int instances) {
    return load(bundle, instances, null);
  }

  /**
   * As {@link #compile}, but a bundle whose module is byte for byte {@code serving}'s reuses its
   * compiled classes and loads only the new data: nothing to compile, nothing for the JIT to do.
   */
  static WasmPolicy load(WasmBundle bundle, int instances, WasmPolicy serving) {
    return new WasmPolicy(OpaModule.of(bundle, serving == null ? null : serving.module), bundle.omission(), instances,
        bundle.revision());
  }

  /** Whether both run the same compiled classes, already warm when {@code other} served. */
  boolean sharesCodeWith(WasmPolicy other) {
    return other != null && module.sharesCodeWith(other.module);
  }

  /** CPU ns per call of the recent evaluations, NaN until it has served a few. */
  double nanosPerCall() {
    return cost.nanosPerCall();
  }

  /** The input as this bundle's module reads it: UTF-8 JSON without the fields the bundle omits. */
  byte[] json(ObjectNode input) throws IOException {
    return omission.json(input);
  }

  /** The input fields this bundle's module is not given. */
  InputOmission omission() {
    return omission;
  }

  String revision() {
    return revision;
  }

  /** The decision document for {@code input}, or null when undefined; see {@link #evaluate(byte[])}. */
  JsonNode evaluate(ObjectNode input) throws IOException, InterruptedException {
    return evaluate(json(input));
  }

  /**
   * The decision document, or null when undefined. Blocks while every instance is busy: call it
   * only from the engine's workers, as many as there are instances.
   */
  JsonNode evaluate(byte[] input) throws IOException, InterruptedException {
    OpaInstance instance;
    while ((instance = idle.poll(100, TimeUnit.MILLISECONDS)) == null) {
      replaceMissing();
    }
    boolean reusable = false;
    try {
      long cpu = CallCost.threadCpu();
      JsonNode result = evaluate(instance, input);
      cost.add(CallCost.threadCpu() - cpu);
      reusable = true;
      return result;
    } finally { // after a trap, an abort or an error its heap may be inconsistent: never reuse it
      if (reusable) {
        idle.add(instance);
      } else {
        missing.incrementAndGet();
        replaceMissing();
      }
    }
  }

  /** A replacement that cannot be made now (e.g. out of memory) is tried again on the next call. */
  private void replaceMissing() {
    while (missing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      try {
        idle.add(module.instantiate(ENTRYPOINT));
      } catch (RuntimeException | Error e) {
        missing.incrementAndGet();
        return;
      }
    }
  }

  /**
   * Runs the module over {@code inputs}, on an instance of its own, in short bursts with pauses
   * between them, so that a reload never takes a whole core from the decisions being served: at
   * least {@code calls} times, and on until its last calls cost at most {@code maxNanosPerCall}
   * of CPU each (NaN: no such bar); never longer than {@code limit}. A fresh module is about a hundred times slower than
   * a warm one; its instances share its classes, so warming one warms them all.
   */
  WarmUp warm(List<byte[]> inputs, int calls, double maxNanosPerCall, Duration limit) throws InterruptedException {
    OpaInstance instance = module.instantiate(ENTRYPOINT);
    int failures = 0;
    int call = 0;
    long windowCpu = 0;
    double windowNanos = Double.NaN;
    long burst = System.nanoTime();
    long end = burst + limit.toNanos();
    while (failures < WARM_UP_MAX_FAILURES && System.nanoTime() < end
        && (call < calls || !(Double.isNaN(maxNanosPerCall) || windowNanos <= maxNanosPerCall))) {
      long cpu = CallCost.threadCpu();
      try {
        evaluate(instance, inputs.get(call % inputs.size()));
      } catch (IOException | RuntimeException | StackOverflowError e) { // only the probe may refuse a bundle
        failures++;
        instance = module.instantiate(ENTRYPOINT);
      }
      windowCpu += CallCost.threadCpu() - cpu;
      if (++call % WARM_UP_WINDOW == 0) {
        windowNanos = windowCpu / (double) WARM_UP_WINDOW;
        windowCpu = 0;
      }
      burst = pace(burst);
    }
    return new WarmUp(call, windowNanos);
  }

  /** After a burst of {@link #WARM_UP_BURST_NANOS}, a pause as long; returns the burst's start. */
  private static long pace(long burst) throws InterruptedException {
    long busy = System.nanoTime() - burst;
    if (busy < WARM_UP_BURST_NANOS) {
      return burst;
    }
    LockSupport.parkNanos(busy);
    if (Thread.interrupted()) {
      throw new InterruptedException("warm-up interrupted");
    }
    return System.nanoTime();
  }

  private static JsonNode evaluate(OpaInstance instance, byte[] input) throws IOException {
    HostBuiltins.evaluatingAt(Instant.now());
    return instance.evaluate(input).path(0).get("result");
  }
}
