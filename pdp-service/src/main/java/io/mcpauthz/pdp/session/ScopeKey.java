package io.mcpauthz.pdp.session;

/**
 * Whose history: {@code scope} is {@code session} or {@code principal}; {@code key} is a hash
 * (stable across replicas, safe in URLs and Redis keys); {@code source} says what it was derived
 * from ({@code mcp-session-id}, a claim name, or {@code principal}).
 */
public record ScopeKey(String scope, String key, String source) {

  public static final String SESSION = "session";
  public static final String PRINCIPAL = "principal";
}
