package io.mcpauthz.pdp.policy.wasm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the Wasm engine polls for its bundle, as OPA polls a bundle service
 * (docs/policies.md, "Bundles from a bundle server"). Without a URL the bundle is the file
 * {@code mcp-authz.policy.wasm.bundle}.
 */
@ConfigMapping(prefix = "mcp-authz.policy.wasm.bundle-server")
public interface BundleServerConfig {

  /** The bundle's full URL (OPA's service {@code url} plus the bundle's {@code resource}). */
  Optional<URI> url();

  /** Least wait between two successful polls (OPA's {@code polling.min_delay_seconds}). */
  @WithDefault("60s")
  Duration minDelay();

  /** Longest wait between two successful polls, and the cap of the retry backoff. */
  @WithDefault("120s")
  Duration maxDelay();

  /**
   * A file holding the bearer token for the bundle server (OPA's
   * {@code credentials.bearer.token_path}); read again for every request, so it may rotate.
   */
  Optional<Path> tokenPath();

  /** Longest wait for the server's answer, per request. */
  @WithDefault("10s")
  Duration timeout();

  /** Largest bundle accepted, compressed; a larger download is a failed poll. */
  @WithDefault("33554432")
  long maxBytes();
}
