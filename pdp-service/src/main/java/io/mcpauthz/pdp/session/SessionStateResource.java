package io.mcpauthz.pdp.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.event.DecisionEventPublisher;
import io.smallrye.mutiny.Uni;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.LogValues;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.identity.TokenVerifier;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The operator API on the PDP's HTTP port: {@code GET /api/v1/sessions/{scope}/{key}/state}
 * and {@code POST …/release}. Needs a bearer token from the trusted issuer for the API's own
 * audience ({@code mcp-authz.session.operator-audience}) with the {@code operator} role (401
 * without a valid token, 403 without the audience or the role), checked by the same
 * {@link TokenVerifier} as callers' tokens. The key is the one decision events carry
 * ({@code session.session.key}, {@code session.run.key}, {@code session.principal.key}).
 */
@Path("/api/v1/sessions/{scope}/{key}")
@Produces(MediaType.APPLICATION_JSON)
public class SessionStateResource {

  static final String OPERATOR = "operator";
  private static final Logger LOGGER = Logger.getLogger(SessionStateResource.class);

  private final SessionStore store;
  private final DecisionEventPublisher publisher;
  private final TokenVerifier tokens;
  private final String audience;

  SessionStateResource(SessionStore store, DecisionEventPublisher publisher, TokenVerifier tokens,
      SessionConfig config) {
    this.store = store;
    this.publisher = publisher;
    this.tokens = tokens;
    this.audience = config.operatorAudience();
  }

  @GET
  @Path("state")
  public Uni<Response> state(@HeaderParam("authorization") String authorization,
      @PathParam("scope") String scope, @PathParam("key") String key) {
    return asOperator(authorization, scope, key, (operator, scopeKey) -> store.state(scopeKey, System.currentTimeMillis())
        .map(state -> state == null ? notFound() : Response.ok(state.toString()).build()));
  }

  /** Ends a quarantine; the release is itself a decision event (decision {@code release}). */
  @POST
  @Path("release")
  public Uni<Response> release(@HeaderParam("authorization") String authorization,
      @PathParam("scope") String scope, @PathParam("key") String key) {
    return asOperator(authorization, scope, key, (operator, scopeKey) -> store.release(scopeKey).map(released -> {
      ObjectNode event = ReleaseEvents.build(scopeKey, released, operator);
      publisher.publish(key, event.path("decision_id").asText(), () -> event);
      LOGGER.infof("release decision_id=%s scope=%s key=%s operator=%s released=%s",
          event.path("decision_id").asText(), scope, key, LogValues.of(operator.sub()), released);
      ObjectNode body = JsonNodeFactory.instance.objectNode()
          .put("decision_id", event.path("decision_id").asText())
          .put("scope", scope).put("key", key).put("released", released);
      return Response.ok(body.toString()).build();
    }));
  }

  /**
   * 401 without a valid token, 403 without the operator audience or role, 404 for no such
   * scope; else the action.
   */
  private Uni<Response> asOperator(String authorization, String scope, String key,
      BiFunction<Subject, ScopeKey, Uni<Response>> action) {
    Subject caller;
    try {
      caller = tokens.verify(authorization);
    } catch (DecisionException e) {
      caller = Subject.ANONYMOUS;
    }
    if (!caller.authenticated()) {
      return Uni.createFrom().item(Response.status(Response.Status.UNAUTHORIZED).header("www-authenticate", "Bearer")
          .entity("{\"error\":\"unauthenticated\",\"message\":\"a valid bearer token is required\"}").build());
    }
    if (!forThisApi(authorization)) {
      return Uni.createFrom().item(Response.status(Response.Status.FORBIDDEN).entity(
          "{\"error\":\"forbidden\",\"message\":\"the token is not for the operator API (audience " + audience + ")\"}")
          .build());
    }
    if (!caller.roles().contains(OPERATOR)) {
      return Uni.createFrom().item(Response.status(Response.Status.FORBIDDEN)
          .entity("{\"error\":\"forbidden\",\"message\":\"the operator role is required\"}").build());
    }
    ScopeKey scopeKey = scopeKey(scope, key);
    return scopeKey == null ? Uni.createFrom().item(notFound()) : action.apply(caller, scopeKey);
  }

  private boolean forThisApi(String authorization) {
    try {
      return tokens.verifyAudience(authorization, audience).authenticated();
    } catch (DecisionException e) {
      return false;
    }
  }

  private static ScopeKey scopeKey(String scope, String key) {
    return ScopeKey.known(scope) && key.matches("[A-Za-z0-9_-]{1,64}") ? new ScopeKey(scope, key, "operator") : null;
  }

  private static Response notFound() {
    return Response.status(Response.Status.NOT_FOUND)
        .entity("{\"error\":\"not_found\",\"message\":\"no state is remembered for this scope and key\"}").build();
  }
}
