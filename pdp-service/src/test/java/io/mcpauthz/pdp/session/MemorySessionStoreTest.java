package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemorySessionStoreTest extends SessionStoreContractTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Override
  SessionStore newStore() {
    return store(50_000);
  }

  private MemorySessionStore store(int maxEntries) {
    TestSessionConfig config = new TestSessionConfig(maxEntries);
    return new MemorySessionStore(config, SessionStoreProducer.windows(config), registry);
  }

  @Test
  void shouldStayBoundedUnderAFloodOfSessionIdsAndCountEvictions() {
    MemorySessionStore small = store(1_000);
    for (int i = 0; i < 1_000_000; i++) {
      Scopes scopes = new Scopes(new ScopeKey(ScopeKey.SESSION, "flood-" + i, "mcp-session-id"), principal);
      small.commitAllow(scopes, allowed("d-" + i, 1_795_676_400_000L), List.of()).await().indefinitely();
    }
    assertThat(small.size(ScopeKey.SESSION)).isLessThanOrEqualTo(1_000);
    assertThat(small.size(ScopeKey.PRINCIPAL)).isEqualTo(1);
    assertThat(registry.get("mcp_authz_session_evictions").tag("scope", "session").counter().count())
        .isGreaterThanOrEqualTo(999_000);
  }

  /**
   * Tool names come from callers, so the interner stops sharing past its bound and for long
   * strings; a counter is still found by its name, whichever copy the call brings.
   */
  @Test
  void shouldKeepBudgetsOnNamesTheInternerNoLongerShares() {
    MemorySessionStore store = store(50_000);
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
