package io.mcpauthz.pdp.event;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the spool refuses new calls (full or unwritable, with {@code on-full=fail-closed}):
 * such a replica can only deny, so traffic should go to one that can judge. With {@code drop} it
 * stays ready, and the state says {@code dropping}.
 */
@Readiness
@ApplicationScoped
public class SpoolReadiness implements HealthCheck {

  private final DecisionEventPublisher publisher;

  SpoolReadiness(DecisionEventPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public HealthCheckResponse call() {
    DecisionEventPublisher.State state = publisher.state();
    return HealthCheckResponse.named("decision-spool").status(publisher.accepting())
        .withData("state", state.name().toLowerCase(Locale.ROOT)).build();
  }
}
