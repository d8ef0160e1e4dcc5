package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store must do alike; each implementation's test runs these against a real store. */
abstract class SessionStoreContractTest {

  private static final long NOW = 1_795_676_400_000L;
  final ScopeKey session = new ScopeKey(ScopeKey.SESSION, "s-" + UUID.randomUUID(), "mcp-session-id");
  final ScopeKey principal = new ScopeKey(ScopeKey.PRINCIPAL, "p-" + UUID.randomUUID(), "principal");
  final Scopes both = new Scopes(session, principal);
  final ScopeKey run = new ScopeKey(ScopeKey.RUN, "r-" + UUID.randomUUID(), "sid");
  /** The same run in the session another MCP server issued. */
  final ScopeKey otherServersSession = new ScopeKey(ScopeKey.SESSION, "s-" + UUID.randomUUID(), "mcp-session-id");
  private static final Budget TEN_PER_MINUTE =
      new Budget("reads", ScopeKey.SESSION, "tool:crm/get_customer", Window.parse("1m"), 10);

  private SessionStore store;

  /** A fresh store on a fresh (or fresh-keyed) backend. */
  abstract SessionStore newStore(int maxSessionsPerPrincipal, int maxRunsPerPrincipal);

  SessionStore newStore(int maxSessionsPerPrincipal) {
    return newStore(maxSessionsPerPrincipal, 64);
  }

  /** {@code mcp_authz_session_principal_bound_evictions_total{scope}} of the stores this test made. */
  abstract double principalBoundEvictions(String scope);

  double principalBoundEvictions() {
    return principalBoundEvictions(ScopeKey.SESSION);
  }

  @BeforeEach
  void createStore() {
    store = newStore(64);
  }

  static CallRecord allowed(String decisionId, long time, String... labels) {
    return new CallRecord(decisionId, time, "crm/get_customer", "read", true, List.of(labels),
        List.of("all", "class:read", "tool:crm/get_customer"), false);
  }

  private static CallRecord denied(String decisionId, long time) {
    return new CallRecord(decisionId, time, "github/delete_repo", "admin", false, List.of(), List.of(), true);
  }

  private ObjectNode view(ScopeKey key, long now) {
    return store.view(key, now).await().indefinitely();
  }

  @Test
  void shouldGrantExactlyTheBudgetUnderFiftyConcurrentCalls() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = "d-" + i;
      calls.add(() -> {
        start.await();
        return store.commitAllow(both, allowed(id, NOW), List.of(TEN_PER_MINUTE)).await().indefinitely().granted();
      });
    }
    List<Future<Boolean>> results = new ArrayList<>();
    calls.forEach(call -> results.add(pool.submit(call)));
    start.countDown();
    int granted = 0;
    for (Future<Boolean> result : results) {
      granted += result.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(granted).isEqualTo(10);
    assertThat(view(session, NOW).path("counters").path("tool:crm/get_customer").path("1m").asLong()).isEqualTo(10);
    assertThat(view(principal, NOW).path("counters").path("all").path("total").asLong()).isEqualTo(10);
  }

  @Test
  void shouldRefuseAtTheLimitWithRetryAfterUntilTheOldestCallLeavesTheWindow() {
    for (int i = 0; i < 10; i++) {
      assertThat(store.commitAllow(both, allowed("d-" + i, NOW + i * 1000L), List.of(TEN_PER_MINUTE))
          .await().indefinitely().granted()).isTrue();
    }
    Reservation refused = store.commitAllow(both, allowed("d-10", NOW + 15_000), List.of(TEN_PER_MINUTE))
        .await().indefinitely();
    assertThat(refused.granted()).isFalse();
    assertThat(refused.used()).isEqualTo(10);
    assertThat(refused.retryAfterSeconds()).isEqualTo(45);
    assertThat(store.commitAllow(both, allowed("d-11", NOW + 60_001), List.of(TEN_PER_MINUTE))
        .await().indefinitely().granted()).isTrue();
  }

  @Test
  void shouldRecordNothingWhenAnyBudgetOfTheCallIsExhausted() {
    Budget onePerPrincipal = new Budget("one", ScopeKey.PRINCIPAL, "all", Window.parse("1h"), 1);
    store.commitAllow(both, allowed("d-1", NOW), List.of(onePerPrincipal)).await().indefinitely();
    Reservation second = store.commitAllow(both, allowed("d-2", NOW, "private_data"),
        List.of(TEN_PER_MINUTE, onePerPrincipal)).await().indefinitely();
    assertThat(second.exceeded()).isEqualTo(onePerPrincipal);
    ObjectNode state = view(session, NOW);
    assertThat(state.path("counters").path("tool:crm/get_customer").path("1m").asLong()).isEqualTo(1);
    assertThat(state.path("labels").has("private_data")).isFalse();
  }

  @Test
  void shouldKeepTheDecisionThatFirstBroughtEachLabel() {
    store.commitAllow(both, allowed("d-first", NOW, "private_data"), List.of()).await().indefinitely();
    store.commitAllow(both, allowed("d-later", NOW + 1, "private_data", "untrusted_content"), List.of())
        .await().indefinitely();
    ObjectNode labels = view(session, NOW + 2).path("labels").deepCopy();
    assertThat(labels.path("private_data").path("decision_id").asText()).isEqualTo("d-first");
    assertThat(labels.path("untrusted_content").path("decision_id").asText()).isEqualTo("d-later");
    assertThat(labels.path("private_data").path("tool").asText()).isEqualTo("crm/get_customer");
  }

  @Test
  void shouldQuarantineAfterEnoughDeniesAndForgetThemOnRelease() {
    List<QuarantineRule> rules = List.of(new QuarantineRule(ScopeKey.SESSION, 3, Window.parse("10m"), 900_000));
    for (int i = 0; i < 2; i++) {
      store.recordDeny(both, denied("d-" + i, NOW + i), rules).await().indefinitely();
    }
    assertThat(view(session, NOW + 2).path("quarantine").path("active").asBoolean()).isFalse();
    store.recordDeny(both, denied("d-2", NOW + 2), rules).await().indefinitely();
    ObjectNode quarantine = view(session, NOW + 3).path("quarantine").deepCopy();
    assertThat(quarantine.path("active").asBoolean()).isTrue();
    assertThat(quarantine.path("decision_id").asText()).isEqualTo("d-2");
    assertThat(quarantine.path("reason").asText()).isEqualTo("3 denies within 10m");
    assertThat(view(principal, NOW + 3).path("quarantine").path("active").asBoolean()).isFalse();
    assertThat(view(session, NOW + 2 + 900_000).path("quarantine").path("active").asBoolean()).isFalse();

    assertThat(store.release(session).await().indefinitely()).isTrue();
    assertThat(view(session, NOW + 4).path("quarantine").path("active").asBoolean()).isFalse();
    assertThat(view(session, NOW + 4).path("denies").path("total").asLong()).isZero();
    store.recordDeny(both, denied("d-3", NOW + 5), rules).await().indefinitely();
    assertThat(view(session, NOW + 6).path("quarantine").path("active").asBoolean()).isFalse();
  }

  @Test
  void shouldShowTheLastCallsAndDenyCountsPerWindow() {
    store.commitAllow(both, allowed("d-1", NOW), List.of()).await().indefinitely();
    store.recordDeny(both, denied("d-2", NOW + 1), List.of()).await().indefinitely();
    ObjectNode state = view(session, NOW + 120_000);
    assertThat(state.path("recent").findValuesAsText("decision_id")).containsExactly("d-1", "d-2");
    assertThat(state.path("recent").get(1).path("decision").asText()).isEqualTo("deny");
    assertThat(state.path("denies").path("1m").asLong()).isZero();
    assertThat(state.path("denies").path("10m").asLong()).isEqualTo(1);
    assertThat(state.path("counters").path("all").path("1m").asLong()).isZero();
    assertThat(state.path("first_seen").asText()).isEqualTo("2026-11-26T07:00:00Z");
  }

  @Test
  void shouldKeepOnlyTheLastTenCallsAndEveryCounterAndLabelAFullScopeHolds() {
    for (int i = 1; i <= 12; i++) {
      store.commitAllow(both, allowed("d-" + i, NOW + i, i % 2 == 0 ? "pii" : "financial"), List.of()).await().indefinitely();
    }
    ObjectNode state = view(session, NOW + 20);
    assertThat(state.path("recent").findValuesAsText("decision_id"))
        .containsExactly("d-3", "d-4", "d-5", "d-6", "d-7", "d-8", "d-9", "d-10", "d-11", "d-12");
    assertThat(state.path("counters").path("tool:crm/get_customer").path("1m").asLong()).isEqualTo(12);
    assertThat(state.path("counters").path("class:read").path("total").asLong()).isEqualTo(12);
    assertThat(state.path("labels").path("financial").path("decision_id").asText()).isEqualTo("d-1");
    assertThat(state.path("labels").path("pii").path("decision_id").asText()).isEqualTo("d-2");
  }

  @Test
  void shouldShowAnUnknownScopeAsEmptyAndHaveNoStateForOperators() {
    ObjectNode empty = view(new ScopeKey(ScopeKey.SESSION, "never", "jti"), NOW);
    assertThat(empty.path("available").asBoolean()).isTrue();
    assertThat(empty.path("labels").size()).isZero();
    assertThat(store.state(new ScopeKey(ScopeKey.SESSION, "never", "jti"), NOW).await().indefinitely()).isNull();
  }

  @Test
  void shouldShareARunAcrossTheSessionsOfItsServers() {
    Scopes onEmail = new Scopes(session, run, principal);
    Scopes onGithub = new Scopes(otherServersSession, run, principal);
    store.commitAllow(onEmail, allowed("d-mail", NOW, "private_data", "untrusted_content"), List.of())
        .await().indefinitely();

    assertThat(view(run, NOW + 1).path("labels").path("private_data").path("decision_id").asText()).isEqualTo("d-mail");
    assertThat(view(otherServersSession, NOW + 1).path("labels").size()).isZero();
    Budget twoPerRun = new Budget("two", ScopeKey.RUN, "all", Window.parse("1h"), 2);
    assertThat(store.commitAllow(onGithub, allowed("d-2", NOW + 2), List.of(twoPerRun)).await().indefinitely().granted())
        .isTrue();
    Reservation third = store.commitAllow(onGithub, allowed("d-3", NOW + 3, "pii"), List.of(twoPerRun))
        .await().indefinitely();
    assertThat(third.exceeded()).isEqualTo(twoPerRun);
    assertThat(third.used()).isEqualTo(2);
    assertThat(view(otherServersSession, NOW + 4).path("counters").path("all").path("total").asLong()).isEqualTo(1);
    assertThat(view(run, NOW + 4).path("labels").has("pii")).isFalse();
  }

  @Test
  void shouldQuarantineARunApartFromItsSessionsAndReleaseIt() {
    List<QuarantineRule> rules = List.of(new QuarantineRule(ScopeKey.RUN, 2, Window.parse("10m"), 900_000));
    store.recordDeny(new Scopes(session, run, principal), denied("d-1", NOW), rules).await().indefinitely();
    store.recordDeny(new Scopes(otherServersSession, run, principal), denied("d-2", NOW + 1), rules)
        .await().indefinitely();

    assertThat(view(run, NOW + 2).path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(view(run, NOW + 2).path("quarantine").path("decision_id").asText()).isEqualTo("d-2");
    assertThat(view(session, NOW + 2).path("quarantine").path("active").asBoolean()).isFalse();
    assertThat(view(principal, NOW + 2).path("quarantine").path("active").asBoolean()).isFalse();
    assertThat(store.state(run, NOW + 2).await().indefinitely().path("key_source").asText()).isEqualTo("sid");
    assertThat(store.release(run).await().indefinitely()).isTrue();
    assertThat(view(run, NOW + 3).path("quarantine").path("active").asBoolean()).isFalse();
  }

  @Test
  void shouldKeepEachScopeKindApartUnderOneKey() {
    ScopeKey asSession = new ScopeKey(ScopeKey.SESSION, "same-" + UUID.randomUUID(), "mcp-session-id");
    ScopeKey asRun = new ScopeKey(ScopeKey.RUN, asSession.key(), "sid");
    store.commitAllow(new Scopes(asSession, null, null), allowed("d-1", NOW, "private_data"), List.of())
        .await().indefinitely();
    assertThat(view(asRun, NOW).path("labels").size()).isZero();
    assertThat(store.state(asRun, NOW).await().indefinitely()).isNull();
  }

  @Test
  void shouldLetOnlyTheFirstPrincipalUseASessionId() {
    String id = "sid-" + UUID.randomUUID();

    assertThat(store.claim(id, "alice").await().indefinitely()).isTrue();
    assertThat(store.claim(id, "alice").await().indefinitely()).isTrue();
    assertThat(store.claim(id, "bob").await().indefinitely()).isFalse();
    assertThat(store.claim("other-" + id, "bob").await().indefinitely()).isTrue();
  }

  private static ScopeKey newSession(String name) {
    return new ScopeKey(ScopeKey.SESSION, name + "-" + UUID.randomUUID(), "mcp-session-id");
  }

  private ObjectNode stateOf(ScopeKey key, long now) {
    return store.state(key, now).await().indefinitely();
  }

  @Test
  void shouldEvictThePrincipalsOwnLeastRecentlyUsedSessionBeyondItsBound() {
    store = newStore(3);
    ScopeKey first = newSession("first");
    ScopeKey second = newSession("second");
    ScopeKey third = newSession("third");
    List<ScopeKey> opened = List.of(first, second, third);
    for (int i = 0; i < opened.size(); i++) {
      store.commitAllow(new Scopes(opened.get(i), principal), allowed("d-" + i, NOW + i, "private_data"), List.of())
          .await().indefinitely();
    }
    store.commitAllow(new Scopes(first, principal), allowed("d-again", NOW + 10), List.of()).await().indefinitely();
    assertThat(principalBoundEvictions()).isZero();

    ScopeKey fourth = newSession("fourth");
    store.commitAllow(new Scopes(fourth, principal), allowed("d-fourth", NOW + 11), List.of()).await().indefinitely();

    assertThat(stateOf(second, NOW + 12)).as("least recently used").isNull();
    assertThat(view(second, NOW + 12).path("labels").size()).isZero();
    for (ScopeKey kept : List.of(first, third, fourth)) {
      assertThat(stateOf(kept, NOW + 12)).as(kept.key()).isNotNull();
    }
    assertThat(view(principal, NOW + 12).path("counters").path("all").path("total").asLong()).isEqualTo(5);
    assertThat(principalBoundEvictions()).isEqualTo(1);
  }

  @Test
  void shouldBoundTheSessionsOfCallsThatAlsoHaveARunAndNeverEvictTheRun() {
    store = newStore(2);
    ScopeKey first = newSession("first");
    store.commitAllow(new Scopes(first, run, principal), allowed("d-1", NOW, "private_data"), List.of())
        .await().indefinitely();
    store.recordDeny(new Scopes(newSession("second"), run, principal), denied("d-2", NOW + 1), List.of())
        .await().indefinitely();
    store.commitAllow(new Scopes(newSession("third"), run, principal), allowed("d-3", NOW + 2), List.of())
        .await().indefinitely();

    assertThat(stateOf(first, NOW + 3)).as("the principal's least recently used session").isNull();
    assertThat(view(run, NOW + 3).path("labels").has("private_data")).as("the run is no session").isTrue();
    assertThat(principalBoundEvictions()).isEqualTo(1);
  }

  @Test
  void shouldNeverEvictAnotherPrincipalsSessionsForABound() {
    store = newStore(3);
    ScopeKey victimPrincipal = new ScopeKey(ScopeKey.PRINCIPAL, "victim-" + UUID.randomUUID(), "principal");
    ScopeKey victimSession = newSession("victim");
    store.commitAllow(new Scopes(victimSession, victimPrincipal), allowed("v-1", NOW, "private_data"), List.of())
        .await().indefinitely();

    for (int i = 0; i < 50; i++) { // the attacker opens fresh session ids, allowed and denied calls alike
      Scopes fresh = new Scopes(newSession("flood-" + i), principal);
      if (i % 2 == 0) {
        store.commitAllow(fresh, allowed("f-" + i, NOW + 1 + i), List.of()).await().indefinitely();
      } else {
        store.recordDeny(fresh, denied("f-" + i, NOW + 1 + i), List.of()).await().indefinitely();
      }
    }

    assertThat(stateOf(victimSession, NOW + 60).path("labels").has("private_data")).isTrue();
    assertThat(stateOf(victimPrincipal, NOW + 60)).isNotNull();
    assertThat(principalBoundEvictions()).isEqualTo(47);
  }

  /**
   * A quarantined session goes last, so opening fresh sessions does not shed its quarantine;
   * the principal's quarantine is in the principal scope, which no session bound evicts. Only
   * once every session the principal holds is quarantined does the oldest one go, and with it
   * that session's quarantine.
   */
  @Test
  void shouldEvictAQuarantinedSessionLastAndNeverThePrincipalsQuarantine() {
    store = newStore(2);
    List<QuarantineRule> rules = List.of(new QuarantineRule(ScopeKey.SESSION, 3, Window.parse("10m"), 900_000),
        new QuarantineRule(ScopeKey.PRINCIPAL, 3, Window.parse("10m"), 900_000));
    ScopeKey quarantined = newSession("quarantined");
    for (int i = 0; i < 3; i++) {
      store.recordDeny(new Scopes(quarantined, principal), denied("q-" + i, NOW + i), rules).await().indefinitely();
    }
    assertThat(view(quarantined, NOW + 3).path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(view(principal, NOW + 3).path("quarantine").path("active").asBoolean()).isTrue();

    for (int i = 0; i < 10; i++) {
      store.commitAllow(new Scopes(newSession("fresh-" + i), principal), allowed("f-" + i, NOW + 10 + i), List.of())
          .await().indefinitely();
    }
    assertThat(view(quarantined, NOW + 30).path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(view(principal, NOW + 30).path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(principalBoundEvictions()).isEqualTo(9);

    ScopeKey alsoQuarantined = newSession("also-quarantined");
    for (int i = 0; i < 3; i++) {
      store.recordDeny(new Scopes(alsoQuarantined, principal), denied("a-" + i, NOW + 40 + i), rules)
          .await().indefinitely();
    }
    assertThat(view(alsoQuarantined, NOW + 50).path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(view(quarantined, NOW + 50).path("quarantine").path("active").asBoolean()).isTrue();
    store.commitAllow(new Scopes(newSession("last"), principal), allowed("l-1", NOW + 60), List.of())
        .await().indefinitely();

    assertThat(stateOf(quarantined, NOW + 70)).as("the oldest, once every other is quarantined too").isNull();
    assertThat(view(alsoQuarantined, NOW + 70).path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(view(principal, NOW + 70).path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(principalBoundEvictions()).isEqualTo(11);
  }

  private static ScopeKey newRun(String name) {
    return new ScopeKey(ScopeKey.RUN, name + "-" + UUID.randomUUID(), "sid");
  }

  /** Each login is a run: a principal logging in again and again keeps only its last runs. */
  @Test
  void shouldEvictThePrincipalsOwnLeastRecentlyUsedRunBeyondItsBound() {
    store = newStore(64, 2);
    ScopeKey first = newRun("first");
    ScopeKey second = newRun("second");
    ScopeKey third = newRun("third");
    store.commitAllow(new Scopes(newSession("a"), first, principal), allowed("d-1", NOW, "private_data"), List.of())
        .await().indefinitely();
    store.recordDeny(new Scopes(newSession("b"), second, principal), denied("d-2", NOW + 1), List.of())
        .await().indefinitely();
    store.commitAllow(new Scopes(newSession("c"), first, principal), allowed("d-3", NOW + 2), List.of())
        .await().indefinitely();
    assertThat(principalBoundEvictions(ScopeKey.RUN)).isZero();

    store.commitAllow(new Scopes(newSession("d"), third, principal), allowed("d-4", NOW + 3), List.of())
        .await().indefinitely();

    assertThat(stateOf(second, NOW + 4)).as("least recently used").isNull();
    assertThat(stateOf(first, NOW + 4).path("labels").has("private_data")).isTrue();
    assertThat(stateOf(third, NOW + 4)).isNotNull();
    assertThat(view(principal, NOW + 4).path("counters").path("all").path("total").asLong()).isEqualTo(3);
    assertThat(principalBoundEvictions(ScopeKey.RUN)).isEqualTo(1);
    assertThat(principalBoundEvictions(ScopeKey.SESSION)).as("four sessions, within 64").isZero();
  }

  @Test
  void shouldEvictAQuarantinedRunLastAndNeverAnotherUsersRun() {
    store = newStore(64, 2);
    List<QuarantineRule> rules = List.of(new QuarantineRule(ScopeKey.RUN, 2, Window.parse("10m"), 900_000));
    ScopeKey quarantined = newRun("quarantined");
    for (int i = 0; i < 2; i++) {
      store.recordDeny(new Scopes(newSession("q-" + i), quarantined, principal), denied("q-" + i, NOW + i), rules)
          .await().indefinitely();
    }
    ScopeKey victimPrincipal = new ScopeKey(ScopeKey.PRINCIPAL, "victim-" + UUID.randomUUID(), "principal");
    ScopeKey victimRun = newRun("victim");
    store.commitAllow(new Scopes(newSession("v"), victimRun, victimPrincipal), allowed("v-1", NOW + 5, "private_data"),
        List.of()).await().indefinitely();

    for (int i = 0; i < 10; i++) { // ten fresh logins
      store.commitAllow(new Scopes(newSession("f-" + i), newRun("login-" + i), principal), allowed("f-" + i, NOW + 10 + i),
          List.of()).await().indefinitely();
    }

    assertThat(view(quarantined, NOW + 30).path("quarantine").path("active").asBoolean()).isTrue();
    assertThat(stateOf(victimRun, NOW + 30).path("labels").has("private_data")).isTrue();
    assertThat(principalBoundEvictions(ScopeKey.RUN)).isEqualTo(9);
  }
}
