package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemorySessionStoreTest extends SessionStoreContractTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Override
  SessionStore newStore(int maxSessionsPerPrincipal) {
    return store(50_000, maxSessionsPerPrincipal);
  }

  @Override
  double principalBoundEvictions() {
    return registry.get("mcp_authz_session_principal_bound_evictions").counter().count();
  }

  private MemorySessionStore store(int maxEntries, int maxSessionsPerPrincipal) {
    TestSessionConfig config = new TestSessionConfig(maxEntries, "redis://127.0.0.1:6379", maxSessionsPerPrincipal);
    return new MemorySessionStore(config, SessionStoreProducer.windows(config), registry);
  }

  /** Many principals, each within its own bound: the store's bound is what evicts. */
  @Test
  void shouldStayBoundedUnderAFloodOfSessionIdsAndCountEvictions() {
    MemorySessionStore small = store(1_000, 64);
    for (int i = 0; i < 1_000_000; i++) {
      Scopes scopes = new Scopes(new ScopeKey(ScopeKey.SESSION, "flood-" + i, "mcp-session-id"),
          new ScopeKey(ScopeKey.PRINCIPAL, "flood-p-" + i / 32, "principal"));
      small.commitAllow(scopes, allowed("d-" + i, 1_795_676_400_000L), List.of()).await().indefinitely();
    }
    assertThat(small.size(ScopeKey.SESSION)).isLessThanOrEqualTo(1_000);
    assertThat(small.size(ScopeKey.PRINCIPAL)).isLessThanOrEqualTo(1_000);
    assertThat(registry.get("mcp_authz_session_evictions").tag("scope", "session").counter().count())
        .isGreaterThanOrEqualTo(999_000);
    assertThat(principalBoundEvictions()).isZero();
  }

  /** One principal's flood: its own sessions go, not the store's other users'. */
  @Test
  void shouldKeepOnePrincipalsFloodOfSessionIdsFromPushingOtherUsersOut() {
    MemorySessionStore small = store(1_000, 64);
    long now = 1_795_676_400_000L;
    ScopeKey victim = new ScopeKey(ScopeKey.SESSION, "victim", "mcp-session-id");
    Scopes victims = new Scopes(victim, new ScopeKey(ScopeKey.PRINCIPAL, "victim-p", "principal"));
    small.commitAllow(victims, allowed("v-1", now, "private_data"), List.of()).await().indefinitely();
    for (int i = 0; i < 100_000; i++) {
      Scopes scopes = new Scopes(new ScopeKey(ScopeKey.SESSION, "flood-" + i, "mcp-session-id"), principal);
      small.commitAllow(scopes, allowed("d-" + i, now + 1), List.of()).await().indefinitely();
    }
    assertThat(small.state(victim, now + 2).await().indefinitely().path("labels").has("private_data")).isTrue();
    assertThat(small.size(ScopeKey.SESSION)).isEqualTo(65);
    assertThat(registry.get("mcp_authz_session_evictions").tag("scope", "session").counter().count()).isZero();
    assertThat(principalBoundEvictions()).isEqualTo(100_000 - 64);
  }

  /**
   * Tool names come from callers, so the interner stops sharing past its bound and for long
   * strings; a counter is still found by its name, whichever copy the call brings.
   */
  @Test
  void shouldKeepBudgetsOnNamesTheInternerNoLongerShares() {
    MemorySessionStore store = store(50_000, 64);
    long now = 1_795_676_400_000L;
    for (int i = 0; i <= Interner.MAX_ENTRIES; i++) { // a caller's denied calls with names of its choice
      store.recordDeny(both, new CallRecord("junk-" + i, now, "crm/junk-" + i, "none", false, List.of(), List.of(),
          true), List.of()).await().indefinitely();
    }
    for (String counter : List.of("tool:crm/" + "x".repeat(Interner.MAX_LENGTH), "tool:crm/added_later")) {
      Budget two = new Budget("two", ScopeKey.SESSION, counter, Window.parse("1m"), 2);
      List<Boolean> granted = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CallRecord call = new CallRecord("d-" + i, now, "crm/t", "read", true, List.of(),
            List.of(new String(counter.toCharArray())), false); // a fresh copy, as every request parses one
        granted.add(store.commitAllow(both, call, List.of(two)).await().indefinitely().granted());
      }
      assertThat(granted).as(counter).containsExactly(true, true, false);
    }
  }
}
