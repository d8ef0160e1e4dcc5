package io.mcpauthz.pdp.upstream;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** The upstream signature's part of {@code TokenPathBench}: one minted token's claims, signed. */
public final class UpstreamSigningBench {

  private static final byte[] CLAIMS = ("{\"iss\":\"http://127.0.0.1:8080\",\"aud\":\"github\",\"sub\":\"alice\","
      + "\"iat\":1796140000,\"exp\":1796140030,\"jti\":\"7d3c1c2e-5b7e-4f0e-9a61-0c2f1d9e8b1a\","
      + "\"decision_id\":\"0f9b8c8e-3d1a-4c55-8e1e-2f6f3b7a9d10\",\"act\":{\"sub\":\"agent-7\"},"
      + "\"mcp_tool\":\"create_issue\"}").getBytes(StandardCharsets.UTF_8);

  private UpstreamSigningBench() {}

  public static void run(BiConsumer<String, Supplier<?>> report) throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    JwsSigner es256 = new JwsSigner(ec.generateKeyPair().getPrivate(), "k");
    JwsSigner eddsa = new JwsSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), "k");
    report.accept("upstream token ES256 (BouncyCastle)", () -> es256.sign(CLAIMS));
    report.accept("upstream token EdDSA (BouncyCastle Ed25519)", () -> eddsa.sign(CLAIMS));
  }
}
