package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * State shared by every PDP replica, in one Redis (not Cluster: a commit spans the session's,
 * the run's and the principal's keys). Each operation is one Lua script, so a commit's budget
 * checks and updates are atomic across replicas; every key carries the idle TTL. A principal
 * keeps at most {@code max-sessions-per-principal} sessions and {@code max-runs-per-principal}
 * runs, in the same scripts (bound.lua, on Redis's clock): Redis evicts nothing else, but one
 * caller opening fresh session ids or logging in again and again would otherwise fill its
 * memory. Calls are asynchronous
 * (Vert.x Redis client); a lost connection fails the call, and the caller fails closed.
 */
public final class RedisSessionStore implements SessionStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "mcp-authz:";

  private final Redis redis;
  private final SessionConfig config;
  private final List<Window> windows;
  private final ScopeState.Limits limits;
  private final Map<String, String> scripts;
  private final PrincipalBound.Evictions boundEvictions;

  public RedisSessionStore(Redis redis, SessionConfig config, List<Window> windows, MeterRegistry registry) {
    this.redis = redis;
    this.config = config;
    this.windows = windows;
    this.limits = new ScopeState.Limits(config.maxEvents(), config.maxCounters(), config.recentCalls());
    // the bound is a function of both scripts that record calls, run within them
    this.scripts = Map.of("commit", script("bound") + script("commit"), "deny", script("bound") + script("deny"),
        "view", script("view"), "release", script("release"), "claim", script("claim"));
    this.boundEvictions = new PrincipalBound.Evictions(registry);
  }

  @Override
  public Uni<ObjectNode> view(ScopeKey key, long now) {
    return state(key, now).map(state -> state != null ? state : new ScopeState(limits, now).view(key, windows, now));
  }

  @Override
  public Uni<ObjectNode> state(ScopeKey key, long now) {
    List<String> args = new ArrayList<>(List.of(String.valueOf(now)));
    windows.forEach(w -> args.addAll(List.of(w.name(), String.valueOf(w.total() ? -1 : w.millis()))));
    return eval("view", List.of(prefix(key)), args)
        .map(response -> response == null ? null : RedisViews.view(key, read(response.toString()), windows, now));
  }

  @Override
  public Uni<Reservation> commitAllow(Scopes scopes, CallRecord call, List<Budget> budgets) {
    List<ScopeKey> present = scopes.present();
    List<String> args = new ArrayList<>(common(call));
    args.add(String.valueOf(config.maxCounters()));
    args.add(call.decisionId());
    args.add(RedisViews.recentJson(call));
    args.add(RedisViews.markJson(call));
    addList(args, call.labels());
    addList(args, call.counters());
    args.add(String.valueOf(budgets.size()));
    for (Budget budget : budgets) {
      args.add(String.valueOf(present.indexOf(scopes.get(budget.scope())) + 1));
      args.add(budget.counter());
      args.add(String.valueOf(budget.window().total() ? -1 : budget.window().millis()));
      args.add(String.valueOf(budget.limit()));
    }
    addBound(args, scopes, present);
    return eval("commit", prefixes(present), args).map(response -> {
      long budget = response.get(0).toLong();
      if (budget == 0) {
        countEvictions(response.get(1), response.get(2));
        return Reservation.GRANTED;
      }
      Budget exceeded = budgets.get((int) budget - 1);
      long oldest = response.get(2).toLong();
      return new Reservation(exceeded, response.get(1).toLong(), exceeded.window().retryAfterSeconds(oldest, call.time()));
    });
  }

  @Override
  public Uni<Void> recordDeny(Scopes scopes, CallRecord call, List<QuarantineRule> rules) {
    List<ScopeKey> present = scopes.present();
    List<String> args = new ArrayList<>(common(call));
    args.add(RedisViews.recentJson(call));
    args.add(call.decisionId());
    args.add(call.countsAsDeny() ? "1" : "0");
    args.add(String.valueOf(rules.size()));
    for (QuarantineRule rule : rules) {
      args.add(String.valueOf(present.indexOf(scopes.get(rule.scope())) + 1));
      args.add(String.valueOf(rule.denies()));
      args.add(String.valueOf(rule.window().total() ? Long.MAX_VALUE / 2 : rule.window().millis()));
      args.add(String.valueOf(rule.forMillis()));
      args.add(rule.denies() + " denies within " + rule.window().name());
    }
    addBound(args, scopes, present);
    return eval("deny", prefixes(present), args).invoke(evicted -> countEvictions(evicted.get(0), evicted.get(1)))
        .replaceWithVoid();
  }

  /**
   * The last five arguments of both scripts, for bound.lua: which keys are the session, the run
   * and the principal (1-based, 0 when the call has none) and the two bounds.
   */
  private void addBound(List<String> args, Scopes scopes, List<ScopeKey> present) {
    args.add(String.valueOf(present.indexOf(scopes.session()) + 1));
    args.add(String.valueOf(present.indexOf(scopes.run()) + 1));
    args.add(String.valueOf(present.indexOf(scopes.principal()) + 1));
    args.add(String.valueOf(config.maxSessionsPerPrincipal()));
    args.add(String.valueOf(config.maxRunsPerPrincipal()));
  }

  private void countEvictions(Response sessions, Response runs) {
    boundEvictions.count(ScopeKey.SESSION, sessions.toLong());
    boundEvictions.count(ScopeKey.RUN, runs.toLong());
  }

  @Override
  public Uni<Boolean> claim(String session, String owner) {
    return eval("claim", List.of(PREFIX + "owner:" + session), List.of(owner, String.valueOf(config.ttl().toMillis())))
        .map(response -> response.toInteger() == 1);
  }

  @Override
  public Uni<Boolean> release(ScopeKey key) {
    return eval("release", List.of(prefix(key)), List.of()).map(response -> response.toInteger() == 1);
  }

  private List<String> common(CallRecord call) {
    return List.of(String.valueOf(call.time()), String.valueOf(config.ttl().toMillis()),
        String.valueOf(config.recentCalls()), String.valueOf(config.maxEvents()));
  }

  private Uni<Response> eval(String name, List<String> keys, List<String> args) {
    Request eval = Request.cmd(Command.EVAL).arg(scripts.get(name)).arg(keys.size());
    keys.forEach(eval::arg);
    args.forEach(eval::arg);
    return redis.send(eval);
  }

  private static List<String> prefixes(List<ScopeKey> keys) {
    return keys.stream().map(RedisSessionStore::prefix).toList();
  }

  private static String prefix(ScopeKey key) {
    return PREFIX + key.scope() + ":" + key.key();
  }

  private static void addList(List<String> args, List<String> values) {
    args.add(String.valueOf(values.size()));
    args.addAll(values);
  }

  private static ObjectNode read(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String script(String name) {
    try (InputStream in = RedisSessionStore.class.getResourceAsStream("/session/" + name + ".lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
