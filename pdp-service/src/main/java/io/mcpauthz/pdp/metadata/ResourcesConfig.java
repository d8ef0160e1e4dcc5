package io.mcpauthz.pdp.metadata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protected resources, keyed by the MCP server name routes carry in
 * {@code context_extensions.mcp_server}, e.g.
 * {@code mcp-authz.resources."github".resource=https://mcp.example.com/github}.
 */
@ConfigMapping(prefix = "mcp-authz.resources")
public interface ResourcesConfig {

  @WithParentName
  Map<String, Resource> servers();

  interface Resource {

    /** The resource identifier clients use and tokens carry as {@code aud} (RFC 8707): an https URL. */
    String resource();

    /** Issuer URLs of the authorization servers that issue tokens for it. */
    List<String> authorizationServers();

    Optional<List<String>> scopesSupported();

    /** Human-readable name shown by clients. */
    Optional<String> resourceName();

    /** A page describing the server for developers. */
    Optional<String> resourceDocumentation();
  }
}
