package io.mcpauthz.pdp.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * Which token claims carry what. Issuer, audience and keys are SmallRye JWT's own
 * {@code mp.jwt.verify.*} settings.
 */
@ConfigMapping(prefix = "mcp-authz.identity")
public interface IdentityConfig {

  @WithDefault("roles")
  String rolesClaim();

  @WithDefault("groups")
  String groupsClaim();

  /** Space-separated string (RFC 8693 {@code scope}) or an array. */
  @WithDefault("scope")
  String scopeClaim();

  /** Falls back to {@code azp} when absent. */
  @WithDefault("client_id")
  String clientIdClaim();

  @WithDefault("tenant")
  String tenantClaim();

  /**
   * Claims copied into the input's {@code subject.claims} for policies; {@code sid} and
   * {@code jti} also name the session where a request has none (mcp-authz.session.fallback-claims).
   */
  @WithDefault("iat,exp,auth_time,acr,azp,tenant,email,sid,jti")
  List<String> exposedClaims();

  /**
   * How many verified tokens are remembered until they expire, so that their signature is checked
   * once (0: none). About 1 KiB each.
   */
  @WithDefault("10000")
  int tokenCacheMaxEntries();
}
