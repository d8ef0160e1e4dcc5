package io.mcpauthz.pdp.opa;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DecisionException;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when OPA answers the decision query with a usable decision document: OPA being up
 * is not enough, the policy must be loaded. Each probe also keeps the path to OPA warm, so the
 * first real request after start does not pay for class loading and query compilation.
 */
@Readiness
@ApplicationScoped
public class OpaReadiness implements AsyncHealthCheck {

  private static final ObjectNode PROBE = probe();

  private final OpaClient opa;

  OpaReadiness(OpaClient opa) {
    this.opa = opa;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return opa.decide(PROBE)
        .map(decision -> HealthCheckResponse.named("opa").up()
            .withData("policy_revision", String.valueOf(decision.revision())).build())
        .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("opa").down()
            .withData("error_code", failure instanceof DecisionException e ? e.code().code() : "internal_error")
            .build());
  }

  /** An anonymous ping on no known server: any policy must still return a decision for it. */
  private static ObjectNode probe() {
    ObjectNode input = JsonNodeFactory.instance.objectNode().put("version", 1);
    input.putObject("request").put("method", "POST").put("path", "/mcp").putObject("headers");
    input.putObject("route").put("server", "mcp-authz-readiness-probe");
    input.putObject("subject").put("authenticated", false);
    input.putObject("mcp").put("kind", "request").put("method", "ping").put("id", 0);
    input.putObject("session");
    return input;
  }
}
