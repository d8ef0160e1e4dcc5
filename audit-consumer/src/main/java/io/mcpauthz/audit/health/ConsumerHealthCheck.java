package io.mcpauthz.audit.health;

import io.mcpauthz.audit.AuditConfig;
import io.mcpauthz.audit.ingest.ConsumerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the Kafka consumer has joined its group and been assigned partitions. */
@Readiness
@ApplicationScoped
public class ConsumerHealthCheck implements HealthCheck {

    private final ConsumerStatus status;
    private final AuditConfig config;

    public ConsumerHealthCheck(ConsumerStatus status, AuditConfig config) {
        this.status = status;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("audit-consumer")
                .status(status.ready())
                .withData("state", status.state().name().toLowerCase())
                .withData("topic", config.topic())
                .withData("group", config.group())
                .withData("partitions", status.partitions())
                .withData("lag", status.lag());
        if (status.lastIndexedAt() != null) {
            builder.withData("last_indexed_at", status.lastIndexedAt().toString());
        }
        if (status.lastError() != null) {
            builder.withData("last_error", status.lastError());
        }
        return builder.build();
    }
}
