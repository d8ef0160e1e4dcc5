package io.mcpauthz.pdp.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Optional;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @TempDir Path dir;

  @Test
  void shouldGenerateAPrivateKeyFileOnFirstStartAndReuseIt() throws Exception {
    Path file = dir.resolve("keys/pdp-signing.jwks.json");

    SigningKeys first = new SigningKeys(config(file));
    SigningKeys second = new SigningKeys(config(file));

    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(second.signingKey().getKeyId()).isEqualTo(first.signingKey().getKeyId());
    assertThat(first.publicJwks()).doesNotContain("\"d\"");
  }

  @Test
  void shouldSignWithTheNewKeyAndKeepPublishingTheRotatedOutOne() throws Exception {
    PublicJsonWebKey current = key("2026-11");
    PublicJsonWebKey previous = key("2026-10");
    // The previous key stays in the set, public part only, until its last tokens have expired.
    JsonWebKeySet rotated = new JsonWebKeySet(current,
        PublicJsonWebKey.Factory.newPublicJwk(previous.getPublicKey()));
    rotated.getJsonWebKeys().get(1).setKeyId("2026-10");
    Path file = dir.resolve("rotated.jwks.json");
    Files.writeString(file, rotated.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));

    SigningKeys keys = new SigningKeys(config(file));

    assertThat(keys.signingKey().getKeyId()).isEqualTo("2026-11");
    JsonWebKeySet published = new JsonWebKeySet(keys.publicJwks());
    assertThat(published.getJsonWebKeys()).extracting(JsonWebKey::getKeyId).containsExactly("2026-11", "2026-10");
    assertThat(keys.publicJwks()).doesNotContain("\"d\"");
  }

  @Test
  void shouldReadAKeyWrittenByTheLaunchersSigningKeyCommand() throws Exception {
    Path file = dir.resolve("signing.jwks.json");
    Path launcher = Path.of(System.getProperty("mcp-authz.root", "..")).resolve("mcp-authz");
    Process process = new ProcessBuilder(launcher.toString(), "signing-key", file.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();

    SigningKeys keys = new SigningKeys(config(file));

    assertThat(keys.signingKey().getPrivateKey()).isNotNull();
    assertThat(keys.signingKey().getAlgorithm()).isEqualTo("ES256");
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(keys.publicJwks()).contains(keys.signingKey().getKeyId()).doesNotContain("\"d\"");
  }

  @Test
  void shouldRefuseAPemFileSayingWhatItExpects() throws Exception {
    Path pem = dir.resolve("private.pem");
    Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> new SigningKeys(config(pem)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PEM file")
        .hasMessageContaining("JWK Set");
  }

  private static PublicJsonWebKey key(String kid) throws Exception {
    PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    key.setKeyId(kid);
    return key;
  }

  @Test
  void shouldGenerateAndPublishAnEd25519KeyForEdDsa() throws Exception {
    Path file = dir.resolve("ed.jwks.json");

    SigningKeys keys = new SigningKeys(config(file, "EdDSA"));

    JsonWebKey published = new JsonWebKeySet(keys.publicJwks()).getJsonWebKeys().get(0);
    assertThat(published.getKeyType()).isEqualTo("OKP");
    assertThat(published.getAlgorithm()).isEqualTo("EdDSA");
    assertThat(keys.publicJwks()).contains("\"crv\":\"Ed25519\"").doesNotContain("\"d\"");
    assertThat(new SigningKeys(config(file, "EdDSA")).signingKey().getKeyId()).isEqualTo(keys.signingKey().getKeyId());
  }

  @Test
  void shouldReadAnEd25519KeyWrittenByTheLaunchersSigningKeyCommand() throws Exception {
    Path file = dir.resolve("ed-signing.jwks.json");
    Path launcher = Path.of(System.getProperty("mcp-authz.root", "..")).resolve("mcp-authz");
    Process process = new ProcessBuilder(launcher.toString(), "signing-key", "--alg", "EdDSA", file.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();

    SigningKeys keys = new SigningKeys(config(file, "EdDSA"));

    assertThat(keys.signingKey().getAlgorithm()).isEqualTo("EdDSA");
    assertThat(new JwsSigner(keys.signingKey().getPrivateKey(), "k").algorithm()).isEqualTo("EdDSA");
  }

  @Test
  void shouldRefuseToStartWhenTheKeyDoesNotFitTheAlgorithm() {
    Path file = dir.resolve("ec.jwks.json");
    new SigningKeys(config(file, "ES256"));

    assertThatThrownBy(() -> new SigningKeys(config(file, "EdDSA")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no private EdDSA key");
  }

  private static UpstreamConfig config(Path file) {
    return config(file, "ES256");
  }

  private static UpstreamConfig config(Path file, String algorithm) {
    return new TestUpstreamConfig("https://pdp.test", Duration.ofSeconds(30), "authorization", algorithm,
        Optional.of(file.toString()));
  }
}
