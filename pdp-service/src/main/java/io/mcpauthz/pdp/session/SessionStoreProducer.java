package io.mcpauthz.pdp.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the store named by {@code mcp-authz.session.store}; an unknown name stops startup. The
 * Redis client ({@code mcp-authz.session.redis-url}) is created only when the Redis store is chosen.
 */
@ApplicationScoped
class SessionStoreProducer {

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
