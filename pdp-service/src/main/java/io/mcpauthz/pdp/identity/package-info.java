/** Step 3 of the request path: the caller's identity, from a strictly verified bearer JWT. */
package io.mcpauthz.pdp.identity;
