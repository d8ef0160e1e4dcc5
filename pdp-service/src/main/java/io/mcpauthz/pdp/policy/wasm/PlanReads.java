package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pdp.policy.wasm.InputRead.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which parts of the input a compiled policy may read, from its OPA plan ({@code opa build -t
 * plan}: the intermediate form the Wasm module is compiled from). A flow-insensitive walk: every
 * local holds the input paths it may alias (through assignments, object and array literals,
 * function calls and returns); a path is read when a value aliasing it is compared, passed to a
 * builtin, iterated, tested or returned as the result. A key that is not a constant is a
 * wildcard, so {@code input[x]} or {@code walk(input)} reads everything. Conservative: it may
 * report a read the policy never makes, never miss one it makes. A statement it does not know
 * fails the check.
 */
final class PlanReads {

  static final String ANY = InputRead.ANY;
  private static final int MAX_DEPTH = 24;

  /** A local holds {@code input.<path>} at {@code within} inside itself (empty: it is that value). */
  private record Alias(List<String> path, List<String> within) {}

  /**
   * What the locals of one function hold at one point: their aliases, and the array literals of
   * constants being built (the paths of {@code object.get}).
   */
  private static final class Env {
    final Map<Integer, Set<Alias>> values = new HashMap<>();
    final Map<Integer, List<String>> arrays = new HashMap<>();

    Env copy() {
      Env copy = new Env();
      copy.values.putAll(values);
      arrays.forEach((local, keys) -> copy.arrays.put(local, new ArrayList<>(keys)));
      return copy;
    }
  }

  /** One block being walked: its locals now, and every value any local took in it. */
  private record Scope(String fn, Env env, Map<Integer, Set<Alias>> taken) {}

  private final List<String> strings = new ArrayList<>();
  private final Map<String, JsonNode> funcs = new HashMap<>();
  private final Map<String, Map<Integer, Set<Alias>>> params = new HashMap<>();
  private final Map<String, Set<Alias>> returns = new HashMap<>();
  private final Set<InputRead> reads = new LinkedHashSet<>();
  private boolean changed;

  private PlanReads(JsonNode plan) {
    plan.path("static").path("strings").forEach(s -> strings.add(s.path("value").asText()));
    plan.path("funcs").path("funcs").forEach(f -> funcs.put(f.path("name").asText(), f));
  }

  /**
   * The reads of the plan named {@code entrypoint} and of every function it may call.
   *
   * @throws IllegalArgumentException when the plan lacks the entrypoint or holds a statement this
   *     walk does not know
   */
  static Set<InputRead> of(JsonNode plan, String entrypoint) {
    PlanReads walk = new PlanReads(plan);
    JsonNode main = null;
    for (JsonNode p : plan.path("plans").path("plans")) {
      if (p.path("name").asText().equals(entrypoint)) {
        main = p;
      }
    }
    if (main == null) {
      throw new IllegalArgumentException("the plan has no entrypoint " + entrypoint);
    }
    walk.params.computeIfAbsent(entrypoint, k -> new HashMap<>()).put(0, Set.of(new Alias(List.of(), List.of())));
    Map<String, JsonNode> bodies = new HashMap<>(walk.funcs);
    bodies.put(entrypoint, main);
    do {
      walk.changed = false;
      bodies.forEach(walk::function);
    } while (walk.changed);
    return walk.reads;
  }

  /** A function's blocks run one after the other; each may break out early. */
  private void function(String fn, JsonNode body) {
    Env env = new Env();
    env.values.putAll(params.getOrDefault(fn, Map.of()));
    body.path("blocks").forEach(b -> block(fn, b, env, null));
  }

  /**
   * Walks a block in order (a write replaces what a local held), then leaves {@code env} with
   * everything any local took inside it: the block may have stopped anywhere, or never run.
   */
  private void block(String fn, JsonNode block, Env env, Scope outer) {
    Scope scope = new Scope(fn, env.copy(), new HashMap<>());
    for (JsonNode s : block.path("stmts")) {
      statement(scope, s.path("type").asText(), s.path("stmt"));
    }
    scope.taken().forEach((local, aliases) -> {
      env.values.merge(local, aliases, PlanReads::union);
      env.arrays.remove(local);
      if (outer != null) {
        outer.taken().merge(local, aliases, PlanReads::union);
      }
    });
  }

  private void statement(Scope s, String type, JsonNode stmt) {
    switch (type) {
      case "AssignVarStmt", "AssignVarOnceStmt" -> set(s, local(stmt.path("target")), get(s, stmt.path("source")));
      case "DotStmt" -> dot(s, stmt.path("source"), stmt.path("key"), local(stmt.path("target")));
      case "ScanStmt" -> scan(s, stmt);
      case "CallStmt" -> call(s, stmt);
      case "ReturnLocalStmt" -> returned(s.fn(), get(s, stmt.path("source")));
      case "MakeArrayStmt" -> {
        set(s, local(stmt.path("target")), Set.of());
        s.env().arrays.put(local(stmt.path("target")), new ArrayList<>());
      }
      case "ArrayAppendStmt" -> append(s, stmt);
      case "ObjectInsertStmt" -> insert(s, stmt, false);
      case "ObjectInsertOnceStmt" -> insert(s, stmt, true);
      case "IsDefinedStmt", "IsUndefinedStmt", "IsArrayStmt", "IsObjectStmt", "IsSetStmt" ->
          read(get(s, stmt.path("source")), Kind.TOUCH);
      case "LenStmt" -> {
        read(get(s, stmt.path("source")), Kind.KEYS);
        set(s, local(stmt.path("target")), Set.of());
      }
      case "EqualStmt", "NotEqualStmt" -> compare(s, stmt.path("a"), stmt.path("b"));
      case "SetAddStmt", "ResultSetAddStmt" -> read(get(s, stmt.path("value")), Kind.WHOLE);
      case "ObjectMergeStmt" -> {
        read(get(s, stmt.path("a")), Kind.WHOLE);
        read(get(s, stmt.path("b")), Kind.WHOLE);
        set(s, local(stmt.path("target")), Set.of());
      }
      case "WithStmt" -> {
        read(get(s, stmt.path("value")), Kind.WHOLE);
        block(s.fn(), stmt.path("block"), s.env(), s);
      }
      case "CallDynamicStmt" -> {
        stmt.path("args").forEach(a -> read(get(s, a), Kind.WHOLE));
        set(s, local(stmt.path("result")), Set.of());
      }
      case "BlockStmt" -> stmt.path("blocks").forEach(b -> block(s.fn(), b, s.env(), s));
      case "NotStmt" -> block(s.fn(), stmt.path("block"), s.env(), s);
      case "ResetLocalStmt", "AssignIntStmt", "MakeNullStmt", "MakeNumberIntStmt", "MakeNumberRefStmt",
          "MakeObjectStmt", "MakeSetStmt" -> set(s, local(stmt.path("target")), Set.of());
      case "BreakStmt", "NopStmt" -> { }
      default -> throw new IllegalArgumentException("the plan holds a statement the input check does not know: " + type);
    }
  }

  /** Equal to a constant (a bool, a string): whether the value is that one, not what is inside it. */
  private void compare(Scope s, JsonNode a, JsonNode b) {
    boolean constant = local(a) < 0 || local(b) < 0;
    read(get(s, a), constant ? Kind.TOUCH : Kind.WHOLE);
    read(get(s, b), constant ? Kind.TOUCH : Kind.WHOLE);
  }

  /** {@code target = source[key]}: a constant key narrows the path, any other is a wildcard read whole. */
  private void dot(Scope s, JsonNode source, JsonNode key, int target) {
    read(get(s, key), Kind.WHOLE);
    String k = constant(key);
    Set<Alias> found = lookup(get(s, source), List.of(k == null ? ANY : k));
    set(s, target, found);
  }

  private void scan(Scope s, JsonNode stmt) {
    Set<Alias> values = new HashSet<>();
    for (Alias a : get(s, stmt.path("source"))) {
      if (a.within().isEmpty()) {
        reads.add(new InputRead(a.path(), Kind.KEYS));
        values.add(new Alias(append(a.path(), ANY), List.of()));
      } else {
        values.add(new Alias(a.path(), a.within().subList(1, a.within().size())));
      }
    }
    set(s, local(stmt.path("key")), Set.of());
    set(s, local(stmt.path("value")), values);
    for (int pass = 0; pass < 2; pass++) { // a local of one iteration may reach the next
      block(s.fn(), stmt.path("block"), s.env(), s);
    }
  }

  /**
   * A plan function: arguments flow into its parameters, its return value out. A builtin reads
   * its arguments whole, except {@code object.get} with a constant key or path, a lookup.
   */
  private void call(Scope s, JsonNode stmt) {
    String name = stmt.path("func").asText();
    JsonNode args = stmt.path("args");
    int result = local(stmt.path("result"));
    JsonNode callee = funcs.get(name);
    if (callee != null) {
      JsonNode declared = callee.path("params");
      Map<Integer, Set<Alias>> into = params.computeIfAbsent(name, k -> new HashMap<>());
      for (int i = 0; i < args.size() && i < declared.size(); i++) {
        Set<Alias> arg = get(s, args.get(i));
        Set<Alias> held = into.getOrDefault(declared.get(i).asInt(), Set.of());
        if (!held.containsAll(arg)) {
          into.put(declared.get(i).asInt(), union(held, arg));
          changed = true;
        }
      }
      set(s, result, returns.getOrDefault(name, Set.of()));
      return;
    }
    List<String> path = name.equals("object.get") && args.size() == 3 ? lookupPath(s, args.get(1)) : null;
    if (path == null) {
      args.forEach(a -> read(get(s, a), Kind.WHOLE));
      set(s, result, Set.of());
      return;
    }
    read(get(s, args.get(1)), Kind.WHOLE);
    set(s, result, union(lookup(get(s, args.get(0)), path), get(s, args.get(2))));
  }

  /** The keys of {@code object.get}'s second argument: one constant string, or an array literal. */
  private List<String> lookupPath(Scope s, JsonNode key) {
    String k = constant(key);
    if (k != null) {
      return List.of(k);
    }
    List<String> array = local(key) < 0 ? null : s.env().arrays.get(local(key));
    return array == null || array.isEmpty() ? null : List.copyOf(array);
  }

  /** The aliases at {@code keys}; whether the field is there shows (a failed lookup, a default). */
  private Set<Alias> lookup(Set<Alias> aliases, List<String> keys) {
    Set<Alias> found = descend(aliases, keys);
    found.forEach(a -> {
      if (a.within().isEmpty()) {
        reads.add(new InputRead(a.path(), Kind.TOUCH));
      }
    });
    return found;
  }

  private void append(Scope s, JsonNode stmt) {
    int array = local(stmt.path("array"));
    List<String> keys = s.env().arrays.get(array);
    if (keys != null) {
      String key = constant(stmt.path("value"));
      keys.add(key == null ? ANY : key);
    }
    s.taken().merge(array, Set.of(), PlanReads::union); // an outer block's literal is no longer known
    add(s, array, shift(get(s, stmt.path("value")), ANY));
  }

  private void insert(Scope s, JsonNode stmt, boolean once) {
    read(get(s, stmt.path("key")), Kind.WHOLE);
    Set<Alias> value = get(s, stmt.path("value"));
    if (once) {
      read(value, Kind.WHOLE); // a second insert compares the values
    }
    String k = constant(stmt.path("key"));
    add(s, local(stmt.path("object")), shift(value, k == null ? ANY : k));
  }

  /** What {@code aliases} hold at {@code keys}: a longer input path, or a part of a literal. */
  private static Set<Alias> descend(Set<Alias> aliases, List<String> keys) {
    Set<Alias> out = new HashSet<>();
    for (Alias a : aliases) {
      List<String> path = a.path();
      List<String> within = a.within();
      boolean matches = true;
      for (String key : keys) {
        if (within.isEmpty()) {
          path = append(path, key);
        } else if (within.get(0).equals(key) || within.get(0).equals(ANY) || key.equals(ANY)) {
          within = within.subList(1, within.size());
        } else {
          matches = false;
          break;
        }
      }
      if (matches) {
        out.add(new Alias(path, within));
      }
    }
    return out;
  }

  private static Set<Alias> shift(Set<Alias> aliases, String key) {
    Set<Alias> out = new HashSet<>();
    aliases.forEach(a -> {
      List<String> within = new ArrayList<>(a.within().size() + 1);
      within.add(key);
      within.addAll(a.within());
      out.add(new Alias(a.path(), List.copyOf(within)));
    });
    return out;
  }

  /** Inside a literal, only a whole read reaches the input it holds (not its type or length). */
  private void read(Set<Alias> aliases, Kind kind) {
    for (Alias a : aliases) {
      if (a.within().isEmpty() || kind == Kind.WHOLE) {
        reads.add(new InputRead(a.path(), kind));
      }
    }
  }

  /** A write: the local now holds {@code aliases} only. */
  private void set(Scope s, int local, Set<Alias> aliases) {
    if (local < 0) {
      return;
    }
    Set<Alias> bounded = bounded(aliases);
    s.env().values.put(local, bounded);
    s.env().arrays.remove(local);
    s.taken().merge(local, bounded, PlanReads::union);
  }

  /** An insert into an array or object literal: it holds {@code aliases} too. */
  private void add(Scope s, int local, Set<Alias> aliases) {
    if (local < 0 || aliases.isEmpty()) {
      return;
    }
    Set<Alias> bounded = bounded(aliases);
    s.env().values.merge(local, bounded, PlanReads::union);
    s.taken().merge(local, bounded, PlanReads::union);
  }

  private void returned(String fn, Set<Alias> aliases) {
    Set<Alias> held = returns.getOrDefault(fn, Set.of());
    if (!held.containsAll(aliases)) {
      returns.put(fn, union(held, bounded(aliases)));
      changed = true;
    }
  }

  /** An alias nested deeper than {@link #MAX_DEPTH} (a loop feeding a local into itself) is read whole instead. */
  private Set<Alias> bounded(Set<Alias> aliases) {
    Set<Alias> out = new HashSet<>();
    for (Alias a : aliases) {
      if (a.path().size() + a.within().size() > MAX_DEPTH) {
        reads.add(new InputRead(a.path().subList(0, Math.min(a.path().size(), MAX_DEPTH)), Kind.WHOLE));
      } else {
        out.add(a);
      }
    }
    return out;
  }

  /** A local's aliases; a constant operand aliases nothing. */
  private static Set<Alias> get(Scope s, JsonNode operand) {
    int local = local(operand);
    return local < 0 ? Set.of() : s.env().values.getOrDefault(local, Set.of());
  }

  private static Set<Alias> union(Set<Alias> a, Set<Alias> b) {
    if (b.isEmpty() || a.containsAll(b)) {
      return a;
    }
    Set<Alias> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  /** A local's number, from a plain number or an operand {@code {"type":"local"}}; -2 otherwise. */
  private static int local(JsonNode node) {
    if (node.isInt()) {
      return node.asInt();
    }
    return node.path("type").asText().equals("local") ? node.path("value").asInt() : -2;
  }

  private String constant(JsonNode operand) {
    return operand.path("type").asText().equals("string_index") ? strings.get(operand.path("value").asInt()) : null;
  }

  private static List<String> append(List<String> path, String key) {
    List<String> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(key);
    return List.copyOf(out);
  }
}
