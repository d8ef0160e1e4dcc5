package io.mcpauthz.pdp.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** Reads the value of {@code data.mcp.authz.decision}, whichever engine evaluated it. */
public final class DecisionDocument {

  private DecisionDocument() {}

  /**
   * @param result the decision document, null or JSON null when undefined
   * @param revision the policy revision that produced it, null when unknown
   */
  public static PolicyDecision read(JsonNode result, String revision) {
    if (result == null || result.isNull()) {
      throw new DecisionException(ErrorCode.DECISION_UNDEFINED, "data.mcp.authz.decision is undefined");
    }
    JsonNode allow = result.get("allow");
    JsonNode reasons = result.path("reasons");
    if (allow == null || !allow.isBoolean() || !(reasons.isMissingNode() || reasons.isArray())) {
      throw new DecisionException(ErrorCode.DECISION_MALFORMED, "allow must be a boolean, reasons an array");
    }
    List<PolicyDecision.Reason> list = new ArrayList<>();
    for (JsonNode reason : reasons) {
      String code = reason.path("code").asText("");
      if (code.isEmpty()) {
        throw new DecisionException(ErrorCode.DECISION_MALFORMED, "a reason has no code");
      }
      list.add(new PolicyDecision.Reason(code, reason.path("message").asText(code)));
    }
    JsonNode obligations = result.path("obligations");
    return new PolicyDecision(
        allow.booleanValue(),
        result.path("action_class").asText(null),
        list,
        obligations.isObject() ? obligations : JsonNodeFactory.instance.objectNode(),
        revision);
  }
}
