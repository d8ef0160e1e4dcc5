package io.mcpauthz.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NdjsonLineTest {

  @Test
  void shouldKeepCompactJsonAsIs() {
    String json = "{\"a\":\"x\\ny\"}";
    assertThat(NdjsonLine.oneLine(json)).isSameAs(json);
  }

  @Test
  void shouldFoldPrettyPrintedJsonOntoOneLine() {
    assertThat(NdjsonLine.oneLine("{\r\n  \"a\": 1,\n  \"b\": \"x\\ny\"\n}"))
        .isEqualTo("{    \"a\": 1,   \"b\": \"x\\ny\" }");
  }
}
