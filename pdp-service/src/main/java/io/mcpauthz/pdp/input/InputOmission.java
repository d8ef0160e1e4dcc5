package io.mcpauthz.pdp.input;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Input fields a policy bundle declares it never reads ({@code data.mcp.config.input.omit},
 * docs/input.md "Omitted fields"), left out when the input is written for the Wasm module: the
 * module parses every byte it is given, so fields nobody reads cost CPU on every call. The
 * input document itself stays whole (the session step, the REST engine and events use it);
 * only its JSON for the module is shorter, and the omitted fields are never serialised.
 */
public final class InputOmission {

  public static final InputOmission NONE = new InputOmission(List.of());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Dotted object keys from the input's root, e.g. {@code session.recent}. */
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private final List<String> paths;
  private final Node root = new Node();

  /** A node of the omitted paths' tree: omitted here, or with omitted fields below. */
  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    boolean omitted;
  }

  private InputOmission(List<String> paths) {
    this.paths = List.copyOf(paths);
    for (String path : paths) {
      Node at = root;
      for (String key : path.split("\\.")) {
        at = at.children.computeIfAbsent(key, k -> new Node());
      }
      at.omitted = true;
    }
  }

  /** @throws IllegalArgumentException for a path that is not dotted object keys from the root */
  public static InputOmission of(List<String> paths) {
    for (String path : paths) {
      if (path == null || !PATH.matcher(path).matches()) {
        throw new IllegalArgumentException("an omitted input path is not dotted keys from the root: " + path);
      }
    }
    return paths.isEmpty() ? NONE : new InputOmission(paths);
  }

  /** The declared paths, dotted, as given. */
  public List<String> paths() {
    return paths;
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  /** The input as UTF-8 JSON without the omitted fields (the whole input when none are). */
  public byte[] json(ObjectNode input) throws IOException {
    if (isEmpty()) {
      return JSON.writeValueAsBytes(input);
    }
    return JSON.writeValueAsBytes(new Trimmed(input, root));
  }

  /**
   * The input as the module gets it, written by the mapper (its recycled buffers, one serializer
   * provider for the whole input rather than one per field as {@code writeTree} would make).
   */
  private static final class Trimmed extends JsonSerializable.Base {
    private final ObjectNode input;
    private final Node root;

    Trimmed(ObjectNode input, Node root) {
      this.input = input;
      this.root = root;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
      write(generator, provider, input, root);
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider provider, TypeSerializer type)
        throws IOException {
      serialize(generator, provider);
    }
  }

  private static void write(JsonGenerator generator, SerializerProvider provider, ObjectNode object, Node node)
      throws IOException {
    generator.writeStartObject();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      Node below = node.children.get(field.getKey());
      if (below != null && below.omitted) {
        continue;
      }
      generator.writeFieldName(field.getKey());
      if (below != null && field.getValue() instanceof ObjectNode inner) {
        write(generator, provider, inner, below);
      } else {
        field.getValue().serialize(generator, provider);
      }
    }
    generator.writeEndObject();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InputOmission o && o.paths.equals(paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return String.join(",", paths);
  }
}
