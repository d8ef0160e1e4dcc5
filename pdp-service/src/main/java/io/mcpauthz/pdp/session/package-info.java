/**
 * Step 3b of the request path, around the policy: what the agent already did. Before OPA is
 * asked, {@link io.mcpauthz.pdp.session.SessionService} puts the remembered state of the MCP
 * session, of the agent run (across servers) and of the principal into the input; after the policy's answer it applies the
 * decision's obligations to the {@link io.mcpauthz.pdp.session.SessionStore}: budgets reserved
 * atomically (a failed reservation turns the allow into {@code budget_exceeded}), labels and
 * counters of an allowed call recorded, denies counted toward quarantine.
 */
package io.mcpauthz.pdp.session;
