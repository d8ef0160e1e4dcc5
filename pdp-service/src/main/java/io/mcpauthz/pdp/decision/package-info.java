/**
 * The request path's spine: {@link io.mcpauthz.pdp.decision.DecisionService} runs the steps
 * (MCP reading, identity, input, OPA) for each message and turns every outcome, refusals
 * included, into a {@link io.mcpauthz.pdp.decision.Judgement}.
 */
package io.mcpauthz.pdp.decision;
