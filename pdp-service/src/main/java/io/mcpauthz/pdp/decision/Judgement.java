package io.mcpauthz.pdp.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.mcp.McpMessage;
import io.mcpauthz.pdp.policy.PolicyDecision;
import java.util.List;

/**
 * The outcome for one judged message (or for a request refused before its messages could be
 * read, then {@code message} is null).
 *
 * @param refusal why it was not allowed; null when allowed
 * @param policy  the policy's answer; null when the policy was not (successfully) asked
 * @param session the session facts the policy used (for the event); null when none
 */
public record Judgement(String decisionId, McpMessage message, ErrorCode refusal, PolicyDecision policy,
    JsonNode session) {

  public Judgement(String decisionId, McpMessage message, ErrorCode refusal, PolicyDecision policy) {
    this(decisionId, message, refusal, policy, null);
  }

  public Judgement withSession(JsonNode facts) {
    return new Judgement(decisionId, message, refusal, policy, facts);
  }

  static final PolicyDecision.Reason NO_REASON_GIVEN =
      new PolicyDecision.Reason("no_reason_given", "the policy denied without giving a reason");

  public boolean allowed() {
    return refusal == null;
  }

  public int status() {
    return refusal == null ? 200 : refusal.httpStatus();
  }

  /** Never empty for a deny: a policy that refuses without a reason is recorded as {@code no_reason_given}. */
  public List<PolicyDecision.Reason> reasons() {
    if (policy != null) {
      return policy.reasons().isEmpty() && !allowed() ? List.of(NO_REASON_GIVEN) : policy.reasons();
    }
    return List.of(new PolicyDecision.Reason(refusal.code(), refusal.message()));
  }

  public static Judgement refused(String decisionId, McpMessage message, ErrorCode code) {
    return new Judgement(decisionId, message, code, null);
  }

  /** The policy's reason code for "this needs an authenticated caller". */
  static final String UNAUTHENTICATED = "unauthenticated";

  /** Policy reasons the contract answers with their own status (429, 503). */
  private static final List<ErrorCode> STATUS_REASONS =
      List.of(ErrorCode.BUDGET_EXCEEDED, ErrorCode.SESSION_STATE_UNAVAILABLE);

  /**
   * A deny that logging in would fix (the policy says {@code unauthenticated} to an anonymous
   * caller) is a 401 challenge; one that names required scopes is a 403 step-up challenge;
   * a budget is a 429 and unreadable session state a 503; anything else, e.g. a hostile browser
   * origin, is a plain 403 without a login prompt.
   */
  public static Judgement of(String decisionId, McpMessage message, PolicyDecision policy, Subject subject) {
    if (policy.allow()) {
      return new Judgement(decisionId, message, null, policy);
    }
    boolean loginWouldHelp = !subject.authenticated()
        && policy.reasons().stream().anyMatch(r -> UNAUTHENTICATED.equals(r.code()));
    ErrorCode statusReason = STATUS_REASONS.stream()
        .filter(code -> policy.reasons().stream().anyMatch(r -> code.code().equals(r.code())))
        .findFirst().orElse(null);
    ErrorCode refusal = loginWouldHelp ? ErrorCode.TOKEN_MISSING
        : !policy.requiredScopes().isEmpty() ? ErrorCode.INSUFFICIENT_SCOPE
        : statusReason != null ? statusReason
        : ErrorCode.POLICY_DENIED;
    return new Judgement(decisionId, message, refusal, policy);
  }
}
