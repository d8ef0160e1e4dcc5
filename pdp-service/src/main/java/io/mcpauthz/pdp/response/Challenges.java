package io.mcpauthz.pdp.response;

import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.decision.Judgement;
import io.mcpauthz.pdp.metadata.ProtectedResource;
import io.mcpauthz.pdp.metadata.ProtectedResources;
import io.mcpauthz.pep.port.HttpCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code WWW-Authenticate} challenges (RFC 6750, RFC 9728) that tell MCP clients how to (re)authorize. */
@ApplicationScoped
class Challenges {

  private final ProtectedResources resources;

  Challenges(ProtectedResources resources) {
    this.resources = resources;
  }

  /**
   * @param server the route's MCP server: its configured resource names the metadata URL
   * @return the header value, or null when no (re)authorization can help
   */
  String wwwAuthenticate(HttpCheck check, String server, Judgement refused) {
    ErrorCode code = refused.refusal();
    if (code == ErrorCode.TOKEN_MISSING) {
      return "Bearer resource_metadata=\"" + resourceMetadata(check, server) + "\"";
    }
    if (code == ErrorCode.TOKEN_INVALID) {
      return "Bearer error=\"invalid_token\", resource_metadata=\"" + resourceMetadata(check, server) + "\"";
    }
    if (code == ErrorCode.INSUFFICIENT_SCOPE) {
      return "Bearer error=\"insufficient_scope\", scope=\"" + String.join(" ", refused.policy().requiredScopes())
          + "\", resource_metadata=\"" + resourceMetadata(check, server) + "\"";
    }
    return null;
  }

  /** The configured resource's metadata URL, else one derived from the request. */
  private String resourceMetadata(HttpCheck check, String server) {
    return resources.forServer(server).map(ProtectedResource::metadataUrl).orElseGet(() -> derived(check));
  }

  /** RFC 9728 §3.1: the well-known path inserted between the resource's host and its path. */
  static String derived(HttpCheck check) {
    String scheme = check.scheme() == null || check.scheme().isEmpty() ? "https" : check.scheme();
    String path = check.path() == null ? "" : check.path();
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.equals("/")) {
      path = "";
    }
    return scheme + "://" + check.host() + "/.well-known/oauth-protected-resource" + path;
  }
}
