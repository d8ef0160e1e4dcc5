package io.mcpauthz.pdp.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.policy.DecisionDocument;
import io.mcpauthz.pdp.policy.PolicyDecision;
import io.mcpauthz.pdp.policy.PolicyEngine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The REST engine: asks an OPA sidecar for the decision on one input, without blocking. Every
 * failure (unreachable, slow, undefined or malformed result) becomes a {@link DecisionException}.
 */
@ApplicationScoped
@Typed(OpaClient.class) // chosen through PolicyEngines, never injected as a PolicyEngine directly
public class OpaClient implements PolicyEngine {

  private final OpaApi api;
  private final Duration timeout;

  OpaClient(@RestClient OpaApi api, @ConfigProperty(name = "mcp-authz.opa.timeout", defaultValue = "500ms") Duration timeout) {
    this.api = api;
    this.timeout = timeout;
  }

  @Override
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
    return DecisionDocument.read(response.get("result"), revision(response.path("provenance")));
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
