package io.mcpauthz.pdp.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tokens whose signature and claims were already checked, so that an agent's next call with the
 * same token skips the signature check (docs/identity.md, "Verified-token cache"). Keyed by the
 * SHA-256 of the whole compact token: one changed byte is another token. An entry answers only
 * while the clock says the token is still valid (checked on every hit, with the verifier's clock
 * skew) and only for the very key that verified it: once a JWKS refresh drops or replaces that
 * key, the token is verified again against what the issuer publishes now. What depends on the
 * request (the route's audience, the door's checks) is never cached. Bounded by weight (a token
 * counts one entry per KiB, so large tokens cannot grow it past its memory bound);
 * {@code mcp_authz_token_cache_total{result="hit"|"miss"|"stale"}} at {@code /q/metrics} counts
 * how lookups end (stale: present, but expired or its key is gone).
 */
final class VerifiedTokens {

  /**
   * What a verified token proves, and until when.
   *
   * @param notBefore  {@code nbf} (or {@code iat} when absent), epoch seconds
   * @param validUntil the last instant the verifier itself would still accept it, epoch millis
   */
  record Verified(Subject subject, Set<String> audience, PublicKey key, long notBefore, long validUntil) {}

  private static final Base64.Encoder KEY_ENCODING = Base64.getEncoder().withoutPadding();

  /** The cached proof and the token's size in KiB (rounded up), its weight against the bound. */
  private record Entry(Verified verified, int kib) {}

  private final Cache<String, Entry> cache;
  private final long skewMillis;
  private final Clock clock;
  private final Counter hits;
  private final Counter misses;
  private final Counter stale;

  VerifiedTokens(long maxEntries, long skewSeconds, Clock clock, MeterRegistry registry) {
    this.skewMillis = TimeUnit.SECONDS.toMillis(skewSeconds);
    this.clock = clock;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxEntries) // a token of n KiB counts as n: large claims cannot buy more memory
        .weigher((String key, Entry entry) -> entry.kib())
        .expireAfter(Expiry.creating((String key, Entry entry) ->
            Duration.ofMillis(Math.max(0, entry.verified().validUntil() - clock.millis()))))
        .executor(Runnable::run) // maintenance on the caller's thread: no pool
        .build();
    this.hits = lookups(registry, "hit");
    this.misses = lookups(registry, "miss");
    this.stale = lookups(registry, "stale");
  }

  /** @return what the token proved when it was verified with this key, if that still holds now */
  Verified get(String compact, PublicKey key) {
    String id = id(compact);
    Entry entry = cache.getIfPresent(id);
    if (entry == null) {
      misses.increment();
      return null;
    }
    Verified verified = entry.verified();
    long now = clock.millis();
    boolean timely = now < verified.validUntil() && now + skewMillis >= TimeUnit.SECONDS.toMillis(verified.notBefore());
    if (!timely || !(verified.key() == key || verified.key().equals(key))) {
      cache.invalidate(id);
      stale.increment();
      return null;
    }
    hits.increment();
    return verified;
  }

  void put(String compact, Verified verified) {
    if (verified.validUntil() > clock.millis()) {
      cache.put(id(compact), new Entry(verified, Math.max(1, (compact.length() + 1023) / 1024)));
    }
  }

  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private static Counter lookups(MeterRegistry registry, String result) {
    return Counter.builder("mcp_authz_token_cache")
        .description("Lookups in the verified-token cache, by how they ended")
        .tag("result", result).register(registry);
  }

  private static String id(String compact) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return KEY_ENCODING.encodeToString(sha256.digest(compact.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
