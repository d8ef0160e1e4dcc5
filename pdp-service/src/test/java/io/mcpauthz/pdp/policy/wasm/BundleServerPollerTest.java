package io.mcpauthz.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.it.BundleServer;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import io.mcpauthz.pdp.policy.PolicyDecision;
import io.mcpauthz.pdp.policy.PolicyReadiness;
import io.mcpauthz.pdp.policy.wasm.BundleServerPoller.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Wasm engine fed by a real HTTP bundle server: ETags and 304s, a new bundle swapped in, a
 * corrupt bundle and an outage that leave the serving bundle in place, the bearer token file.
 */
class BundleServerPollerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static byte[] rev1;
  private static byte[] rev2;
  private static byte[] rev3;
  private static byte[] restOnly;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BundleServer server = new BundleServer();
  private WasmEngine engine;
  private BundleServerPoller poller;

  @BeforeAll
  static void buildBundles() throws IOException {
    Path dir = Files.createTempDirectory("mcp-authz-bundle-server");
    Path policies = Processes.root().resolve("policies-rego");
    OpaProcess.buildWasmBundle(policies, "rev-1", dir.resolve("rev-1.tar.gz"));
    OpaProcess.buildWasmBundle(policies, "rev-2", dir.resolve("rev-2.tar.gz"));
    OpaProcess.buildBundle(policies, "rev-rest", dir.resolve("rest.tar.gz"));
    rev1 = Files.readAllBytes(dir.resolve("rev-1.tar.gz"));
    rev2 = Files.readAllBytes(dir.resolve("rev-2.tar.gz"));
    OpaProcess.buildWasmBundle(policies, "rev-3", dir.resolve("rev-3.tar.gz"));
    rev3 = Files.readAllBytes(dir.resolve("rev-3.tar.gz"));
    restOnly = Files.readAllBytes(dir.resolve("rest.tar.gz"));
  }

  @BeforeEach
  void start() {
    engine = new WasmEngine(Path.of("unused"), WAIT, 1, 10, Duration.ZERO, registry);
    server.publish(rev1, "\"e1\"").start();
    poller = poller(Optional.empty(), 64L * 1024 * 1024);
  }

  @AfterEach
  void stop() {
    poller.close();
    server.stop();
    engine.stop();
  }

  private BundleServerPoller poller(Optional<Path> token, long maxBytes) {
    return new BundleServerPoller(new BundleServerPoller.Settings(server.url(), Duration.ofMillis(50),
        Duration.ofMillis(100), token, Duration.ofSeconds(10), maxBytes),
        tarGz -> engine.activate(tarGz, "test"), engine.metrics());
  }

  private PolicyDecision probe() {
    return engine.decide(PolicyReadiness.probe()).await().atMost(WAIT);
  }

  private double counted(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldActivateTheServedBundleThenKeepItOnEveryNotModified() throws Exception {
    assertThat(poller.pollOnce()).isEqualTo(Outcome.ACTIVATED);
    for (int i = 0; i < 3; i++) {
      assertThat(poller.pollOnce()).isEqualTo(Outcome.NOT_MODIFIED);
    }

    assertThat(probe().revision()).isEqualTo("rev-1");
    assertThat(server.downloads()).isEqualTo(1);
    assertThat(server.notModified()).isEqualTo(3);
    assertThat(server.ifNoneMatch()).containsExactly("", "\"e1\"", "\"e1\"", "\"e1\"");
    assertThat(counted("mcp_authz_policy_bundle_not_modified")).isEqualTo(3);
    assertThat(counted("mcp_authz_policy_bundle_activations")).isEqualTo(1);
    assertThat(registry.find("mcp_authz_policy_bundle_last_activation_seconds").gauge().value()).isPositive();
  }

  @Test
  void shouldSwapInTheBundleTheServerPublishesNext() throws Exception {
    poller.pollOnce();
    server.publish(rev2, "\"e2\"");

    assertThat(poller.pollOnce()).isEqualTo(Outcome.ACTIVATED);

    assertThat(probe().revision()).isEqualTo("rev-2");
    assertThat(poller.pollOnce()).isEqualTo(Outcome.NOT_MODIFIED);
    assertThat(server.ifNoneMatch()).last().isEqualTo("\"e2\"");
  }

  @Test
  void shouldKeepTheServingBundleWhenTheServerPublishesOneThatDoesNotLoad() throws Exception {
    poller.pollOnce();
    for (byte[] bad : new byte[][] {{31, -117, 8, 0, 1, 2, 3}, restOnly}) {
      server.publish(bad, "\"bad\"");
      assertThatThrownBy(poller::pollOnce).isInstanceOf(IOException.class);
      assertThat(probe().revision()).isEqualTo("rev-1");
    }
    assertThat(counted("mcp_authz_policy_bundle_failures", "stage", "activation")).isEqualTo(2);
    // Still asking about the serving bundle: a server that reverts to it answers 304.
    assertThat(poller.etag()).isEqualTo("\"e1\"");
    server.publish(rev1, "\"e1\"");

    assertThat(poller.pollOnce()).isEqualTo(Outcome.NOT_MODIFIED);
    assertThat(probe().allow()).isFalse();
  }

  @Test
  void shouldNotSwapInTheSameBundleAgainFromAServerWithoutETags() throws Exception {
    server.publish(rev1, null);
    assertThat(poller.pollOnce()).isEqualTo(Outcome.ACTIVATED);

    assertThat(poller.pollOnce()).isEqualTo(Outcome.NOT_MODIFIED);
    assertThat(server.downloads()).isEqualTo(2);
    assertThat(counted("mcp_authz_policy_bundle_activations")).isEqualTo(1);

    server.publish(rev2, null);
    assertThat(poller.pollOnce()).isEqualTo(Outcome.ACTIVATED);
    assertThat(probe().revision()).isEqualTo("rev-2");
  }

  @Test
  void shouldKeepDecidingThroughAServerOutage() throws Exception {
    poller.pollOnce();
    server.stop();

    assertThatThrownBy(poller::pollOnce).isInstanceOf(IOException.class);
    assertThat(probe().revision()).isEqualTo("rev-1");
    assertThat(counted("mcp_authz_policy_bundle_failures", "stage", "download")).isEqualTo(1);

    server.start();
    assertThat(poller.pollOnce()).isEqualTo(Outcome.NOT_MODIFIED);
    server.publish(null, null); // 404
    assertThatThrownBy(poller::pollOnce).hasMessageContaining("HTTP 404");
    assertThat(probe().revision()).isEqualTo("rev-1");
  }

  @Test
  void shouldSendTheBearerTokenReadFromItsFileOnEveryRequest() throws Exception {
    Path token = Files.createTempFile("bundle-token", "");
    Files.writeString(token, "first-token\n");
    poller = poller(Optional.of(token), 64L * 1024 * 1024);
    server.requireToken("first-token");
    assertThat(poller.pollOnce()).isEqualTo(Outcome.ACTIVATED);

    Files.writeString(token, "rotated-token");
    server.requireToken("rotated-token");
    assertThat(poller.pollOnce()).isEqualTo(Outcome.NOT_MODIFIED);

    server.requireToken("another-token");
    assertThatThrownBy(poller::pollOnce).hasMessageContaining("HTTP 401");
  }

  @Test
  void shouldRefuseABundleLargerThanTheLimit() {
    poller = poller(Optional.empty(), 1024);

    assertThatThrownBy(poller::pollOnce).hasMessageContaining("larger than 1024 bytes");
    assertThatThrownBy(this::probe).isInstanceOfSatisfying(DecisionException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.POLICY_NOT_LOADED));
  }

  @Test
  void shouldDenyUntilTheFirstBundleArrivesThenPollOnItsOwn() {
    server.stop();
    poller.start();
    Awaitility.await().atMost(WAIT).until(() -> counted("mcp_authz_policy_bundle_failures", "stage", "download") > 0);
    assertThatThrownBy(this::probe).isInstanceOfSatisfying(DecisionException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.POLICY_NOT_LOADED));

    server.start();

    Awaitility.await().atMost(WAIT).until(() -> server.notModified() >= 3);
    assertThat(probe().revision()).isEqualTo("rev-1");
    assertThat(server.downloads()).isEqualTo(1);
  }

  @Test
  void shouldGiveUpOnABodyThatStopsComingWithinTheTimeout() throws Exception {
    try (RawBundleServer slow = new RawBundleServer("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n",
        new byte[10], true)) {
      poller = rawPoller(slow, Optional.empty());

      assertTimeoutPreemptively(WAIT, () -> assertThatThrownBy(poller::pollOnce).isInstanceOf(IOException.class)
          .hasMessageContaining("did not arrive within"));
    }
  }

  @Test
  void shouldNeverQuoteATokenFileThatHoldsTwoLines() throws Exception {
    Path token = Files.createTempFile("bundle-token", "");
    Files.writeString(token, "current-secret\nprevious-secret\n");
    poller = poller(Optional.of(token), 64L * 1024 * 1024);

    assertThatThrownBy(poller::pollOnce).isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
  }

  /**
   * A bundle that runs the heap out is compiled once: the server offers it on every poll, the
   * poller keeps polling and serving the bundle before it, and loads the next one published.
   */
  @Test
  void shouldKeepServingAndPollingWhenABundleRunsTheHeapOutCompilingItOnce() {
    AtomicInteger compiles = new AtomicInteger();
    engine.stop();
    engine = new WasmEngine(Path.of("unused"), WAIT, 1, 10, Duration.ZERO, registry, (tarGz, instances, serving) -> {
      if (Arrays.equals(tarGz, rev2)) {
        compiles.incrementAndGet();
        throw new OutOfMemoryError("Java heap space");
      }
      return BundleCompiler.WASM.compile(tarGz, instances, serving);
    });
    poller.start();
    Awaitility.await().atMost(WAIT).until(() -> server.notModified() >= 1);

    server.publish(rev2, "\"e2\"");
    Awaitility.await().atMost(WAIT).until(() -> server.downloads() >= 6); // the first, then five polls offering rev2
    assertThat(compiles.get()).isEqualTo(1);
    assertThat(counted("mcp_authz_policy_bundle_failures", "stage", "activation")).isEqualTo(1);
    assertThat(refused()).isEqualTo(1);
    assertThat(probe().revision()).isEqualTo("rev-1");
    assertThat(poller.etag()).isEqualTo("\"e1\"");

    server.publish(rev3, "\"e3\"");
    Awaitility.await().atMost(WAIT).until(() -> "rev-3".equals(engine.serving().revision()));
    assertThat(probe().revision()).isEqualTo("rev-3");
    assertThat(refused()).isZero();
  }

  /**
   * The bytes of the last bundle that did not load are not compiled again, however often the
   * server sends them; the serving bundle stays, the refusal is counted once, and the gauge says
   * it is still offered until the server offers something else.
   */
  @Test
  void shouldNotCompileTheBundleItRefusedAgainWhenTheServerSendsTheSameBytes() throws Exception {
    poller.pollOnce();
    server.publish(restOnly, "\"rest\"");
    assertThatThrownBy(poller::pollOnce).isInstanceOf(IOException.class).hasMessageContaining("sha256=");
    for (int i = 0; i < 3; i++) {
      assertThat(poller.pollOnce()).isEqualTo(Outcome.REFUSED_BEFORE);
    }
    assertThat(server.downloads()).isEqualTo(5);
    assertThat(counted("mcp_authz_policy_bundle_failures", "stage", "activation")).isEqualTo(1);
    assertThat(refused()).isEqualTo(1);
    assertThat(probe().revision()).isEqualTo("rev-1");

    server.publish(rev1, "\"e1\""); // the publisher rolls back
    assertThat(poller.pollOnce()).isEqualTo(Outcome.NOT_MODIFIED);
    assertThat(refused()).isZero();
    server.publish(restOnly, "\"rest-again\""); // the same bytes under another ETag
    assertThat(poller.pollOnce()).isEqualTo(Outcome.REFUSED_BEFORE);
    assertThat(refused()).isEqualTo(1);

    server.publish(new byte[] {31, -117, 8, 0, 1, 2, 3}, "\"corrupt\""); // new bytes are tried
    assertThatThrownBy(poller::pollOnce).isInstanceOf(IOException.class);
    assertThat(counted("mcp_authz_policy_bundle_failures", "stage", "activation")).isEqualTo(2);
    server.publish(rev2, "\"e2\"");
    assertThat(poller.pollOnce()).isEqualTo(Outcome.ACTIVATED);
    assertThat(refused()).isZero();
    assertThat(probe().revision()).isEqualTo("rev-2");
  }

  @Test
  void shouldTryTheRefusedBytesAgainOnceTheRetryTimeHasPassed() throws Exception {
    AtomicLong now = new AtomicLong();
    poller.close();
    poller = new BundleServerPoller(new BundleServerPoller.Settings(server.url(), Duration.ofMillis(50),
        Duration.ofMillis(100), Optional.empty(), Duration.ofSeconds(10), 64L * 1024 * 1024),
        tarGz -> engine.activate(tarGz, "test"), engine.metrics(), now::get);
    poller.pollOnce();
    server.publish(restOnly, "\"rest\"");
    assertThatThrownBy(poller::pollOnce).isInstanceOf(IOException.class);
    now.addAndGet(BundleServerPoller.RETRY_REFUSED_AFTER.toNanos() - 1);
    assertThat(poller.pollOnce()).isEqualTo(Outcome.REFUSED_BEFORE);
    now.addAndGet(1); // a refusal can be the moment's: compiled again, refused again
    assertThatThrownBy(poller::pollOnce).isInstanceOf(IOException.class);
    assertThat(counted("mcp_authz_policy_bundle_failures", "stage", "activation")).isEqualTo(2);
    assertThat(poller.pollOnce()).isEqualTo(Outcome.REFUSED_BEFORE);
    assertThat(probe().revision()).isEqualTo("rev-1");
  }

  private double refused() {
    return registry.find("mcp_authz_policy_bundle_refused").gauge().value();
  }

  private BundleServerPoller rawPoller(RawBundleServer raw, Optional<Path> token) {
    return new BundleServerPoller(new BundleServerPoller.Settings(raw.url(), Duration.ofMillis(50),
        Duration.ofMillis(100), token, Duration.ofSeconds(1), 64L * 1024 * 1024),
        tarGz -> engine.activate(tarGz, "test"), engine.metrics());
  }
}
