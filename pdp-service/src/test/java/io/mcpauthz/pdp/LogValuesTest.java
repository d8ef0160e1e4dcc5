package io.mcpauthz.pdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class LogValuesTest {

  @ParameterizedTest
  @CsvSource({"create_issue", "tools/call", "github", "spiffe://cluster.local/ns/a/sa/b", "a.b-c+d@e"})
  void shouldKeepPlainValuesAsTheyAre(String value) {
    assertThat(LogValues.of(value)).isEqualTo(value);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void shouldWriteADashForNoValue(String value) {
    assertThat(LogValues.of(value)).isEqualTo("-");
  }

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("line feed", "a\nb", "\"a\\nb\""),
        Arguments.of("carriage return", "a\rb", "\"a\\rb\""),
        Arguments.of("tab", "a\tb", "\"a\\tb\""),
        Arguments.of("space", "a b", "\"a b\""),
        Arguments.of("quote", "a\"b", "\"a\\\"b\""),
        Arguments.of("backslash", "a\\b", "\"a\\\\b\""),
        Arguments.of("equals sign", "a=b", "\"a=b\""),
        Arguments.of("escape character", "a\u001bb", "\"a\\u001bb\""),
        Arguments.of("next line (C1)", "a\u0085b", "\"a\\u0085b\""),
        Arguments.of("line separator", "a\u2028b", "\"a\\u2028b\""),
        Arguments.of("bidi override", "a\u202eb", "\"a\\u202eb\""),
        Arguments.of("a lone dash", "-", "\"-\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("escapes")
  void shouldQuoteAndEscape(String what, String value, String logged) {
    assertThat(LogValues.of(value)).isEqualTo(logged);
  }

  static Stream<String> hostileValues() {
    return Stream.of("x\r\ndecision decision_id=forged decision=allow",
        "x\u2028decision decision_id=forged decision=allow", "x\" decision=\"allow", "x\\\" decision=allow");
  }

  @ParameterizedTest
  @MethodSource("hostileValues")
  void shouldNeverLetAValueBreakTheLineOrItsField(String hostile) {
    String logged = LogValues.of(hostile);

    assertThat(logged).doesNotContain("\r", "\n", "\u2028").startsWith("\"").endsWith("\"");
    // Inside the quotes every quote is escaped: an even run of backslashes never precedes one.
    assertThat(logged.substring(1, logged.length() - 1)).doesNotContainPattern("(?<!\\\\)(\\\\\\\\)*\"");
  }
}
