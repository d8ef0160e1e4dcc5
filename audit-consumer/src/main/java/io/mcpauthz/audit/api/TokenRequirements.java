package io.mcpauthz.audit.api;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit API starts only when its tokens are pinned to an issuer and to its own audience:
 * without them SmallRye JWT would accept any token its key verifies, including an MCP token an
 * agent was given (docs/audit.md, "Access").
 */
@Startup
@ApplicationScoped
class TokenRequirements {

  /** The audience the launcher and the docs use; tokens for MCP servers never carry it. */
  static final String SUGGESTED_AUDIENCE = "mcp-authz-audit";

  TokenRequirements(@ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
      @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<List<String>> audiences) {
    check(issuer, audiences);
  }

  static void check(Optional<String> issuer, Optional<List<String>> audiences) {
    if (issuer.filter(i -> !i.isBlank()).isEmpty()) {
      throw new IllegalStateException("set mp.jwt.verify.issuer: the audit API accepts tokens from one "
          + "trusted issuer only");
    }
    if (audiences.filter(a -> a.stream().anyMatch(s -> !s.isBlank())).isEmpty()) {
      throw new IllegalStateException("set mp.jwt.verify.audiences to the audit API's own audience (e.g. "
          + SUGGESTED_AUDIENCE + "), never an MCP server's: a token minted for an agent must not "
          + "open the audit trail");
    }
  }
}
