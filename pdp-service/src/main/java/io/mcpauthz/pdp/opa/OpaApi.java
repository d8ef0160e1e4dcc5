package io.mcpauthz.pdp.opa;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** OPA's REST Data API; connection pool, keep-alive and timeouts under {@code quarkus.rest-client.opa.*}. */
@RegisterRestClient(configKey = "opa")
@Path("/v1/data/mcp/authz/decision")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface OpaApi {

  /** @param request {@code {"input": …}} */
  @POST
  Uni<JsonNode> decision(JsonNode request, @QueryParam("provenance") boolean provenance);
}
