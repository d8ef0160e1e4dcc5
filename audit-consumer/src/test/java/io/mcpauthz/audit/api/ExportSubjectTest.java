package io.mcpauthz.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.security.Principal;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** The key of the export bound per subject: a token's sub and another's name never share one. */
class ExportSubjectTest {

  @Test
  void shouldKeyBySubWhenTheTokenHasOne() {
    JwtClaims claims = new JwtClaims();
    claims.setSubject("alice");
    claims.setClaim("upn", "bob");
    assertThat(DecisionsResource.subject(new DefaultJWTCallerPrincipal(claims))).isEqualTo("sub:alice");
  }

  @Test
  void shouldKeyByNameApartFromSubs() {
    Principal named = () -> "alice";
    assertThat(DecisionsResource.subject(named)).isEqualTo("name:alice");
  }

  @Test
  void shouldRefuseATokenWithNeither() {
    Principal nameless = () -> null;
    assertThatThrownBy(() -> DecisionsResource.subject(nameless))
        .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> DecisionsResource.subject(null)).isInstanceOf(AuditException.class);
  }
}
