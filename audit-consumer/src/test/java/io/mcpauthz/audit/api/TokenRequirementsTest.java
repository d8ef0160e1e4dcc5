package io.mcpauthz.audit.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenRequirementsTest {

  private static final Optional<String> ISSUER = Optional.of("https://idp.example.com");
  private static final Optional<List<String>> AUDIENCE = Optional.of(List.of("mcp-authz-audit"));

  @Test
  void shouldRefuseToStartWithoutIssuer() {
    assertThatThrownBy(() -> TokenRequirements.check(Optional.empty(), AUDIENCE))
        .hasMessageContaining("mp.jwt.verify.issuer");
    assertThatThrownBy(() -> TokenRequirements.check(Optional.of(" "), AUDIENCE))
        .hasMessageContaining("mp.jwt.verify.issuer");
  }

  @Test
  void shouldRefuseToStartWithoutAudience() {
    assertThatThrownBy(() -> TokenRequirements.check(ISSUER, Optional.empty()))
        .hasMessageContaining("mp.jwt.verify.audiences").hasMessageContaining("mcp-authz-audit");
    assertThatThrownBy(() -> TokenRequirements.check(ISSUER, Optional.of(List.of(""))))
        .hasMessageContaining("mp.jwt.verify.audiences");
  }

  @Test
  void shouldStartWithBoth() {
    assertThatCode(() -> TokenRequirements.check(ISSUER, AUDIENCE)).doesNotThrowAnyException();
  }
}
