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
  SessionStore newStore(int maxSessionsPerPrincipal, int maxRunsPerPrincipal) {
    return store(REDIS.url(), maxSessionsPerPrincipal, maxRunsPerPrincipal);
  }

  @Override
  double principalBoundEvictions(String scope) {
    return registry.get("mcp_authz_session_principal_bound_evictions").tag("scope", scope).counter().count();
  }

  private RedisSessionStore store(String url, int maxSessionsPerPrincipal, int maxRunsPerPrincipal) {
    TestSessionConfig config = new TestSessionConfig(50_000, url, maxSessionsPerPrincipal, maxRunsPerPrincipal);
    return new RedisSessionStore(SessionStoreProducer.redis(vertx, config), config, SessionStoreProducer.windows(config),
        registry);
  }

  @Test
  void shouldFailRatherThanAnswerWhenRedisCannotBeReached() {
    RedisSessionStore unreachable = store("redis://127.0.0.1:1", 64, 64);
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

  private List<String> indexed(String kind) {
    String index = REDIS.cli("ZRANGE", "mcp-authz:principal:" + principal.key() + ":" + kind, "0", "-1");
    return index.isEmpty() ? List.of() : List.of(index.split("\n"));
  }

  private static String prefixed(ScopeKey key) {
    return "mcp-authz:" + key.scope() + ":" + key.key();
  }

  /**
   * Replicas with skewed clocks: one two days ahead (beyond the idle TTL), one an hour behind.
   * Which session is least recently used, and which is idle, is Redis's clock's to say: the call
   * from behind is the most recent, the one from ahead cuts nobody from the index.
   */
  @Test
  void shouldOrderAndCutThePrincipalsIndexByRedisClockNotTheReplicas() {
    SessionStore store = newStore(2);
    long now = System.currentTimeMillis();
    ScopeKey first = new ScopeKey(ScopeKey.SESSION, "s-first-" + session.key(), "mcp-session-id");
    ScopeKey behind = new ScopeKey(ScopeKey.SESSION, "s-behind-" + session.key(), "mcp-session-id");
    ScopeKey ahead = new ScopeKey(ScopeKey.SESSION, "s-ahead-" + session.key(), "mcp-session-id");
    store.commitAllow(new Scopes(first, principal), allowed("d-1", now), List.of()).await().indefinitely();
    store.commitAllow(new Scopes(behind, principal), allowed("d-2", now - 3_600_000), List.of()).await().indefinitely();
    store.commitAllow(new Scopes(ahead, principal), allowed("d-3", now + 2 * 86_400_000L), List.of())
        .await().indefinitely();

    assertThat(indexed("sessions")).as("the first evicted, nobody cut as idle")
        .containsExactly(prefixed(behind), prefixed(ahead));
    assertThat(REDIS.cli("EXISTS", prefixed(first) + ":meta")).isEqualTo("0");
    assertThat(REDIS.cli("EXISTS", prefixed(behind) + ":meta")).isEqualTo("1");
    assertThat(principalBoundEvictions()).isEqualTo(1);
    long after = System.currentTimeMillis();
    for (String scored : REDIS.cli("ZRANGE", "mcp-authz:principal:" + principal.key() + ":sessions", "0", "-1",
        "WITHSCORES").split("\n")) {
      if (!scored.startsWith("mcp-authz:")) {
        assertThat(Double.parseDouble(scored)).as("Redis's clock, on this host").isBetween(now - 1_000.0, after + 1_000.0);
      }
    }
  }

  @Test
  void shouldDeleteEveryKeyOfARunTheBoundEvictsAndExpireTheRunIndex() {
    SessionStore store = newStore(64, 1);
    long now = System.currentTimeMillis();
    ScopeKey next = new ScopeKey(ScopeKey.RUN, "r-next-" + run.key(), "sid");
    store.commitAllow(new Scopes(session, run, principal), allowed("d-1", now, "private_data"), List.of())
        .await().indefinitely();
    store.commitAllow(new Scopes(otherServersSession, next, principal), allowed("d-2", now + 1), List.of())
        .await().indefinitely();

    assertThat(REDIS.cli("KEYS", prefixed(run) + ":*")).isEmpty();
    assertThat(indexed("runs")).containsExactly(prefixed(next));
    assertThat(indexed("sessions")).containsExactly(prefixed(session), prefixed(otherServersSession));
    long day = TestSessionConfig.DEFAULTS.ttl().toMillis();
    assertThat(Long.parseLong(REDIS.cli("PTTL", "mcp-authz:principal:" + principal.key() + ":runs")))
        .isBetween(day - 60_000, day);
    assertThat(principalBoundEvictions(ScopeKey.RUN)).isEqualTo(1);
  }
}
