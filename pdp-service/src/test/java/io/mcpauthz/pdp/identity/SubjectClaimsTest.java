package io.mcpauthz.pdp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.pdp.it.TestKeys;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubjectClaimsTest {

  static final IdentityConfig DEFAULTS = config("roles", "scope", "client_id");

  @Test
  void shouldMapStandardClaims() throws Exception {
    Subject subject = subject(DEFAULTS, Jwt.claims()
        .claim("roles", List.of("dev", "ops")).claim("groups", List.of("team-a"))
        .claim("scope", "mcp:tools mcp:resources").claim("amr", List.of("pwd", "mfa"))
        .claim("client_id", "agent-7").claim("tenant", "acme").claim("email", "alice@example.com"));

    assertThat(subject.authenticated()).isTrue();
    assertThat(subject.sub()).isEqualTo("alice");
    assertThat(subject.iss()).isEqualTo(TestKeys.ISSUER);
    assertThat(subject.clientId()).isEqualTo("agent-7");
    assertThat(subject.roles()).containsExactly("dev", "ops");
    assertThat(subject.groups()).containsExactly("team-a");
    assertThat(subject.scopes()).containsExactly("mcp:tools", "mcp:resources");
    assertThat(subject.amr()).containsExactly("pwd", "mfa");
    assertThat(subject.claims()).containsEntry("tenant", "acme").containsEntry("email", "alice@example.com")
        .containsKeys("iat", "exp");
  }

  static List<Arguments> scopeShapes() {
    return List.of(
        Arguments.of("scope as space-separated string", "scope", "mcp:tools  mcp:admin "),
        Arguments.of("scope as array", "scope", List.of("mcp:tools", "mcp:admin")),
        Arguments.of("scp as array (Okta)", "scp", List.of("mcp:tools", "mcp:admin")),
        Arguments.of("scp as string (Entra ID)", "scp", "mcp:tools mcp:admin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scopeShapes")
  void shouldReadScopesInEveryShape(String name, String claim, Object value) throws Exception {
    Subject subject = subject(DEFAULTS, Jwt.claims().claim(claim, value));

    assertThat(subject.scopes()).containsExactly("mcp:tools", "mcp:admin");
  }

  @Test
  void shouldPreferConfiguredScopeClaimOverScp() throws Exception {
    Subject subject = subject(DEFAULTS, Jwt.claims().claim("scope", "a").claim("scp", List.of("b")));

    assertThat(subject.scopes()).containsExactly("a");
  }

  @Test
  void shouldFallBackToAzpWhenClientIdClaimIsAbsent() throws Exception {
    assertThat(subject(DEFAULTS, Jwt.claims().claim("azp", "agent-9")).clientId()).isEqualTo("agent-9");
  }

  @Test
  void shouldReadConfiguredAndNestedClaimNames() throws Exception {
    IdentityConfig keycloak = config("realm_access/roles", "scp", "cid");
    Subject subject = subject(keycloak, Jwt.claims()
        .claim("realm_access", Map.of("roles", List.of("admin"))).claim("scp", List.of("mcp:tools"))
        .claim("cid", "agent-3").claim("roles", List.of("ignored")));

    assertThat(subject.roles()).containsExactly("admin");
    assertThat(subject.scopes()).containsExactly("mcp:tools");
    assertThat(subject.clientId()).isEqualTo("agent-3");
  }

  @Test
  void shouldGiveEmptyListsWhenClaimsAreAbsent() throws Exception {
    Subject subject = subject(DEFAULTS, Jwt.claims());

    assertThat(subject.roles()).isEmpty();
    assertThat(subject.scopes()).isEmpty();
    assertThat(subject.amr()).isEmpty();
    assertThat(subject.clientId()).isNull();
  }

  private static Subject subject(IdentityConfig config, JwtClaimsBuilder claims) throws Exception {
    String token = TestKeys.sign(claims.issuer(TestKeys.ISSUER).subject("alice").expiresIn(60));
    JsonWebToken jwt = new DefaultJWTParser().parseOnly(token);
    return new SubjectClaims(config).subject(jwt);
  }

  static IdentityConfig config(String roles, String scope, String clientId) {
    return new IdentityConfig() {
      public String rolesClaim() { return roles; }
      public String groupsClaim() { return "groups"; }
      public String scopeClaim() { return scope; }
      public String clientIdClaim() { return clientId; }
      public String tenantClaim() { return "tenant"; }
      public List<String> exposedClaims() { return List.of("iat", "exp", "tenant", "email"); }
      public int tokenCacheMaxEntries() { return 100; }
    };
  }
}
