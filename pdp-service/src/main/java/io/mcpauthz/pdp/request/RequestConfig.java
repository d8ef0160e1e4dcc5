package io.mcpauthz.pdp.request;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** What the door removes from a request (docs/security.md, "Credentials and headers"). */
@ConfigMapping(prefix = "mcp-authz.request")
public interface RequestConfig {

  /**
   * Headers removed before the request goes upstream, and never shown to the policy or stored in
   * an event: the MCP server gets the PDP's minted token and nothing else that proves identity.
   */
  @WithDefault("cookie,proxy-authorization,x-api-key,api-key,x-auth-token,x-access-token")
  List<String> stripHeaders();

  /**
   * Query (and path) parameter names that carry credentials; a request with one is refused
   * (MCP forbids tokens in the URI). Compared after percent-decoding and case folding.
   */
  @WithDefault("access_token,id_token,refresh_token,authorization,api_key,apikey")
  List<String> credentialParameters();
}
