package io.mcpauthz.pdp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.policy.PolicyDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DecisionMetrics metrics = new DecisionMetrics(registry);

  private static Judgement allowed() {
    return Judgement.of("d-a", null, new PolicyDecision(true, "write", List.of(),
        JsonNodeFactory.instance.objectNode(), "rev"), Subject.ANONYMOUS);
  }

  private double count(String decision, String server, String reason) {
    return registry.get("mcp_authz_decisions").tags("decision", decision, "server", server, "reason", reason)
        .counter().count();
  }

  @Test
  void shouldCountEachDecisionUnderItsOwnDecisionServerAndReason() {
    metrics.record("github", allowed(), 1_000);
    metrics.record("github", allowed(), 1_000);
    metrics.record("crm", allowed(), 1_000);
    metrics.record("github", Judgement.refused("d-1", null, ErrorCode.BUDGET_EXCEEDED), 1_000);
    metrics.record("github", Judgement.refused("d-2", null, ErrorCode.BUDGET_EXCEEDED), 1_000);
    metrics.record("github", Judgement.refused("d-3", null, ErrorCode.OPA_TIMEOUT), 1_000);

    assertThat(count("allow", "github", "none")).isEqualTo(2);
    assertThat(count("allow", "crm", "none")).isEqualTo(1);
    assertThat(count("deny", "github", "budget_exceeded")).isEqualTo(2);
    assertThat(count("deny", "github", "opa_timeout")).isEqualTo(1);
    assertThat(registry.get("mcp_authz_decision").tag("decision", "allow").timer().count()).isEqualTo(3);
    assertThat(registry.get("mcp_authz_decision").tag("decision", "deny").timer().count()).isEqualTo(3);
  }
}
