package io.mcpauthz.pdp.decision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
