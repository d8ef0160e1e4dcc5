package io.mcpauthz.pdp.session;

/**
 * The times (epoch ms) of the last {@code capacity} events of one counter, oldest first, plus
 * the total ever counted. Counts in a window are exact while they do not exceed the capacity;
 * a budget's limit must therefore not exceed it. Grows lazily, so a counter with one call holds
 * one slot. Not thread-safe: the owning {@link ScopeState} is locked.
 */
final class EventLog {

  private final int capacity;
  private long[] times = new long[1];
  private int start;
  private int size;
  private long total;

  EventLog(int capacity) {
    this.capacity = capacity;
  }

  void add(long time) {
    total++;
    if (size == times.length && times.length < capacity) {
      long[] grown = new long[Math.min(capacity, times.length * 2)];
      for (int i = 0; i < size; i++) {
        grown[i] = at(i);
      }
      times = grown;
      start = 0;
    }
    if (size < times.length) {
      times[(start + size) % times.length] = time;
      size++;
    } else {
      times[start] = time;
      start = (start + 1) % times.length;
    }
  }

  long total() {
    return total;
  }

  /** Events within the window ending now; {@link #total()} for the total window. */
  long count(Window window, long now) {
    if (window.total()) {
      return total;
    }
    long since = now - window.millis();
    long count = 0;
    for (int i = size - 1; i >= 0 && at(i) > since; i--) {
      count++;
    }
    return count;
  }

  /** The oldest event still inside the window (for retry-after), or {@code now}. */
  long oldestWithin(Window window, long now) {
    long since = now - window.millis();
    for (int i = 0; i < size; i++) {
      if (at(i) > since) {
        return at(i);
      }
    }
    return now;
  }

  private long at(int i) {
    return times[(start + i) % times.length];
  }
}
