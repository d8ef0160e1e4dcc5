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
 * iteration, exactly the store work of the decision path for a request naming an
 * {@code mcp-session-id} — claim the session for its owner, read the session's and the
 * principal's view, then reserve two budgets and record the allowed call — over a working set of
 * sessions that already hold calls, sequentially (latency, not throughput). Two orders, alternated
 * in the same run so the host's load falls on both alike: {@code claim-then-views} (the claim
 * answered before the views are asked) and {@code claim-with-views} (all three at once, as
 * {@code DecisionService} does).
 *
 * <p>Options: {@code --store=memory|redis|both --iterations=50000 --sessions=1000 --rounds=4}.
 */
public final class SessionStoreBench {

  private static final Budget PER_MINUTE = new Budget("calls", ScopeKey.SESSION, "all", Window.parse("1m"), 200);
  private static final Budget PER_HOUR = new Budget("reads", ScopeKey.PRINCIPAL, "class:read", Window.parse("1h"), 200);

  private SessionStoreBench() {}

  public static void main(String[] args) {
    String store = option(args, "store", "both");
    int iterations = Integer.parseInt(option(args, "iterations", "50000"));
    int sessions = Integer.parseInt(option(args, "sessions", "1000"));
    int rounds = Integer.parseInt(option(args, "rounds", "4"));
    // one principal holding every session of the working set: its bound holds them all, so the
    // bench counts the bound's bookkeeping, not evictions
    TestSessionConfig config = new TestSessionConfig(50_000, "redis://127.0.0.1:6379", sessions);
    if (!"redis".equals(store)) {
      run("memory", new MemorySessionStore(config, SessionStoreProducer.windows(config), new SimpleMeterRegistry()),
          iterations, sessions, rounds);
    }
    if (!"memory".equals(store)) {
      RedisProcess redis = new RedisProcess();
      redis.start();
      Vertx vertx = Vertx.vertx();
      try {
        TestSessionConfig redisConfig = new TestSessionConfig(50_000, redis.url(), sessions);
        run("redis", new RedisSessionStore(SessionStoreProducer.redis(vertx, redisConfig), redisConfig,
            SessionStoreProducer.windows(redisConfig), new SimpleMeterRegistry()), Math.min(iterations, 20_000), sessions, rounds);
      } finally {
        vertx.closeAndAwait();
        redis.stop();
      }
    }
  }

  private static void run(String name, SessionStore store, int iterations, int sessions, int rounds) {
    decide(store, iterations / 2, sessions, false); // warm-up: JIT, connections, and every session holds calls
    decide(store, iterations / 2, sessions, true);
    long[][] nanos = new long[2][];
    int perRound = Math.max(1, iterations / rounds);
    for (int round = 0; round < rounds; round++) {
      for (int order = 0; order < 2; order++) {
        nanos[order] = concat(nanos[order], decide(store, perRound, sessions, order == 1));
      }
    }
    for (int order = 0; order < 2; order++) {
      Arrays.sort(nanos[order]);
      System.out.printf(Locale.ROOT, "%-6s %-16s %d decisions over %d sessions: p50 %.1f µs  p90 %.1f µs  p99 %.1f µs  max %.1f µs%n",
          name, order == 1 ? "claim-with-views" : "claim-then-views", nanos[order].length, sessions,
          at(nanos[order], 0.50), at(nanos[order], 0.90), at(nanos[order], 0.99), nanos[order][nanos[order].length - 1] / 1000.0);
    }
    System.out.printf(Locale.ROOT, "%-6s claim-with-views / claim-then-views: p50 %.2f  p90 %.2f  p99 %.2f%n", name,
        at(nanos[1], 0.50) / at(nanos[0], 0.50), at(nanos[1], 0.90) / at(nanos[0], 0.90),
        at(nanos[1], 0.99) / at(nanos[0], 0.99));
  }

  /** Per decision, as the decision path does it: the claim, both views, then one commit; every call is granted. */
  private static long[] decide(SessionStore store, int iterations, int sessions, boolean claimWithViews) {
    long[] nanos = new long[iterations];
    ScopeKey principal = new ScopeKey(ScopeKey.PRINCIPAL, "bench-principal", "principal");
    for (int i = 0; i < iterations; i++) {
      ScopeKey session = new ScopeKey(ScopeKey.SESSION, "bench-" + (i % sessions), "mcp-session-id");
      Scopes scopes = new Scopes(session, principal);
      long now = System.currentTimeMillis();
      CallRecord call = new CallRecord("d-" + i, now, "crm/get_customer", "read", true, List.of("pii", "private_data"),
          List.of("all", "class:read", "tool:crm/get_customer"), false);
      long start = System.nanoTime();
      Uni<Boolean> claim = store.claim("bench-session-" + (i % sessions), "bench-principal");
      if (claimWithViews) {
        Uni.combine().all().unis(claim, store.view(session, now), store.view(principal, now)).asTuple()
            .await().indefinitely();
      } else {
        claim.await().indefinitely();
        Uni.combine().all().unis(store.view(session, now), store.view(principal, now)).asTuple().await().indefinitely();
      }
      store.commitAllow(scopes, call, List.of(PER_MINUTE, PER_HOUR)).await().indefinitely();
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  private static long[] concat(long[] first, long[] second) {
    if (first == null) {
      return second;
    }
    long[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static double at(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1000.0;
  }

  private static String option(String[] args, String name, String fallback) {
    return Arrays.stream(args).filter(a -> a.startsWith("--" + name + "=")).map(a -> a.substring(name.length() + 3))
        .findFirst().orElse(fallback);
  }
}
