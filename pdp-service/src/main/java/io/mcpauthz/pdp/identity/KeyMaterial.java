package io.mcpauthz.pdp.identity;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Reads an issuer's public verification keys from what {@code mp.jwt.verify.publickey.location}
 * points at: a JWK Set, a single JWK, a PEM public key or certificate, or bare base64 DER.
 * Secret ({@code oct}) keys and keys not meant for signatures are dropped: never HMAC.
 */
final class KeyMaterial {

  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA"};

  private KeyMaterial() {}

  /** @throws IllegalArgumentException when the content holds no usable public key */
  static List<PublicJsonWebKey> parse(String content) {
    String text = content.strip();
    List<JsonWebKey> keys;
    try {
      if (text.startsWith("{")) {
        keys = text.contains("\"keys\"") ? new JsonWebKeySet(text).getJsonWebKeys()
            : List.of(JsonWebKey.Factory.newJwk(text));
      } else {
        keys = List.of(PublicJsonWebKey.Factory.newPublicJwk(pem(text)));
      }
    } catch (JoseException | GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable key material: " + e.getClass().getSimpleName(), e);
    }
    List<PublicJsonWebKey> usable = new ArrayList<>();
    for (JsonWebKey key : keys) {
      if (key instanceof PublicJsonWebKey pub && pub.getPublicKey() != null
          && (key.getUse() == null || "sig".equals(key.getUse()))) {
        usable.add(pub);
      }
    }
    if (usable.isEmpty()) {
      throw new IllegalArgumentException("no public signature verification key found");
    }
    return List.copyOf(usable);
  }

  private static PublicKey pem(String text) throws GeneralSecurityException {
    if (text.contains("BEGIN CERTIFICATE")) {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
          .getPublicKey();
    }
    byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    GeneralSecurityException last = null;
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }
}
