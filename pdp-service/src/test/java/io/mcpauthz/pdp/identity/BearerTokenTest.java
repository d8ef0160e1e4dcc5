package io.mcpauthz.pdp.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.pdp.DecisionException;
import io.mcpauthz.pdp.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BearerTokenTest {

  private static final Set<String> ALLOWED = Set.of("RS256", "ES256", "PS256");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "RS256 with kid    | 'Bearer '   | {\"alg\":\"RS256\",\"kid\":\"k1\"}  | RS256 | k1",
      "lower-case scheme | 'bearer '   | {\"alg\":\"ES256\"}                 | ES256 |",
      "extra spaces      | 'Bearer   ' | {\"alg\":\"PS256\",\"typ\":\"JWT\"} | PS256 |"})
  void shouldReadAlgAndKidOfWellFormedToken(String name, String scheme, String header, String alg, String kid) {
    BearerToken token = BearerToken.parse(scheme + jws(header), ALLOWED);

    assertThat(token.alg()).isEqualTo(alg);
    assertThat(token.kid()).isEqualTo(kid);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Basic scheme            | Basic dXNlcjpwYXNz",
      "scheme only             | Bearer",
      "two segments            | Bearer abc.def",
      "not base64              | Bearer !!!.???.###",
      "five segments (JWE)     | Bearer a.b.c.d.e",
      "empty signature         | Bearer eyJhbGciOiJSUzI1NiJ9.e30.",
      "header not JSON         | Bearer bm90IGpzb24.e30.c2ln",
      "header is an array      | Bearer WyJSUzI1NiJd.e30.c2ln",
      "no alg                  | Bearer e30.e30.c2ln",
      "alg none                | Bearer eyJhbGciOiJub25lIn0.e30.c2ln",
      "alg HS256               | Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
      "alg RS384 not allowed   | Bearer eyJhbGciOiJSUzM4NCJ9.e30.c2ln",
      "duplicate alg           | Bearer eyJhbGciOiJub25lIiwiYWxnIjoiUlMyNTYifQ.e30.c2ln",
      "kid not a string        | Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6MX0.e30.c2ln"})
  void shouldRefuseMalformedOrDisallowedToken(String name, String authorization) {
    assertThatThrownBy(() -> BearerToken.parse(authorization, ALLOWED))
        .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_INVALID));
  }

  @Test
  void shouldRefuseOverlongToken() {
    String huge = jws("{\"alg\":\"RS256\"}").replace(".e30.", "." + "A".repeat(BearerToken.MAX_CHARS) + ".");

    assertThatThrownBy(() -> BearerToken.parse("Bearer " + huge, ALLOWED)).isInstanceOf(DecisionException.class);
  }

  private static String jws(String headerJson) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(headerJson.getBytes(StandardCharsets.UTF_8))
        + ".e30.c2ln";
  }
}
