package io.mcpauthz.audit.projection;

import java.util.concurrent.atomic.AtomicLong;

/** What one projection's thread last did, for readiness and the lag gauge; written by that thread. */
public final class ProjectionStatus {

  public enum State {
    STARTING, CONNECTING, SUBSCRIBED, ASSIGNED, RETRYING, STOPPED
  }

  private final Projection projection;
  private volatile State state = State.STARTING;
  private volatile String lastError;
  private final AtomicLong lag = new AtomicLong(-1);

  ProjectionStatus(Projection projection) {
    this.projection = projection;
  }

  public Projection projection() {
    return projection;
  }

  public State state() {
    return state;
  }

  /**
   * Ready once the group has handed this projection its partitions (possibly none) and, after a
   * failure, a poll has gone through again: a topic that refuses every batch keeps it not ready
   * instead of flapping with each reassignment.
   */
  public boolean ready() {
    return state == State.ASSIGNED && lastError == null;
  }

  /** The error code of the last failure, null once a poll has gone through again. */
  public String lastError() {
    return lastError;
  }

  /** Records of the decisions topic not yet projected, over the assigned partitions; -1 while unknown. */
  public long lag() {
    return lag.get();
  }

  void state(State newState) {
    state = newState;
  }

  /** A poll and its batch went through: produced and committed, or nothing to do. */
  void polled() {
    lastError = null;
  }

  void failed(String errorCode) {
    lastError = errorCode;
    state = State.RETRYING;
  }

  void lag(long value) {
    lag.set(value);
  }
}
