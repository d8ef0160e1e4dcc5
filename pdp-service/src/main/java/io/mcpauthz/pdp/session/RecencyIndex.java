package io.mcpauthz.pdp.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Predicate;

/**
 * The keys of one scope kind (sessions or runs) one principal has recorded calls in, least
 * recently used first, so that the in-memory store can hold at most {@code
 * max-sessions-per-principal} sessions and {@code max-runs-per-principal} runs of it. Not
 * thread-safe: the store holds the principal's {@link PrincipalBound} monitor.
 */
final class RecencyIndex {

  private final LinkedHashMap<String, Boolean> keys = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * Marks {@code scope} as used now; when that makes one too many, picks the key to drop:
   * the least recently used one that is not quarantined, else (every other one is) the least
   * recently used. A key {@code held} no longer knows (evicted or expired by the store) is
   * dropped on the way, without counting.
   *
   * @return the key to evict, or null when the principal is within its bound
   */
  String touch(String scope, int max, Predicate<String> held, Predicate<String> quarantined) {
    keys.put(scope, Boolean.TRUE);
    if (keys.size() <= max) {
      return null;
    }
    String fallback = null;
    for (Iterator<String> it = keys.keySet().iterator(); it.hasNext(); ) {
      String key = it.next();
      if (key.equals(scope)) {
        continue;
      }
      if (!held.test(key)) {
        it.remove();
        if (keys.size() <= max) {
          return null;
        }
      } else if (!quarantined.test(key)) {
        it.remove();
        return key;
      } else if (fallback == null) {
        fallback = key;
      }
    }
    if (fallback != null) {
      keys.remove(fallback);
    }
    return fallback;
  }

  int size() {
    return keys.size();
  }
}
