package io.mcpauthz.pdp.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.identity.Subject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Mints the short-lived assertion an upstream MCP server receives instead of the client's token:
 * who acts ({@code sub}), through which agent ({@code act.sub}, RFC 8693), for which tool and
 * decision. Verifiable with the keys at {@code /.well-known/jwks.json}.
 */
@ApplicationScoped
public class UpstreamTokenMinter {

  private static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

  private final UpstreamConfig config;
  private final ObjectMapper mapper;
  private final JwsSigner signer;
  private final long lifetimeSeconds;

  UpstreamTokenMinter(UpstreamConfig config, SigningKeys keys, ObjectMapper mapper) {
    this.config = config;
    this.mapper = mapper;
    this.signer = new JwsSigner(keys.signingKey().getPrivateKey(), keys.signingKey().getKeyId());
    this.lifetimeSeconds = Math.min(config.lifetime().toSeconds(), MAX_LIFETIME.toSeconds());
  }

  public String headerName() {
    return config.header();
  }

  /** The claims of the assertion for this call; recorded in the decision event as minted. */
  public ObjectNode claims(Subject subject, String server, String tool, String decisionId) {
    long now = System.currentTimeMillis() / 1000;
    ObjectNode claims = mapper.createObjectNode()
        .put("iss", config.issuer())
        .put("aud", server)
        .put("sub", subject.sub() != null ? subject.sub() : "anonymous")
        .put("iat", now)
        .put("exp", now + lifetimeSeconds)
        .put("jti", UUID.randomUUID().toString())
        .put("decision_id", decisionId);
    if (subject.clientId() != null) {
      claims.putObject("act").put("sub", subject.clientId());
    }
    if (tool != null) {
      claims.put("mcp_tool", tool);
    }
    return claims;
  }

  public String sign(ObjectNode claims) {
    try {
      return signer.sign(mapper.writeValueAsBytes(claims));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
