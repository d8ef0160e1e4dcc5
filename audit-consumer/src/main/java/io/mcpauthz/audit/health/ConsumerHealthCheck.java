package io.mcpauthz.audit.health;

import io.mcpauthz.audit.ingest.ConsumerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the Kafka consumer has joined its group and been assigned partitions. Health is
 * public: the consumer's state and last error code only; topic, group, partitions and lag are
 * for operators, on /q/metrics and in the log.
 */
@Readiness
@ApplicationScoped
public class ConsumerHealthCheck implements HealthCheck {

  private final ConsumerStatus status;

  public ConsumerHealthCheck(ConsumerStatus status) {
    this.status = status;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named("audit-consumer")
        .status(status.ready())
        .withData("state", status.state().name().toLowerCase());
    if (status.lastError() != null) {
      builder.withData("reason", status.lastError());
    }
    return builder.build();
  }
}
