package io.mcpauthz.pdp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UriAnalyzerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "https://downloads.example.com/x.zip, https, downloads.example.com",
      "HTTP://Downloads.Example.COM.:8443/x.zip?y=1, http, downloads.example.com",
      "https://downloads.example.com@evil.example/x, https, evil.example",
      "https://evil.example#@downloads.example.com, https, evil.example",
      "https://[2001:db8::1]/x, https, [2001:db8::1]",
      "https://xn--dwnloads-p6a.example.com/, https, xn--dwnloads-p6a.example.com",
      "file:///srv/data/a.txt, file, ''",
  })
  void shouldReadSchemeAndHostAsOneParserWould(String raw, String scheme, String host) {
    JsonNode uri = UriAnalyzer.analyse(raw);
    assertThat(uri.path("valid").asBoolean()).as(uri.toString()).isTrue();
    assertThat(uri.path("scheme").asText()).isEqualTo(scheme);
    assertThat(uri.path("host").asText()).isEqualTo(host);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "'', empty",
      "downloads.example.com/x, not_a_uri",
      "/srv/data/a.txt, not_a_uri",
      "https://evil.example\\@downloads.example.com/, backslash",
      "https://downloads.example.com /x, whitespace",
      "https://dοwnloads.example.com/, non_ascii",
      "https://a@b@evil.example/, bad_host",
      "https://downloads.example.com:99999/, bad_port",
      "https://my_host.example.com/, bad_host",
      "https://%65vil.example/, bad_host",
      "https://[::1/, syntax",
  })
  void shouldRefuseWhatUrlParsersDisagreeOn(String raw, String error) {
    assertThat(UriAnalyzer.analyse(raw).toString()).isEqualTo("{\"valid\":false,\"error\":\"" + error + "\"}");
  }

  @Test
  void shouldNormaliseTheDecodedPathOfAFileUri() {
    assertThat(UriAnalyzer.analyse("file:///srv/data/./a%20b.txt").path("normalised").asText())
        .isEqualTo("file:///srv/data/a b.txt");
    JsonNode traversal = UriAnalyzer.analyse("file:///srv/data/..%2f..%2fetc%2fpasswd");
    assertThat(traversal.path("valid").asBoolean()).isTrue();
    assertThat(traversal.path("path").toString()).isEqualTo("{\"valid\":false,\"error\":\"encoded_separator\"}");
    assertThat(traversal.has("normalised")).isFalse();
  }

  @Test
  void shouldKeepOpaqueUrisAsTheyAre() {
    assertThat(UriAnalyzer.analyse("MAILTO:ops@example.com").toString())
        .isEqualTo("{\"valid\":true,\"scheme\":\"mailto\",\"opaque\":true,\"normalised\":\"mailto:ops@example.com\"}");
  }

  @Test
  void shouldDescribeAnHttpUrl() {
    assertThat(UriAnalyzer.analyse("https://u@hooks.example.com:8443/a/../b?x=1#f").toString()).isEqualTo(
        "{\"valid\":true,\"scheme\":\"https\",\"host\":\"hooks.example.com\",\"port\":8443,\"userinfo\":true,"
            + "\"path\":{\"valid\":false,\"error\":\"dot_dot_segment\"},\"query\":true,\"fragment\":true}");
  }
}
