package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is remembered of one scope (docs/input.md, "session"): counters, labels with the decision
 * that first brought each, the last calls, denies and quarantine. Not thread-safe: callers hold
 * its monitor for a whole check-and-record. Compact, since the in-memory store holds up to
 * {@code max-entries} of them: what a scope has not used yet (labels, denies) is not allocated.
 */
final class ScopeState {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final EventLog NO_EVENTS = new EventLog(0);

  private final Limits limits;
  private final long firstSeen;
  private long lastSeen;
  private final Counters counters = new Counters();
  private Map<String, LabelMark> labels;
  private final RecentCalls recent;
  private EventLog denies;
  private Quarantine quarantine;
  /** Set under the monitor as the store lets go of it; read by a call before it records. */
  private volatile boolean evicted;

  /** Bounds of one scope's state. */
  record Limits(int maxEvents, int maxCounters, int recentCalls) {}

  record LabelMark(String decisionId, long time, String tool) {}

  record Quarantine(long until, String reason, String decisionId) {}

  ScopeState(Limits limits, long now) {
    this.limits = limits;
    this.firstSeen = now;
    this.lastSeen = now;
    this.recent = new RecentCalls(limits.recentCalls());
  }

  /** Would one more call stay within the budget? A counter that cannot be kept fails closed. */
  Reservation check(Budget budget, long now) {
    EventLog log = counters.get(budget.counter());
    if (log == null) {
      return counters.size() < limits.maxCounters() ? Reservation.GRANTED
          : new Reservation(budget, 0, budget.window().retryAfterSeconds(now, now));
    }
    long used = log.count(budget.window(), now);
    if (used < budget.limit()) {
      return Reservation.GRANTED;
    }
    return new Reservation(budget, used, budget.window().retryAfterSeconds(log.oldestWithin(budget.window(), now), now));
  }

  void recordAllow(CallRecord call) {
    touch(call);
    for (String counter : call.counters()) {
      EventLog log = counters.get(counter);
      if (log == null && counters.size() < limits.maxCounters()) {
        log = new EventLog(limits.maxEvents());
        counters.put(counter, log);
      }
      if (log != null) {
        log.add(call.time());
      }
    }
    for (String label : call.labels()) {
      if (labels == null) {
        labels = new TreeMap<>();
      }
      labels.putIfAbsent(label, new LabelMark(call.decisionId(), call.time(), call.tool()));
    }
  }

  /** Counts a deny; the first rule whose threshold it reaches quarantines the scope. */
  void recordDeny(CallRecord call, List<QuarantineRule> rules) {
    touch(call);
    if (!call.countsAsDeny()) {
      return;
    }
    if (denies == null) {
      denies = new EventLog(limits.maxEvents());
    }
    denies.add(call.time());
    if (quarantined(call.time())) {
      return;
    }
    for (QuarantineRule rule : rules) {
      if (denies.count(rule.window(), call.time()) >= rule.denies()) {
        quarantine = new Quarantine(call.time() + rule.forMillis(),
            rule.denies() + " denies within " + rule.window().name(), call.decisionId());
        return;
      }
    }
  }

  boolean quarantined(long now) {
    return quarantine != null && quarantine.until() > now;
  }

  /**
   * The store no longer holds this state: a call that took it before and records after must
   * record into the state that took its place instead (its labels and counters would be lost
   * with this one). Callers hold the monitor.
   */
  void evict() {
    evicted = true;
  }

  boolean evicted() {
    return evicted;
  }

  /** An operator's release: the quarantine ends and the denies that led to it are forgotten. */
  boolean release() {
    boolean was = quarantine != null;
    quarantine = null;
    denies = null;
    return was;
  }

  private void touch(CallRecord call) {
    lastSeen = Math.max(lastSeen, call.time());
    recent.add(new RecentCalls.Call(call.decisionId(), call.time(), call.tool(), call.actionClass(), call.allowed()));
  }

  /** The scope as the policy sees it (input.session / input.principal). */
  ObjectNode view(ScopeKey key, List<Window> windows, long now) {
    ObjectNode view = JSON.objectNode().put("available", true)
        .put("key", key.key()).put("key_source", key.source())
        .put("first_seen", IsoTime.of(firstSeen)).put("last_seen", IsoTime.of(lastSeen));
    ObjectNode counts = view.putObject("counters");
    counters.forEach((name, log) -> counts.set(name, windowCounts(log, windows, now)));
    ObjectNode marks = view.putObject("labels");
    (labels == null ? Map.<String, LabelMark>of() : labels).forEach((label, mark) -> marks.putObject(label)
        .put("decision_id", mark.decisionId()).put("time", IsoTime.of(mark.time())).put("tool", mark.tool()));
    recent.forEach(call -> view.withArray("recent").addObject()
        .put("time", IsoTime.of(call.time())).put("decision_id", call.decisionId()).put("tool", call.tool())
        .put("class", call.actionClass()).put("decision", call.allowed() ? "allow" : "deny"));
    view.withArray("recent");
    view.set("denies", windowCounts(denies == null ? NO_EVENTS : denies, windows, now));
    ObjectNode q = view.putObject("quarantine").put("active", quarantined(now));
    if (quarantined(now)) {
      q.put("until", IsoTime.of(quarantine.until())).put("reason", quarantine.reason()).put("decision_id", quarantine.decisionId());
    }
    return view;
  }

  private static ObjectNode windowCounts(EventLog log, List<Window> windows, long now) {
    ObjectNode counts = JSON.objectNode();
    windows.forEach(w -> counts.put(w.name(), log.count(w, now)));
    return counts;
  }
}
