package io.mcpauthz.pdp.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArgumentScrubberTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "api_key", "apiKey", "client_secret", "access_token", "Authorization",
      "privateKey", "db_passwd"})
  void shouldRedactValuesUnderSecretNames(String name) throws Exception {
    JsonNode scrubbed = ArgumentScrubber.scrub(json("{\"" + name + "\":\"hunter2\",\"title\":\"ok\"}"), List.of());

    assertThat(scrubbed.path(name).asText()).isEqualTo("[REDACTED]");
    assertThat(scrubbed.path("title").asText()).isEqualTo("ok");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Bearer abc.def|abc.def",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig|eyJzdWIiOiJ4In0",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789|ghp_",
      "key AKIAABCDEFGHIJKLMNOP in use|AKIAABCDEFGHIJKLMNOP",
      "sk_live_abcdefghijklmnop|sk_live_"})
  void shouldCutCredentialsOutOfValues(String value, String secret) throws Exception {
    JsonNode scrubbed = ArgumentScrubber.scrub(json("{\"note\":\"" + value + "\"}"), List.of());

    assertThat(scrubbed.path("note").asText()).doesNotContain(secret).contains("[REDACTED]");
  }

  @Test
  void shouldCutOverlappingFindingsOnce() {
    String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTc2NDE0MDQwMH0.c2lnbmF0dXJlLWJ5dGVz";

    assertThat(ArgumentScrubber.scrubText("Authorization: Bearer " + jwt + " ok"))
        .isEqualTo("Authorization: Bearer [REDACTED] ok");
  }

  @Test
  void shouldRedactFieldsThePolicyNamesAtAnyDepth() throws Exception {
    JsonNode scrubbed = ArgumentScrubber.scrub(
        json("{\"to\":\"bob\",\"message\":{\"body\":\"private words\"},\"items\":[{\"body\":\"x\"}]}"), List.of("body"));

    assertThat(scrubbed.path("to").asText()).isEqualTo("bob");
    assertThat(scrubbed.path("message").path("body").asText()).isEqualTo("[REDACTED]");
    assertThat(scrubbed.path("items").get(0).path("body").asText()).isEqualTo("[REDACTED]");
  }

  @Test
  void shouldRedactFieldsThePolicyNamesInEveryCaseGoReadsAsThem() throws Exception {
    // Go's encoding/json binds "Body" and "BODY" to the field body, "noteſ" (long s) to notes.
    JsonNode scrubbed = ArgumentScrubber.scrub(
        json("{\"Body\":\"a\",\"x\":{\"BODY\":\"b\"},\"noteſ\":\"c\",\"bodies\":\"d\"}"),
        List.of("body", "notes"));

    assertThat(scrubbed.path("Body").asText()).isEqualTo("[REDACTED]");
    assertThat(scrubbed.path("x").path("BODY").asText()).isEqualTo("[REDACTED]");
    assertThat(scrubbed.path("noteſ").asText()).isEqualTo("[REDACTED]");
    assertThat(scrubbed.path("bodies").asText()).isEqualTo("d");
  }

  @Test
  void shouldLeaveTheOriginalUntouched() throws Exception {
    JsonNode original = json("{\"password\":\"hunter2\"}");

    ArgumentScrubber.scrub(original, List.of());

    assertThat(original.path("password").asText()).isEqualTo("hunter2");
  }
}
