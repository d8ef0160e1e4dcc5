package io.mcpauthz.pdp.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics at {@code /q/metrics}: {@code mcp_authz_decisions_total} by decision,
 * server and reason code (the same stable codes as in events and logs), and the decision
 * latency histogram {@code mcp_authz_decision_seconds}.
 */
@ApplicationScoped
class DecisionMetrics {

  private final MeterRegistry registry;
  private final Timer allowed;
  private final Timer denied;

  DecisionMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.allowed = timer(registry, "allow");
    this.denied = timer(registry, "deny");
  }

  void record(String server, Judgement judgement, long latencyNanos) {
    String decision = judgement.allowed() ? "allow" : "deny";
    Counter.builder("mcp_authz_decisions")
        .description("Judged MCP messages")
        .tags("decision", decision, "server", server, "reason", judgement.reasons().isEmpty()
            ? "none" : judgement.reasons().get(0).code())
        .register(registry)
        .increment();
    (judgement.allowed() ? allowed : denied).record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  private static Timer timer(MeterRegistry registry, String decision) {
    return Timer.builder("mcp_authz_decision")
        .description("Time from the Check call to the verdict, in the PDP")
        .tag("decision", decision)
        .publishPercentileHistogram()
        .register(registry);
  }
}
