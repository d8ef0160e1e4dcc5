package io.mcpauthz.audit.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;

/**
 * Test JWTs, signed by default with the issuer key that AuditTestResource configured
 * ({@code smallrye.jwt.sign.key.location}).
 */
public final class Tokens {

  /** The {@code sub} of every token here but {@link #auditorNamed}'s. */
  public static final String SUBJECT = "soc-analyst";

  private Tokens() {
  }

  public static String auditor() {
    return withRoles("auditor");
  }

  /** An auditor token of another subject (another analyst). */
  public static String auditorNamed(String subject) {
    return claims("auditor").subject(subject).sign();
  }

  public static String withRoles(String... roles) {
    return claims(roles).sign();
  }

  public static String signedBy(PrivateKey key) {
    return claims("auditor").sign(key);
  }

  public static String expired() {
    Instant past = Instant.now().minusSeconds(3600);
    return claims("auditor").issuedAt(past.minusSeconds(600)).expiresAt(past).sign();
  }

  public static String fromIssuer(String issuer) {
    return claims("auditor").issuer(issuer).sign();
  }

  /** From the trusted issuer, with the auditor role, but minted for an MCP server. */
  public static String forAudience(String audience) {
    return claims("auditor").audience(audience).sign();
  }

  private static JwtClaimsBuilder claims(String... roles) {
    return Jwt.issuer(AuditTestResource.ISSUER)
        .audience(AuditTestResource.AUDIENCE)
        .subject(SUBJECT)
        .claim("roles", List.of(roles))
        .expiresIn(300);
  }
}
