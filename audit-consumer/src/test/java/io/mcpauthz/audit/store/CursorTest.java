package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

  @Test
  void shouldRoundTripIncludingColonsInId() {
    Cursor cursor = new Cursor(1_764_140_400_123_456L, "urn:decision:42");
    assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  @Test
  void shouldBeUrlSafeAndOpaque() {
    String token = new Cursor(-1, "a/b+c?").encode();
    assertThat(token).matches("[A-Za-z0-9_-]+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!!", "v1:1:x", "", "a"})
  void shouldRejectTokensThatAreNotBase64url(String token) {
    assertRejected(token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1:123", "v2:1:x", "v1:abc:x", "v1:1:", "1:x"})
  void shouldRejectForeignPayloads(String payload) {
    assertRejected(Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertRejected(String token) {
    assertThatThrownBy(() -> Cursor.decode(token))
        .isInstanceOfSatisfying(AuditException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CURSOR_INVALID));
  }
}
