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
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** The PDP's own signing key and the public keys it publishes at {@code /.well-known/jwks.json}. */
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOGGER = Logger.getLogger(SigningKeys.class);

  private final PublicJsonWebKey signingKey;
  private final String publicJwks;

  SigningKeys(UpstreamConfig config) {
    JsonWebKeySet keys = config.signingKeyLocation().map(SigningKeys::loadOrCreate).orElseGet(() -> {
      LOGGER.warn("mcp-authz.upstream.signing-key-location is not set: using an in-memory key");
      return new JsonWebKeySet(generate());
    });
    this.signingKey = keys.getJsonWebKeys().stream()
        .filter(k -> k instanceof PublicJsonWebKey p && p.getPrivateKey() != null)
        .map(PublicJsonWebKey.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no private key in the signing JWK Set"));
    this.publicJwks = keys.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  public PublicJsonWebKey signingKey() {
    return signingKey;
  }

  public String publicJwks() {
    return publicJwks;
  }

  private static JsonWebKeySet loadOrCreate(String location) {
    Path path = Path.of(location);
    try {
      if (!Files.exists(path)) {
        JsonWebKeySet created = new JsonWebKeySet(generate());
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

  private static List<JsonWebKey> generate() {
    try {
      PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
      key.setKeyId(UUID.randomUUID().toString());
      key.setAlgorithm("ES256");
      key.setUse("sig");
      return List.of(key);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
