import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * ./mcp-authz signing-key <file>: writes a new JWK Set holding one P-256 private key (ES256), the
 * format mcp-authz.upstream.signing-key-location reads. JDK only, run as a single source file.
 */
public class SigningKey {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    if (Files.exists(file)) {
      System.err.println(file + " exists: not overwriting a signing key");
      System.exit(1);
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    var pair = generator.generateKeyPair();
    ECPublicKey pub = (ECPublicKey) pair.getPublic();
    ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
    String jwks = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + UUID.randomUUID()
        + "\",\"use\":\"sig\",\"alg\":\"ES256\",\"x\":\"" + b64(pub.getW().getAffineX())
        + "\",\"y\":\"" + b64(pub.getW().getAffineY()) + "\",\"d\":\"" + b64(priv.getS()) + "\"}]}\n";
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, jwks);
    System.err.println("wrote a new ES256 signing key (JWK Set) to " + file);
  }

  /** A P-256 coordinate or scalar as exactly 32 big-endian bytes, base64url without padding. */
  private static String b64(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
    Arrays.fill(raw, (byte) 0);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }
}
