package io.mcpauthz.pdp.session;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The last {@code capacity} calls of one scope, oldest first: an array that grows to its capacity
 * as calls come (a scope with one call holds one slot), keeping of each call only what the view
 * shows. Not thread-safe: the owning {@link ScopeState} is locked.
 */
final class RecentCalls {

  /** What the view shows of a call: no labels or counter lists. */
  record Call(String decisionId, long time, String tool, String actionClass, boolean allowed) {}

  private static final Call[] EMPTY = {};

  private final int capacity;
  private Call[] calls = EMPTY;
  private int size;

  RecentCalls(int capacity) {
    this.capacity = capacity;
  }

  /** Appends; past the capacity the oldest call drops out (a shift of at most {@code recent-calls} slots). */
  void add(Call call) {
    if (capacity == 0) {
      return;
    }
    if (size == capacity) {
      System.arraycopy(calls, 1, calls, 0, size - 1);
      size--;
    } else if (size == calls.length) {
      calls = Arrays.copyOf(calls, Math.min(capacity, Math.max(1, size * 2)));
    }
    calls[size++] = call;
  }

  void forEach(Consumer<Call> action) {
    for (int i = 0; i < size; i++) {
      action.accept(calls[i]);
    }
  }
}
