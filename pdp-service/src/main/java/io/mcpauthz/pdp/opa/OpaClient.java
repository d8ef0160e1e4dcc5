package io.mcpauthz.pdp.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks OPA for the decision on one input, without blocking. Every failure (unreachable, slow,
 * undefined or malformed result) becomes a {@link DecisionException}: never an allow.
 */
@ApplicationScoped
public class OpaClient {

  private final OpaApi api;
  private final Duration timeout;

  OpaClient(@RestClient OpaApi api, @ConfigProperty(name = "mcp-authz.opa.timeout", defaultValue = "500ms") Duration timeout) {
    this.api = api;
    this.timeout = timeout;
  }

  public Uni<PolicyDecision> decide(ObjectNode input) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.set("input", input);
    return api.decision(request, true)
        .ifNoItem().after(timeout).failWith(() -> new DecisionException(ErrorCode.OPA_TIMEOUT, "no answer within " + timeout))
        .onFailure(f -> !(f instanceof DecisionException))
        .transform(f -> new DecisionException(ErrorCode.OPA_UNAVAILABLE, f.getClass().getSimpleName(), f))
        .map(OpaClient::toDecision);
  }

  static PolicyDecision toDecision(JsonNode response) {
    JsonNode result = response.get("result");
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
        revision(response.path("provenance")));
  }

  /** The bundle revision(s) OPA evaluated with; null when policies were loaded from files. */
  private static String revision(JsonNode provenance) {
    JsonNode bundles = provenance.path("bundles");
    List<String> revisions = new ArrayList<>();
    for (Map.Entry<String, JsonNode> bundle : bundles.properties()) {
      revisions.add(bundle.getValue().path("revision").asText(""));
    }
    if (!revisions.isEmpty()) {
      return String.join(",", revisions);
    }
    return provenance.path("revision").isTextual() ? provenance.path("revision").asText() : null;
  }
}
