package io.mcpauthz.pdp.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.metadata.ProtectedResources;
import io.mcpauthz.pdp.metadata.ResourcesConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verifier against a JWK Set served over HTTP, as from a real IdP's jwks_uri. */
class TokenVerifierTest {

  static final String ISSUER = "https://idp.example.com";
  static final String GITHUB = "https://mcp.example.com/github";

  private final JwksServer idp = new JwksServer();
  private final PublicJsonWebKey rsa = key(rsa(), "rsa-1");
  private final PublicJsonWebKey ec = key(ec(), "ec-1");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final VerifiedTokens cache = new VerifiedTokens(100, 30, Clock.systemUTC(), registry);

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  void shouldVerifyRsaAndEcTokensWithPublishedKeys() {
    idp.publish(List.of(rsa, ec));
    TokenVerifier verifier = verifier(Duration.ZERO);

    assertThat(verifier.verify(bearer(rsa, SignatureAlgorithm.RS256)).sub()).isEqualTo("alice");
    assertThat(verifier.verify(bearer(rsa, SignatureAlgorithm.PS256)).sub()).isEqualTo("alice");
    assertThat(verifier.verify(bearer(ec, SignatureAlgorithm.ES256)).sub()).isEqualTo("alice");
  }

  @Test
  void shouldFetchRotatedKeyWhenTokenNamesUnknownKid() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    PublicJsonWebKey rotated = key(rsa(), "rsa-2");
    idp.publish(List.of(rsa, rotated));

    Subject subject = verifier.authenticate(bearer(rotated, SignatureAlgorithm.RS256), null)
        .await().atMost(Duration.ofSeconds(10));

    assertThat(subject.sub()).isEqualTo("alice");
    assertThat(idp.fetches()).isEqualTo(2);
  }

  @Test
  void shouldRefuseUnknownKidWithoutBlockingThenAcceptItOnceRefreshed() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    PublicJsonWebKey rotated = key(rsa(), "rsa-2");
    idp.publish(List.of(rotated));
    String token = bearer(rotated, SignatureAlgorithm.RS256);

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(DecisionException.class);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(verifier.verify(token).sub()).isEqualTo("alice"));
  }

  @Test
  void shouldRateLimitRefreshesForUnknownKids() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ofHours(1));
    PublicJsonWebKey stranger = key(rsa(), "random-kid");

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> verifier.authenticate(bearer(stranger, SignatureAlgorithm.RS256), null)
          .await().atMost(Duration.ofSeconds(10))).isInstanceOf(DecisionException.class);
    }
    assertThat(idp.fetches()).as("startup fetch plus one forced refresh").isEqualTo(2);
  }

  @Test
  void shouldKeepKnownKeysWhenJwksEndpointFails() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    idp.fail();

    verifier.authenticate(bearer(key(ec(), "unknown"), SignatureAlgorithm.ES256), null)
        .onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(10));

    assertThat(verifier.verify(bearer(rsa, SignatureAlgorithm.RS256)).sub()).isEqualTo("alice");
  }

  @Test
  void shouldRefuseTokenWhoseKeyTypeDoesNotMatchAlg() {
    idp.publish(List.of(rsa, ec));
    // Signed with the RSA key but naming the EC key's kid: no EC key can check an RS256 signature.
    String token = "Bearer " + claims().jws().keyId("ec-1").sign(rsa.getPrivateKey());

    assertThatThrownBy(() -> verifier(Duration.ZERO).verify(token)).isInstanceOf(DecisionException.class);
  }

  @Test
  void shouldRequireRouteResourceAsAudienceWhenConfigured() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    String generic = "Bearer " + claims().jws().keyId("rsa-1").sign(rsa.getPrivateKey());
    String forGithub = "Bearer " + claims().audience(Set.of(GITHUB)).jws().keyId("rsa-1").sign(rsa.getPrivateKey());

    assertThatThrownBy(() -> verifier.verify(generic, "github")).isInstanceOf(DecisionException.class);
    assertThat(verifier.verify(forGithub, "github").sub()).isEqualTo("alice");
    assertThat(verifier.verify(generic, "unconfigured").sub()).isEqualTo("alice");
  }

  @Test
  void shouldCheckTheSignatureOnceForARepeatedToken() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    String token = bearer(rsa, SignatureAlgorithm.RS256);

    for (int i = 0; i < 3; i++) {
      assertThat(verifier.verify(token).sub()).isEqualTo("alice");
    }

    assertThat(lookups("miss")).isEqualTo(1);
    assertThat(lookups("hit")).isEqualTo(2);
  }

  @Test
  void shouldBindACachedTokenToItsAudienceOnEveryCall() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    String forGithub = "Bearer " + claims().audience(Set.of(GITHUB)).jws().keyId("rsa-1").sign(rsa.getPrivateKey());
    String generic = "Bearer " + claims().jws().keyId("rsa-1").sign(rsa.getPrivateKey());
    verifier.verify(generic, "unconfigured");

    assertThat(verifier.verify(forGithub, "github").sub()).isEqualTo("alice");
    assertThatThrownBy(() -> verifier.verify(generic, "github")).isInstanceOf(DecisionException.class);
    assertThat(lookups("hit")).as("the generic token came from the cache, and was still refused").isEqualTo(1);
  }

  @Test
  void shouldVerifyATamperedCopyOfACachedTokenAfresh() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    String token = verifiedOnce(verifier, rsa);
    int signature = token.lastIndexOf('.') + 10;
    String tampered = token.substring(0, signature) + (token.charAt(signature) == 'A' ? 'B' : 'A')
        + token.substring(signature + 1);

    assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(DecisionException.class);
  }

  @Test
  void shouldStopServingACachedTokenOnceItsKeyLeavesTheJwks() {
    PublicJsonWebKey retired = key(rsa(), "rsa-2");
    idp.publish(List.of(rsa, retired));
    TokenVerifier verifier = verifier(Duration.ZERO);
    String token = verifiedOnce(verifier, retired);
    idp.publish(List.of(rsa));

    refreshKeys(verifier);

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(DecisionException.class);
  }

  @Test
  void shouldVerifyACachedTokenAgainWhenItsKidNowNamesAnotherKey() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    String token = verifiedOnce(verifier, rsa);
    idp.publish(List.of(key(rsa(), "rsa-1"))); // the issuer replaced the key behind the same kid

    refreshKeys(verifier);

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(DecisionException.class);
    assertThat(lookups("stale")).isEqualTo(1);
  }

  @Test
  void shouldWarmEveryConfiguredAlgorithmWithoutTrustingTheWarmUpKeys() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);

    assertThat(new TokenPathWarmup(verifier).warmUp()).isEqualTo(3);
    assertThat(cache.size()).as("warm-up tokens are never remembered").isZero();
  }

  /** A fresh RS256 token, verified once, so the cache holds it. */
  private static String verifiedOnce(TokenVerifier verifier, PublicJsonWebKey key) {
    String token = bearer(key, SignatureAlgorithm.RS256);
    verifier.verify(token);
    return token;
  }

  /** A token naming a kid nobody publishes forces one JWKS fetch; wait for it. */
  private void refreshKeys(TokenVerifier verifier) {
    int before = idp.fetches();
    verifier.authenticate(bearer(key(rsa(), "unknown"), SignatureAlgorithm.RS256), null)
        .onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(10));
    assertThat(idp.fetches()).isEqualTo(before + 1);
  }

  private double lookups(String result) {
    return registry.counter("mcp_authz_token_cache", "result", result).count();
  }

  @Test
  void shouldOpenTheApiOfAnAudienceOnlyToTokensNamingIt() {
    idp.publish(List.of(rsa));
    TokenVerifier verifier = verifier(Duration.ZERO);
    String forGithub = "Bearer " + claims().audience(Set.of(GITHUB)).jws().keyId("rsa-1").sign(rsa.getPrivateKey());

    assertThatThrownBy(() -> verifier.verifyAudience(forGithub, "mcp-authz")).isInstanceOf(DecisionException.class);
    assertThat(verifier.verifyAudience(bearer(rsa, SignatureAlgorithm.RS256), "mcp-authz").sub()).isEqualTo("alice");
  }

  private TokenVerifier verifier(Duration forcedRefresh) {
    JWTAuthContextInfo expected = new JWTAuthContextInfo();
    expected.setIssuedBy(ISSUER);
    expected.setExpectedAudience(Set.of("mcp-authz", GITHUB));
    expected.setSignatureAlgorithm(
        Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.PS256, SignatureAlgorithm.ES256));
    expected.setClockSkew(30);
    expected.setMaxTimeToLiveSecs(86400L);
    IssuerKeys keys = new IssuerKeys(idp.url(), Duration.ofHours(1), forcedRefresh, Clock.systemUTC());
    ProtectedResources resources = new ProtectedResources(() -> Map.of("github", resource(GITHUB)));
    return new TokenVerifier(new DefaultJWTParser(expected), expected, keys,
        new SubjectClaims(SubjectClaimsTest.DEFAULTS), resources, cache);
  }

  private static String bearer(PublicJsonWebKey key, SignatureAlgorithm alg) {
    return "Bearer " + claims().jws().algorithm(alg).keyId(key.getKeyId()).sign(key.getPrivateKey());
  }

  private static JwtClaimsBuilder claims() {
    return Jwt.issuer(ISSUER).audience("mcp-authz").subject("alice").expiresIn(300);
  }

  private static PublicJsonWebKey key(PublicJsonWebKey key, String kid) {
    key.setKeyId(kid);
    return key;
  }

  private static PublicJsonWebKey ec() {
    try {
      return EcJwkGenerator.generateJwk(EllipticCurves.P256);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static PublicJsonWebKey rsa() {
    try {
      return RsaJwkGenerator.generateJwk(2048);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ResourcesConfig.Resource resource(String uri) {
    return new ResourcesConfig.Resource() {
      public String resource() { return uri; }
      public List<String> authorizationServers() { return List.of(ISSUER); }
      public Optional<List<String>> scopesSupported() { return Optional.empty(); }
      public Optional<String> resourceName() { return Optional.empty(); }
      public Optional<String> resourceDocumentation() { return Optional.empty(); }
    };
  }
}
