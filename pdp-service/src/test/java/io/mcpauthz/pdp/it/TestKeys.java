package io.mcpauthz.pdp.it;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A test identity provider: an RSA key whose public half the services trust, and its tokens. The
 * test stack configures each MCP server the policies know as an RFC 8707 resource; a token from
 * {@link #claims} names all of them (one token for every test), {@link #forServers} only some.
 */
public final class TestKeys {

  public static final String ISSUER = "https://issuer.test.mcp-authz";
  public static final String CLIENT_ID = "demo-agent";
  /** The MCP servers under policies-rego/mcp/config/servers, each a configured resource. */
  public static final List<String> SERVERS = List.of("github", "filesystem", "database", "crm", "email");
  /** The audit API's own audience: MCP tokens never carry it. */
  public static final String AUDIT_AUDIENCE = "mcp-authz-audit";
  /** The PDP's operator API's own audience: MCP tokens never carry it. */
  public static final String OPERATOR_AUDIENCE = "mcp-authz-operator";

  private static final KeyPair KEYS = generate();
  private static final KeyPair OTHER_KEYS = generate();
  private static Path publicKeyFile;

  private TestKeys() {}

  /** The PEM file for {@code mp.jwt.verify.publickey.location}. */
  public static synchronized Path publicKeyFile() {
    if (publicKeyFile == null) {
      try {
        publicKeyFile = Files.createTempFile("mcp-authz-test-issuer", ".pem");
        String pem = "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(publicKeyFile, pem);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return publicKeyFile;
  }

  /** The resource URI of an MCP server, as its token's {@code aud} carries it. */
  public static String resource(String server) {
    return "https://mcp.example.com/" + server + "/mcp";
  }

  /** {@code mp.jwt.verify.audiences}: every server's resource, and the operator API's own. */
  public static String audiences() {
    return String.join(",", SERVERS.stream().map(TestKeys::resource).toList()) + "," + OPERATOR_AUDIENCE;
  }

  /** Claims of a valid token for {@code sub}; tests may change them before signing. */
  public static JwtClaimsBuilder claims(String sub, String... roles) {
    return forServers(SERVERS, sub, roles);
  }

  /** As {@link #claims}, with an audience of only these servers' resources. */
  public static JwtClaimsBuilder forServers(List<String> servers, String sub, String... roles) {
    return Jwt.issuer(ISSUER).audience(Set.copyOf(servers.stream().map(TestKeys::resource).toList())).subject(sub)
        .claim("roles", List.of(roles))
        .claim("client_id", CLIENT_ID)
        .claim("scope", "mcp:tools")
        .expiresIn(300);
  }

  public static String token(String sub, String... roles) {
    return claims(sub, roles).sign(KEYS.getPrivate());
  }

  /** A token for the audit API (its own audience, role auditor). */
  public static String auditor() {
    return Jwt.issuer(ISSUER).audience(AUDIT_AUDIENCE).subject("soc-analyst").claim("roles", List.of("auditor"))
        .expiresIn(300).sign(KEYS.getPrivate());
  }

  /** A token for the PDP's operator API (its own audience, role operator). */
  public static String operator() {
    return Jwt.issuer(ISSUER).audience(OPERATOR_AUDIENCE).subject("ops").claim("roles", List.of("operator"))
        .expiresIn(300).sign(KEYS.getPrivate());
  }

  public static String sign(JwtClaimsBuilder claims) {
    return claims.sign(KEYS.getPrivate());
  }

  /** Signed by a key nobody trusts. */
  public static String foreignToken(String sub, String... roles) {
    return claims(sub, roles).sign(OTHER_KEYS.getPrivate());
  }

  /** Signed with {@code alg} (e.g. PS256) by the trusted key. */
  public static String sign(JwtClaimsBuilder claims, SignatureAlgorithm alg) {
    return claims.jws().algorithm(alg).sign(KEYS.getPrivate());
  }

  /** Signed by a key nobody trusts, naming it with {@code kid}. */
  public static String signWithForeignKey(JwtClaimsBuilder claims, String kid) {
    return claims.jws().keyId(kid).sign(OTHER_KEYS.getPrivate());
  }

  /** Hand-crafted: these exact header and claims JSON, signed RS256 by the trusted key. */
  public static String signRs256(String headerJson, String claimsJson) {
    String input = base64Url(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
        + base64Url(claimsJson.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(KEYS.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + base64Url(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
