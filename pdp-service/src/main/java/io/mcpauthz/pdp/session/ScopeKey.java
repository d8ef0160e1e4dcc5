package io.mcpauthz.pdp.session;

/**
 * Whose history: {@code scope} is {@code session}, {@code run} or {@code principal}; {@code key}
 * is a hash (stable across replicas, safe in URLs and Redis keys); {@code source} says what it
 * was derived from ({@code mcp-session-id}, a claim name, or {@code principal}).
 */
public record ScopeKey(String scope, String key, String source) {

  public static final String SESSION = "session";
  /** One agent run across MCP servers: the identity provider's login session ({@code sid}). */
  public static final String RUN = "run";
  public static final String PRINCIPAL = "principal";

  /** Is {@code scope} one of the three a policy may name? */
  public static boolean known(String scope) {
    return SESSION.equals(scope) || RUN.equals(scope) || PRINCIPAL.equals(scope);
  }
}
