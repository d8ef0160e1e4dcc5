package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/**
 * State of one PDP process, bounded: at most {@code max-entries} scopes of each kind (least
 * recently used evicted, counted in {@code mcp_authz_session_evictions_total}), each forgotten
 * after {@code ttl} idle; at most {@code max-sessions-per-principal} sessions and {@code
 * max-runs-per-principal} runs of one principal (its own least recently used one evicted first, a
 * quarantined one last, counted in {@code mcp_authz_session_principal_bound_evictions_total}), so
 * that one signed-in caller opening fresh session ids or logging in again and again cannot push
 * other users' state out. A call holds its principal's {@link PrincipalBound} monitor, then the
 * session's, the run's and the principal's state's (always in that order, so two calls cannot
 * deadlock), for a few microseconds: on the event loop, no I/O.
 *
 * <p>An evicted state is marked under its monitor before the store lets go of it, so a call that
 * took it earlier records into the state that replaces it rather than into one nobody reads.
 */
public final class MemorySessionStore implements SessionStore {

  /** Tries of a call whose run another principal of the same user evicts meanwhile; then it fails closed. */
  private static final int ATTEMPTS = 3;
  private static final int PRINCIPAL_LOCKS = 1024;

  private final Cache<String, ScopeState> sessions;
  private final Cache<String, ScopeState> runs;
  private final Cache<String, ScopeState> principals;
  private final Cache<String, String> owners;
  private final Cache<String, PrincipalBound> bounds;
  /**
   * The monitor a principal's calls hold, by hash: not the {@link PrincipalBound} itself, which
   * {@code bounds} may let go of (full, idle) while a call holds it, so that the next call of the
   * principal would get another one and record beside it.
   */
  private final PrincipalLock[] principalLocks = new PrincipalLock[PRINCIPAL_LOCKS];

  /** A monitor of its own class, so that a thread dump names what a call waits for. */
  private static final class PrincipalLock {}
  private final int maxSessionsPerPrincipal;
  private final int maxRunsPerPrincipal;
  private final PrincipalBound.Evictions boundEvictions;
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
    this.bounds = Caffeine.newBuilder().maximumSize(config.maxEntries()).expireAfterAccess(config.ttl())
        .executor(Runnable::run).build();
    this.maxSessionsPerPrincipal = config.maxSessionsPerPrincipal();
    this.maxRunsPerPrincipal = config.maxRunsPerPrincipal();
    this.boundEvictions = new PrincipalBound.Evictions(registry);
    for (int i = 0; i < PRINCIPAL_LOCKS; i++) {
      principalLocks[i] = new PrincipalLock();
    }
  }

  /**
   * The eviction listener runs as Caffeine lets go of the state (full or idle) and marks it under
   * its monitor; no thread holds a state's monitor while it calls into a cache, so it cannot
   * deadlock.
   */
  private static Cache<String, ScopeState> cache(SessionConfig config, Counter evictions) {
    return Caffeine.newBuilder()
        .maximumSize(config.maxEntries())
        .expireAfterAccess(config.ttl())
        .executor(Runnable::run) // evict on the caller's thread: no pool, and a flood cannot outrun it
        .evictionListener((String key, ScopeState state, RemovalCause cause) -> {
          synchronized (state) {
            state.evict();
          }
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
    return recorded(scopes, call.time(), states -> {
      for (Budget budget : budgets) {
        ScopeState scope = states.get(budget.scope());
        Reservation reservation = scope == null ? Reservation.GRANTED : scope.check(budget, call.time());
        if (!reservation.granted()) {
          return reservation;
        }
      }
      states.forEach(state -> state.recordAllow(call));
      return Reservation.GRANTED;
    });
  }

  @Override
  public Uni<Void> recordDeny(Scopes scopes, CallRecord decided, List<QuarantineRule> rules) {
    CallRecord call = shared(decided);
    return recorded(scopes, call.time(), states -> {
      for (ScopeKey key : scopes.present()) {
        states.get(key.scope()).recordDeny(call, rules.stream().filter(r -> r.scope().equals(key.scope())).toList());
      }
      return Boolean.TRUE;
    }).replaceWithVoid();
  }

  /**
   * Runs {@code action} (which returns non-null) on the call's states, then keeps the principal
   * within its bounds, all under the principal's monitor ({@link #principalLocks}): no other call of
   * the principal records meanwhile, so the session the bound evicts is never one a call is
   * recording into. A run is shared by the clients of one user, each a principal of its own, so
   * another one may evict it meanwhile: then the call starts again on the run that replaces it.
   */
  private <T> Uni<T> recorded(Scopes scopes, long now, Function<CallStates, T> action) {
    try {
      if (scopes.principal() == null) {
        return Uni.createFrom().item(attempts(scopes, now, action));
      }
      String principal = scopes.principal().key();
      synchronized (principalLocks[Math.floorMod(principal.hashCode(), PRINCIPAL_LOCKS)]) {
        PrincipalBound bound = bounds.get(principal, k -> new PrincipalBound());
        T result = attempts(scopes, now, action);
        keepBound(bound, scopes, now);
        return Uni.createFrom().item(result);
      }
    } catch (IllegalStateException e) {
      return Uni.createFrom().failure(e);
    }
  }

  private <T> T attempts(Scopes scopes, long now, Function<CallStates, T> action) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      CallStates states = new CallStates(stateOf(scopes.session(), now), stateOf(scopes.run(), now),
          stateOf(scopes.principal(), now));
      T result = states.locked(action);
      if (result != null) {
        return result;
      }
    }
    throw new IllegalStateException("session state evicted while recording, " + ATTEMPTS + " times");
  }

  /**
   * Keeps the principal within {@code max-sessions-per-principal} and {@code
   * max-runs-per-principal}, after the call was recorded, under the principal's monitor but no
   * state's. Keyed by the verified principal, so a caller can only ever evict its own sessions
   * (and runs of its own user). A quarantined scope goes last: a caller cannot shed one by opening
   * fresh sessions or logging in again until every one it holds is quarantined. A principal's own
   * quarantine is in its principal scope, never evicted here.
   */
  private void keepBound(PrincipalBound bound, Scopes scopes, long now) {
    if (scopes.session() != null) {
      evict(sessions, ScopeKey.SESSION, bound.sessions.touch(scopes.session().key(), maxSessionsPerPrincipal,
          key -> sessions.policy().getIfPresentQuietly(key) != null, key -> quarantined(sessions, key, now)));
    }
    if (scopes.run() != null) {
      evict(runs, ScopeKey.RUN, bound.runs.touch(scopes.run().key(), maxRunsPerPrincipal,
          key -> runs.policy().getIfPresentQuietly(key) != null, key -> quarantined(runs, key, now)));
    }
  }

  /** Marks the state under its monitor, then lets go of it (unless another took its place). */
  private void evict(Cache<String, ScopeState> cache, String scope, String key) {
    ScopeState state = key == null ? null : cache.policy().getIfPresentQuietly(key);
    if (state == null) {
      return;
    }
    synchronized (state) {
      state.evict();
    }
    cache.asMap().remove(key, state);
    boundEvictions.count(scope, 1);
  }

  /** Looked up quietly: choosing what to evict is no use of a scope, and must not renew it. */
  private static boolean quarantined(Cache<String, ScopeState> cache, String key, long now) {
    ScopeState state = cache.policy().getIfPresentQuietly(key);
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

  /** The state held for a scope, if any, not renewing it (for tests that hold its monitor). */
  ScopeState held(ScopeKey key) {
    return cacheOf(key).policy().getIfPresentQuietly(key.key());
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

  /** The scope's state; one marked evicted but not yet let go of is replaced, as if it were gone. */
  private ScopeState stateOf(ScopeKey key, long now) {
    if (key == null) {
      return null;
    }
    Cache<String, ScopeState> cache = cacheOf(key);
    ScopeState state = cache.get(key.key(), k -> new ScopeState(limits, now));
    return !state.evicted() ? state : cache.asMap().compute(key.key(),
        (k, held) -> held == null || held.evicted() ? new ScopeState(limits, now) : held);
  }

  private Cache<String, ScopeState> cacheOf(ScopeKey key) {
    return cacheOf(key.scope());
  }

  private Cache<String, ScopeState> cacheOf(String scope) {
    return ScopeKey.SESSION.equals(scope) ? sessions : ScopeKey.RUN.equals(scope) ? runs : principals;
  }
}
