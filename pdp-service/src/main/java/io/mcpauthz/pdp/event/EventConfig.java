package io.mcpauthz.pdp.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where decision events go; the broker is {@code kafka.bootstrap.servers}. */
@ConfigMapping(prefix = "mcp-authz.events")
public interface EventConfig {

  @WithDefault("mcp-authz.decisions")
  String topic();

  /** Events waiting for the producer; beyond this they are dropped (and counted), decisions never wait. */
  @WithDefault("10000")
  int queueCapacity();

  /**
   * Largest serialized event; larger ones are shortened (docs/events.md). Keep it well below the
   * topic's {@code max.message.bytes} and the producer's {@code max.request.size} (both 1 MiB by default).
   */
  @WithDefault("262144")
  int maxEventBytes();
}
