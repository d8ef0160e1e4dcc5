/**
 * Beside the request path: RFC 9728 protected resource metadata for each configured MCP server,
 * which the 401 challenge points clients to so they can find the authorization server.
 */
package io.mcpauthz.pdp.metadata;
