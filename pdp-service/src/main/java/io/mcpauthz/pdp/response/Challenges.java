package io.mcpauthz.pdp.response;

import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.decision.Judgement;
import io.mcpauthz.pep.port.HttpCheck;

/** {@code WWW-Authenticate} challenges (RFC 6750, RFC 9728) that tell MCP clients how to (re)authorize. */
final class Challenges {

  private Challenges() {}

  static String wwwAuthenticate(HttpCheck check, Judgement refused) {
    ErrorCode code = refused.refusal();
    if (code == ErrorCode.TOKEN_MISSING) {
      return "Bearer resource_metadata=\"" + resourceMetadata(check) + "\"";
    }
    if (code == ErrorCode.TOKEN_INVALID) {
      return "Bearer error=\"invalid_token\", resource_metadata=\"" + resourceMetadata(check) + "\"";
    }
    if (code == ErrorCode.INSUFFICIENT_SCOPE) {
      return "Bearer error=\"insufficient_scope\", scope=\"" + String.join(" ", refused.policy().requiredScopes())
          + "\", resource_metadata=\"" + resourceMetadata(check) + "\"";
    }
    return null;
  }

  /** RFC 9728 §3.1: the well-known path inserted between the resource's host and its path. */
  static String resourceMetadata(HttpCheck check) {
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
