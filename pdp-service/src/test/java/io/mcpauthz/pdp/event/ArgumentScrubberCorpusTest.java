package io.mcpauthz.pdp.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Positive and negative samples from {@code src/test/resources/secrets/corpus.tsv}. */
class ArgumentScrubberCorpusTest {

  private static final Random RANDOM = new Random();
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  /** Formats as the providers document them (and gitleaks' rules describe them). */
  private static final Map<String, Supplier<String>> CREDENTIALS = Map.ofEntries(
      Map.entry("anthropic", () -> "sk-ant-api03-" + random(93, ALNUM + "_-") + "AA"),
      Map.entry("anthropic_admin", () -> "sk-ant-admin01-" + random(93, ALNUM + "_-") + "AA"),
      Map.entry("github_fine_grained", () -> "github_pat_" + random(82, ALNUM + "_")),
      Map.entry("github_classic", () -> "ghp_" + random(36, ALNUM)),
      Map.entry("gcp", () -> "AIza" + random(35, ALNUM + "_-")),
      Map.entry("npm", () -> "npm_" + random(36, LOWER)),
      Map.entry("aws", () -> "AKIA" + random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")),
      Map.entry("slack", () -> "xoxb-" + random(12, "0123456789") + "-" + random(12, "0123456789") + "-" + random(24, ALNUM)),
      Map.entry("stripe", () -> "sk_live_" + random(24, ALNUM)),
      Map.entry("openai", () -> "sk-proj-" + random(74, ALNUM + "_-") + "T3BlbkFJ" + random(74, ALNUM + "_-")),
      Map.entry("gitlab", () -> "glpat-" + random(20, ALNUM)),
      Map.entry("huggingface", () -> "hf_" + random(34, ALNUM.substring(0, 52))),
      Map.entry("jwt", () -> "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTc2NDE0MDQwMH0."
          + random(43, ALNUM + "_-")),
      // No vowels: gitleaks' generic rule lets a value pass that contains one of its 1 446
      // stopwords (common short words), which a random alphanumeric value often does.
      Map.entry("opaque", () -> random(32, "0123456789GJKNPQRSWXZgjkqrswz")),
      Map.entry("password", () -> "Tr0ub4dor" + random(8, ALNUM)),
      Map.entry("pem", () -> random(64, ALNUM + "+/") + "\n" + random(64, ALNUM + "+/")));

  record Sample(String kind, String name, String value, String secret, String line) {
    @Override
    public String toString() {
      return line;
    }
  }

  static Stream<Sample> corpus() throws IOException {
    try (InputStream in = ArgumentScrubberCorpusTest.class.getResourceAsStream("/secrets/corpus.tsv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
      assertThat(lines).hasSizeGreaterThan(60);
      return lines.stream().map(ArgumentScrubberCorpusTest::sample).toList().stream();
    }
  }

  private static Sample sample(String line) {
    Map<String, String> made = new java.util.HashMap<>();
    String[] columns = line.split("\t", -1);
    return new Sample(columns[0], fill(columns[1], made), fill(columns[2], made).replace("\\n", "\n"),
        fill(columns[3], made), line);
  }

  private static String fill(String text, Map<String, String> made) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Supplier<String> credential = CREDENTIALS.get(matcher.group(1));
      assertThat(credential).as("placeholder %s", matcher.group()).isNotNull();
      matcher.appendReplacement(out, Matcher.quoteReplacement(made.computeIfAbsent(matcher.group(1), k -> credential.get())));
    }
    return matcher.appendTail(out).toString();
  }

  private static String random(int length, String alphabet) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void shouldScrubExactlyWhatTheCorpusSays(Sample sample) {
    ObjectNode arguments = JsonNodeFactory.instance.objectNode().put(sample.name(), sample.value());

    JsonNode scrubbed = ArgumentScrubber.scrub(arguments, List.of());

    switch (sample.kind()) {
      case "keep" -> assertThat(scrubbed).isEqualTo(arguments);
      case "name" -> assertThat(scrubbed.path(sample.name()).asText()).isEqualTo(ArgumentScrubber.REDACTED_TEXT);
      case "value" -> assertThat(scrubbed.toString()).doesNotContain(sample.secret().split("\n")[0])
          .contains(ArgumentScrubber.REDACTED_TEXT);
      default -> throw new IllegalArgumentException("unknown kind " + sample.kind());
    }
  }
}
