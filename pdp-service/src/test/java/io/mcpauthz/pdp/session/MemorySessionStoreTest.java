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
}
