package io.mcpauthz.pdp.identity;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Which trusted key may check a token: one of the right type for its {@code alg} (RSA for RS and PS algorithms,
 * the matching curve for ES ones), named by its {@code kid}. A key published without a kid (a PEM
 * file) answers any kid; without a kid in the token, the key must be the only candidate.
 */
final class KeySelection {

  private KeySelection() {}

  /** The JOSE names of the configured algorithms; fails on anything symmetric. */
  static Set<String> allowedAlgorithms(Set<SignatureAlgorithm> configured) {
    Set<String> names = new TreeSet<>();
    for (SignatureAlgorithm algorithm : configured) {
      if (algorithm.getAlgorithm().startsWith("HS")) {
        throw new IllegalStateException("mp.jwt.verify.publickey.algorithm must list asymmetric algorithms only, not "
            + algorithm.getAlgorithm());
      }
      names.add(algorithm.getAlgorithm());
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("mp.jwt.verify.publickey.algorithm lists no algorithm");
    }
    return Set.copyOf(names);
  }

  /** @return the key, or null when none fits */
  static PublicJsonWebKey select(List<PublicJsonWebKey> keys, BearerToken token) {
    List<PublicJsonWebKey> candidates = keys.stream().filter(k -> fits(k, token.alg())).toList();
    if (token.kid() == null) {
      return candidates.size() == 1 ? candidates.get(0) : null;
    }
    for (PublicJsonWebKey key : candidates) {
      if (token.kid().equals(key.getKeyId())) {
        return key;
      }
    }
    List<PublicJsonWebKey> unnamed = candidates.stream().filter(k -> k.getKeyId() == null).toList();
    return unnamed.size() == 1 ? unnamed.get(0) : null;
  }

  /** A kid nobody publishes yet: worth one JWKS refresh (keys may have rotated). */
  static boolean unknownKid(List<PublicJsonWebKey> keys, BearerToken token) {
    return token.kid() != null && keys.stream().noneMatch(k -> token.kid().equals(k.getKeyId()));
  }

  static boolean fits(PublicJsonWebKey key, String alg) {
    if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
      return false;
    }
    if (!signs(key)) {
      return false;
    }
    String type = key.getKeyType();
    return switch (alg.substring(0, 2).toUpperCase(Locale.ROOT)) {
      case "RS", "PS" -> "RSA".equals(type);
      case "ES" -> key instanceof EllipticCurveJsonWebKey ec && curve(alg).equals(ec.getCurveName());
      case "ED" -> "OKP".equals(type);
      default -> false;
    };
  }

  /** An issuer's key published for encryption ({@code use}, {@code key_ops}, RFC 7517) never verifies a token. */
  private static boolean signs(PublicJsonWebKey key) {
    List<String> operations = key.getKeyOps();
    return (key.getUse() == null || "sig".equals(key.getUse()))
        && (operations == null || operations.contains("verify"));
  }

  private static String curve(String alg) {
    return switch (alg) {
      case "ES256" -> "P-256";
      case "ES384" -> "P-384";
      case "ES512" -> "P-521";
      default -> "";
    };
  }
}
