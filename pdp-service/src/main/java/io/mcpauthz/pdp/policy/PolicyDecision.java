package io.mcpauthz.pdp.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The policy's answer for one message (the contract's decision document). */
public record PolicyDecision(
    boolean allow, String actionClass, List<Reason> reasons, JsonNode obligations, String revision) {

  public record Reason(String code, String message) {}

  /** Scopes the policy asks for before it allows (MCP step-up authorization), or empty. */
  public List<String> requiredScopes() {
    return obligations.path("required_scopes").isArray()
        ? java.util.stream.StreamSupport.stream(obligations.path("required_scopes").spliterator(), false)
            .map(JsonNode::asText).toList()
        : List.of();
  }
}
