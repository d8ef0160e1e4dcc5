package io.mcpauthz.pdp.upstream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The upstream signature's part of {@code TokenPathBench}: one minted token's claims, signed; beside
 * {@link JwsSigner}'s BouncyCastle ES256, the running JDK's own ECDSA P-256 on the same input, the
 * comparison that decides the provider (docs/benchmarks.md, "JDK 25").
 */
public final class UpstreamSigningBench {

  private static final byte[] CLAIMS = ("{\"iss\":\"http://127.0.0.1:8080\",\"aud\":\"github\",\"sub\":\"alice\","
      + "\"iat\":1796140000,\"exp\":1796140030,\"jti\":\"7d3c1c2e-5b7e-4f0e-9a61-0c2f1d9e8b1a\","
      + "\"decision_id\":\"0f9b8c8e-3d1a-4c55-8e1e-2f6f3b7a9d10\",\"act\":{\"sub\":\"agent-7\"},"
      + "\"mcp_tool\":\"create_issue\"}").getBytes(StandardCharsets.UTF_8);

  private UpstreamSigningBench() {}

  public static void run(BiConsumer<String, Supplier<?>> report) throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    PrivateKey ecKey = ec.generateKeyPair().getPrivate();
    JwsSigner es256 = new JwsSigner(ecKey, "k");
    JwsSigner eddsa = new JwsSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), "k");
    report.accept("upstream token ES256 (BouncyCastle)", () -> es256.sign(CLAIMS));
    String token = es256.sign(CLAIMS);
    byte[] signingInput = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    // The signature alone: the JWS encoding around it adds about a microsecond.
    report.accept("ES256 signature only (JDK " + Runtime.version().feature() + "'s own)", () -> jdkEs256(ecKey, signingInput));
    report.accept("upstream token EdDSA (BouncyCastle Ed25519)", () -> eddsa.sign(CLAIMS));
  }

  /** The JDK's ECDSA with r and s in the JWS form (IEEE P1363), one Signature per call as a signer would. */
  private static byte[] jdkEs256(PrivateKey key, byte[] input) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(key);
      signature.update(input);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
