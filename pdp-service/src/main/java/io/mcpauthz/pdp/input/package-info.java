/** Step 4 of the request path: the policy input document for one MCP message. */
package io.mcpauthz.pdp.input;
