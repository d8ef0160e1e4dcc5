package io.mcpauthz.pdp.session;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The counters of one scope, in the order they were first counted: two small arrays searched
 * linearly (a scope has a handful, at most {@code max-counters}), not a map with an entry object
 * per counter. Not thread-safe: the owning {@link ScopeState} is locked.
 */
final class Counters {

  private static final String[] NO_NAMES = {};
  private static final EventLog[] NO_LOGS = {};

  private String[] names = NO_NAMES;
  private EventLog[] logs = NO_LOGS;
  private int size;

  int size() {
    return size;
  }

  EventLog get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return logs[i];
      }
    }
    return null;
  }

  void put(String name, EventLog log) {
    if (size == names.length) {
      names = Arrays.copyOf(names, Math.max(2, size * 2));
      logs = Arrays.copyOf(logs, names.length);
    }
    names[size] = name;
    logs[size] = log;
    size++;
  }

  void forEach(BiConsumer<String, EventLog> action) {
    for (int i = 0; i < size; i++) {
      action.accept(names[i], logs[i]);
    }
  }
}
