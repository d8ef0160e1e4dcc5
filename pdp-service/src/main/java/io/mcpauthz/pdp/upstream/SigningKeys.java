package io.mcpauthz.pdp.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The PDP's own signing key (the first private key of the configured algorithm's type) and the
 * public keys it publishes at {@code /.well-known/jwks.json}: EC, OKP (Ed25519) or RSA JWKs.
 */
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOGGER = Logger.getLogger(SigningKeys.class);

  private final PublicJsonWebKey signingKey;
  private final String publicJwks;

  SigningKeys(UpstreamConfig config) {
    String algorithm = config.algorithm();
    if (!List.of("ES256", "EdDSA", "RS256").contains(algorithm)) {
      throw new IllegalStateException("mcp-authz.upstream.algorithm must be ES256, EdDSA or RS256, not " + algorithm);
    }
    JsonWebKeySet keys = config.signingKeyLocation().map(l -> loadOrCreate(l, algorithm)).orElseGet(() -> {
      LOGGER.warn("mcp-authz.upstream.signing-key-location is not set: using an in-memory key");
      return new JsonWebKeySet(generate(algorithm));
    });
    this.signingKey = keys.getJsonWebKeys().stream()
        .filter(k -> k instanceof PublicJsonWebKey p && p.getPrivateKey() != null && signs(p, algorithm))
        .map(PublicJsonWebKey.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no private " + algorithm + " key in the signing JWK Set; "
            + "mcp-authz.upstream.algorithm must match its key (ES256: EC P-256, EdDSA: OKP Ed25519, RS256: RSA)"));
    this.publicJwks = keys.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  public PublicJsonWebKey signingKey() {
    return signingKey;
  }

  public String publicJwks() {
    return publicJwks;
  }

  private static boolean signs(PublicJsonWebKey key, String algorithm) {
    return switch (algorithm) {
      case "ES256" -> key instanceof EllipticCurveJsonWebKey ec && EllipticCurves.P_256.equals(ec.getCurveName());
      case "EdDSA" -> key instanceof OctetKeyPairJsonWebKey okp
          && OctetKeyPairJsonWebKey.SUBTYPE_ED25519.equals(okp.getSubtype());
      default -> key instanceof RsaJsonWebKey;
    };
  }

  private static JsonWebKeySet loadOrCreate(String location, String algorithm) {
    Path path = Path.of(location);
    try {
      if (!Files.exists(path)) {
        JsonWebKeySet created = new JsonWebKeySet(generate(algorithm));
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, created.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        LOGGER.infof("generated upstream signing key path=%s", path);
        return created;
      }
      String content = Files.readString(path);
      if (content.stripLeading().startsWith("-----BEGIN")) {
        throw new IllegalStateException(path + " is a PEM file; mcp-authz.upstream.signing-key-location must name "
            + "a JWK Set (JSON), e.g. one written by ./mcp-authz signing-key");
      }
      return new JsonWebKeySet(content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the signing key at " + path, e);
    } catch (JoseException e) {
      throw new IllegalStateException("cannot read the JWK Set at " + path, e);
    }
  }

  private static List<JsonWebKey> generate(String algorithm) {
    try {
      PublicJsonWebKey key = switch (algorithm) {
        case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
        case "EdDSA" -> OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
        default -> RsaJwkGenerator.generateJwk(2048);
      };
      key.setKeyId(UUID.randomUUID().toString());
      key.setAlgorithm(algorithm);
      key.setUse("sig");
      return List.of(key);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
