package io.mcpauthz.audit.ingest;

import io.mcpauthz.audit.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Ingest counters, exposed on /q/metrics as {@code mcp_authz_audit_*}. */
@ApplicationScoped
public class IngestMetrics {

  private final MeterRegistry registry;
  private final Counter indexed;
  private final Counter duplicates;

  public IngestMetrics(MeterRegistry registry, ConsumerStatus status) {
    this.registry = registry;
    this.indexed = Counter.builder("mcp_authz.audit.events.indexed")
        .description("Decision events stored for the first time").register(registry);
    this.duplicates = Counter.builder("mcp_authz.audit.events.duplicate")
        .description("Redelivered decision events skipped by decision_id").register(registry);
    Gauge.builder("mcp_authz.audit.consumer.lag", status, ConsumerStatus::lag)
        .description("Records behind the log end over the assigned partitions (-1 unknown)")
        .register(registry);
  }

  void indexed(int count) {
    indexed.increment(count);
  }

  void duplicates(int count) {
    duplicates.increment(count);
  }

  void rejected(ErrorCode reason) {
    Counter.builder("mcp_authz.audit.events.rejected")
        .description("Kafka records skipped because they are not valid decision events")
        .tag("reason", reason.code())
        .register(registry)
        .increment();
  }
}
