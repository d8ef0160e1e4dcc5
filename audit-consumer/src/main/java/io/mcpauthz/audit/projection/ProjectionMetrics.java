package io.mcpauthz.audit.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One projection's meters on /q/metrics: {@code mcp_authz_audit_projection_events_total} by
 * {@code projection} and {@code result} (produced, failed, dead_lettered) and
 * {@code mcp_authz_audit_projection_lag}.
 */
final class ProjectionMetrics {

  private final Counter produced;
  private final Counter failed;
  private final Counter deadLettered;

  ProjectionMetrics(MeterRegistry registry, ProjectionStatus status) {
    String projection = status.projection().label();
    produced = counter(registry, projection, "produced");
    failed = counter(registry, projection, "failed");
    deadLettered = counter(registry, projection, "dead_lettered");
    Gauge.builder("mcp_authz.audit.projection.lag", status, ProjectionStatus::lag)
        .description("Decision records not yet projected, over the assigned partitions (-1 unknown)")
        .tag("projection", projection)
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String projection, String result) {
    return Counter.builder("mcp_authz.audit.projection.events")
        .description("Decision records by projection and result: produced (acknowledged by the projection's topic), "
            + "failed (not acknowledged, produced again), dead_lettered (not projectable, in the DLQ)")
        .tag("projection", projection)
        .tag("result", result)
        .register(registry);
  }

  void produced(int count) {
    produced.increment(count);
  }

  void failed(int count) {
    failed.increment(count);
  }

  void deadLettered(int count) {
    deadLettered.increment(count);
  }
}
