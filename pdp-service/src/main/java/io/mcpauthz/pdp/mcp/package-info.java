/**
 * Step 2 of the request path: MCP Streamable HTTP. Reads the HTTP method, parses the JSON-RPC
 * body once and strictly, and yields one {@link io.mcpauthz.pdp.mcp.McpMessage} per thing to judge.
 */
package io.mcpauthz.pdp.mcp;
