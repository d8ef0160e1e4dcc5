package io.mcpauthz.audit.projection;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.ingest.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts a worker for every enabled projection at startup and stops them at shutdown. */
@ApplicationScoped
public class Projections {

  private final AuditConfig audit;
  private final ProjectionConfig config;
  private final DeadLetters deadLetters;
  private final MeterRegistry registry;
  private final List<ProjectionWorker> workers = new ArrayList<>();
  private final List<ProjectionStatus> statuses = new CopyOnWriteArrayList<>(); // read by health checks

  public Projections(AuditConfig audit, ProjectionConfig config, DeadLetters deadLetters, MeterRegistry registry) {
    this.audit = audit;
    this.config = config;
    this.deadLetters = deadLetters;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) {
    List<Projection> enabled = enabled(config);
    requireSeparate(audit, config, enabled);
    for (Projection projection : enabled) {
      ProjectionStatus status = new ProjectionStatus(projection);
      ProjectionWorker worker = new ProjectionWorker(projection, audit, config, deadLetters, status,
          new ProjectionMetrics(registry, status));
      statuses.add(status);
      workers.add(worker);
      worker.start();
    }
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    for (ProjectionWorker worker : workers) {
      worker.stop();
    }
  }

  /** The running projections' states; empty when none is enabled. */
  public List<ProjectionStatus> statuses() {
    return List.copyOf(statuses);
  }

  static List<Projection> enabled(ProjectionConfig config) {
    List<Projection> enabled = new ArrayList<>();
    for (Projection projection : Projection.values()) {
      if (projection.target(config).enabled()) {
        enabled.add(projection);
      }
    }
    return enabled;
  }

  /**
   * Refuses a configuration that would loop or starve: a projection writing to the decisions
   * topic or the DLQ (it would read its own output), two projections on one topic (mixed
   * schemas), or a group shared with the index or another projection (the partitions would
   * be split between them, and each would see only part of the events).
   */
  static void requireSeparate(AuditConfig audit, ProjectionConfig config, List<Projection> enabled) {
    Set<String> topics = new HashSet<>(List.of(audit.topic(), audit.dlqTopic()));
    Set<String> groups = new HashSet<>(List.of(audit.group()));
    for (Projection projection : enabled) {
      ProjectionConfig.Target target = projection.target(config);
      if (!topics.add(target.topic())) {
        throw new IllegalStateException("mcp-authz.audit.projection." + projection.label() + ".topic must differ "
            + "from the decisions topic, the DLQ and the other projection's topic: " + target.topic());
      }
      if (!groups.add(target.group())) {
        throw new IllegalStateException("mcp-authz.audit.projection." + projection.label() + ".group must differ "
            + "from mcp-authz.audit.group and the other projection's group: " + target.group());
      }
    }
  }
}
