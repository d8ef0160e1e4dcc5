package io.mcpauthz.pdp.identity;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * The caller-token issuer's public keys, always answered from memory so that verification never
 * blocks the event loop. Local keys (file, classpath, inline) are read once at startup. A remote
 * JWK Set is fetched asynchronously: again when older than {@code smallrye.jwt.jwks.refresh-interval}
 * (stale keys keep serving meanwhile), and on a token with an unknown {@code kid}, at most once per
 * {@code smallrye.jwt.jwks.forced-refresh-interval} so random kids cannot hammer the IdP. A failed
 * fetch keeps the keys already known.
 */
@Startup
@ApplicationScoped
public class IssuerKeys {

  private static final Logger LOGGER = Logger.getLogger(IssuerKeys.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(10);
  /** However refreshes are configured, a failing IdP is asked again at most this often. */
  private static final Duration MIN_RETRY = Duration.ofSeconds(10);

  private final JwksFetcher fetcher;
  private final Duration refreshInterval;
  private final Duration forcedRefreshInterval;
  private final Clock clock;
  private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
  private volatile List<PublicJsonWebKey> keys = List.of();
  private volatile Instant fetchedAt = Instant.MIN;
  private volatile Instant lastForced = Instant.MIN;

  @Inject
  IssuerKeys(JWTAuthContextInfo info) {
    this(source(info), Duration.ofMinutes(info.getJwksRefreshInterval() == null ? 60 : info.getJwksRefreshInterval()),
        Duration.ofMinutes(info.getForcedJwksRefreshInterval()), Clock.systemUTC());
  }

  /**
   * @param source an http(s) JWK Set URL, a file path ({@code file:} optional), a classpath
   *               resource ({@code classpath:} optional), or the key content itself
   */
  IssuerKeys(String source, Duration refreshInterval, Duration forcedRefreshInterval, Clock clock) {
    this.refreshInterval = refreshInterval;
    this.forcedRefreshInterval = forcedRefreshInterval;
    this.clock = clock;
    if (source.startsWith("https://") || source.startsWith("http://")) {
      this.fetcher = new JwksFetcher(URI.create(source));
      awaitFirstFetch();
    } else {
      this.fetcher = null;
      this.keys = KeyMaterial.parse(readLocal(source));
      this.fetchedAt = clock.instant();
      LOGGER.infof("issuer keys loaded source=local keys=%d kids=%s", keys.size(), kids());
    }
  }

  public boolean remote() {
    return fetcher != null;
  }

  /** The keys known now; starts a background refresh when they are stale. */
  List<PublicJsonWebKey> current() {
    if (remote() && clock.instant().isAfter(fetchedAt.plus(refreshInterval))) {
      refresh();
    }
    return keys;
  }

  /**
   * Fetches again because a token named a key not known yet, unless that happened less than the
   * forced-refresh interval ago. Never fails: completes when the (possibly shared) fetch ends.
   *
   * @return whether a fetch was made or joined
   */
  CompletableFuture<Boolean> refreshForUnknownKey() {
    Instant now = clock.instant();
    synchronized (this) {
      if (!remote() || now.isBefore(lastForced.plus(forcedRefreshInterval))) {
        return CompletableFuture.completedFuture(false);
      }
      lastForced = now;
    }
    return refresh().thenApply(ignored -> true);
  }

  /** One fetch at a time; callers arriving meanwhile share it. */
  private CompletableFuture<Void> refresh() {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    fetcher.fetch().whenComplete((fetched, failure) -> {
      if (failure == null) {
        keys = fetched;
        LOGGER.infof("issuer keys refreshed source=jwks_url keys=%d kids=%s", fetched.size(), kids());
      } else {
        // Keep what we had: an IdP outage must not turn every valid token away.
        Throwable root = root(failure);
        LOGGER.warnf("issuer keys refresh failed source=jwks_url error=%s detail=%s kept=%d",
            root.getClass().getSimpleName(), root.getMessage(), keys.size());
      }
      // After a failure, try again soon rather than after a full period, but not in a tight loop.
      Duration retry = forcedRefreshInterval.compareTo(MIN_RETRY) > 0 ? forcedRefreshInterval : MIN_RETRY;
      fetchedAt = failure == null ? clock.instant() : clock.instant().minus(refreshInterval).plus(retry);
      inFlight.set(null);
      mine.complete(null);
    });
    return mine;
  }

  private void awaitFirstFetch() {
    try {
      refresh().get(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOGGER.warnf("issuer keys not fetched at startup error=%s", e.getClass().getSimpleName());
    }
  }

  private List<String> kids() {
    return keys.stream().map(k -> String.valueOf(k.getKeyId())).toList();
  }

  private static String source(JWTAuthContextInfo info) {
    if (info.getPublicKeyContent() != null) {
      return info.getPublicKeyContent();
    }
    if (info.getPublicKeyLocation() == null) {
      throw new IllegalStateException("set mp.jwt.verify.publickey.location (JWK Set URL or key file)");
    }
    return info.getPublicKeyLocation();
  }

  private static String readLocal(String source) {
    if (source.contains("{") || source.contains("-----")) {
      return source;
    }
    try {
      Path path = Path.of(source.replaceFirst("^file:", ""));
      if (!source.startsWith("classpath:") && Files.isRegularFile(path)) {
        return Files.readString(path);
      }
      String resource = source.replaceFirst("^classpath:", "").replaceFirst("^/", "");
      try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
        // Neither a file nor a resource: bare base64 key content, as mp.jwt.verify.publickey allows.
        return in == null ? source : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw new IllegalStateException("cannot read issuer keys from " + source, e);
    }
  }

  private static Throwable root(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
