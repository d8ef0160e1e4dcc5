package io.mcpauthz.pdp.policy.wasm;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One way a compiled policy may read its input ({@link PlanReads}): at {@code path} (constant
 * keys, or {@link #ANY} for a key computed at evaluation), its existence and type, its keys, or
 * all of it.
 */
record InputRead(List<String> path, Kind kind) {

  static final String ANY = "*";

  /** How a path is read: existence and type, its keys (iteration, length), or all of it. */
  enum Kind { TOUCH, KEYS, WHOLE }

  /** Whether this read can see the field at {@code omitted}, or anything under it. */
  boolean sees(List<String> omitted) {
    int common = Math.min(path.size(), omitted.size());
    for (int i = 0; i < common; i++) {
      if (!path.get(i).equals(ANY) && !path.get(i).equals(omitted.get(i))) {
        return false;
      }
    }
    return switch (kind) {
      case TOUCH -> omitted.size() <= path.size();
      case KEYS -> omitted.size() <= path.size() + 1;
      case WHOLE -> true;
    };
  }

  /** Of the omitted paths (dotted), those some read may see, each with the first read that does. */
  static Map<String, InputRead> conflicts(Set<InputRead> reads, List<String> omitted) {
    Map<String, InputRead> seen = new HashMap<>();
    for (String path : omitted) {
      List<String> keys = List.of(path.split("\\."));
      reads.stream().filter(r -> r.sees(keys)).findFirst().ifPresent(r -> seen.put(path, r));
    }
    return seen;
  }

  @Override
  public String toString() {
    return (path.isEmpty() ? "input" : "input." + String.join(".", path)) + " (" + kind.name().toLowerCase(Locale.ROOT) + ")";
  }
}
