/**
 * Step 6 of the request path: judgements become a {@link io.mcpauthz.pep.port.Verdict}, with
 * JSON-RPC error bodies and authentication challenges for refusals.
 */
package io.mcpauthz.pdp.response;
