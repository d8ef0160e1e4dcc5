package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * State of one PDP process, bounded: at most {@code max-entries} scopes of each kind (least
 * recently used evicted, counted in {@code mcp_authz_session_evictions_total}), each forgotten
 * after {@code ttl} idle; at most {@code max-sessions-per-principal} sessions of one principal
 * (its own least recently used one evicted first, a quarantined one last, counted in {@code
 * mcp_authz_session_principal_bound_evictions_total}), so that one signed-in caller opening
 * fresh session ids cannot push other users' sessions out. A commit holds the session's monitor,
 * then the run's, then the principal's (always in that order, so two calls cannot deadlock), for
 * a few microseconds: on the event loop, no I/O.
 */
public final class MemorySessionStore implements SessionStore {

  private final Cache<String, ScopeState> sessions;
  private final Cache<String, ScopeState> runs;
  private final Cache<String, ScopeState> principals;
  private final Cache<String, String> owners;
  private final Cache<String, PrincipalSessions> sessionsOf;
  private final int maxSessionsPerPrincipal;
  private final Counter boundEvictions;
  private final ScopeState.Limits limits;
  private final List<Window> windows;
  private final Interner interner = new Interner();

  public MemorySessionStore(SessionConfig config, List<Window> windows, MeterRegistry registry) {
    this.limits = new ScopeState.Limits(config.maxEvents(), config.maxCounters(), config.recentCalls());
    this.windows = windows;
    this.sessions = cache(config, evictions(registry, ScopeKey.SESSION));
    this.runs = cache(config, evictions(registry, ScopeKey.RUN));
    this.principals = cache(config, evictions(registry, ScopeKey.PRINCIPAL));
    this.owners = Caffeine.newBuilder().maximumSize(config.maxEntries()).expireAfterAccess(config.ttl())
        .executor(Runnable::run).build();
    this.sessionsOf = Caffeine.newBuilder().maximumSize(config.maxEntries()).expireAfterAccess(config.ttl())
        .executor(Runnable::run).build();
    this.maxSessionsPerPrincipal = config.maxSessionsPerPrincipal();
    this.boundEvictions = principalBoundEvictions(registry);
  }

  /** The counter of sessions evicted because their principal held too many; the Redis store's too. */
  static Counter principalBoundEvictions(MeterRegistry registry) {
    return Counter.builder("mcp_authz_session_principal_bound_evictions")
        .description("Sessions evicted because their principal held more than max-sessions-per-principal")
        .register(registry);
  }

  private static Cache<String, ScopeState> cache(SessionConfig config, Counter evictions) {
    return Caffeine.newBuilder()
        .maximumSize(config.maxEntries())
        .expireAfterAccess(config.ttl())
        .executor(Runnable::run) // evict on the caller's thread: no pool, and a flood cannot outrun it
        .removalListener((String key, ScopeState state, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            evictions.increment();
          }
        })
        .build();
  }

  private static Counter evictions(MeterRegistry registry, String scope) {
    return Counter.builder("mcp_authz_session_evictions")
        .description("Session state evicted because the in-memory store was full")
        .tag("scope", scope).register(registry);
  }

  @Override
  public Uni<ObjectNode> view(ScopeKey key, long now) {
    ScopeState state = cacheOf(key).getIfPresent(key.key());
    if (state == null) {
      return Uni.createFrom().item(new ScopeState(limits, now).view(key, windows, now));
    }
    synchronized (state) {
      return Uni.createFrom().item(state.view(key, windows, now));
    }
  }

  @Override
  public Uni<Reservation> commitAllow(Scopes scopes, CallRecord decided, List<Budget> budgets) {
    CallRecord call = shared(decided);
    ScopeState session = stateOf(scopes.session(), call.time());
    ScopeState run = stateOf(scopes.run(), call.time());
    ScopeState principal = stateOf(scopes.principal(), call.time());
    synchronized (session == null ? this : session) {
      synchronized (run == null ? this : run) {
        synchronized (principal == null ? this : principal) {
          for (Budget budget : budgets) {
            ScopeState scope = ScopeKey.SESSION.equals(budget.scope()) ? session
                : ScopeKey.RUN.equals(budget.scope()) ? run : principal;
            Reservation reservation = scope == null ? Reservation.GRANTED : scope.check(budget, call.time());
            if (!reservation.granted()) {
              return Uni.createFrom().item(reservation);
            }
          }
          for (ScopeState scope : new ScopeState[] {session, run, principal}) {
            if (scope != null) {
              scope.recordAllow(call);
            }
          }
        }
      }
    }
    boundSessionsOf(scopes, call.time());
    return Uni.createFrom().item(Reservation.GRANTED);
  }

  @Override
  public Uni<Void> recordDeny(Scopes scopes, CallRecord decided, List<QuarantineRule> rules) {
    CallRecord call = shared(decided);
    for (ScopeKey key : scopes.present()) {
      ScopeState state = stateOf(key, call.time());
      List<QuarantineRule> own = rules.stream().filter(r -> r.scope().equals(key.scope())).toList();
      synchronized (state) {
        state.recordDeny(call, own);
      }
    }
    boundSessionsOf(scopes, call.time());
    return Uni.createFrom().voidItem();
  }

  /**
   * Keeps the principal within {@code max-sessions-per-principal}, after a call was recorded in
   * its session and with no scope's monitor held (so never in the lock order of a commit). Keyed
   * by the verified principal, so a caller can only ever evict its own sessions. A quarantined
   * session goes last: a caller cannot shed one by opening fresh sessions until every session it
   * holds is quarantined. A principal's own quarantine is in its principal scope, never evicted
   * here.
   */
  private void boundSessionsOf(Scopes scopes, long now) {
    if (scopes.session() == null || scopes.principal() == null) {
      return;
    }
    PrincipalSessions own = sessionsOf.get(scopes.principal().key(), k -> new PrincipalSessions());
    String evicted;
    synchronized (own) {
      evicted = own.touch(scopes.session().key(), maxSessionsPerPrincipal,
          key -> sessions.policy().getIfPresentQuietly(key) != null, key -> quarantined(key, now));
    }
    if (evicted != null) {
      sessions.invalidate(evicted);
      boundEvictions.increment();
    }
  }

  /** Looked up quietly: choosing what to evict is no use of a session, and must not renew it. */
  private boolean quarantined(String sessionKey, long now) {
    ScopeState state = sessions.policy().getIfPresentQuietly(sessionKey);
    if (state == null) {
      return false;
    }
    synchronized (state) {
      return state.quarantined(now);
    }
  }

  @Override
  public Uni<ObjectNode> state(ScopeKey key, long now) {
    ScopeState state = cacheOf(key).getIfPresent(key.key());
    if (state == null) {
      return Uni.createFrom().nullItem();
    }
    synchronized (state) {
      return Uni.createFrom().item(state.view(key, windows, now));
    }
  }

  @Override
  public Uni<Boolean> claim(String session, String owner) {
    return Uni.createFrom().item(owners.get(session, k -> interner.intern(owner)).equals(owner));
  }

  @Override
  public Uni<Boolean> release(ScopeKey key) {
    ScopeState state = cacheOf(key).getIfPresent(key.key());
    if (state == null) {
      return Uni.createFrom().item(false);
    }
    synchronized (state) {
      return Uni.createFrom().item(state.release());
    }
  }

  /** Every answer is computed under a monitor on the calling thread, never waited for. */
  @Override
  public boolean completesImmediately() {
    return true;
  }

  /** Scopes held now, of each kind (for tests and the flood benchmark). */
  long size(String scope) {
    Cache<String, ScopeState> cache = cacheOf(scope);
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** The call with the strings every scope repeats shared, so a held scope keeps no copies of them. */
  private CallRecord shared(CallRecord call) {
    return new CallRecord(call.decisionId(), call.time(), interner.intern(call.tool()), interner.intern(call.actionClass()),
        call.allowed(), call.labels().stream().map(interner::intern).toList(),
        call.counters().stream().map(interner::intern).toList(), call.countsAsDeny());
  }

  private ScopeState stateOf(ScopeKey key, long now) {
    return key == null ? null : cacheOf(key).get(key.key(), k -> new ScopeState(limits, now));
  }

  private Cache<String, ScopeState> cacheOf(ScopeKey key) {
    return cacheOf(key.scope());
  }

  private Cache<String, ScopeState> cacheOf(String scope) {
    return ScopeKey.SESSION.equals(scope) ? sessions : ScopeKey.RUN.equals(scope) ? runs : principals;
  }
}
