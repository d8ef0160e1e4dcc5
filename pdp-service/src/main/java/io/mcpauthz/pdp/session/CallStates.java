package io.mcpauthz.pdp.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The in-memory states one call records into: its session's, its run's and its principal's, null
 * where the call has no such scope. {@link #locked} takes their monitors in that order, the lock
 * order of the in-memory store.
 */
record CallStates(ScopeState session, ScopeState run, ScopeState principal) {

  ScopeState get(String scope) {
    return ScopeKey.SESSION.equals(scope) ? session : ScopeKey.RUN.equals(scope) ? run : principal;
  }

  void forEach(Consumer<ScopeState> action) {
    for (ScopeState state : new ScopeState[] {session, run, principal}) {
      if (state != null) {
        action.accept(state);
      }
    }
  }

  /**
   * Runs {@code action} (which returns non-null) holding every state's monitor; null, without
   * running it, when one of them was evicted since it was looked up: the caller looks them up
   * again and records into the state that took its place.
   */
  <T> T locked(Function<CallStates, T> action) {
    List<ScopeState> present = new ArrayList<>(3);
    forEach(present::add);
    return locked(present, 0, () -> present.stream().anyMatch(ScopeState::evicted) ? null : action.apply(this));
  }

  private static <T> T locked(List<ScopeState> states, int from, Supplier<T> action) {
    if (from == states.size()) {
      return action.get();
    }
    synchronized (states.get(from)) {
      return locked(states, from + 1, action);
    }
  }
}
