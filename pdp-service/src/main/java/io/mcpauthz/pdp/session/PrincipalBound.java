package io.mcpauthz.pdp.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One principal's sessions and runs in the in-memory store, each kind least recently used first.
 * Read and changed only under the principal's monitor, which the store holds for the whole of
 * each call of the principal (record, then keep the bound), so choosing which of its sessions to
 * evict never races a call recording into it.
 */
final class PrincipalBound {

  final RecencyIndex sessions = new RecencyIndex();
  final RecencyIndex runs = new RecencyIndex();

  /**
   * {@code mcp_authz_session_principal_bound_evictions_total{scope=session|run}}: scopes evicted
   * because their principal held more than its bound; the Redis store's too.
   */
  static final class Evictions {

    private final Counter sessions;
    private final Counter runs;

    Evictions(MeterRegistry registry) {
      this.sessions = counter(registry, ScopeKey.SESSION);
      this.runs = counter(registry, ScopeKey.RUN);
    }

    private static Counter counter(MeterRegistry registry, String scope) {
      return Counter.builder("mcp_authz_session_principal_bound_evictions")
          .description("Sessions or runs evicted because their principal held more than max-sessions-per-principal"
              + " or max-runs-per-principal")
          .tag("scope", scope).register(registry);
    }

    void count(String scope, long evicted) {
      if (evicted > 0) {
        (ScopeKey.RUN.equals(scope) ? runs : sessions).increment(evicted);
      }
    }
  }
}
