package io.mcpauthz.pdp.identity;

import io.mcpauthz.pdp.DecisionException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Runs token verification at startup, before the PDP reports ready, on tokens signed with
 * throwaway keys (one per configured RSA or EC algorithm, never trusted for callers): class
 * loading and the first JIT compilation of the JWT stack otherwise land on the first caller, and
 * on a loaded machine its decision could exceed the time budget (docs/security.md).
 */
@ApplicationScoped
class TokenPathWarmup {

  private static final Logger LOGGER = Logger.getLogger(TokenPathWarmup.class);
  static final int ROUNDS = 20;

  private final TokenVerifier verifier;

  TokenPathWarmup(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  void warm(@Observes StartupEvent started) {
    long start = System.nanoTime();
    int warmed = warmUp();
    LOGGER.infof("token path warmed algorithms=%d rounds=%d ms=%d", warmed, ROUNDS,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** @return how many algorithms were warmed */
  int warmUp() {
    int warmed = 0;
    Map<String, PublicJsonWebKey> keys = new HashMap<>(); // one RSA key serves RS* and PS*
    for (String alg : verifier.algorithms()) {
      PublicJsonWebKey key = keys.computeIfAbsent(family(alg), family -> throwawayKey(alg));
      if (key == null) {
        continue;
      }
      BearerToken token = BearerToken.parse("Bearer " + sign(key, alg), Set.of(alg));
      try {
        for (int i = 0; i < ROUNDS; i++) {
          verifier.verifySignatureAndClaims(token, key);
        }
        warmed++;
      } catch (DecisionException e) {
        // A deployment requiring claims this token lacks: start anyway, the first caller pays.
        LOGGER.warnf("token path not warmed alg=%s detail=%s", alg, e.getMessage());
      }
    }
    return warmed;
  }

  private String sign(PublicJsonWebKey key, String alg) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(verifier.expected().getIssuedBy());
    claims.setAudience(verifier.expected().getExpectedAudience().iterator().next());
    claims.setSubject("warm-up");
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setStringListClaim("roles", "warm-up");
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(alg);
    jws.setKey(key.getPrivateKey());
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign the warm-up token", e);
    }
  }

  private static String family(String alg) {
    return alg.startsWith("PS") || alg.startsWith("RS") ? "RS" : alg;
  }

  /** @return a key for the algorithm, or null for one this warm-up does not cover */
  private static PublicJsonWebKey throwawayKey(String alg) {
    try {
      return switch (alg) {
        case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> RsaJwkGenerator.generateJwk(2048);
        case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
        case "ES384" -> EcJwkGenerator.generateJwk(EllipticCurves.P384);
        case "ES512" -> EcJwkGenerator.generateJwk(EllipticCurves.P521);
        default -> null;
      };
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
