package io.mcpauthz.pdp.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

/**
 * Judges one policy input with {@code data.mcp.authz.decision}. Never blocks the calling thread;
 * every failure (unavailable, slow, undefined or malformed result) is a
 * {@link io.mcpauthz.pdp.DecisionException}, never an allow.
 */
public interface PolicyEngine {

  Uni<PolicyDecision> decide(ObjectNode input);
}
