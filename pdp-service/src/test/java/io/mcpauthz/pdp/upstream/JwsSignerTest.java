package io.mcpauthz.pdp.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class JwsSignerTest {

  private static final byte[] CLAIMS = "{\"sub\":\"alice\",\"aud\":\"github\"}".getBytes(StandardCharsets.UTF_8);

  @RepeatedTest(20) // r and s vary in length: every one must be padded to 32 bytes
  void shouldProduceEs256ThatAStandardLibraryVerifies() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();

    String jwt = new JwsSigner(keys.getPrivate(), "k-1").sign(CLAIMS);

    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(jwt);
    jws.setKey(keys.getPublic());
    assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("ES256");
    assertThat(jws.getKeyIdHeaderValue()).isEqualTo("k-1");
    assertThat(jws.verifySignature()).isTrue();
    assertThat(jws.getPayload()).isEqualTo(new String(CLAIMS, StandardCharsets.UTF_8));
  }

  @RepeatedTest(5)
  void shouldProduceEdDsaThatAStandardLibraryVerifies() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(new JwsSigner(keys.getPrivate(), "ed-1").sign(CLAIMS));
    jws.setKey(keys.getPublic());

    assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("EdDSA");
    assertThat(jws.getKeyIdHeaderValue()).isEqualTo("ed-1");
    assertThat(jws.verifySignature()).isTrue();
    assertThat(jws.getPayload()).isEqualTo(new String(CLAIMS, StandardCharsets.UTF_8));
  }

  @Test
  void shouldRefuseAnEd448Key() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed448").generateKeyPair();

    assertThatThrownBy(() -> new JwsSigner(keys.getPrivate(), "ed-448")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldProduceRs256WithAnRsaKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();

    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(new JwsSigner(keys.getPrivate(), "r-1").sign(CLAIMS));
    jws.setKey(keys.getPublic());

    assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("RS256");
    assertThat(jws.verifySignature()).isTrue();
  }

  @Test
  void shouldNotVerifyWithAnotherKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    String jwt = new JwsSigner(generator.generateKeyPair().getPrivate(), "k-1").sign(CLAIMS);

    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(jwt);
    jws.setKey(generator.generateKeyPair().getPublic());

    assertThat(jws.verifySignature()).isFalse();
  }
}
