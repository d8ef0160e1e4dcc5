/**
 * Step 5 of the request path: the policy decision, from the engine chosen by
 * {@code mcp-authz.policy.engine} (in-process Wasm or OPA's REST Data API).
 */
package io.mcpauthz.pdp.policy;
