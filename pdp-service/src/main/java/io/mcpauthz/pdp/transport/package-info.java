/**
 * Step 0 of the request path: may this caller ask at all? The proxy's TLS client certificate
 * (read by the PEP) is checked against an allow-list before anything of the request is judged.
 */
package io.mcpauthz.pdp.transport;
