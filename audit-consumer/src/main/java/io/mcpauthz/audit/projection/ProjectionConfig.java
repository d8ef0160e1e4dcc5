package io.mcpauthz.audit.projection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The SIEM topics, keys under {@code mcp-authz.audit.projection.*}: each projection is off
 * unless enabled, and reads the decisions topic in a consumer group of its own.
 */
@ConfigMapping(prefix = "mcp-authz.audit.projection")
public interface ProjectionConfig {

  /** OCSF API Activity records, default topic {@code mcp-authz.decisions.ocsf}. */
  Target ocsf();

  /** ECS documents, default topic {@code mcp-authz.decisions.ecs}. */
  Target ecs();

  /** Most records one poll returns: the batch produced, flushed and committed together. */
  @WithDefault("2000")
  int maxPollRecords();

  /**
   * How long one produce may take before it counts as failed (Kafka's
   * {@code delivery.timeout.ms}); the batch is then produced again from its committed offset.
   */
  @WithDefault("30s")
  Duration deliveryTimeout();

  /** One projection's switch, topic and consumer group (defaults in application.properties). */
  interface Target {

    @WithDefault("false")
    boolean enabled();

    /** Where the projected records are produced. */
    String topic();

    /** Its consumer group on the decisions topic; the committed offsets are its progress. */
    String group();
  }
}
