package io.mcpauthz.pdp.identity;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import io.mcpauthz.pdp.LogValues;
import io.mcpauthz.pdp.metadata.ProtectedResource;
import io.mcpauthz.pdp.metadata.ProtectedResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Verifies the caller's bearer token and extracts the subject. An invalid token never reaches the
 * policy. SmallRye JWT checks signature, {@code iss}, {@code aud}, {@code exp}/{@code nbf} with
 * {@code mp.jwt.verify.clock.skew}, and lifetime; before that, {@link BearerToken} enforces the
 * {@code alg} allow-list and {@link IssuerKeys} picks the key from memory, so the check itself is
 * CPU only. Here too: {@code iat} is required and not in the future, and where the route's MCP
 * server is a configured resource, {@code aud} must name it (RFC 8707). A token verified once is
 * remembered until it expires ({@link VerifiedTokens}); the audience check runs on every call.
 */
@Startup // configuration errors fail startup, not the first request
@ApplicationScoped
public class TokenVerifier {

  private static final Logger LOGGER = Logger.getLogger(TokenVerifier.class);

  private final JWTParser parser;
  private final JWTAuthContextInfo expected;
  private final IssuerKeys keys;
  private final SubjectClaims claims;
  private final ProtectedResources resources;
  private final Set<String> algorithms;
  private final VerifiedTokens verified;

  @Inject
  TokenVerifier(JWTParser parser, JWTAuthContextInfo expected, IssuerKeys keys, SubjectClaims claims,
      ProtectedResources resources, IdentityConfig config, MeterRegistry registry) {
    this(parser, expected, keys, claims, resources, config.tokenCacheMaxEntries() == 0 ? null
        : new VerifiedTokens(config.tokenCacheMaxEntries(), expected.getClockSkew(), Clock.systemUTC(), registry));
  }

  /** @param verified the cache of verified tokens, or null for none */
  TokenVerifier(JWTParser parser, JWTAuthContextInfo expected, IssuerKeys keys, SubjectClaims claims,
      ProtectedResources resources, VerifiedTokens verified) {
    if (expected.getIssuedBy() == null || expected.getExpectedAudience() == null
        || expected.getExpectedAudience().isEmpty()) {
      throw new IllegalStateException("set mp.jwt.verify.issuer and mp.jwt.verify.audiences: tokens are never "
          + "accepted without an issuer and an audience check");
    }
    this.parser = parser;
    this.expected = expected;
    this.keys = keys;
    this.claims = claims;
    this.resources = resources;
    this.algorithms = KeySelection.allowedAlgorithms(expected.getSignatureAlgorithm());
    this.verified = verified;
  }

  /** As {@link #verify(String, String)} without a route. */
  public Subject verify(String authorization) {
    return verify(authorization, null);
  }

  /**
   * Never blocks. A token naming a key not known yet starts a JWKS refresh and is refused; use
   * {@link #authenticate} to wait for that refresh instead.
   *
   * @param authorization the {@code authorization} header, or null
   * @param server        the route's MCP server, or null
   */
  public Subject verify(String authorization, String server) {
    return verifyAudience(authorization, audienceOf(server));
  }

  /**
   * For the PDP's own APIs: as {@link #verify(String, String)}, but {@code aud} must name
   * {@code audience} (null: any accepted audience), so that a token issued for an MCP server
   * does not open them.
   */
  public Subject verifyAudience(String authorization, String audience) {
    if (authorization == null || authorization.isBlank()) {
      return Subject.ANONYMOUS;
    }
    BearerToken token = parse(authorization);
    PublicJsonWebKey key = KeySelection.select(keys.current(), token);
    if (key == null) {
      if (KeySelection.unknownKid(keys.current(), token)) {
        keys.refreshForUnknownKey();
      }
      throw rejected("no trusted key for the token's kid and alg");
    }
    return check(token, key, audience);
  }

  /**
   * As {@link #verify(String, String)}, but a token naming an unknown key waits for one JWKS
   * refresh (rate-limited, off the event loop) and is judged with the keys it brings. The
   * common case (key known) completes at once, on the caller's thread.
   */
  public Uni<Subject> authenticate(String authorization, String server) {
    BearerToken token;
    PublicJsonWebKey key;
    try {
      if (authorization == null || authorization.isBlank()) {
        return Uni.createFrom().item(Subject.ANONYMOUS);
      }
      token = parse(authorization);
      key = KeySelection.select(keys.current(), token);
    } catch (DecisionException e) {
      return Uni.createFrom().failure(e);
    }
    String audience = audienceOf(server);
    if (key != null) {
      return Uni.createFrom().item(() -> check(token, key, audience));
    }
    if (!keys.remote() || !KeySelection.unknownKid(keys.current(), token)) {
      return Uni.createFrom().failure(rejected("no trusted key for the token's kid and alg"));
    }
    Context context = Vertx.currentContext();
    Uni<Subject> later = Uni.createFrom().completionStage(keys::refreshForUnknownKey).map(ignored -> {
      PublicJsonWebKey refreshed = KeySelection.select(keys.current(), token);
      if (refreshed == null) {
        throw rejected("no trusted key for the token's kid and alg after refresh");
      }
      return check(token, refreshed, audience);
    });
    // Resume on the caller's Vert.x context (its trace and request state), not the HTTP client's thread.
    return context == null ? later : later.emitOn(task -> context.runOnContext(ignored -> task.run()));
  }

  /** Where the route's MCP server is a configured resource, its tokens must name it (RFC 8707). */
  private String audienceOf(String server) {
    return resources.forServer(server).map(ProtectedResource::resource).orElse(null);
  }

  /** @param audience what {@code aud} must name on this call (null: any accepted audience); never cached */
  private Subject check(BearerToken token, PublicJsonWebKey key, String audience) {
    VerifiedTokens.Verified proven = verified == null ? null : verified.get(token.compact(), key.getPublicKey());
    if (proven == null) {
      proven = verifySignatureAndClaims(token, key);
      if (verified != null) {
        verified.put(token.compact(), proven);
      }
    }
    if (audience != null && !proven.audience().contains(audience)) {
      throw rejected("audience_not_this_resource");
    }
    return proven.subject();
  }

  /** Signature, issuer, audience, lifetime: all but the call's audience binding. */
  VerifiedTokens.Verified verifySignatureAndClaims(BearerToken token, PublicJsonWebKey key) {
    JWTAuthContextInfo context = new JWTAuthContextInfo(expected);
    context.setPublicKeyLocation(null);
    context.setPublicKeyContent(null);
    context.setPublicVerificationKey(key.getPublicKey());
    context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.fromAlgorithm(token.alg())));
    context.setRelaxVerificationKeyValidation(false);
    JsonWebToken jwt;
    try {
      jwt = parser.parse(token.compact(), context);
    } catch (ParseException e) {
      throw rejected(TokenFailures.reason(e));
    }
    Object issuedAt = jwt.getClaim(Claims.iat.name());
    if (issuedAt == null) {
      throw rejected("iat_missing");
    }
    long now = System.currentTimeMillis() / 1000;
    if (jwt.getIssuedAtTime() > now + expected.getClockSkew()) {
      throw rejected("iat_in_future");
    }
    return new VerifiedTokens.Verified(claims.subject(jwt), jwt.getAudience() == null ? Set.of()
        : Set.copyOf(jwt.getAudience()), key.getPublicKey(), notBefore(jwt), validUntilMillis(jwt));
  }

  /** The last instant SmallRye would still accept the token: exp plus the skew, and the token age if set. */
  private long validUntilMillis(JsonWebToken jwt) {
    long until = (jwt.getExpirationTime() + expected.getClockSkew()) * 1000;
    if (expected.getTokenAge() != null) {
      until = Math.min(until, (jwt.getIssuedAtTime() + expected.getTokenAge()) * 1000);
    }
    return until;
  }

  private static long notBefore(JsonWebToken jwt) {
    Object nbf = SubjectClaims.plain(jwt.getClaim(Claims.nbf.name()));
    return nbf instanceof Number n ? n.longValue() : jwt.getIssuedAtTime();
  }

  Set<String> algorithms() {
    return algorithms;
  }

  JWTAuthContextInfo expected() {
    return expected;
  }

  private BearerToken parse(String authorization) {
    try {
      return BearerToken.parse(authorization, algorithms);
    } catch (DecisionException e) {
      LOGGER.debugf("token rejected error_code=%s detail=%s", e.code().code(), LogValues.of(e.getMessage()));
      throw e;
    }
  }

  private static DecisionException rejected(String reason) {
    // The reason helps operators; the token itself is never logged.
    DecisionException e = new DecisionException(ErrorCode.TOKEN_INVALID, reason);
    LOGGER.debugf("token rejected error_code=%s detail=%s", e.code().code(), LogValues.of(e.getMessage()));
    return e;
  }
}
