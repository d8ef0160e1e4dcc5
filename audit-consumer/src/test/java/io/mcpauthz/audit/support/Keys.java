package io.mcpauthz.audit.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** RSA key pairs and PEM files for test token issuers. */
public final class Keys {

  private Keys() {
  }

  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path writePublic(KeyPair keys, Path file) throws IOException {
    return write(file, "PUBLIC KEY", keys.getPublic().getEncoded());
  }

  public static Path writePrivate(KeyPair keys, Path file) throws IOException {
    return write(file, "PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  private static Path write(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    return Files.writeString(file, pem);
  }
}
