package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.decision.Judgement;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.policy.PolicyDecision;
import io.mcpauthz.pep.port.HttpCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Session state around the policy: {@link #attach} before OPA is asked, {@link #settle} after.
 * State changes only from decisions: an allowed call records its labels and counters (after
 * its budgets were reserved, all or nothing), a deny counts toward quarantine.
 */
@ApplicationScoped
public class SessionService {

  private static final Logger LOGGER = Logger.getLogger(SessionService.class);
  static final String BUDGET_EXCEEDED = "budget_exceeded";
  static final String QUARANTINED = "quarantined";

  private final SessionKeys keys;
  private final SessionStore store;
  private final SessionConfig config;

  SessionService(SessionKeys keys, SessionStore store, SessionConfig config) {
    this.keys = keys;
    this.store = store;
    this.config = config;
  }

  public Scopes scopes(HttpCheck check, Subject subject) {
    return keys.of(check, subject);
  }

  /**
   * A session id is its first principal's (on that server): another principal's call naming it
   * is refused with {@code session_not_owned}, so it never reaches the server in that session
   * (a {@code GET} would read its stream, a {@code DELETE} end it). A store that cannot say
   * fails the call closed.
   */
  public Uni<Void> requireOwner(HttpCheck check, Subject subject, String server) {
    SessionClaim claim = keys.claim(check, subject, server);
    if (claim == null) {
      return Uni.createFrom().voidItem();
    }
    return guarded(store.claim(claim.session(), claim.owner()))
        .onFailure(f -> !(f instanceof DecisionException))
        .transform(f -> new DecisionException(ErrorCode.SESSION_STATE_UNAVAILABLE, "session owner unknown", f))
        .chain(owned -> owned ? Uni.createFrom().voidItem()
            : Uni.createFrom().failure(new DecisionException(ErrorCode.SESSION_NOT_OWNED, "another principal's session")));
  }

  /**
   * Sets input.session, input.run and input.principal; an unreadable store shows as
   * {@code available: false}.
   */
  public Uni<Void> attach(Scopes scopes, ObjectNode input) {
    long now = System.currentTimeMillis();
    return Uni.combine().all()
        .unis(view(scopes.session(), now), view(scopes.run(), now), view(scopes.principal(), now)).asTuple()
        .invoke(views -> {
          input.set(ScopeKey.SESSION, views.getItem1());
          input.set(ScopeKey.RUN, views.getItem2());
          input.set(ScopeKey.PRINCIPAL, views.getItem3());
        })
        .replaceWithVoid();
  }

  private Uni<JsonNode> view(ScopeKey key, long now) {
    if (key == null) {
      return Uni.createFrom().item(JsonNodeFactory.instance.objectNode());
    }
    return guarded(store.view(key, now)).map(JsonNode.class::cast)
        .onFailure().recoverWithItem(failure -> unavailable(key, failure));
  }

  private JsonNode unavailable(ScopeKey key, Throwable failure) {
    LOGGER.warnf("session state unreadable scope=%s error_code=%s error=%s", key.scope(),
        ErrorCode.SESSION_STATE_UNAVAILABLE.code(), failure.getClass().getSimpleName());
    return JsonNodeFactory.instance.objectNode().put("available", false)
        .put("key", key.key()).put("key_source", key.source());
  }

  /** Applies the decision's obligations; may turn an allow into {@code budget_exceeded}. */
  public Uni<Judgement> settle(Scopes scopes, Judgement judgement, ObjectNode input) {
    PolicyDecision policy = judgement.policy();
    if (policy == null || scopes.present().isEmpty()) {
      return Uni.createFrom().item(judgement);
    }
    SessionObligations obligations = SessionObligations.of(policy.obligations(), config.maxEvents());
    ObjectNode facts = SessionFacts.of(scopes, input, obligations, judgement.allowed());
    CallRecord call = call(judgement, input, obligations, judgement.allowed(), !hasReason(policy, QUARANTINED));
    if (!judgement.allowed()) {
      return recordDeny(scopes, call, obligations).replaceWith(judgement.withSession(facts));
    }
    return guarded(store.commitAllow(scopes, call, obligations.budgets()))
        .onFailure().recoverWithUni(failure -> failedCommit(obligations, failure))
        .chain(reservation -> reservation.granted()
            ? Uni.createFrom().item(judgement.withSession(facts))
            : recordDeny(scopes, call(judgement, input, obligations, false, true), obligations)
                .replaceWith(exceeded(judgement, reservation, facts)));
  }

  /** A lost record of labels or a budget would be a silent skip: fail closed. */
  private static Uni<Reservation> failedCommit(SessionObligations obligations, Throwable failure) {
    if (obligations.budgets().isEmpty() && obligations.labels().isEmpty()) {
      LOGGER.warnf("session state not recorded error=%s", failure.getClass().getSimpleName());
      return Uni.createFrom().item(Reservation.GRANTED);
    }
    return Uni.createFrom().failure(new DecisionException(ErrorCode.SESSION_STATE_UNAVAILABLE, "commit failed", failure));
  }

  private Uni<Void> recordDeny(Scopes scopes, CallRecord call, SessionObligations obligations) {
    return guarded(store.recordDeny(scopes, call, obligations.quarantine()))
        .onFailure().invoke(f -> LOGGER.warnf("deny not counted toward quarantine error=%s", f.getClass().getSimpleName()))
        .onFailure().recoverWithNull();
  }

  private static Judgement exceeded(Judgement judgement, Reservation reservation, ObjectNode facts) {
    PolicyDecision policy = judgement.policy();
    Budget budget = reservation.exceeded();
    String message = String.format("budget \"%s\": %d of %d calls per %s used in this %s", budget.id(),
        reservation.used(), budget.limit(), budget.window().name(), budget.scope());
    ObjectNode obligations = ((ObjectNode) policy.obligations().deepCopy()).put("retry_after_s", reservation.retryAfterSeconds());
    PolicyDecision denied = new PolicyDecision(false, policy.actionClass(),
        List.of(new PolicyDecision.Reason(BUDGET_EXCEEDED, message)), obligations, policy.revision());
    facts.remove("recorded_labels"); // refused: the call brought nothing
    return new Judgement(judgement.decisionId(), judgement.message(), ErrorCode.BUDGET_EXCEEDED, denied, facts);
  }

  private static CallRecord call(Judgement judgement, ObjectNode input, SessionObligations obligations,
      boolean allowed, boolean countsAsDeny) {
    JsonNode mcp = input.path("mcp");
    String item = mcp.path("tool").path("name").asText(mcp.path("method").asText(mcp.path("kind").asText("")));
    return new CallRecord(judgement.decisionId(), System.currentTimeMillis(),
        input.path("route").path("server").asText("") + "/" + item, judgement.policy().actionClass(), allowed,
        obligations.labels(), obligations.counters(), countsAsDeny);
  }

  private static boolean hasReason(PolicyDecision policy, String code) {
    return policy.reasons().stream().anyMatch(r -> code.equals(r.code()));
  }

  /**
   * The store within its time budget; any failure is "state unavailable". A store that answers
   * on the calling thread gets no timer: four per call otherwise, each scheduled and cancelled.
   */
  private <T> Uni<T> guarded(Uni<T> operation) {
    if (store.completesImmediately()) {
      return operation;
    }
    return operation.ifNoItem().after(config.timeout())
        .failWith(() -> new DecisionException(ErrorCode.SESSION_STATE_UNAVAILABLE, "store timed out"));
  }
}
