package io.mcpauthz.audit.health;

import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the store (DuckDB or PostgreSQL) answers a query. */
@Readiness
@ApplicationScoped
public class StoreHealthCheck implements HealthCheck {

    private final DecisionReader reader;
    private final Database db;

    public StoreHealthCheck(DecisionReader reader, Database db) {
        this.reader = reader;
        this.db = db;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("audit-store").up()
                    .withData("database", db.location())
                    .withData("decisions", reader.count())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("audit-store").down()
                    .withData("database", db.location())
                    .build();
        }
    }
}
