package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.LogValues;
import io.mcpauthz.pdp.input.InputOmission;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;

/**
 * The parts of an OPA bundle built with {@code opa build -t wasm} that the Wasm engine needs: the
 * compiled module, the data document (JSON data files only), the revision from
 * {@code .manifest}, and the input fields the module is not given ({@link #omission}).
 *
 * @param omission what the bundle declares in {@code data.mcp.config.input.omit}, once its plan
 *     ({@code plan.json}) shows that no rule reads it; nothing without a plan
 */
public record WasmBundle(byte[] module, String data, String revision, InputOmission omission) {

  private static final Logger LOGGER = Logger.getLogger(WasmBundle.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;
  private static final long MAX_TOTAL_BYTES = 256L * 1024 * 1024; // a small download may inflate a lot
  /** Empty entries and directories count too: millions of them inflate from a few MiB. */
  private static final int MAX_ENTRIES = 10_000;

  /** @throws IOException when the archive is unreadable or lacks a Wasm module */
  public static WasmBundle read(byte[] tarGz) throws IOException {
    Map<String, byte[]> files = entries(new ByteArrayInputStream(tarGz));
    JsonNode manifest = files.containsKey(".manifest") ? JSON.readTree(files.get(".manifest")) : JSON.nullNode();
    String modulePath = manifest.path("wasm").path(0).path("module").asText("/policy.wasm");
    byte[] module = files.get(modulePath.replaceFirst("^/", ""));
    if (module == null) {
      throw new IOException("the bundle has no Wasm module " + modulePath + " (build it with opa build -t wasm)");
    }
    ObjectNode data = data(files);
    return new WasmBundle(module, data.toString(), revision(manifest), omission(data, files.get("plan.json")));
  }

  /**
   * The declared omissions, checked against the plan: a rule that may read an omitted field (or
   * read the input dynamically) refuses the bundle, so a policy never sees such a field
   * silently undefined. A bundle without a plan gets the whole input.
   */
  private static InputOmission omission(ObjectNode data, byte[] plan) throws IOException {
    List<String> declared = declaredOmissions(data.path("mcp").path("config").path("input").path("omit"));
    if (declared.isEmpty()) {
      return InputOmission.NONE;
    }
    if (plan == null) {
      LOGGER.warnf("the bundle declares omitted input fields but carries no plan.json to check them against:"
          + " the policy gets the whole input omit=%s", LogValues.of(String.join(",", declared)));
      return InputOmission.NONE;
    }
    Map<String, InputRead> seen;
    try {
      seen = InputRead.conflicts(PlanReads.of(JSON.readTree(plan), WasmPolicy.ENTRYPOINT), declared);
    } catch (IllegalArgumentException e) {
      throw new IOException("the bundle's plan.json cannot be checked: " + e.getMessage(), e);
    }
    if (!seen.isEmpty()) {
      throw new IOException("the policy may read input fields its bundle omits: " + new TreeMap<>(seen)
          + " (take them off data.mcp.config.input.omit, mcp/config/input/data.json in policies-rego)");
    }
    return InputOmission.of(declared);
  }

  /** {@code data.mcp.config.input.omit}: dotted input paths, e.g. {@code session.recent}. */
  static List<String> declaredOmissions(JsonNode omit) throws IOException {
    if (omit.isMissingNode()) {
      return List.of();
    }
    List<String> paths = new ArrayList<>();
    if (omit.isArray()) {
      omit.forEach(p -> paths.add(p.isTextual() ? p.asText() : null));
    }
    try {
      return InputOmission.of(omit.isArray() ? paths : List.of("")).paths();
    } catch (IllegalArgumentException e) {
      throw new IOException("data.mcp.config.input.omit must be a list of dotted input paths: " + e.getMessage());
    }
  }

  /**
   * Every {@code data.json}, placed at its directory's path and merged as OPA merges a bundle's
   * data: objects key by key, and a value that two files set is refused (which one wins would
   * depend on the order they are read in).
   */
  private static ObjectNode data(Map<String, byte[]> files) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
      String name = file.getKey();
      if (name.matches("(.*/)?data\\.ya?ml")) {
        throw new IOException("bundle entry " + LogValues.of(name) + ": the Wasm engine reads data.json only");
      }
      if (!name.equals("data.json") && !name.endsWith("/data.json")) {
        continue;
      }
      JsonNode value = JSON.readTree(file.getValue());
      if (!value.isObject()) {
        throw new IOException(name + " is not a JSON object");
      }
      String[] directories = name.substring(0, name.length() - "data.json".length()).split("/");
      for (int i = directories.length - 1; i >= 0; i--) {
        if (!directories[i].isEmpty()) {
          value = JSON.createObjectNode().set(directories[i], value);
        }
      }
      merge(root, (ObjectNode) value, "");
    }
    return root;
  }

  private static void merge(ObjectNode into, ObjectNode from, String path) throws IOException {
    for (Iterator<Map.Entry<String, JsonNode>> fields = from.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode there = into.get(field.getKey());
      if (there == null) {
        into.set(field.getKey(), field.getValue());
      } else if (there.isObject() && field.getValue().isObject()) {
        merge((ObjectNode) there, (ObjectNode) field.getValue(), path + field.getKey() + "/");
      } else {
        throw new IOException("bundle data files both set " + LogValues.of(path + field.getKey())
            + ": which one counts is ambiguous");
      }
    }
  }

  private static Map<String, byte[]> entries(InputStream in) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    long total = 0;
    int count = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (++count > MAX_ENTRIES) {
          throw new IOException("bundle has more than " + MAX_ENTRIES + " entries");
        }
        if (entry.isDirectory()) {
          continue;
        }
        String name = name(entry);
        if (entry.getSize() > MAX_ENTRY_BYTES) {
          throw new IOException("bundle entry too large: " + name);
        }
        // What is read counts, not the size the header states: never more than the cap is held.
        byte[] content = tar.readNBytes((int) MAX_ENTRY_BYTES + 1);
        total += content.length;
        if (content.length > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES) {
          throw new IOException("bundle too large once decompressed, at " + name);
        }
        if (files.put(name, content) != null) {
          throw new IOException("bundle entry " + name + " appears twice: which one counts is ambiguous");
        }
      }
    }
    return files;
  }

  /**
   * The entry's path without its leading slash. Only plain files with clean relative paths are
   * taken: a link, a {@code ..} or an empty segment names a file other readers resolve
   * elsewhere, and a control character would reach the log raw. A sparse file inflates to its
   * stated "real" size (a 181-byte archive to 1 GiB), and no bundle builder writes one. A
   * signature file is refused: this engine cannot check it, and a publisher who signs expects it
   * checked (the rest engine's OPA does).
   */
  private static String name(TarArchiveEntry entry) throws IOException {
    String name = entry.getName().replaceFirst("^/", "");
    if (!entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
      throw new IOException("bundle entry " + LogValues.of(name) + " is not a plain file");
    }
    if (entry.isSparse()) {
      throw new IOException("bundle entry " + LogValues.of(name) + " is a sparse file");
    }
    if (name.equals(".signatures.json")) {
      throw new IOException("the bundle is signed, and the Wasm engine does not verify bundle signatures"
          + " (use the rest engine)");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || hasControl(segment)) {
        throw new IOException("bundle entry path " + LogValues.of(name) + " is not a clean relative path");
      }
    }
    return name;
  }

  /** The manifest's revision reaches logs and every event: printable text only. */
  private static String revision(JsonNode manifest) throws IOException {
    String revision = manifest.path("revision").asText("");
    if (hasControl(revision)) {
      throw new IOException("the bundle's .manifest revision holds control characters");
    }
    return revision.isEmpty() ? null : revision;
  }

  private static boolean hasControl(String text) {
    return text.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
  }
}
