/** Step 7 of the request path, on allow: the minted upstream assertion and its published keys. */
package io.mcpauthz.pdp.upstream;
