package io.mcpauthz.pdp.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** Upstream MCP servers verify minted tokens with these keys. */
@Path("/.well-known/jwks.json")
public class JwksResource {

  private final SigningKeys keys;

  JwksResource(SigningKeys keys) {
    this.keys = keys;
  }

  @GET
  @Produces("application/jwk-set+json")
  public String jwks() {
    return keys.publicJwks();
  }
}
