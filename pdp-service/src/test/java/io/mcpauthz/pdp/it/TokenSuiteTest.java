package io.mcpauthz.pdp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a caller's token can be wrong, sent as Envoy sends it: each is refused with 401,
 * JSON-RPC code -32011 and reason {@code token_invalid}, before any policy sees it.
 */
@QuarkusTest
@WithTestResource(RealStackResource.class)
class TokenSuiteTest {

  private static final String HS_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  static List<Arguments> invalidTokens() {
    long now = Instant.now().getEpochSecond();
    return List.of(
        bearer("expired beyond the clock skew", () -> TestKeys.sign(valid().issuedAt(now - 600).expiresAt(now - 120))),
        bearer("not yet valid beyond the clock skew", () -> TestKeys.sign(valid().claim("nbf", now + 300))),
        bearer("issued in the future", () -> TestKeys.sign(valid().issuedAt(now + 600).expiresAt(now + 900))),
        bearer("lifetime longer than allowed", () -> TestKeys.sign(valid().issuedAt(now).expiresAt(now + 3 * 86400))),
        bearer("without iat", () -> TestKeys.signRs256("{\"alg\":\"RS256\"}", claimsJson(now, false))),
        bearer("wrong issuer", () -> TestKeys.sign(valid().issuer("https://evil.example.com"))),
        bearer("wrong audience", () -> TestKeys.sign(valid().audience("https://other.example.com/mcp"))),
        bearer("minted for another MCP server (RFC 8707)",
            () -> TestKeys.sign(TestKeys.forServers(List.of("filesystem"), "alice", "dev"))),
        bearer("minted for the audit API", () -> TestKeys.auditor()),
        bearer("signed by an unknown key with a kid", () -> TestKeys.signWithForeignKey(valid(), "rotated-away")),
        bearer("signature of another token", () -> tamperedSubject()),
        bearer("alg none", () -> b64(("{\"alg\":\"none\",\"typ\":\"JWT\"}")) + "." + b64(claimsJson(now, true)) + "."),
        bearer("HS256 keyed with the public key PEM", () -> hmacWithPublicKey(now, true)),
        bearer("HS256 keyed with the public key DER", () -> hmacWithPublicKey(now, false)),
        bearer("RS384, not on the allow-list", () -> TestKeys.sign(valid(), SignatureAlgorithm.RS384)),
        bearer("two segments", () -> "abc.def"),
        bearer("not base64", () -> "abc!.d#ef.g$hi"),
        bearer("JOSE header not JSON", () -> b64("not json") + ".e30.c2ln"),
        Arguments.of("Basic scheme", (Supplier<String>) () -> "Basic dXNlcjpwYXNzd29yZA=="),
        Arguments.of("Bearer without a token", (Supplier<String>) () -> "Bearer "));
  }

  @Test
  void shouldAllowValidToken() {
    CheckResponse response = EnvoyCheck.toolCall(20, "create_issue", "{}").bearer(TestKeys.sign(valid())).send();

    assertThat(response.hasOkResponse()).as(response.toString()).isTrue();
  }

  @Test
  void shouldAllowPs256TokenFromTrustedKey() {
    CheckResponse response = EnvoyCheck.toolCall(21, "create_issue", "{}")
        .bearer(TestKeys.sign(valid(), SignatureAlgorithm.PS256)).send();

    assertThat(response.hasOkResponse()).as(response.toString()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTokens")
  void shouldRefuseInvalidTokenWith401(String name, Supplier<String> authorization) {
    CheckResponse response = EnvoyCheck.toolCall(22, "create_issue", "{}")
        .header("authorization", authorization.get()).send();

    assertRefused(response, 22);
  }

  @Test
  void shouldRecordRefusedTokenAsDecisionEventWithoutSubject() {
    long now = Instant.now().getEpochSecond();
    CheckResponse response = EnvoyCheck.toolCall(23, "create_issue", "{}")
        .bearer(TestKeys.sign(valid().issuedAt(now - 600).expiresAt(now - 120))).send();

    assertRefused(response, 23);
    JsonPath event = AuditApi.awaitDecision(Responses.decisionId(response));
    assertThat(event.getString("decision")).isEqualTo("deny");
    assertThat(event.getInt("status")).isEqualTo(401);
    assertThat(event.getList("reasons.code")).containsExactly("token_invalid");
    assertThat(event.getString("subject.sub")).isNull();
    assertThat(event.getString("mcp.tool")).isEqualTo("create_issue");
  }

  private static void assertRefused(CheckResponse response, int id) {
    assertThat(response.hasDeniedResponse()).as(response.toString()).isTrue();
    assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Unauthorized);
    assertThat(Responses.headers(response.getDeniedResponse().getHeadersList()).get("www-authenticate"))
        .startsWith("Bearer error=\"invalid_token\", resource_metadata=\"https://mcp.example.com/");
    JsonNode body = Responses.deniedBody(response);
    assertThat(body.path("id").asInt()).isEqualTo(id);
    assertThat(body.path("error").path("code").asInt()).isEqualTo(-32011);
    assertThat(body.path("error").path("data").path("reasons").toString()).isEqualTo("[\"token_invalid\"]");
    assertThat(body.path("error").path("data").path("decision_id").asText()).isEqualTo(Responses.decisionId(response));
  }

  private static JwtClaimsBuilder valid() {
    return TestKeys.claims("alice", "dev");
  }

  private static Arguments bearer(String name, Supplier<String> token) {
    return Arguments.of(name, (Supplier<String>) () -> "Bearer " + token.get());
  }

  private static String claimsJson(long now, boolean withIat) {
    return "{\"iss\":\"" + TestKeys.ISSUER + "\",\"aud\":\"" + TestKeys.resource("github") + "\",\"sub\":\"alice\","
        + "\"roles\":[\"dev\"],\"exp\":" + (now + 300) + (withIat ? ",\"iat\":" + now : "") + "}";
  }

  /** The same signature over a token whose subject was changed to an admin. */
  private static String tamperedSubject() {
    String[] parts = TestKeys.sign(valid()).split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    return parts[0] + "." + b64(claims.replace("\"alice\"", "\"root\"")) + "." + parts[2];
  }

  /** The classic algorithm confusion: the RSA public key, which anyone has, used as an HMAC secret. */
  private static String hmacWithPublicKey(long now, boolean pem) {
    try {
      byte[] pemBytes = Files.readAllBytes(TestKeys.publicKeyFile());
      byte[] secret = pem ? pemBytes : Base64.getMimeDecoder().decode(new String(pemBytes, StandardCharsets.US_ASCII)
          .replaceAll("-----[A-Z ]+-----", ""));
      String input = b64(HS_HEADER) + "." + b64(claimsJson(now, true));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + TestKeys.base64Url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String text) {
    return TestKeys.base64Url(text.getBytes(StandardCharsets.UTF_8));
  }
}
