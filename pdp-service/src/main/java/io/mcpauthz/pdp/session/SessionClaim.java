package io.mcpauthz.pdp.session;

/**
 * A call that names an MCP session by {@code mcp-session-id}: the id (hashed, the same for every
 * caller) and the principal that would own it (hashed). The first principal to send an id owns
 * it; the PDP never sees the {@code initialize} answer that issues the id, and server-issued ids
 * cannot be guessed, so the first call with an id is its client's.
 */
public record SessionClaim(String session, String owner) {}
