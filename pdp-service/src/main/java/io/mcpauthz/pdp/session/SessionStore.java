package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Where session state lives. Every method is non-blocking; a failed {@link Uni} means the state
 * cannot be read or written, and the caller fails closed ({@code session_state_unavailable}).
 */
public interface SessionStore {

  /** The scope as the policy sees it; a scope never seen before is empty, not missing. */
  Uni<ObjectNode> view(ScopeKey key, long now);

  /**
   * All-or-nothing: if every budget has room, record the allowed call in every present scope
   * and grant; otherwise record nothing and name the budget at its limit.
   */
  Uni<Reservation> commitAllow(Scopes scopes, CallRecord call, List<Budget> budgets);

  /** Count a deny in every present scope and apply the quarantine rules of each scope. */
  Uni<Void> recordDeny(Scopes scopes, CallRecord call, List<QuarantineRule> rules);

  /** The remembered state for an operator, or null when nothing is remembered. */
  Uni<ObjectNode> state(ScopeKey key, long now);

  /**
   * Claims a session id for an owner: true when it was unclaimed (now the owner's, for the
   * idle TTL) or is the owner's already; false when another owner holds it.
   */
  Uni<Boolean> claim(String session, String owner);

  /** Ends a quarantine; true when one was active or recorded. */
  Uni<Boolean> release(ScopeKey key);

  /**
   * True when every operation's item is already there when its {@link Uni} is subscribed (no
   * I/O, no other thread): a time limit could never fire, so the caller sets none.
   */
  default boolean completesImmediately() {
    return false;
  }
}
