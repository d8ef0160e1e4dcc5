package io.mcpauthz.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
  void shouldGiveTheParsersOnePassTheSameText() {
    // repeated keys, a skipped subtree, a reasons object, a number the index does not read
    String json = "{\"schema\":\"mcp-authz.decision/v1\",\"decision_id\":\"D-1\",\"time\":\"2026-11-26T07:00:00Z\","
        + "\"extra\":{\"deep\":[1,{\"Key\":\"Skipped Value\"}]},\"reasons\":{\"a\":{\"code\":\"X\"}},"
        + "\"mcp\":{\"tool\":\"first\",\"tool\":\"Second\"},\"latency_us\":1.5e3}";
    DecisionEvent event = new DecisionEventParser().parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(event.searchText()).isEqualTo(SearchText.of(json))
        .isEqualTo("mcp-authz.decision/v1\nd-1\n2026-11-26t07:00:00z\n1\nskipped value\nx\nfirst\nsecond\n1.5e3");
    assertThat(event.tool()).isEqualTo("Second");
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
