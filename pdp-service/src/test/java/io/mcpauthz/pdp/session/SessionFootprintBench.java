package io.mcpauthz.pdp.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.management.ObjectName;

/**
 * What one session costs the in-memory store at its bound (not part of the test run;
 * docs/benchmarks.md, "Memory"): fills a store with {@code --sessions} sessions of one principal,
 * each claimed and holding one allowed call built as the decision path builds it (a fresh
 * decision id, tool name and obligation strings per call), then prints the live heap per
 * session after a full collection and the largest classes of the heap's histogram.
 *
 * <p>Options: {@code --sessions=50000 --top=15}.
 */
public final class SessionFootprintBench {

  private static final Budget PER_MINUTE = new Budget("calls", ScopeKey.SESSION, "all", Window.parse("1m"), 200);

  private SessionFootprintBench() {}

  public static void main(String[] args) throws Exception {
    int sessions = Integer.parseInt(option(args, "sessions", "50000"));
    int top = Integer.parseInt(option(args, "top", "15"));
    // one principal holding every session: its bound is raised to hold them all (and its index)
    TestSessionConfig config = new TestSessionConfig(sessions, "redis://127.0.0.1:6379", sessions);
    long before = liveHeap();
    MemorySessionStore store = new MemorySessionStore(config, SessionStoreProducer.windows(config), new SimpleMeterRegistry());
    ScopeKey principal = new ScopeKey(ScopeKey.PRINCIPAL, SessionKeys.hash(ScopeKey.PRINCIPAL, "alice"), "principal");
    for (int i = 0; i < sessions; i++) {
      String session = SessionKeys.hash(ScopeKey.SESSION, "bench-" + i);
      store.claim(SessionKeys.hash("session-id", "github\nbench-" + i), SessionKeys.hash(ScopeKey.PRINCIPAL, "alice"))
          .await().indefinitely();
      Scopes scopes = new Scopes(new ScopeKey(ScopeKey.SESSION, session, "mcp-session-id"), principal);
      store.commitAllow(scopes, call(System.currentTimeMillis()), List.of(PER_MINUTE)).await().indefinitely();
    }
    long after = liveHeap();
    System.out.printf(Locale.ROOT, "%d sessions held: %.1f MiB live, %.0f bytes per session (claim and state)%n",
        store.size(ScopeKey.SESSION), (after - before) / 1048576.0, (after - before) / (double) sessions);
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    histogram.lines().limit(top + 2L).forEach(System.out::println);
    System.out.println(store.size(ScopeKey.PRINCIPAL) > 0 ? "" : "no principal held");
  }

  /** The allow call of `./mcp-authz bench`, its strings fresh as if parsed from a decision. */
  private static CallRecord call(long now) {
    String server = new String("github");
    List<String> counters = new ArrayList<>(List.of(new String("all"), "class:" + "write", "tool:" + server + "/create_issue"));
    return new CallRecord(UUID.randomUUID().toString(), now, server + "/" + "create_issue", new String("write"), true,
        new ArrayList<>(), counters, true);
  }

  private static long liveHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String option(String[] args, String name, String fallback) {
    return Arrays.stream(args).filter(a -> a.startsWith("--" + name + "=")).map(a -> a.substring(name.length() + 3))
        .findFirst().orElse(fallback);
  }
}
