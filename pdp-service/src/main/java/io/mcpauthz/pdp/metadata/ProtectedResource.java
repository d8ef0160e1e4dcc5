package io.mcpauthz.pdp.metadata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * One MCP server as an OAuth protected resource: its identifier, where its RFC 9728 metadata
 * lives, and the document served there.
 *
 * @param metadataPath the path of {@link #metadataUrl()}, which Envoy routes to the PDP
 */
public record ProtectedResource(String server, String resource, String authority, String metadataPath,
    String metadataUrl, ObjectNode document) {

  static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  static ProtectedResource of(String server, ResourcesConfig.Resource config) {
    URI uri = identifier(server, config.resource());
    String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
    String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
    String metadataPath = WELL_KNOWN + path;
    ObjectNode document = JsonNodeFactory.instance.objectNode().put("resource", config.resource());
    config.authorizationServers().forEach(document.putArray("authorization_servers")::add);
    config.scopesSupported().ifPresent(scopes -> scopes.forEach(document.putArray("scopes_supported")::add));
    document.putArray("bearer_methods_supported").add("header");
    config.resourceName().ifPresent(name -> document.put("resource_name", name));
    config.resourceDocumentation().ifPresent(doc -> document.put("resource_documentation", doc));
    return new ProtectedResource(server, config.resource(), authority, metadataPath,
        uri.getScheme() + "://" + uri.getRawAuthority() + metadataPath, document);
  }

  /** RFC 9728 §1.2: an https URL without fragment; no query either, so the well-known URL is plain. */
  private static URI identifier(String server, String resource) {
    URI uri;
    try {
      uri = URI.create(resource);
    } catch (IllegalArgumentException e) {
      throw invalid(server, resource, "not a URL");
    }
    boolean loopback = List.of("localhost", "127.0.0.1", "[::1]").contains(String.valueOf(uri.getHost()));
    if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
      throw invalid(server, resource, "must be https (http only for localhost)");
    }
    if (uri.getRawAuthority() == null || uri.getRawFragment() != null || uri.getRawQuery() != null) {
      throw invalid(server, resource, "needs a host and no query or fragment");
    }
    return uri;
  }

  private static IllegalStateException invalid(String server, String resource, String why) {
    return new IllegalStateException("mcp-authz.resources.\"" + server + "\".resource=" + resource + ": " + why);
  }
}
