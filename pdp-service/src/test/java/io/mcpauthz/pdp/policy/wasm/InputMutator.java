package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Random alterations of policy inputs: a value swapped for another value seen in any fixture or
 * for an awkward one (quotes, control characters, non-ASCII, paths, SQL), a field removed, a
 * type changed, an array grown. Seeded, so a failing case can be replayed.
 */
final class InputMutator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> AWKWARD = List.of("", " ", "..", "../../etc/passwd", "a\\b/c", "q\"uote",
      "tab\tnew\nline", "\u0000nul", "\u007fdel", "ünïcödé", "\u00a0nbsp\u00a0", "\u2028sep", "emoji \ud83d\ude00",
      "DROP TABLE users", " select 1; delete from x ;", "SELECT * FROM t WHERE a='x'", "http://evil.example",
      "https://api.github.com/x", "%v %q %d", "admin", "dev", "viewer", "tools/call", "initialize", "UTC");

  private final List<ObjectNode> fixtures;
  private final List<JsonNode> seen = new ArrayList<>();
  private final Random random;

  InputMutator(List<ObjectNode> fixtures, Random random) {
    this.fixtures = fixtures;
    this.random = random;
    fixtures.forEach(this::collect);
  }

  static List<Path> fixtureFiles(Path testdata) throws IOException {
    try (Stream<Path> files = Files.walk(testdata)) {
      return files.filter(f -> f.getFileName().toString().equals("input.json")).sorted().toList();
    }
  }

  static List<ObjectNode> fixtures(Path testdata) throws IOException {
    List<ObjectNode> inputs = new ArrayList<>();
    for (Path file : fixtureFiles(testdata)) {
      inputs.add((ObjectNode) JSON.readTree(file.toFile()));
    }
    return inputs;
  }

  ObjectNode next() {
    ObjectNode input = fixtures.get(random.nextInt(fixtures.size())).deepCopy();
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      List<JsonNode> containers = new ArrayList<>();
      containers(input, containers);
      alter(containers.get(random.nextInt(containers.size())));
    }
    return input;
  }

  private void alter(JsonNode container) {
    if (container instanceof ObjectNode object && !object.isEmpty()) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (random.nextInt(5) == 0) {
        object.remove(name);
      } else {
        object.set(name, replacement(object.get(name)));
      }
    } else if (container instanceof ArrayNode array) {
      if (array.isEmpty() || random.nextBoolean()) {
        array.add(replacement(NODES.textNode("")));
      } else {
        array.set(random.nextInt(array.size()), replacement(array.get(0)));
      }
    }
  }

  private JsonNode replacement(JsonNode old) {
    return switch (random.nextInt(6)) {
      case 0 -> NODES.textNode(AWKWARD.get(random.nextInt(AWKWARD.size())));
      case 1 -> old.isNumber() ? NODES.numberNode(old.longValue() + random.nextInt(200_000) - 100_000)
          : NODES.numberNode(random.nextInt(2000) - 1000);
      case 2 -> random.nextBoolean() ? NODES.nullNode() : NODES.booleanNode(random.nextBoolean());
      default -> seen.get(random.nextInt(seen.size())).deepCopy();
    };
  }

  private static void containers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> containers(child, out));
    }
  }

  private void collect(JsonNode node) {
    if (!node.isContainerNode() || node.size() < 4) {
      seen.add(node);
    }
    node.forEach(this::collect);
  }
}
