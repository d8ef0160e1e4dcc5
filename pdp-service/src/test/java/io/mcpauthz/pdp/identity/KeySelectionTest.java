package io.mcpauthz.pdp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

/** Only a key the issuer publishes for signatures checks a token (RFC 7517 {@code use}, {@code key_ops}). */
class KeySelectionTest {

  private static final BearerToken TOKEN = new BearerToken("h.p.s", "ES256", "k1");

  @Test
  void shouldSelectASigningKeyByItsKid() throws Exception {
    EllipticCurveJsonWebKey key = key();
    key.setUse("sig");

    assertThat(KeySelection.select(List.of(key), TOKEN)).isSameAs(key);
  }

  @Test
  void shouldNeverSelectAKeyPublishedForEncryption() throws Exception {
    EllipticCurveJsonWebKey byUse = key();
    byUse.setUse("enc");
    EllipticCurveJsonWebKey byOperations = key();
    byOperations.setKeyOps(List.of("encrypt", "wrapKey"));

    assertThat(KeySelection.select(List.of(byUse), TOKEN)).isNull();
    assertThat(KeySelection.select(List.of(byOperations), TOKEN)).isNull();
  }

  private static EllipticCurveJsonWebKey key() throws Exception {
    EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    key.setKeyId("k1");
    return key;
  }
}
