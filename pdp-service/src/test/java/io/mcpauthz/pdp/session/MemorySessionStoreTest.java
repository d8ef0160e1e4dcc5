package io.mcpauthz.pdp.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class MemorySessionStoreTest extends SessionStoreContractTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Override
  SessionStore newStore(int maxSessionsPerPrincipal, int maxRunsPerPrincipal) {
    return store(50_000, maxSessionsPerPrincipal, maxRunsPerPrincipal);
  }

  @Override
  double principalBoundEvictions(String scope) {
    return registry.get("mcp_authz_session_principal_bound_evictions").tag("scope", scope).counter().count();
  }

  private MemorySessionStore store(int maxEntries, int maxSessionsPerPrincipal) {
    return store(maxEntries, maxSessionsPerPrincipal, 64);
  }

  private MemorySessionStore store(int maxEntries, int maxSessionsPerPrincipal, int maxRunsPerPrincipal) {
    TestSessionConfig config = new TestSessionConfig(maxEntries, "redis://127.0.0.1:6379", maxSessionsPerPrincipal,
        maxRunsPerPrincipal);
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

  /** Runs {@code call} on a thread of its own, and waits until it blocks on the monitor {@code lock} names. */
  private static FutureTask<Object> blockedOn(Callable<Object> call, Predicate<LockInfo> lock) {
    FutureTask<Object> task = new FutureTask<>(call);
    Thread thread = new Thread(task);
    thread.start();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      ThreadInfo info = threads.getThreadInfo(thread.getId());
      return task.isDone() || info != null && info.getThreadState() == Thread.State.BLOCKED
          && info.getLockInfo() != null && lock.test(info.getLockInfo());
    });
    assertThat(task.isDone()).as("blocked, not done").isFalse();
    return task;
  }

  /**
   * A call into the principal's least recently used session, held up before it records (here:
   * on its run's monitor), while a call in a fresh session of the principal keeps the bound. The
   * session being recorded into must not be the one evicted: its call would be lost with it,
   * though the session is the principal's most recently used. Threads are held on monitors and
   * released in a fixed order, no sleeps.
   */
  @Test
  void shouldNeverEvictTheSessionACallIsRecordingInto() throws Exception {
    MemorySessionStore store = store(50_000, 2);
    long now = 1_795_676_400_000L;
    ScopeKey raced = new ScopeKey(ScopeKey.SESSION, "raced", "mcp-session-id");
    ScopeKey other = new ScopeKey(ScopeKey.SESSION, "other", "mcp-session-id");
    ScopeKey fresh = new ScopeKey(ScopeKey.SESSION, "fresh", "mcp-session-id");
    store.commitAllow(new Scopes(raced, run, principal), allowed("d-1", now), List.of()).await().indefinitely();
    store.commitAllow(new Scopes(other, run, principal), allowed("d-2", now + 1), List.of()).await().indefinitely();

    ScopeState runState = store.held(run);
    FutureTask<Object> recording;
    FutureTask<Object> bounding;
    synchronized (runState) {
      recording = blockedOn(() -> store.commitAllow(new Scopes(raced, run, principal),
          allowed("d-raced", now + 2, "private_data"), List.of()).await().indefinitely(),
          lock -> lock.getIdentityHashCode() == System.identityHashCode(runState));
      bounding = blockedOn(() -> store.commitAllow(new Scopes(fresh, principal), allowed("d-fresh", now + 3),
          List.of()).await().indefinitely(), lock -> lock.getClassName().startsWith("io.mcpauthz.pdp.session."));
    }
    recording.get();
    bounding.get();

    ObjectNode recorded = store.state(raced, now + 4).await().indefinitely();
    assertThat(recorded).as("the session just recorded into").isNotNull();
    assertThat(recorded.path("labels").path("private_data").path("decision_id").asText()).isEqualTo("d-raced");
    assertThat(store.state(other, now + 4).await().indefinitely()).as("the least recently used").isNull();
    assertThat(store.state(fresh, now + 4).await().indefinitely()).isNotNull();
    assertThat(principalBoundEvictions()).isEqualTo(1);
  }

  /**
   * A run is shared by the clients of one user (each a principal): one client's bound may evict
   * it while another's call holds it, before recording. That call records into the run that
   * replaces it, not into the evicted one nobody reads.
   */
  @Test
  void shouldRecordIntoTheRunThatReplacesOneAnotherClientEvictedMeanwhile() throws Exception {
    MemorySessionStore store = store(50_000, 64, 1);
    long now = 1_795_676_400_000L;
    ScopeKey otherClient = new ScopeKey(ScopeKey.PRINCIPAL, "other-client-" + principal.key(), "principal");
    ScopeKey otherClientsSession = new ScopeKey(ScopeKey.SESSION, "other-client-session", "mcp-session-id");
    store.commitAllow(new Scopes(session, run, principal), allowed("d-1", now), List.of()).await().indefinitely();
    store.commitAllow(new Scopes(otherClientsSession, run, otherClient), allowed("d-2", now + 1), List.of())
        .await().indefinitely();
    ScopeState evictedRun = store.held(run);

    ScopeState sessionState = store.held(session);
    FutureTask<Object> recording;
    synchronized (sessionState) {
      recording = blockedOn(() -> store.commitAllow(new Scopes(session, run, principal),
          allowed("d-raced", now + 2, "private_data"), List.of()).await().indefinitely(),
          lock -> lock.getIdentityHashCode() == System.identityHashCode(sessionState));
      // the other client's next login: its bound of one run evicts the shared one
      store.commitAllow(new Scopes(otherClientsSession, new ScopeKey(ScopeKey.RUN, "next-login", "sid"), otherClient),
          allowed("d-3", now + 3), List.of()).await().indefinitely();
      assertThat(store.held(run)).isNull();
    }
    recording.get();

    assertThat(store.held(run)).isNotSameAs(evictedRun);
    assertThat(store.state(run, now + 4).await().indefinitely().path("labels").path("private_data")
        .path("decision_id").asText()).isEqualTo("d-raced");
    assertThat(principalBoundEvictions(ScopeKey.RUN)).isEqualTo(1);
  }
}
