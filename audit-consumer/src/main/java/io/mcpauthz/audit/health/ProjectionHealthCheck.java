package io.mcpauthz.audit.health;

import io.mcpauthz.audit.projection.ProjectionStatus;
import io.mcpauthz.audit.projection.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import io.smallrye.health.api.Wellness;

/**
 * A wellness check, not a readiness one: a SIEM topic the consumer cannot write to must not take
 * the audit API out of its Service. Up once every enabled SIEM projection has joined its group and been assigned partitions
 * (up, with {@code state: off}, when none is enabled). Public like the other checks: each
 * projection's state and last error code, never topics, groups or lag.
 */
@Wellness
@ApplicationScoped
public class ProjectionHealthCheck implements HealthCheck {

  private final Projections projections;

  public ProjectionHealthCheck(Projections projections) {
    this.projections = projections;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named("audit-projection").up();
    if (projections.statuses().isEmpty()) {
      return builder.withData("state", "off").build();
    }
    for (ProjectionStatus status : projections.statuses()) {
      String name = status.projection().label();
      builder.withData(name, status.state().name().toLowerCase(Locale.ROOT));
      if (status.lastError() != null) {
        builder.withData(name + "_reason", status.lastError());
      }
      if (!status.ready()) {
        builder.down();
      }
    }
    return builder.build();
  }
}
