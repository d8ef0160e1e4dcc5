package io.mcpauthz.pdp.session;

import io.mcpauthz.pdp.it.RedisProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What session state adds to one decision (not part of the test run; docs/benchmarks.md): per
 * iteration, exactly the store work of the decision path — read the session's and the
 * principal's view (concurrently), then reserve two budgets and record the allowed call — over a working set
 * of sessions that already hold calls, sequentially (latency, not throughput).
 *
 * <p>Options: {@code --store=memory|redis|both --iterations=50000 --sessions=1000}.
 */
public final class SessionStoreBench {

  private static final Budget PER_MINUTE = new Budget("calls", ScopeKey.SESSION, "all", Window.parse("1m"), 200);
  private static final Budget PER_HOUR = new Budget("reads", ScopeKey.PRINCIPAL, "class:read", Window.parse("1h"), 200);

  private SessionStoreBench() {}

  public static void main(String[] args) {
    String store = option(args, "store", "both");
    int iterations = Integer.parseInt(option(args, "iterations", "50000"));
    int sessions = Integer.parseInt(option(args, "sessions", "1000"));
    TestSessionConfig config = TestSessionConfig.DEFAULTS;
    if (!"redis".equals(store)) {
      run("memory", new MemorySessionStore(config, SessionStoreProducer.windows(config), new SimpleMeterRegistry()),
          iterations, sessions);
    }
    if (!"memory".equals(store)) {
      RedisProcess redis = new RedisProcess();
      redis.start();
      Vertx vertx = Vertx.vertx();
      try {
        TestSessionConfig redisConfig = new TestSessionConfig(50_000, redis.url());
        run("redis", new RedisSessionStore(SessionStoreProducer.redis(vertx, redisConfig), redisConfig,
            SessionStoreProducer.windows(redisConfig)), Math.min(iterations, 20_000), sessions);
      } finally {
        vertx.closeAndAwait();
        redis.stop();
      }
    }
  }

  private static void run(String name, SessionStore store, int iterations, int sessions) {
    decide(store, iterations / 2, sessions); // warm-up: JIT, connections, and every session holds calls
    long[] nanos = decide(store, iterations, sessions);
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%-6s %d decisions over %d sessions: p50 %.1f µs  p90 %.1f µs  p99 %.1f µs  max %.1f µs%n",
        name, iterations, sessions, at(nanos, 0.50), at(nanos, 0.90), at(nanos, 0.99), nanos[nanos.length - 1] / 1000.0);
  }

  /** Per decision, as SessionService does it: both views at once, then one commit; every call is granted. */
  private static long[] decide(SessionStore store, int iterations, int sessions) {
    long[] nanos = new long[iterations];
    ScopeKey principal = new ScopeKey(ScopeKey.PRINCIPAL, "bench-principal", "principal");
    for (int i = 0; i < iterations; i++) {
      ScopeKey session = new ScopeKey(ScopeKey.SESSION, "bench-" + (i % sessions), "mcp-session-id");
      Scopes scopes = new Scopes(session, principal);
      long now = System.currentTimeMillis();
      CallRecord call = new CallRecord("d-" + i, now, "crm/get_customer", "read", true, List.of("pii", "private_data"),
          List.of("all", "class:read", "tool:crm/get_customer"), false);
      long start = System.nanoTime();
      Uni.combine().all().unis(store.view(session, now), store.view(principal, now)).asTuple().await().indefinitely();
      store.commitAllow(scopes, call, List.of(PER_MINUTE, PER_HOUR)).await().indefinitely();
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  private static double at(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1000.0;
  }

  private static String option(String[] args, String name, String fallback) {
    return Arrays.stream(args).filter(a -> a.startsWith("--" + name + "=")).map(a -> a.substring(name.length() + 3))
        .findFirst().orElse(fallback);
  }
}
