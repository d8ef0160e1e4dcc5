package io.mcpauthz.pdp.upstream;

import io.mcpauthz.pdp.identity.Subject;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Mints the short-lived assertion an upstream MCP server receives instead of the client's token:
 * who acts ({@code sub}), through which agent ({@code act.sub}), for which tool and decision.
 */
@ApplicationScoped
public class UpstreamTokenMinter {

  private static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

  private final UpstreamConfig config;
  private final SigningKeys keys;
  private final Duration lifetime;

  UpstreamTokenMinter(UpstreamConfig config, SigningKeys keys) {
    this.config = config;
    this.keys = keys;
    this.lifetime = config.lifetime().compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : config.lifetime();
  }

  public String headerName() {
    return config.header();
  }

  public String mint(Subject subject, String server, String tool, String decisionId) {
    PublicJsonWebKey key = keys.signingKey();
    Instant now = Instant.now();
    var claims = Jwt.issuer(config.issuer())
        .audience(server)
        .subject(subject.sub() != null ? subject.sub() : "anonymous")
        .issuedAt(now)
        .expiresAt(now.plus(lifetime))
        .claim("jti", UUID.randomUUID().toString())
        .claim("decision_id", decisionId);
    if (subject.clientId() != null) {
      claims.claim("act", Map.of("sub", subject.clientId()));
    }
    if (tool != null) {
      claims.claim("mcp_tool", tool);
    }
    return claims.jws()
        .keyId(key.getKeyId())
        .algorithm("EC".equals(key.getKeyType()) ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256)
        .sign(key.getPrivateKey());
  }
}
