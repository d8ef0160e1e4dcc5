/**
 * Step 4a of the request path: what the arguments of a message mean, for the policy. SQL is
 * parsed (JSqlParser), paths and URIs are decoded and normalised, and the summaries go into the
 * input document beside the raw arguments ({@code mcp.tool.analysis}, {@code mcp.prompt.analysis},
 * {@code mcp.resource.analysis}). See docs/security.md, "Argument analysis".
 */
package io.mcpauthz.pdp.analysis;
