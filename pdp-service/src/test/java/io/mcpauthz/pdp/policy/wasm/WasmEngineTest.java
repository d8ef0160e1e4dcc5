package io.mcpauthz.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.input.InputOmission;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import io.mcpauthz.pdp.policy.PolicyDecision;
import io.mcpauthz.pdp.policy.PolicyReadiness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loading and swapping bundles: a bad bundle never replaces a good one. */
class WasmEngineTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private Path dir;
  private Path bundle;
  private WasmEngine engine;

  @BeforeEach
  void build() throws Exception {
    dir = Files.createTempDirectory("mcp-authz-wasm-engine");
    bundle = dir.resolve("bundle-wasm.tar.gz");
    OpaProcess.buildWasmBundle(Processes.root().resolve("policies-rego"), "rev-good", bundle);
    engine = new WasmEngine(bundle, WAIT, 1, 10, Duration.ZERO, new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    engine.stop();
  }

  private PolicyDecision probe() {
    return engine.decide(PolicyReadiness.probe()).await().atMost(WAIT);
  }

  @Test
  void shouldFailClosedWhileNoBundleIsLoaded() {
    assertThatThrownBy(this::probe).isInstanceOfSatisfying(DecisionException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.POLICY_NOT_LOADED));
  }

  @Test
  void shouldKeepTheServingBundleWhenANewOneDoesNotLoad() throws Exception {
    assertThat(engine.load(bundle)).isTrue();
    assertThat(probe().revision()).isEqualTo("rev-good");

    Path garbage = dir.resolve("garbage.tar.gz");
    Files.write(garbage, new byte[] {31, -117, 8, 0, 1, 2, 3});
    Path restOnly = dir.resolve("rest-only.tar.gz");
    OpaProcess.buildBundle(Processes.root().resolve("policies-rego"), "rev-rest", restOnly);

    assertThat(engine.load(garbage)).isFalse();
    assertThat(engine.load(restOnly)).isFalse();
    assertThat(engine.load(dir.resolve("missing.tar.gz"))).isFalse();
    assertThat(probe().revision()).isEqualTo("rev-good");
    assertThat(probe().allow()).isFalse();
  }

  @Test
  void shouldRefuseABundleThatNeedsABuiltinTheHostLacks() throws Exception {
    Path lacking = unsupportedBuiltinBundle();

    assertThatThrownBy(() -> WasmPolicy.compile(WasmBundle.read(Files.readAllBytes(lacking)), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[http.send]");
    assertThat(engine.load(bundle)).isTrue();
    assertThat(engine.load(lacking)).isFalse();
    assertThat(probe().revision()).isEqualTo("rev-good");
  }

  /** A policy whose decision calls http.send, which OPA leaves to the host and the PDP does not offer. */
  private Path unsupportedBuiltinBundle() throws Exception {
    Path policy = Files.createDirectories(dir.resolve("lacking"));
    Files.writeString(policy.resolve("decision.rego"), """
        package mcp.authz

        decision := {"allow": false, "status": http.send({"method": "GET", "url": "http://127.0.0.1:1/"}).status_code}
        """);
    Path lacking = dir.resolve("lacking.tar.gz");
    OpaProcess.buildWasmBundle(policy, "rev-lacking", lacking);
    return lacking;
  }

  @Test
  void shouldFailClosedWhenNoAnswerComesInTime() {
    assertTimesOut(bundle, Duration.ofNanos(1), 10);
  }

  @Test
  void shouldDropAnAnswerThatCameAfterTheTimeout() throws Exception {
    assertTimesOut(slowBundle(), Duration.ofMillis(100), 0);
  }

  private static void assertTimesOut(Path policy, Duration timeout, int warmUpCalls) {
    WasmEngine hurried = new WasmEngine(policy, timeout, 1, warmUpCalls, Duration.ZERO, new SimpleMeterRegistry());
    try {
      assertThat(hurried.load(policy)).isTrue();
      assertThatThrownBy(() -> hurried.decide(PolicyReadiness.probe()).await().atMost(WAIT))
          .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OPA_TIMEOUT));
    } finally {
      hurried.stop();
    }
  }

  /** A policy that takes far longer than 100 ms to decide: it tries 90 000 pairs, keeping none. */
  private Path slowBundle() throws Exception {
    Path policy = Files.createDirectories(dir.resolve("slow"));
    Files.writeString(policy.resolve("decision.rego"), """
        package mcp.authz

        default found := false

        found if {
          some i in numbers.range(1, 300)
          some j in numbers.range(1, 300)
          i * j == -1
        }

        decision := {"allow": found, "reasons": []}
        """);
    Path slow = dir.resolve("slow.tar.gz");
    OpaProcess.buildWasmBundle(policy, "rev-slow", slow);
    return slow;
  }

  @Test
  void shouldSwapTheOmittedInputWithItsBundle() throws Exception {
    assertThat(engine.load(bundle)).isTrue();
    assertThat(engine.serving().omission().paths()).contains("session.recent", "mcp.params");

    Path policy = Files.createDirectories(dir.resolve("reads-recent/mcp/config/input"));
    Files.writeString(policy.resolve("data.json"), "{\"omit\": [\"session.recent\"]}");
    Files.writeString(dir.resolve("reads-recent/decision.rego"), """
        package mcp.authz

        decision := {"allow": false, "recent": count(object.get(input, ["session", "recent"], []))}
        """);
    Path readsRecent = dir.resolve("reads-recent.tar.gz");
    OpaProcess.buildWasmBundle(dir.resolve("reads-recent"), "rev-reads-recent", readsRecent);
    assertThat(engine.load(readsRecent)).isFalse();
    assertThat(probe().revision()).isEqualTo("rev-good");

    Path unchecked = dir.resolve("unchecked.tar.gz");
    OpaProcess.buildWasmBundleWithoutPlan(dir.resolve("reads-recent"), "rev-unchecked", unchecked);
    assertThat(engine.load(unchecked)).isTrue();
    assertThat(probe().revision()).isEqualTo("rev-unchecked");
    assertThat(engine.serving().omission()).isEqualTo(InputOmission.NONE);
  }

  @Test
  void shouldSwapInANewBundle() {
    assertThat(engine.load(bundle)).isTrue();
    OpaProcess.buildWasmBundle(Processes.root().resolve("policies-rego"), "rev-next", bundle);

    assertThat(engine.load(bundle)).isTrue();

    assertThat(probe().revision()).isEqualTo("rev-next");
  }

  @Test
  void shouldKeepServingWhenCompilingABundleRunsTheHeapOut() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicBoolean exhausted = new AtomicBoolean();
    WasmEngine starved = new WasmEngine(bundle, WAIT, 1, 10, Duration.ZERO, registry, (tarGz, instances, serving) -> {
      if (exhausted.get()) {
        throw new OutOfMemoryError("Java heap space");
      }
      return BundleCompiler.WASM.compile(tarGz, instances, serving);
    });
    try {
      assertThat(starved.load(bundle)).isTrue();
      exhausted.set(true);
      OpaProcess.buildWasmBundle(Processes.root().resolve("policies-rego"), "rev-next", bundle);

      assertThat(starved.load(bundle)).isFalse();

      assertThat(starved.decide(PolicyReadiness.probe()).await().atMost(WAIT).revision()).isEqualTo("rev-good");
      assertThat(registry.find("mcp_authz_policy_bundle_failures").tags("stage", "activation").counter().count())
          .isEqualTo(1);
      exhausted.set(false);
      assertThat(starved.load(bundle)).isTrue();
      assertThat(starved.decide(PolicyReadiness.probe()).await().atMost(WAIT).revision()).isEqualTo("rev-next");
    } finally {
      starved.stop();
    }
  }

  @Test
  void shouldKeepWatchingTheFileAfterABundleRanTheHeapOut() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger compilations = new AtomicInteger();
    WasmEngine watching = new WasmEngine(bundle, WAIT, 1, 10, Duration.ofMillis(50), registry,
        (tarGz, instances, serving) -> {
          if (compilations.incrementAndGet() == 2) {
            throw new OutOfMemoryError("Java heap space");
          }
          return BundleCompiler.WASM.compile(tarGz, instances, serving);
        });
    try {
      watching.start();
      Path policies = Processes.root().resolve("policies-rego");
      replace(policies, "rev-starved");
      Awaitility.await().atMost(WAIT).until(() -> compilations.get() >= 2);
      assertThat(watching.serving().revision()).isEqualTo("rev-good");

      replace(policies, "rev-after");
      Awaitility.await().atMost(WAIT).until(() -> "rev-after".equals(watching.serving().revision()));
      assertThat(registry.find("mcp_authz_policy_bundle_failures").tags("stage", "activation").counter().count())
          .isEqualTo(1);
    } finally {
      watching.stop();
    }
  }

  /** A new version of the watched file, written elsewhere and renamed over it as writers do. */
  private void replace(Path policies, String revision) throws Exception {
    Path next = dir.resolve(revision + ".tar.gz");
    OpaProcess.buildWasmBundle(policies, revision, next);
    Files.move(next, bundle, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
