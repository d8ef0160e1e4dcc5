package io.mcpauthz.audit.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What the consumer and writer threads last did, for readiness and metrics; written by those threads only. */
@ApplicationScoped
public class ConsumerStatus {

  public enum State {
    STARTING, CONNECTING, SUBSCRIBED, ASSIGNED, RETRYING, STOPPED
  }

  private volatile State state = State.STARTING;
  private volatile Instant lastIndexedAt;
  private volatile String lastError;
  private final AtomicLong lag = new AtomicLong(-1);
  private final AtomicLong partitions = new AtomicLong();

  public State state() {
    return state;
  }

  /** Ready once the group has handed this consumer its partitions (possibly none). */
  public boolean ready() {
    return state == State.ASSIGNED;
  }

  public Instant lastIndexedAt() {
    return lastIndexedAt;
  }

  public String lastError() {
    return lastError;
  }

  /** Records behind the log end over the assigned partitions, -1 while unknown. */
  public long lag() {
    return lag.get();
  }

  public long partitions() {
    return partitions.get();
  }

  void state(State newState) {
    state = newState;
    if (newState == State.ASSIGNED) {
      lastError = null;
    }
  }

  void assigned(int count) {
    partitions.set(count);
    state(State.ASSIGNED);
  }

  void failed(String errorCode) {
    lastError = errorCode;
    state = State.RETRYING;
  }

  void indexed(Instant at) {
    lastIndexedAt = at;
  }

  void lag(long value) {
    lag.set(value);
  }
}
