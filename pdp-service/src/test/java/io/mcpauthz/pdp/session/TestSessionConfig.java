package io.mcpauthz.pdp.session;

import java.time.Duration;
import java.util.List;

/** Session settings for unit tests: the defaults, with chosen bounds and Redis server. */
public record TestSessionConfig(int maxEntries, String redisUrl, int maxSessionsPerPrincipal, int maxRunsPerPrincipal)
    implements SessionConfig {

  public static final TestSessionConfig DEFAULTS = new TestSessionConfig(50_000);

  public TestSessionConfig(int maxEntries) {
    this(maxEntries, "redis://127.0.0.1:6379");
  }

  public TestSessionConfig(int maxEntries, String redisUrl) {
    this(maxEntries, redisUrl, 64);
  }

  public TestSessionConfig(int maxEntries, String redisUrl, int maxSessionsPerPrincipal) {
    this(maxEntries, redisUrl, maxSessionsPerPrincipal, 64);
  }

  @Override
  public String store() {
    return "memory";
  }

  @Override
  public List<String> windows() {
    return List.of("1m", "10m", "1h");
  }

  @Override
  public List<String> fallbackClaims() {
    return List.of("sid", "jti");
  }

  @Override
  public List<String> runClaims() {
    return List.of("sid");
  }

  @Override
  public List<String> sessionlessRevisions() {
    return List.of("2026-07-28");
  }

  @Override
  public Duration ttl() {
    return Duration.ofHours(24);
  }

  @Override
  public int maxEvents() {
    return 200;
  }

  @Override
  public int maxCounters() {
    return 64;
  }

  @Override
  public int recentCalls() {
    return 10;
  }

  @Override
  public String operatorAudience() {
    return "mcp-authz-operator";
  }

  @Override
  public Duration timeout() {
    return Duration.ofSeconds(5);
  }
}
