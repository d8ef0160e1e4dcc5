package io.mcpauthz.pdp.decision;

import io.mcpauthz.pdp.identity.Subject;
import io.mcpauthz.pdp.metadata.ResourcesConfig;
import io.mcpauthz.pdp.upstream.UpstreamTokenMinter;
import io.mcpauthz.pep.port.HttpCheck;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Runs the decision path on synthetic requests at startup, before the PDP reports ready: body
 * parse, input, policy, verdict, an upstream token signed and the event built and encoded. Cold,
 * the first real calls after a start paid for class loading and compilation on the policy
 * workers, and at concurrency 16 some waited past the policy timeout (503 {@code opa_timeout}).
 * The rehearsals are recorded nowhere ({@link DecisionService#rehearse}); their subject is
 * synthetic and never verified, and the token verification has its own warm-up. With a tool,
 * roles and agent the policy allows ({@code mcp-authz.decision.warm-up-*}) the policy's allow
 * path is compiled too; by default the synthetic caller is denied.
 */
@Readiness
@ApplicationScoped
public class DecisionPathWarmup implements HealthCheck {

  private static final Logger LOGGER = Logger.getLogger(DecisionPathWarmup.class);
  private static final Duration AT_MOST = Duration.ofSeconds(20);
  private static final Duration EACH_AT_MOST = Duration.ofSeconds(10);
  private static final String SUB = "mcp-authz-warm-up";
  private static final List<String> BODIES = List.of(
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\","
          + "\"arguments\":{\"repo\":\"acme/api\",\"title\":\"warm-up\"}}}",
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-authz-warm-up\",\"version\":\"1\"}}}");

  private final DecisionService decisions;
  private final UpstreamTokenMinter minter;
  private final List<String> servers;
  private final Subject subject;
  private final String tool;
  private final int rounds;
  private volatile boolean warm;

  DecisionPathWarmup(DecisionService decisions, UpstreamTokenMinter minter, ResourcesConfig resources,
      DecisionConfig config) {
    this.decisions = decisions;
    this.minter = minter;
    this.servers = resources.servers().isEmpty() ? List.of(config.defaultServer())
        : List.copyOf(resources.servers().keySet());
    this.subject = new Subject(true, SUB, SUB, config.warmUpClientId(), config.warmUpRoles().orElse(List.of()),
        List.of(), List.of(), List.of(), Map.of());
    this.tool = config.warmUpTool();
    this.rounds = config.warmUpRounds();
  }

  /** After the policy engine's own start-up ({@code PolicyReadiness}), so the policy is loaded. */
  void warm(@Observes @Priority(3000) StartupEvent started) {
    long start = System.nanoTime();
    int done = warmUp(rounds, start + AT_MOST.toNanos());
    warm = true;
    LOGGER.infof("decision path warmed rounds=%d ms=%d", done, (System.nanoTime() - start) / 1_000_000);
  }

  /** @return the rounds run: fewer than asked when the deadline came first */
  int warmUp(int wanted, long deadlineNanos) {
    List<HttpCheck> checks = checks();
    int round = 0;
    for (; round < wanted && System.nanoTime() < deadlineNanos; round++) {
      HttpCheck check = checks.get(round % checks.size());
      try {
        decisions.rehearse(check, subject).await().atMost(EACH_AT_MOST);
        String server = check.context().get("mcp_server");
        minter.sign(minter.claims(subject, server, tool, "warm-up-" + round)); // a deny mints nothing
      } catch (RuntimeException e) { // e.g. no policy loaded yet: start anyway, the first callers pay
        LOGGER.warnf("decision path not fully warmed error=%s", e.getClass().getSimpleName());
        return round;
      }
    }
    return round;
  }

  private List<HttpCheck> checks() {
    List<HttpCheck> checks = new ArrayList<>();
    for (String server : servers) {
      for (String body : BODIES) {
        checks.add(new HttpCheck("mcp-authz-warm-up", Instant.now(), "POST", "/mcp", "mcp-authz-warm-up", "https",
            "HTTP/2", Map.of("content-type", "application/json", "mcp-protocol-version", "2025-06-18"),
            body.formatted(tool).getBytes(StandardCharsets.UTF_8), false, new HttpCheck.Peer("127.0.0.1", 0, ""),
            Map.of("mcp_server", server)));
      }
    }
    return checks;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("decision-path-warm-up").status(warm).build();
  }
}
