package io.mcpauthz.pdp.decision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Limits of the decision path. */
@ConfigMapping(prefix = "mcp-authz.decision")
public interface DecisionConfig {

  /** The server name when a route sets no {@code context_extensions.mcp_server}. */
  @WithDefault("default")
  String defaultServer();

  /** Largest body judged; match Envoy's {@code with_request_body.max_request_bytes}. */
  @WithDefault("1048576")
  int maxBodyBytes();

  /** Deepest JSON nesting accepted in a body. */
  @WithDefault("64")
  int maxJsonDepth();

  /**
   * Most messages judged in one 2025-03-26 batch; a larger batch is refused whole, with one
   * event, before any message is judged. Each message costs a policy query and an event.
   */
  @WithDefault("32")
  int maxBatchMessages();

  /**
   * The whole decision's time, from the Check call to the answer. Keep it below the proxy's
   * ext_authz timeout (Envoy 1 s) and above the OPA timeout: past it the PDP answers 503
   * {@code decision_timeout} itself, so the caller, the proxy and the audit log all see a deny.
   */
  @WithDefault("800ms")
  Duration budget();

  /**
   * Kept free before the proxy's own gRPC deadline ({@code grpc-timeout}) for the answer's way
   * back; when the proxy waits less than {@link #budget()}, its deadline minus this is the budget.
   */
  @WithDefault("50ms")
  Duration deadlineMargin();

  /**
   * Synthetic decisions run at startup, before readiness, so the first real calls find the path
   * compiled ({@link DecisionPathWarmup}); 0 turns the warm-up off.
   */
  @WithDefault("300")
  int warmUpRounds();

  /**
   * The tool the warm-up calls, with {@link #warmUpRoles()}: name one your policy allows for those
   * roles, so that the warm-up compiles the policy's allow path too, not only a deny.
   */
  @WithDefault("warm_up")
  String warmUpTool();

  /** The roles of the warm-up's synthetic caller (none by default). */
  Optional<List<String>> warmUpRoles();

  /** The agent ({@code client_id}) the warm-up's synthetic caller acts through. */
  @WithDefault("mcp-authz-warm-up")
  String warmUpClientId();
}
