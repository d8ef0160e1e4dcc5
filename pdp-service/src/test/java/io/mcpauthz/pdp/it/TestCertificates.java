package io.mcpauthz.pdp.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and certificates signed by it, made with the openssl CLI (P-256 keys, PKCS#8
 * PEM), plus the CA as a PKCS#12 trust store for the PDP's gRPC server.
 */
final class TestCertificates {

  static final String TRUST_STORE_PASSWORD = "test-only";

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  static TestCertificates newCa() {
    try {
      TestCertificates ca = new TestCertificates(Files.createTempDirectory("mcp-authz-tls"));
      ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=mcp-authz test CA");
      return ca;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path ca() {
    return dir.resolve("ca.pem");
  }

  Path cert(String name) {
    return dir.resolve(name + ".pem");
  }

  Path key(String name) {
    return dir.resolve(name + ".key");
  }

  /** A certificate for {@code name} with these subjectAltName entries, e.g. {@code URI:spiffe://…}. */
  TestCertificates issue(String name, String usage, String subjectAltNames) {
    try {
      Files.writeString(dir.resolve(name + ".ext"),
          "subjectAltName=" + subjectAltNames + "\nextendedKeyUsage=" + usage + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext");
    return this;
  }

  /** The CA certificate in a PKCS#12 trust store (what quarkus.grpc.server.ssl.trust-store reads). */
  Path trustStore() {
    Path store = dir.resolve("ca.p12");
    try (InputStream pem = Files.newInputStream(ca()); OutputStream out = Files.newOutputStream(store)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
      keyStore.store(out, TRUST_STORE_PASSWORD.toCharArray());
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void openssl(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
