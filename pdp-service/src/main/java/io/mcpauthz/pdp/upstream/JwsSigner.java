package io.mcpauthz.pdp.upstream;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Signs compact JWS (RFC 7515) with the PDP's key; the key's type decides the algorithm: ES256
 * (P-256), EdDSA (Ed25519, RFC 8037) or RS256. The PDP signs one token per allowed request, so
 * this is on the hot path: ES256 uses BouncyCastle's dedicated P-256 arithmetic with precomputed
 * base-point tables, several times faster than the JDK 17 provider and 2.3 times faster than JDK
 * 25's (so it is used on every JDK), with deterministic nonces
 * (RFC 6979); Ed25519 is BouncyCastle's too, about 20 times faster than JDK 17's (measured in
 * docs/benchmarks.md).
 */
final class JwsSigner {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters P256_DOMAIN =
      new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());

  private final String encodedHeader;
  private final ECPrivateKeyParameters ecKey;
  private final Ed25519PrivateKeyParameters edKey;
  private final PrivateKey rsaKey;
  private final String algorithm;

  JwsSigner(PrivateKey key, String keyId) {
    boolean ec = key instanceof ECPrivateKey;
    if (ec && ((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalStateException("an EC signing key must be on P-256 (ES256)");
    }
    boolean ed = key instanceof EdECPrivateKey;
    if (ed && !NamedParameterSpec.ED25519.getName().equalsIgnoreCase(((EdECPrivateKey) key).getParams().getName())) {
      throw new IllegalStateException("an EdDSA signing key must be Ed25519");
    }
    this.ecKey = ec ? new ECPrivateKeyParameters(((ECPrivateKey) key).getS(), P256_DOMAIN) : null;
    this.edKey = ed ? new Ed25519PrivateKeyParameters(((EdECPrivateKey) key).getBytes().orElseThrow(), 0) : null;
    this.rsaKey = ec || ed ? null : key;
    this.algorithm = ec ? "ES256" : ed ? "EdDSA" : "RS256";
    String header = "{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}";
    this.encodedHeader = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8));
  }

  /** The JOSE {@code alg} of every token this signer makes. */
  String algorithm() {
    return algorithm;
  }

  /** @param claims the JWT claims set as UTF-8 JSON */
  String sign(byte[] claims) {
    String signingInput = encodedHeader + "." + BASE64URL.encodeToString(claims);
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    byte[] signature = ecKey != null ? es256(input) : edKey != null ? ed25519(input) : rs256(input);
    return signingInput + "." + BASE64URL.encodeToString(signature);
  }

  /** ECDSA P-256 over SHA-256; the JWS form is r and s as two 32-byte big-endian integers. */
  private byte[] es256(byte[] input) {
    SHA256Digest digest = new SHA256Digest();
    byte[] hash = new byte[32];
    digest.update(input, 0, input.length);
    digest.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, ecKey);
    BigInteger[] rs = signer.generateSignature(hash);
    byte[] out = new byte[64];
    unsigned32(rs[0], out, 0);
    unsigned32(rs[1], out, 32);
    return out;
  }

  private byte[] ed25519(byte[] input) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, edKey);
    signer.update(input, 0, input.length);
    return signer.generateSignature();
  }

  private byte[] rs256(byte[] input) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(rsaKey);
      signature.update(input);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RS256 signing failed", e);
    }
  }

  private static void unsigned32(BigInteger value, byte[] out, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
  }
}
