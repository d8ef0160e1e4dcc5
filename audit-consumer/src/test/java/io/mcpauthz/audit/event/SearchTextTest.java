package io.mcpauthz.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchTextTest {

  @Test
  void shouldKeepValuesLowerCasedOnePerLineWithoutKeys() {
    String json = "{\"decision\":\"DENY\",\"status\":403,\"mcp\":{\"tool\":\"Get_Issue\",\"id\":7,"
        + "\"arguments\":{\"Repo\":\"Org/API\",\"draft\":true,\"labels\":[\"Bug\",null]}},\"origin\":null}";
    assertThat(SearchText.of(json)).isEqualTo("deny\n403\nget_issue\n7\norg/api\ntrue\nbug");
  }

  @Test
  void shouldDecodeEscapesSoValuesReadAsSent() {
    assertThat(SearchText.of("{\"title\":\"say \\\"Hi\\\" \\u00C9t\\u00E9\",\"path\":\"a\\/b\"}"))
        .isEqualTo("say \"hi\" été\na/b");
  }

  @Test
  void shouldReplaceNulWhichPostgresTextCannotHold() {
    assertThat(SearchText.of("{\"tool\":\"to\\u0000ol\"}")).isEqualTo("to\uFFFDol");
  }

  @Test
  void shouldFallBackToWholeTextWhenNotJson() {
    assertThat(SearchText.of("{\"A\": ")).isEqualTo("{\"a\": ");
  }

  @ParameterizedTest
  @CsvSource({"NEEDLE-1, needle-1", "ÄRGER, ärger"})
  void shouldNormalizeTermsAsTheText(String term, String normalized) {
    assertThat(SearchText.normalize(term)).isEqualTo(normalized);
  }
}
