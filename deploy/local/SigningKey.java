import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * ./mcp-authz signing-key [--alg ES256|EdDSA] <file>: writes a new JWK Set holding one private key,
 * P-256 for ES256 (the default) or Ed25519 for EdDSA (RFC 8037), the format
 * mcp-authz.upstream.signing-key-location reads. JDK only, run as a single source file.
 */
public class SigningKey {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  public static void main(String[] args) throws Exception {
    String alg = args.length == 3 ? args[1] : "ES256";
    Path file = Path.of(args[args.length - 1]);
    if (!alg.equals("ES256") && !alg.equals("EdDSA")) {
      System.err.println("--alg must be ES256 or EdDSA");
      System.exit(2);
    }
    if (Files.exists(file)) {
      System.err.println(file + " exists: not overwriting a signing key");
      System.exit(1);
    }
    String jwks = alg.equals("EdDSA") ? ed25519() : p256();
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, jwks);
    System.err.println("wrote a new " + alg + " signing key (JWK Set) to " + file);
  }

  private static String p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    var pair = generator.generateKeyPair();
    ECPublicKey pub = (ECPublicKey) pair.getPublic();
    ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
    return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + UUID.randomUUID()
        + "\",\"use\":\"sig\",\"alg\":\"ES256\",\"x\":\"" + b64(pub.getW().getAffineX())
        + "\",\"y\":\"" + b64(pub.getW().getAffineY()) + "\",\"d\":\"" + b64(priv.getS()) + "\"}]}\n";
  }

  /** RFC 8037 OKP: x is the raw public key (the end of its X.509 encoding), d the raw private key. */
  private static String ed25519() throws Exception {
    var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = pair.getPublic().getEncoded();
    byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    byte[] d = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    String jwks = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + UUID.randomUUID()
        + "\",\"use\":\"sig\",\"alg\":\"EdDSA\",\"x\":\"" + B64.encodeToString(x)
        + "\",\"d\":\"" + B64.encodeToString(d) + "\"}]}\n";
    Arrays.fill(d, (byte) 0);
    return jwks;
  }

  /** A P-256 coordinate or scalar as exactly 32 big-endian bytes, base64url without padding. */
  private static String b64(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
    Arrays.fill(raw, (byte) 0);
    return B64.encodeToString(fixed);
  }
}
