package io.mcpauthz.pdp.metadata;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /.well-known/oauth-protected-resource/<resource path>} (RFC 9728 §3): public, no
 * token needed; Envoy routes this prefix to the PDP's HTTP port. 404 for resources not configured.
 */
@Path(ProtectedResource.WELL_KNOWN)
public class ResourceMetadataEndpoint {

  private final ProtectedResources resources;

  ResourceMetadataEndpoint(ProtectedResources resources) {
    this.resources = resources;
  }

  @GET
  public Response root(@HeaderParam("host") String host) {
    return answer(ProtectedResource.WELL_KNOWN, host);
  }

  @GET
  @Path("{path: .+}")
  public Response resource(@PathParam("path") String path, @HeaderParam("host") String host) {
    return answer(ProtectedResource.WELL_KNOWN + "/" + path, host);
  }

  private Response answer(String path, String host) {
    return resources.forMetadataPath(path, host)
        .map(r -> Response.ok(r.document().toString(), "application/json")
            .header("cache-control", "public, max-age=300").build())
        .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
  }
}
