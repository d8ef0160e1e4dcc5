package io.mcpauthz.pdp.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The assertion the PDP mints for upstream MCP servers in place of the client's token. */
@ConfigMapping(prefix = "mcp-authz.upstream")
public interface UpstreamConfig {

  /** {@code iss} of minted tokens; upstream servers trust this issuer and its JWKS. */
  @WithDefault("http://127.0.0.1:8080")
  String issuer();

  /** Token lifetime; the contract caps it at 60 s. */
  @WithDefault("30s")
  Duration lifetime();

  /** Header carrying the minted token (value {@code Bearer <jwt>}). */
  @WithDefault("authorization")
  String header();

  /**
   * How minted tokens are signed: {@code ES256} (P-256), {@code EdDSA} (Ed25519, RFC 8037: less
   * CPU per token, docs/benchmarks.md) or {@code RS256}. The signing key must be of that type.
   */
  @WithDefault("ES256")
  String algorithm();

  /**
   * A JWK Set file: the first key holding a private part for {@link #algorithm()} signs, every key is
   * published, so a rotated-out key stays verifiable until its tokens expire. Missing file: a key
   * for the algorithm is generated and written there (development). Unset: an in-memory key.
   */
  Optional<String> signingKeyLocation();
}
