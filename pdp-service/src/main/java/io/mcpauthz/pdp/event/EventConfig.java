package io.mcpauthz.pdp.event;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Where decision events go; the broker is {@code kafka.bootstrap.servers}. */
@ConfigMapping(prefix = "mcp-authz.events")
public interface EventConfig {

  @WithDefault("mcp-authz.decisions")
  String topic();

  /**
   * Largest serialized event; larger ones are shortened (docs/events.md). Keep it well below the
   * topic's {@code max.message.bytes} and the producer's {@code max.request.size} (both 1 MiB by default).
   */
  @WithDefault("262144")
  int maxEventBytes();

  /** The on-disk journal every event passes through on its way to Kafka (docs/events.md, "Delivery"). */
  Spool spool();

  interface Spool {

    /** One directory per PDP process (it is locked); on Kubernetes a volume, see deploy/. */
    Path directory();

    /** The journal's whole size on disk: the backlog a broker outage may build up. */
    @WithDefault("1G")
    MemorySize maxBytes();

    /**
     * With {@code fail-closed}: kept free for the {@code audit_unavailable} denies themselves;
     * new calls are refused once the backlog reaches {@code max-bytes} minus this.
     */
    @WithDefault("64M")
    MemorySize reserveBytes();

    /** A new segment file is started past this size; wholly forwarded segments are deleted. */
    @WithDefault("64M")
    MemorySize segmentBytes();

    /** Group commit: appends are fsynced together this often, the most a host crash can lose. */
    @WithDefault("100ms")
    Duration fsyncInterval();

    /**
     * Once the forwarder has sent everything the spool held, it waits this long before reading
     * again, so events reach Kafka in batches (fewer wake-ups and produce requests at moderate
     * rates); an event's arrival in Kafka is delayed by at most this, its durability not at all;
     * a backlog is sent without it. 0: none; at most 1s.
     */
    @WithDefault("50ms")
    Duration forwardLinger();

    @WithDefault("fail-closed")
    OnFull onFull();

    /** On SIGTERM, forwarding goes on this long at most; the rest stays on disk for the next start. */
    @WithDefault("5s")
    Duration drainTimeout();
  }

  enum OnFull {
    /** New calls are denied (503, {@code audit_unavailable}) until the backlog drains. */
    FAIL_CLOSED,
    /** New events are dropped and counted ({@code mcp_authz_events{result="dropped"}}); calls go on. */
    DROP
  }
}
