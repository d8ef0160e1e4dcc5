package io.mcpauthz.pdp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathAnalyzerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/srv/data/report.txt, /srv/data/report.txt",
      "/srv/data/, /srv/data/",
      "/srv//data/./a.txt, /srv/data/a.txt",
      "/srv/data/a%20b.txt, /srv/data/a b.txt",
      "/srv/data/..hidden, /srv/data/..hidden",
      "/srv/data/%C3%A9t%C3%A9, /srv/data/été",
      "/srv/data/été, /srv/data/été",
      "/, /",
  })
  void shouldNormaliseAbsolutePaths(String raw, String normalised) {
    assertThat(PathAnalyzer.analyse(raw).toString())
        .isEqualTo("{\"valid\":true,\"normalised\":\"" + normalised + "\"}");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "'', empty",
      "srv/data/a.txt, not_absolute",
      "/srv/data/../../etc/passwd, dot_dot_segment",
      "/srv/data/.., dot_dot_segment",
      "/srv/data/.. /x, dot_dot_segment",
      "/srv/data/%2e%2e/secret, dot_dot_segment",
      "/srv/data/..%2f..%2fetc%2fpasswd, encoded_separator",
      "/srv/data/..%2F..%2Fetc, encoded_separator",
      "/srv/data/..%5c..%5cetc, encoded_separator",
      "/srv/data/%252e%252e/x, double_encoding",
      "/srv/data/a%00.txt, control_character",
      "/srv/data/a%0a.txt, control_character",
      "/srv/data/100%.txt, bad_percent_encoding",
      "/srv/data/%zz, bad_percent_encoding",
      "/srv/data/%c0%ae%c0%ae/x, not_utf8",
      "/srv/data\\..\\..\\etc, backslash",
      "%2fetc/passwd, encoded_separator",
  })
  void shouldRefuseWhatAServerCouldReadDifferently(String raw, String error) {
    assertThat(PathAnalyzer.analyse(raw).toString()).isEqualTo("{\"valid\":false,\"error\":\"" + error + "\"}");
  }

  @Test
  void shouldRefuseRawControlCharactersAndLongPaths() {
    assertThat(PathAnalyzer.analyse("/srv/data/a\u0000b").path("error").asText()).isEqualTo("control_character");
    assertThat(PathAnalyzer.analyse("/srv/data/\ud800").path("error").asText()).isEqualTo("not_utf8");
    assertThat(PathAnalyzer.analyse("/" + "a".repeat(PathAnalyzer.MAX_LENGTH)).path("error").asText())
        .isEqualTo("too_long");
  }
}
