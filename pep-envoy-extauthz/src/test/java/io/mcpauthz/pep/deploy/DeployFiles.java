package io.mcpauthz.pep.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the operator-facing configs under {@code deploy/} and reads their YAML strictly. */
final class DeployFiles {

  /** A key given twice in one mapping is an error, not "last one wins". */
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private DeployFiles() {
  }

  /**
   * The repository root: the {@code mcp-authz.root} system property (the parent pom passes it to
   * surefire), else {@code ..} relative to the module directory surefire runs in.
   */
  static Path repoRoot() {
    String configured = System.getProperty("mcp-authz.root", "");
    if (!configured.isBlank() && Files.isDirectory(Path.of(configured, "deploy"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path parent = Path.of("..").toAbsolutePath().normalize();
    if (Files.isDirectory(parent.resolve("deploy"))) {
      return parent;
    }
    throw new IllegalStateException("repository root not found: set -Dmcp-authz.root (got '"
        + configured + "', tried " + parent + ")");
  }

  /** Every {@code *.yaml} / {@code *.yml} file directly in {@code deploy/<dir>}, sorted. */
  static List<Path> yamlFiles(String dir) {
    Path folder = repoRoot().resolve("deploy").resolve(dir);
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One YAML document as a JSON tree. */
  static JsonNode yamlTree(String yaml) throws IOException {
    return YAML.readTree(yaml);
  }

  /** Every non-empty document of a multi-document YAML file. */
  static List<JsonNode> yamlDocuments(Path file) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    return documents;
  }
}
