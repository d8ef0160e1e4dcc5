package io.mcpauthz.pdp.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Session state: whose history, how much of it, and where it is kept (docs/policies.md, "Sessions"). */
@ConfigMapping(prefix = "mcp-authz.session")
public interface SessionConfig {

  /**
   * {@code memory} (one PDP process) or {@code redis} (shared by every replica, at
   * {@link #redisUrl()}).
   */
  @WithDefault("memory")
  String store();

  /** Windows whose counts the policy sees, besides {@code total}; budgets may use any of them. */
  @WithDefault("1m,10m,1h")
  List<String> windows();

  /**
   * Token claims that name the session when a request carries no usable {@code mcp-session-id}
   * (revision 2026-07-28 has none); the first present wins, else the principal's whole history.
   */
  @WithDefault("sid,jti")
  List<String> fallbackClaims();

  /**
   * Token claims that name the agent run (scope {@code run}): the identity provider's login
   * session, shared by the run's tokens for every MCP server. The first present wins; without
   * any, the run is every call of the user without one (broader, never narrower).
   */
  @WithDefault("sid")
  List<String> runClaims();

  /** Revisions without MCP sessions: a client-sent {@code mcp-session-id} is ignored there. */
  @WithDefault("2026-07-28")
  List<String> sessionlessRevisions();

  /** State idle this long is forgotten (in memory and as the Redis key TTL). */
  @WithDefault("24h")
  Duration ttl();

  /** Most scopes kept in memory, per scope kind; the least recently used beyond are evicted. */
  @WithDefault("50000")
  int maxEntries();

  /**
   * Most sessions one principal keeps (in memory and in Redis); beyond it the principal's own
   * least recently used session is evicted, a quarantined one last. An agent run opens one
   * session per MCP server it calls, so 64 leaves a user dozens of runs within the idle TTL,
   * while it takes 782 distinct principals (tokens of distinct users or clients) to fill the
   * 50 000 sessions of {@link #maxEntries()}, not one caller looping on fresh ids.
   */
  @WithDefault("64")
  int maxSessionsPerPrincipal();

  /**
   * Most runs one principal keeps (in memory and in Redis), by the same rule: its own least
   * recently used run is evicted, a quarantined one last. A bound of its own, since a run spans
   * the sessions of every server it calls: a principal holds fewer runs than sessions, and each
   * login is a run (a caller logging in again and again would otherwise fill the store with
   * runs). 64 logins within the idle TTL is more than an interactive user makes.
   */
  @WithDefault("64")
  int maxRunsPerPrincipal();

  /** Timestamps kept per counter: the largest budget limit a windowed budget may have. */
  @WithDefault("200")
  int maxEvents();

  /** Distinct counters per scope (all, classes, catalogued tools). */
  @WithDefault("64")
  int maxCounters();

  /** Last calls shown to the policy and to operators. */
  @WithDefault("10")
  int recentCalls();

  /** The Redis server of the {@code redis} store. */
  @WithDefault("redis://127.0.0.1:6379")
  String redisUrl();

  /**
   * The audience an operator API token must carry: the API's own, never an MCP server's, so
   * that the token an agent holds for its tools cannot release its own quarantine.
   */
  @WithDefault("mcp-authz-operator")
  String operatorAudience();

  /** Longest wait for the store before the call fails closed. */
  @WithDefault("200ms")
  Duration timeout();
}
