package io.mcpauthz.pdp.session;

import java.util.function.Consumer;

/**
 * The last {@code capacity} calls of one scope, oldest first: a ring that grows to its capacity
 * as calls come (a scope with one call holds one slot), keeping of each call only what the view
 * shows. Not thread-safe: the owning {@link ScopeState} is locked.
 */
final class RecentCalls {

  /** What the view shows of a call: no labels or counter lists. */
  record Call(String decisionId, long time, String tool, String actionClass, boolean allowed) {}

  private static final Call[] EMPTY = {};

  private final int capacity;
  private Call[] calls = EMPTY;
  private int start;
  private int size;

  RecentCalls(int capacity) {
    this.capacity = capacity;
  }

  void add(Call call) {
    if (capacity == 0) {
      return;
    }
    if (size == calls.length && calls.length < capacity) {
      Call[] grown = new Call[Math.min(capacity, Math.max(1, calls.length * 2))];
      for (int i = 0; i < size; i++) {
        grown[i] = calls[(start + i) % calls.length];
      }
      calls = grown;
      start = 0;
    }
    if (size < calls.length) {
      calls[(start + size) % calls.length] = call;
      size++;
    } else {
      calls[start] = call;
      start = (start + 1) % calls.length;
    }
  }

  void forEach(Consumer<Call> action) {
    for (int i = 0; i < size; i++) {
      action.accept(calls[(start + i) % calls.length]);
    }
  }
}
