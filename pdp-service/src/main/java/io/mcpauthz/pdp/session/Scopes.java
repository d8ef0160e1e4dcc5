package io.mcpauthz.pdp.session;

import java.util.ArrayList;
import java.util.List;

/** The two histories a call is judged against; either may be null (e.g. an anonymous caller). */
public record Scopes(ScopeKey session, ScopeKey principal) {

  /** No history at all: nothing is read or recorded. */
  public static final Scopes NONE = new Scopes(null, null);

  public ScopeKey get(String scope) {
    return ScopeKey.SESSION.equals(scope) ? session : ScopeKey.PRINCIPAL.equals(scope) ? principal : null;
  }

  /** Session first, then principal: the lock order of the in-memory store. */
  public List<ScopeKey> present() {
    List<ScopeKey> keys = new ArrayList<>(2);
    if (session != null) {
      keys.add(session);
    }
    if (principal != null) {
      keys.add(principal);
    }
    return keys;
  }
}
