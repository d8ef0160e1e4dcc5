package io.mcpauthz.pdp.event.spool;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;

/** The spool as Prometheus sees it; replays and fsyncs are counters of the forwarder and the syncer. */
public final class SpoolMetrics {

  private SpoolMetrics() {}

  public static void register(MeterRegistry registry, Journal journal, SpoolForwarder forwarder, long capacityBytes,
      BooleanSupplier accepting) {
    Gauge.builder("mcp_authz_spool_backlog_events", journal, Journal::backlogEvents)
        .description("Decision events in the spool not yet acknowledged by Kafka").register(registry);
    Gauge.builder("mcp_authz_spool_backlog_bytes", journal, Journal::backlogBytes)
        .description("Bytes of the spool not yet acknowledged by Kafka").baseUnit("bytes").register(registry);
    Gauge.builder("mcp_authz_spool_oldest_unforwarded_seconds", forwarder, SpoolMetrics::oldestAge)
        .description("Age of the oldest decision event not yet acknowledged by Kafka").baseUnit("seconds")
        .register(registry);
    Gauge.builder("mcp_authz_spool_capacity_bytes", () -> capacityBytes)
        .description("mcp-authz.events.spool.max-bytes").baseUnit("bytes").register(registry);
    Gauge.builder("mcp_authz_spool_accepting", () -> accepting.getAsBoolean() ? 1 : 0)
        .description("1 while new calls are judged; 0 while the full spool refuses them (audit_unavailable)")
        .register(registry);
  }

  private static double oldestAge(SpoolForwarder forwarder) {
    long appendedAt = forwarder.oldestAppendedAt();
    return appendedAt == 0 ? 0 : Math.max(0, System.currentTimeMillis() - appendedAt) / 1000.0;
  }
}
