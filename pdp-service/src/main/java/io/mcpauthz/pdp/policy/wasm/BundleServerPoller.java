package io.mcpauthz.pdp.policy.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Polls an OPA bundle server for the Wasm bundle, on its own thread, as OPA's bundle plugin
 * does: {@code GET} with {@code If-None-Match} carrying the ETag of the bundle that serves, a 304
 * keeps it, a 200 is compiled and warmed beside it and swapped in only when it loads. Any failure
 * (server down, error status, a bundle that does not load) leaves the serving bundle in place and
 * is retried with OPA's backoff; the ETag stays that of the serving bundle, so a server that
 * goes back to it answers 304. A server without ETags that sends the serving bundle again is
 * treated as a 304: the same bytes are not compiled and swapped in again. Nor are the bytes of
 * the last bundle that did not load: the server offers them on every poll until its publisher
 * fixes them, and compiling them again each time (a bundle that ran the heap out, say) would
 * cost the PDP that much again each time, for the same refusal. They are logged and counted
 * once, and {@code mcp_authz_policy_bundle_refused} stays 1 while they are offered. They are
 * tried again once {@link #RETRY_REFUSED_AFTER} has passed or another bundle has come to serve:
 * a refusal can be the moment's (a heap full of requests' garbage) or depend on the serving
 * module, and a replica must not keep an older policy for good that its peers replaced.
 */
final class BundleServerPoller {

  enum Outcome { ACTIVATED, NOT_MODIFIED, REFUSED_BEFORE }

  /** The poller's settings: {@link BundleServerConfig} with its URL present. */
  record Settings(URI url, Duration minDelay, Duration maxDelay, Optional<Path> tokenPath, Duration timeout,
      long maxBytes) {

    static Settings of(BundleServerConfig config) {
      return new Settings(config.url().orElseThrow(), config.minDelay(), config.maxDelay(), config.tokenPath(),
          config.timeout(), config.maxBytes());
    }
  }

  /** How long the bytes of a bundle that did not load are not compiled again. */
  static final Duration RETRY_REFUSED_AFTER = Duration.ofMinutes(10);

  private static final Logger LOGGER = Logger.getLogger(BundleServerPoller.class);

  private final ScheduledExecutorService timer = WasmEngine.loaderThread("policy-bundle-poller");
  private final Settings settings;
  private final Predicate<byte[]> activate;
  private final BundleMetrics metrics;
  private final HttpClient http;
  private final RandomGenerator random = ThreadLocalRandom.current();
  private volatile String etag;
  private byte[] servingDigest;
  private byte[] refusedDigest;
  private byte[] servingWhenRefused;
  private long refusedAt;
  private final LongSupplier nanoTime;
  private int retries;

  /** @param activate loads a downloaded bundle; true when it now serves */
  BundleServerPoller(Settings settings, Predicate<byte[]> activate, BundleMetrics metrics) {
    this(settings, activate, metrics, System::nanoTime);
  }

  BundleServerPoller(Settings settings, Predicate<byte[]> activate, BundleMetrics metrics, LongSupplier nanoTime) {
    if (settings.maxDelay().compareTo(settings.minDelay()) < 0) {
      throw new IllegalArgumentException("the bundle server's max-delay must be at least its min-delay");
    }
    this.settings = settings;
    this.activate = activate;
    this.metrics = metrics;
    this.nanoTime = nanoTime;
    // Never follows a redirect: it would carry the bundle server's token to another host.
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Starts polling now, then after every answer. */
  void start() {
    timer.execute(this::pollAndReschedule);
  }

  private void pollAndReschedule() {
    Duration next;
    try {
      pollOnce();
      retries = 0;
      next = PollDelays.afterSuccess(settings.minDelay(), settings.maxDelay(), random);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (IOException | RuntimeException e) {
      LOGGER.warnf("policy bundle poll failed, the serving bundle stays url=%s error=%s", where(), e.getMessage());
      next = PollDelays.afterFailure(retries++, settings.maxDelay(), random);
    }
    if (!timer.isShutdown()) {
      timer.schedule(this::pollAndReschedule, next.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * One request to the bundle server.
   *
   * @throws IOException when no bundle could be fetched, or the fetched one did not load
   */
  Outcome pollOnce() throws IOException, InterruptedException {
    Download download;
    try {
      download = download();
    } catch (IOException e) {
      metrics.failed("download");
      throw e;
    }
    byte[] digest = download == null ? servingDigest : OpaModule.sha256(download.bundle());
    if (download == null || Arrays.equals(digest, servingDigest)) {
      metrics.notModified();
      metrics.offersRefused(false);
      return Outcome.NOT_MODIFIED;
    }
    if (refusedBefore(digest)) { // logged and counted when it was refused
      metrics.offersRefused(true);
      return Outcome.REFUSED_BEFORE;
    }
    if (!activate.test(download.bundle())) { // counted and logged by the engine
      refusedDigest = digest;
      servingWhenRefused = servingDigest;
      refusedAt = nanoTime.getAsLong();
      metrics.offersRefused(true);
      throw new IOException("the downloaded bundle did not load sha256=" + HexFormat.of().formatHex(digest)
          + "; the same bytes are tried again in " + RETRY_REFUSED_AFTER.toMinutes() + " minutes or after another bundle loads");
    }
    etag = download.etag();
    servingDigest = digest;
    metrics.offersRefused(false);
    return Outcome.ACTIVATED;
  }

  private boolean refusedBefore(byte[] digest) {
    return Arrays.equals(digest, refusedDigest) && Arrays.equals(servingDigest, servingWhenRefused)
        && nanoTime.getAsLong() - refusedAt < RETRY_REFUSED_AFTER.toNanos();
  }

  private record Download(byte[] bundle, String etag) {}

  /** The new bundle, or null when the server says the serving one is current (304). */
  private Download download() throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(request(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() == 304 && etag != null) {
        return null;
      }
      if (response.statusCode() != 200) {
        throw new IOException("the bundle server answered HTTP " + response.statusCode());
      }
      return new Download(readWithin(body), response.headers().firstValue("ETag").orElse(null));
    }
  }

  /**
   * The request timeout ends at the response headers; a server that then sends its body byte by
   * byte would hold the poller (and every later bundle) for good. The body gets the same time.
   */
  private byte[] readWithin(InputStream body) throws IOException {
    AtomicBoolean late = new AtomicBoolean();
    CompletableFuture<Void> deadline = CompletableFuture.runAsync(() -> closeLate(body, late),
        CompletableFuture.delayedExecutor(settings.timeout().toNanos(), TimeUnit.NANOSECONDS));
    try {
      return read(body);
    } catch (IOException e) {
      throw late.get() ? new IOException("the bundle body did not arrive within " + settings.timeout()) : e;
    } finally {
      deadline.cancel(false);
    }
  }

  /** Closing the body is what ends a read blocked on it. */
  private static void closeLate(InputStream body, AtomicBoolean late) {
    late.set(true);
    try {
      body.close();
    } catch (IOException e) {
      // the read that waits on it fails either way
    }
  }

  private HttpRequest request() throws IOException {
    // Snapshot bundles only (no delta bundles), as OPA announces what it can take.
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout()).GET()
        .header("Prefer", "modes=snapshot");
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    if (settings.tokenPath().isPresent()) {
      String token = Files.readString(settings.tokenPath().get()).strip();
      if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        // never the token in the message: the JDK's own refusal would quote it into the log
        throw new IOException("the bundle server token file is empty or holds more than one visible-ASCII word");
      }
      request.header("Authorization", "Bearer " + token);
    }
    return request.build();
  }

  private byte[] read(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes((int) Math.min(settings.maxBytes() + 1, Integer.MAX_VALUE - 8));
    if (bytes.length > settings.maxBytes()) {
      throw new IOException("the bundle is larger than " + settings.maxBytes() + " bytes");
    }
    return bytes;
  }

  /** The URL without userinfo or query, which may carry credentials: safe for logs. */
  String where() {
    URI url = settings.url();
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getRawPath();
  }

  /** The ETag sent as {@code If-None-Match}: the serving bundle's, null before the first. */
  String etag() {
    return etag;
  }

  void close() {
    timer.shutdownNow();
  }
}
