package io.mcpauthz.pdp.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The histories a call is judged against: its MCP session, its agent run (across servers) and
 * its principal; any may be null (all are for an anonymous caller).
 */
public record Scopes(ScopeKey session, ScopeKey run, ScopeKey principal) {

  /** No history at all: nothing is read or recorded. */
  public static final Scopes NONE = new Scopes(null, null, null);

  /** A session and a principal, no run. */
  public Scopes(ScopeKey session, ScopeKey principal) {
    this(session, null, principal);
  }

  public ScopeKey get(String scope) {
    return ScopeKey.SESSION.equals(scope) ? session
        : ScopeKey.RUN.equals(scope) ? run
        : ScopeKey.PRINCIPAL.equals(scope) ? principal : null;
  }

  /** Session, run, then principal: the lock order of the in-memory store. */
  public List<ScopeKey> present() {
    List<ScopeKey> keys = new ArrayList<>(3);
    for (ScopeKey key : new ScopeKey[] {session, run, principal}) {
      if (key != null) {
        keys.add(key);
      }
    }
    return keys;
  }
}
