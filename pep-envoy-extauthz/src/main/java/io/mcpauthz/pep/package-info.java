/**
 * Step 1 and last step of the request path: Envoy's ext_authz Check arrives here, is turned into
 * a neutral {@link io.mcpauthz.pep.port.HttpCheck}, judged by the
 * {@link io.mcpauthz.pep.port.DecisionPoint}, and the {@link io.mcpauthz.pep.port.Verdict} goes
 * back as a CheckResponse. Envoy's API types stay inside this package.
 */
package io.mcpauthz.pep;
