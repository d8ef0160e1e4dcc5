package io.mcpauthz.pdp.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the store named by {@code mcp-authz.session.store}; an unknown name stops startup, and so
 * does a bound or duration that is not positive. The Redis client ({@code
 * mcp-authz.session.redis-url}) is created only when the Redis store is chosen.
 */
@ApplicationScoped
class SessionStoreProducer {

  /**
   * Checked at startup, not at the first call: a bound of 0 would evict every session as it is
   * made (or, in Lua, keep every call: {@code LTRIM key -0 -1} trims nothing), a TTL of 0 would
   * forget state at once.
   */
  void checkAtStartup(@Observes StartupEvent startup, SessionConfig config) {
    check(config);
  }

  /** Throws naming every setting that is not positive. */
  static void check(SessionConfig config) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("max-entries", config.maxEntries());
    counts.put("max-sessions-per-principal", config.maxSessionsPerPrincipal());
    counts.put("max-runs-per-principal", config.maxRunsPerPrincipal());
    counts.put("max-events", config.maxEvents());
    counts.put("max-counters", config.maxCounters());
    counts.put("recent-calls", config.recentCalls());
    List<String> wrong = new ArrayList<>();
    if (!List.of("memory", "redis").contains(config.store())) {
      wrong.add("mcp-authz.session.store must be memory or redis, not " + config.store());
    }
    counts.forEach((name, value) -> {
      if (value < 1) {
        wrong.add("mcp-authz.session." + name + " must be at least 1, not " + value);
      }
    });
    Map<String, Duration> durations = new LinkedHashMap<>(); // in this order in the message, as the counts
    durations.put("ttl", config.ttl());
    durations.put("timeout", config.timeout());
    durations.forEach((name, value) -> {
      if (value.toMillis() < 1) {
        wrong.add("mcp-authz.session." + name + " must be at least 1ms, not " + value);
      }
    });
    if (!wrong.isEmpty()) {
      throw new IllegalStateException(String.join("; ", wrong));
    }
  }

  @Produces
  @ApplicationScoped
  SessionStore store(SessionConfig config, MeterRegistry registry, Vertx vertx) {
    List<Window> windows = windows(config);
    return switch (config.store()) {
      case "memory" -> new MemorySessionStore(config, windows, registry);
      case "redis" -> new RedisSessionStore(redis(vertx, config), config, windows, registry);
      default -> throw new IllegalStateException("mcp-authz.session.store must be memory or redis, not " + config.store());
    };
  }

  /** A pooled client: a lost connection fails the calls in flight, the next call reconnects. */
  static Redis redis(Vertx vertx, SessionConfig config) {
    RedisOptions options = new RedisOptions().setConnectionString(config.redisUrl())
        .setMaxPoolSize(16).setMaxPoolWaiting(256).setMaxWaitingHandlers(1024);
    return Redis.createClient(vertx, options);
  }

  /** The configured windows plus {@code total}, in the order the policy sees them. */
  static List<Window> windows(SessionConfig config) {
    List<Window> windows = new ArrayList<>();
    config.windows().forEach(name -> windows.add(Window.parse(name)));
    windows.add(Window.parse(Window.TOTAL));
    return windows;
  }
}
