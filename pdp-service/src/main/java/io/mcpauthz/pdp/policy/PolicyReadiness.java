package io.mcpauthz.pdp.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready only when the policy engine answers the decision query with a usable decision document:
 * the engine being up is not enough, the policy must be loaded. The same query runs once at
 * startup, so the first real request does not pay for class loading, connection set-up and query
 * compilation (which can exceed the policy timeout and deny it with 503).
 */
@Readiness
@ApplicationScoped
public class PolicyReadiness implements AsyncHealthCheck {

  private static final Logger LOGGER = Logger.getLogger(PolicyReadiness.class);
  private static final ObjectNode PROBE = probe();
  private static final Duration WARM_UP = Duration.ofSeconds(10);
  /** Added to the policy timeout: a probe that waits longer finds every worker stuck. */
  private static final Duration PROBE_MARGIN = Duration.ofSeconds(3);

  private final PolicyEngine engine;
  private final Duration probeTimeout;

  PolicyReadiness(PolicyEngine engine, @ConfigProperty(name = "mcp-authz.policy.timeout") Duration policyTimeout) {
    this.engine = engine;
    this.probeTimeout = policyTimeout.plus(PROBE_MARGIN);
  }

  void warmUp(@Observes StartupEvent startup) {
    try {
      engine.decide(PROBE).await().atMost(WARM_UP);
    } catch (RuntimeException e) {
      LOGGER.warnf("the policy engine did not answer at startup; the first decisions may be slow error=%s",
          e instanceof DecisionException d ? d.code().code() : e.getClass().getSimpleName());
    }
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return engine.decide(PROBE)
        .ifNoItem().after(probeTimeout)
        .failWith(() -> new DecisionException(ErrorCode.OPA_TIMEOUT, "no answer within " + probeTimeout))
        .map(decision -> HealthCheckResponse.named("policy").up()
            .withData("policy_revision", String.valueOf(decision.revision())).build())
        .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("policy").down()
            .withData("error_code", failure instanceof DecisionException e ? e.code().code() : "internal_error")
            .build());
  }

  /** An anonymous ping on no known server: any policy must still return a decision for it. */
  public static ObjectNode probe() {
    ObjectNode input = JsonNodeFactory.instance.objectNode().put("version", 1);
    input.putObject("request").put("method", "POST").put("path", "/mcp").putObject("headers");
    input.putObject("route").put("server", "mcp-authz-readiness-probe");
    input.putObject("subject").put("authenticated", false);
    input.putObject("mcp").put("kind", "request").put("method", "ping").put("id", 0);
    input.putObject("session");
    return input;
  }
}
