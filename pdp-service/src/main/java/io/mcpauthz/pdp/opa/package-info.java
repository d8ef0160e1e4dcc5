/** The REST policy engine: OPA's Data API on a sidecar. */
package io.mcpauthz.pdp.opa;
