package io.mcpauthz.pdp.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.decision.Judgement;
import io.mcpauthz.pdp.policy.PolicyDecision;
import java.util.List;
import java.util.stream.Collectors;

/** JSON-RPC error responses for refused messages, as MCP clients expect them. */
final class JsonRpcErrors {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonRpcErrors() {}

  /** One error for a single message; an array of errors (one per request) for a batch. */
  static JsonNode body(List<Judgement> judgements) {
    if (judgements.size() == 1) {
      return error(judgements.get(0), judgements.get(0));
    }
    Judgement firstRefused = judgements.stream().filter(j -> !j.allowed()).findFirst().orElseThrow();
    ArrayNode batch = JSON.arrayNode();
    for (Judgement judgement : judgements) {
      if (judgement.message() != null && !judgement.message().id().isNull()) {
        batch.add(error(judgement, judgement.allowed() ? firstRefused : judgement));
      }
    }
    return batch.isEmpty() ? error(firstRefused, firstRefused) : batch;
  }

  /** @param cause the refusal reported; for an allowed member of a refused batch, the batch's */
  private static ObjectNode error(Judgement judgement, Judgement cause) {
    ObjectNode response = JSON.objectNode().put("jsonrpc", "2.0");
    response.set("id", judgement.message() == null ? NullNode.getInstance() : judgement.message().id());
    List<PolicyDecision.Reason> reasons = cause.reasons();
    ObjectNode error = response.putObject("error")
        .put("code", cause.refusal().jsonRpcCode())
        .put("message", message(cause, reasons));
    ObjectNode data = error.putObject("data").put("decision_id", judgement.decisionId());
    ArrayNode codes = data.putArray("reasons");
    reasons.forEach(r -> codes.add(r.code()));
    return response;
  }

  /** Policy messages are written for callers; PDP refusals use the code's fixed, safe text. */
  private static String message(Judgement judgement, List<PolicyDecision.Reason> reasons) {
    String base = judgement.refusal().message();
    if (judgement.policy() == null || reasons.isEmpty()) {
      return base;
    }
    return base + ": " + reasons.stream().map(PolicyDecision.Reason::message).collect(Collectors.joining("; "));
  }
}
