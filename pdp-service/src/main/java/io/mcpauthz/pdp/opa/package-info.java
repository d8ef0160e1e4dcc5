/** Step 5 of the request path: the policy decision from OPA's REST Data API. */
package io.mcpauthz.pdp.opa;
