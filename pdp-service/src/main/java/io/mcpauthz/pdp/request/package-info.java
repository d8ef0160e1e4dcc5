/**
 * Step 2 of the request path, the door: the raw request is read once into a
 * {@link io.mcpauthz.pdp.request.RequestContext}. Credentials leave here: the caller's token is
 * held apart for identity, credential headers and PDP-owned headers are removed from what the
 * policy, events and logs see (and listed for removal upstream), and a credential in the URI
 * refuses the request.
 */
package io.mcpauthz.pdp.request;
