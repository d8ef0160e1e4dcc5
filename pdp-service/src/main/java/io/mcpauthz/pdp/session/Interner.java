package io.mcpauthz.pdp.session;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of the strings every scope repeats (tool names, action classes, counters,
 * labels, owners), so that 50 000 sessions do not hold 50 000 copies of {@code all}. Bounded:
 * tool names come from callers, so past {@link #MAX_ENTRIES} strings (or for a long one) the
 * caller's own copy is kept; a flood of names costs memory efficiency, never correctness.
 */
final class Interner {

  static final int MAX_ENTRIES = 4096;
  static final int MAX_LENGTH = 256;

  private final ConcurrentHashMap<String, String> pool = new ConcurrentHashMap<>();

  String intern(String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return value;
    }
    String shared = pool.get(value);
    if (shared != null) {
      return shared;
    }
    if (pool.size() >= MAX_ENTRIES) {
      return value;
    }
    String raced = pool.putIfAbsent(value, value);
    return raced == null ? value : raced;
  }
}
