package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DaemonThreads;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.policy.DecisionDocument;
import io.mcpauthz.pdp.policy.PolicyDecision;
import io.mcpauthz.pdp.policy.PolicyEngine;
import io.mcpauthz.pdp.policy.PolicyReadiness;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The in-process engine: the policy compiled to Wasm, evaluated on a pool of workers sized to
 * the cores (never on the gRPC event loop), with the same bounded wait as the REST engine. A
 * new bundle is compiled and warmed beside the serving one, then swapped in atomically; a bundle
 * that does not load leaves the serving one in place.
 */
@ApplicationScoped
@Typed(WasmEngine.class) // chosen through PolicyEngines, never injected as a PolicyEngine directly
public class WasmEngine implements PolicyEngine {

  private static final Logger LOGGER = Logger.getLogger(WasmEngine.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUEUE = 1024;
  private static final int WARM_UP_INPUTS = 32;
  /** The shipped {@code warm-up-cost-ratio}: a new module serves once about as fast as the old. */
  static final double WARM_UP_COST_RATIO = 1.2;

  private final AtomicReference<WasmPolicy> current = new AtomicReference<>();
  private final Path bundle;
  private final Duration timeout;
  private final int instances;
  private final int warmUpCalls;
  private final double warmUpCostRatio;
  private final Duration watchInterval;
  private final ThreadPoolExecutor workers;
  private final Optional<BundleServerConfig> server;
  private final BundleMetrics metrics;
  private final RecentInputs recent = new RecentInputs(WARM_UP_INPUTS);
  private final BundleCompiler compiler;
  private Runnable stopSource = () -> {};

  @Inject
  WasmEngine(@ConfigProperty(name = "mcp-authz.policy.wasm.bundle") Path bundle,
      @ConfigProperty(name = "mcp-authz.policy.timeout") Duration timeout,
      @ConfigProperty(name = "mcp-authz.policy.wasm.instances") int instances,
      @ConfigProperty(name = "mcp-authz.policy.wasm.warm-up-calls") int warmUpCalls,
      @ConfigProperty(name = "mcp-authz.policy.wasm.warm-up-cost-ratio") double warmUpCostRatio,
      @ConfigProperty(name = "mcp-authz.policy.wasm.watch-interval") Duration watchInterval,
      BundleServerConfig server, MeterRegistry registry) {
    this(bundle, timeout, instances, warmUpCalls, warmUpCostRatio, watchInterval,
        server.url().isPresent() ? Optional.of(server) : Optional.empty(), new BundleMetrics(registry),
        BundleCompiler.WASM);
  }

  /**
   * The engine on a bundle file that {@link #load} or {@link #activate} is given, for tests; a new
   * module warms until it costs at most {@link #WARM_UP_COST_RATIO} times the serving one.
   */
  WasmEngine(Path bundle, Duration timeout, int instances, int warmUpCalls, Duration watchInterval,
      MeterRegistry registry) {
    this(bundle, timeout, instances, warmUpCalls, watchInterval, registry, BundleCompiler.WASM);
  }

  /** As above, compiling bundles with {@code compiler}: for tests of a compilation that fails. */
  WasmEngine(Path bundle, Duration timeout, int instances, int warmUpCalls, Duration watchInterval,
      MeterRegistry registry, BundleCompiler compiler) {
    this(bundle, timeout, instances, warmUpCalls, WARM_UP_COST_RATIO, watchInterval, Optional.empty(),
        new BundleMetrics(registry), compiler);
  }

  private WasmEngine(Path bundle, Duration timeout, int instances, int warmUpCalls, double warmUpCostRatio,
      Duration watchInterval, Optional<BundleServerConfig> server, BundleMetrics metrics, BundleCompiler compiler) {
    this.compiler = compiler;
    this.server = server;
    this.metrics = metrics;
    this.bundle = bundle;
    this.timeout = timeout;
    this.instances = instances > 0 ? instances : Runtime.getRuntime().availableProcessors();
    this.warmUpCalls = warmUpCalls;
    this.warmUpCostRatio = warmUpCostRatio;
    this.watchInterval = watchInterval;
    AtomicInteger ids = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(this.instances, this.instances, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), task -> DaemonThreads.named("policy-wasm-" + ids.incrementAndGet(), task));
  }

  /**
   * From a bundle server when one is configured: polled in the background, so until its first
   * bundle loads every decision is denied ({@code policy_not_loaded}) and readiness is down.
   * Otherwise from the bundle file, loaded now and then watched.
   */
  @PostConstruct
  void start() {
    if (server.isPresent()) {
      BundleServerPoller poller = new BundleServerPoller(BundleServerPoller.Settings.of(server.get()),
          tarGz -> activate(tarGz, "bundle server"), metrics);
      LOGGER.infof("policy bundles from a bundle server url=%s", poller.where());
      poller.start();
      stopSource = poller::close;
      return;
    }
    load(bundle);
    if (!watchInterval.isZero()) {
      stopSource = BundleFileWatcher.start(bundle, watchInterval, this::load)::close;
    }
  }

  /**
   * The timeout is checked by the worker, before and after the evaluation, not by a timer: a
   * timer per call woke the scheduler thread on every decision, and a Wasm evaluation cannot be
   * interrupted anyway. An evaluation that never ends is cut by the decision budget's timer.
   */
  @Override
  public Uni<PolicyDecision> decide(ObjectNode input) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return Uni.createFrom().item(() -> evaluate(input, deadline))
        .runSubscriptionOn(workers)
        .onFailure(f -> !(f instanceof DecisionException))
        .transform(f -> new DecisionException(ErrorCode.OPA_UNAVAILABLE, f.getClass().getSimpleName(), f));
  }

  private PolicyDecision evaluate(ObjectNode input, long deadline) {
    if (System.nanoTime() > deadline) { // waited in the queue past the timeout: the caller is gone
      throw new DecisionException(ErrorCode.OPA_TIMEOUT, "no worker within " + timeout);
    }
    WasmPolicy policy = current.get();
    if (policy == null) {
      throw new DecisionException(ErrorCode.POLICY_NOT_LOADED, "no Wasm policy bundle is loaded yet");
    }
    try {
      byte[] json = policy.json(input); // the serving bundle's omissions go with its module
      JsonNode result = policy.evaluate(json);
      if (System.nanoTime() > deadline) { // a late answer is dropped, as the REST engine's is
        throw new DecisionException(ErrorCode.OPA_TIMEOUT, "no answer within " + timeout);
      }
      recent.add(json);
      return DecisionDocument.read(result, policy.revision());
    } catch (IOException e) {
      throw new DecisionException(ErrorCode.DECISION_MALFORMED, "the Wasm result is not JSON", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DecisionException(ErrorCode.OPA_UNAVAILABLE, "interrupted", e);
    }
  }

  /** Its metrics, which a bundle source it feeds reports to as well (one gauge per registry). */
  BundleMetrics metrics() {
    return metrics;
  }

  /** The policy that serves now, null before the first bundle loads. */
  WasmPolicy serving() {
    return current.get();
  }

  /** Reads the bundle file and {@link #activate activates} it. */
  public boolean load(Path file) {
    byte[] tarGz;
    try {
      tarGz = Files.readAllBytes(file);
    } catch (IOException e) {
      metrics.failed("download");
      LOGGER.errorf("policy bundle not read, the previous one stays file=%s error=%s", file, e);
      return false;
    }
    return activate(tarGz, file.toString());
  }

  /**
   * Compiles, warms and swaps in a bundle, off the request path; the serving policy stays when
   * anything fails. A bundle whose module is the serving one's (a data or revision change) reuses
   * its compiled, JIT-warm classes: no compilation, no warm-up. Returns whether the new bundle
   * now serves.
   */
  synchronized boolean activate(byte[] tarGz, String from) {
    WasmPolicy serving = current.get();
    WasmPolicy candidate;
    WasmPolicy.WarmUp warmUp;
    long start = System.nanoTime();
    long compiled;
    try {
      candidate = compiler.compile(tarGz, instances, serving);
      compiled = System.nanoTime();
      DecisionDocument.read(candidate.evaluate(PolicyReadiness.probe()), candidate.revision());
      warmUp = candidate.sharesCodeWith(serving) ? new WasmPolicy.WarmUp(0, Double.NaN)
          : candidate.warm(warmUpInputs(candidate, serving), warmUpCalls, warmUpBar(serving), WasmPolicy.WARM_UP_LIMIT);
    } catch (Exception | StackOverflowError | LinkageError | OutOfMemoryError e) {
      // LinkageError: bytecode the JVM refuses. OutOfMemoryError: unpacking, compiling and
      // instantiating a bundle are the PDP's largest allocations, all made here on the loader
      // thread and all dropped when this fails, so the heap is whole again and the serving
      // policy, which this allocated nothing of, still decides. Uncaught, the Error would end
      // the poller's or watcher's task for good and no later bundle would ever load.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      metrics.failed("activation");
      LOGGER.errorf("policy bundle not loaded, the previous one stays source=%s error=%s", from, e);
      return false;
    }
    current.set(candidate); // evaluations still running finish on the instances they hold
    metrics.activated();
    LOGGER.infof("policy bundle loaded revision=%s instances=%d source=%s module=%s input_omit=%s compile_ms=%d"
        + " warm_up_ms=%d warm_up_calls=%d warm_up_us_per_call=%.0f serving_us_per_call=%.0f", candidate.revision(),
        instances, from, candidate.sharesCodeWith(serving) ? "reused" : "compiled", candidate.omission(),
        (compiled - start) / 1_000_000,
        (System.nanoTime() - compiled) / 1_000_000, warmUp.calls(), warmUp.nanosPerCall() / 1e3,
        serving == null ? Double.NaN : serving.nanosPerCall() / 1e3);
    return true;
  }

  /** CPU ns per call a new module must come down to: the serving one's times the ratio; NaN: none. */
  private double warmUpBar(WasmPolicy serving) {
    return serving == null || warmUpCostRatio <= 0 ? Double.NaN : serving.nanosPerCall() * warmUpCostRatio;
  }

  /**
   * The probe, then the last inputs decided: what the new bundle will be asked first. Written
   * for the serving bundle; rewritten when the new one omits other fields (what the serving
   * one omitted stays absent).
   */
  private List<byte[]> warmUpInputs(WasmPolicy candidate, WasmPolicy serving) throws IOException {
    List<byte[]> inputs = new ArrayList<>(List.of(candidate.json(PolicyReadiness.probe())));
    boolean same = serving == null || serving.omission().equals(candidate.omission());
    for (byte[] input : recent.snapshot()) {
      inputs.add(same ? input : candidate.json((ObjectNode) JSON.readTree(input)));
    }
    return inputs;
  }

  /**
   * The thread a bundle source loads new bundles on, at the lowest priority: a reload yields to
   * the workers deciding calls where the JVM maps Java priorities to the OS
   * ({@code -XX:ThreadPriorityPolicy=1}, docs/policies.md "Reload"); elsewhere a plain thread.
   */
  static ScheduledExecutorService loaderThread(String name) {
    return Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = DaemonThreads.named(name, task);
      thread.setPriority(Thread.MIN_PRIORITY);
      return thread;
    });
  }

  @PreDestroy
  void stop() {
    stopSource.run();
    workers.shutdownNow();
  }
}
