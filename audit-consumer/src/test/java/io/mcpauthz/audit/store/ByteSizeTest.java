package io.mcpauthz.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void shouldReadDuckDbSizes() {
    assertThat(ByteSize.parse("256MB")).isEqualTo(256_000_000L);
    assertThat(ByteSize.parse("1 GiB")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("16kib")).isEqualTo(16_384L);
    assertThat(ByteSize.parse("4096")).isEqualTo(4096L);
  }

  @Test
  void shouldRefuseWhatIsNoSize() {
    assertThatThrownBy(() -> ByteSize.parse("256 megs")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 megs");
    assertThatThrownBy(() -> ByteSize.parse("-1MB")).isInstanceOf(IllegalArgumentException.class);
  }
}
