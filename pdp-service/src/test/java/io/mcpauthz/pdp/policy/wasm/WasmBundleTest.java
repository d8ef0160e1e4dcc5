package io.mcpauthz.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpauthz.pdp.input.InputOmission;
import io.mcpauthz.pdp.it.OpaProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bundle archive is read only when every reader would read it alike: plain files with clean
 * paths, each once, and a revision that is printable text (it reaches logs and events). Input
 * fields it omits are omitted only when its plan shows that no rule reads them.
 */
class WasmBundleTest {

  private static final String MANIFEST = "{\"revision\":\"rev-1\",\"wasm\":[{\"entrypoint\":\"mcp/authz/decision\","
      + "\"module\":\"/policy.wasm\"}]}";

  @Test
  void shouldReadAPlainBundle() throws IOException {
    WasmBundle bundle = WasmBundle.read(tarGz(file("/.manifest", MANIFEST), file("/policy.wasm", "module"),
        file("/mcp/authz/data.json", "{\"k\":1}")));

    assertThat(new String(bundle.module(), StandardCharsets.UTF_8)).isEqualTo("module");
    assertThat(bundle.data()).isEqualTo("{\"mcp\":{\"authz\":{\"k\":1}}}");
    assertThat(bundle.revision()).isEqualTo("rev-1");
  }

  @Test
  void shouldRefuseAnEntryThatAppearsTwice() {
    assertThatThrownBy(() -> WasmBundle.read(tarGz(file("/.manifest", MANIFEST), file("/policy.wasm", "reviewed"),
        file("policy.wasm", "swapped in")))).isInstanceOf(IOException.class).hasMessageContaining("appears twice");
  }

  @Test
  void shouldRefuseALinkEntry() {
    TarArchiveEntry link = new TarArchiveEntry("/policy.wasm", TarConstants.LF_SYMLINK);
    link.setLinkName("/etc/passwd");

    assertThatThrownBy(() -> WasmBundle.read(tarGz(file("/.manifest", MANIFEST), new Entry(link, new byte[0]))))
        .isInstanceOf(IOException.class).hasMessageContaining("not a plain file");
  }

  @Test
  void shouldRefuseAPathThatClimbsOut() {
    assertThatThrownBy(() -> WasmBundle.read(tarGz(file("/.manifest", MANIFEST), file("/policy.wasm", "module"),
        file("mcp/../data.json", "{\"admins\":[\"mallory\"]}")))).isInstanceOf(IOException.class)
        .hasMessageContaining("not a clean relative path");
  }

  @Test
  void shouldRefuseARevisionWithControlCharacters() {
    String forged = MANIFEST.replace("rev-1", "rev-1\\ndecision decision_id=forged decision=allow");

    assertThatThrownBy(() -> WasmBundle.read(tarGz(file("/.manifest", forged), file("/policy.wasm", "module"))))
        .isInstanceOf(IOException.class).hasMessageContaining("control characters");
  }

  @Test
  void shouldRefuseAnArchiveOfCountlessEntries() {
    Entry[] entries = new Entry[10_002];
    entries[0] = file("/.manifest", MANIFEST);
    entries[1] = file("/policy.wasm", "module");
    for (int i = 2; i < entries.length; i++) {
      entries[i] = file("/empty-" + i, ""); // 512 bytes of header each, a few bytes once compressed
    }

    assertThatThrownBy(() -> WasmBundle.read(tarGz(entries))).isInstanceOf(IOException.class)
        .hasMessageContaining("more than 10000 entries");
  }

  @Test
  void shouldOmitWhatThePolicyNeverReads() throws Exception {
    WasmBundle bundle = WasmBundle.read(bundleOf("allow if input.mcp.method == \"ping\"",
        "{\"omit\": [\"request.headers\", \"session.recent\"]}", true));

    assertThat(bundle.omission().paths()).containsExactly("request.headers", "session.recent");
  }

  @Test
  void shouldRefuseABundleWhosePolicyReadsWhatItOmits() {
    assertThatThrownBy(() -> WasmBundle.read(bundleOf("allow if input.request.headers[\"x-tenant\"] == \"a\"",
        "{\"omit\": [\"request.headers\", \"session.recent\"]}", true))).isInstanceOf(IOException.class)
        .hasMessageContaining("may read input fields its bundle omits").hasMessageContaining("request.headers")
        .hasMessageNotContaining("session.recent");
  }

  @Test
  void shouldGiveTheWholeInputWithoutAPlanToCheckAgainst() throws Exception {
    WasmBundle bundle = WasmBundle.read(bundleOf("allow if input.request.headers[\"x-tenant\"] == \"a\"",
        "{\"omit\": [\"request.headers\"]}", false));

    assertThat(bundle.omission()).isEqualTo(InputOmission.NONE);
  }

  @Test
  void shouldRefuseAnOmitThatIsNotAListOfPaths() {
    for (String omit : List.of("{\"omit\": \"request.headers\"}", "{\"omit\": [\"request..headers\"]}",
        "{\"omit\": [7]}", "{\"omit\": [\"request.headers[0]\"]}")) {
      assertThatThrownBy(() -> WasmBundle.read(bundleOf("allow if input.mcp.method == \"ping\"", omit, true)))
          .as(omit).isInstanceOf(IOException.class).hasMessageContaining("data.mcp.config.input.omit");
    }
  }

  /** A bundle of the rules' plan (built by OPA) and the omit declaration; the module is not compiled here. */
  private static byte[] bundleOf(String rules, String inputConfig, boolean withPlan) throws Exception {
    Path dir = Files.createTempDirectory("mcp-authz-bundle-omit");
    Files.writeString(dir.resolve("policy.rego"), "package mcp.authz\n\ndefault allow := false\n\n" + rules
        + "\n\ndecision := {\"allow\": allow}\n");
    String plan = new String(OpaProcess.plan(dir), StandardCharsets.UTF_8);
    List<Entry> entries = new ArrayList<>(List.of(file("/.manifest", MANIFEST), file("/policy.wasm", "module"),
        file("/mcp/config/input/data.json", inputConfig)));
    if (withPlan) {
      entries.add(file("/plan.json", plan));
    }
    return tarGz(entries.toArray(Entry[]::new));
  }

  /** GNU and PAX sparse files: a header of 0 or 512 bytes that reads as 1 GiB (bundles/README.md). */
  @ParameterizedTest
  @ValueSource(strings = {"sparse-gnu.tar.gz", "sparse-pax.tar.gz"})
  void shouldRefuseASparseEntryWhoseHeaderUnderstatesWhatItInflatesTo(String archive) throws IOException {
    byte[] tarGz;
    try (InputStream in = getClass().getResourceAsStream("/bundles/" + archive)) {
      tarGz = in.readAllBytes();
    }

    assertThatThrownBy(() -> WasmBundle.read(tarGz)).isInstanceOf(IOException.class)
        .hasMessageContaining("sparse");
  }

  @Test
  void shouldMergeDataFilesOfNestedDirectoriesAsOpaDoes() throws IOException {
    WasmBundle bundle = WasmBundle.read(tarGz(file("/.manifest", MANIFEST), file("/policy.wasm", "module"),
        file("/data.json", "{\"mcp\":{\"config\":{\"defaults\":{\"a\":1}}}}"),
        file("/mcp/config/session/data.json", "{\"budgets\":[]}")));

    assertThat(bundle.data())
        .isEqualTo("{\"mcp\":{\"config\":{\"defaults\":{\"a\":1},\"session\":{\"budgets\":[]}}}}");
  }

  @Test
  void shouldRefuseDataFilesThatSetOneValueTwice() {
    assertThatThrownBy(() -> WasmBundle.read(tarGz(file("/.manifest", MANIFEST), file("/policy.wasm", "module"),
        file("/data.json", "{\"mcp\":{\"config\":{\"admins\":[\"alice\"]}}}"),
        file("/mcp/config/data.json", "{\"admins\":[\"mallory\"]}"))))
        .isInstanceOf(IOException.class).hasMessageContaining("mcp/config/admins");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/mcp/config/data.yaml", "/data.yml"})
  void shouldRefuseYamlDataTheEngineWouldNotRead(String name) {
    assertThatThrownBy(() -> WasmBundle.read(tarGz(file("/.manifest", MANIFEST), file("/policy.wasm", "module"),
        file(name, "admins: [mallory]")))).isInstanceOf(IOException.class).hasMessageContaining("data.json only");
  }

  @Test
  void shouldRefuseASignedBundleItCannotVerify() {
    assertThatThrownBy(() -> WasmBundle.read(tarGz(file("/.manifest", MANIFEST), file("/policy.wasm", "module"),
        file("/.signatures.json", "{\"signatures\":[\"eyJ...\"]}")))).isInstanceOf(IOException.class)
        .hasMessageContaining("signature");
  }

  private record Entry(TarArchiveEntry header, byte[] content) {}

  private static Entry file(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry header = new TarArchiveEntry(name, true);
    header.setSize(bytes.length);
    return new Entry(header, bytes);
  }

  private static byte[] tarGz(Entry... entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
      for (Entry entry : entries) {
        tar.putArchiveEntry(entry.header());
        tar.write(entry.content());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }
}
