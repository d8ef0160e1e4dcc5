package io.mcpauthz.pdp.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads every {@code scenarios/**}{@code /*.yaml} from the test classpath. Unknown keys fail the
 * load, so a misspelt expectation cannot pass silently. A POST scenario that does not say how its
 * body travels runs twice: as Envoy's UTF-8 {@code body} and as {@code raw_body} bytes.
 */
final class ScenarioLoader {

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private ScenarioLoader() {}

  static Stream<Scenario> all() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      // -Dmcp-authz.scenarios=events/ runs only the files whose path under scenarios/ contains it.
      String only = System.getProperty("mcp-authz.scenarios", "");
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> root.relativize(f).toString().contains(only)).sorted().toList();
      if (yaml.isEmpty()) {
        throw new IllegalStateException("no scenario files under " + root);
      }
      return yaml.stream().flatMap(file -> variants(root.relativize(file).toString(), read(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Scenario> variants(String name, Scenario.File file) {
    Scenario.Given given = file.given();
    if (given.rawBody() != null) {
      return Stream.of(new Scenario(name + " [raw_body]", given, file.then(), true));
    }
    if (given.packAsBytes() != null || !"POST".equals(given.httpMethod())) {
      boolean bytes = Boolean.TRUE.equals(given.packAsBytes());
      return Stream.of(new Scenario(name + (bytes ? " [raw_body]" : ""), given, file.then(), bytes));
    }
    return Stream.of(
        new Scenario(name + " [body]", given, file.then(), false),
        new Scenario(name + " [raw_body]", given, file.then(), true));
  }

  private static Scenario.File read(Path file) {
    try {
      Scenario.File scenario = YAML.readValue(file.toFile(), Scenario.File.class);
      validate(file, scenario);
      return scenario;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + file, e);
    }
  }

  /** Every scenario states its whole outcome: status, body or header mutations, and events. */
  private static void validate(Path file, Scenario.File scenario) {
    Scenario.Then then = scenario.then();
    boolean complete = scenario.given() != null && then != null && then.status() > 0 && then.events() != null
        && (then.allowed() ? then.headersSet() != null : then.error() != null || then.errors() != null);
    if (!complete) {
      throw new IllegalStateException(file + ": needs given, then.status, then.events and, on allow,"
          + " then.headers_set, on deny, then.error or then.errors");
    }
  }

  private static Path root() {
    try {
      return Path.of(ScenarioLoader.class.getClassLoader().getResource("scenarios").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
