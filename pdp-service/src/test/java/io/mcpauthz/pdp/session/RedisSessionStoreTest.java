package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.pdp.it.RedisProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract against a real redis-server; plus what only a network store can do: fail. */
class RedisSessionStoreTest extends SessionStoreContractTest {

  private static final RedisProcess REDIS = new RedisProcess();
  private static Vertx vertx;

  @BeforeAll
  static void startRedis() {
    REDIS.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopRedis() {
    REDIS.stop();
    vertx.closeAndAwait();
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Override
  SessionStore newStore(int maxSessionsPerPrincipal) {
    return store(REDIS.url(), maxSessionsPerPrincipal);
  }

  @Override
  double principalBoundEvictions() {
    return registry.get("mcp_authz_session_principal_bound_evictions").counter().count();
  }

  private RedisSessionStore store(String url, int maxSessionsPerPrincipal) {
    TestSessionConfig config = new TestSessionConfig(50_000, url, maxSessionsPerPrincipal);
    return new RedisSessionStore(SessionStoreProducer.redis(vertx, config), config, SessionStoreProducer.windows(config),
        registry);
  }

  @Test
  void shouldFailRatherThanAnswerWhenRedisCannotBeReached() {
    RedisSessionStore unreachable = store("redis://127.0.0.1:1", 64);
    assertThatThrownBy(() -> unreachable.view(session, System.currentTimeMillis()).await().indefinitely())
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> unreachable.commitAllow(both, allowed("d-1", System.currentTimeMillis()), List.of())
        .await().indefinitely()).isInstanceOf(RuntimeException.class);
  }

  @Test
  void shouldGiveEveryKeyTheIdleTtl() {
    newStore(64).commitAllow(both, allowed("d-1", System.currentTimeMillis(), "private_data"), List.of())
        .await().indefinitely();
    List<String> keys = List.of(REDIS.cli("KEYS", "mcp-authz:session:" + session.key() + ":*").split("\n"));
    assertThat(keys).hasSize(7); // meta, counters, labels, recent and the logs of all, class:read, tool:…
    long day = TestSessionConfig.DEFAULTS.ttl().toMillis();
    keys.forEach(key -> assertThat(Long.parseLong(REDIS.cli("PTTL", key))).as(key).isBetween(day - 60_000, day));
  }

  @Test
  void shouldDeleteEveryKeyOfASessionTheBoundEvictsAndExpireTheIndex() {
    SessionStore store = newStore(1);
    long now = System.currentTimeMillis();
    store.commitAllow(both, allowed("d-1", now, "private_data"), List.of()).await().indefinitely();
    ScopeKey next = new ScopeKey(ScopeKey.SESSION, "s-next-" + session.key(), "mcp-session-id");
    store.commitAllow(new Scopes(next, principal), allowed("d-2", now + 1), List.of()).await().indefinitely();

    assertThat(REDIS.cli("KEYS", "mcp-authz:session:" + session.key() + ":*")).isEmpty();
    String index = "mcp-authz:principal:" + principal.key() + ":sessions";
    assertThat(REDIS.cli("ZRANGE", index, "0", "-1")).isEqualTo("mcp-authz:session:" + next.key());
    long day = TestSessionConfig.DEFAULTS.ttl().toMillis();
    assertThat(Long.parseLong(REDIS.cli("PTTL", index))).isBetween(day - 60_000, day);
  }
}
