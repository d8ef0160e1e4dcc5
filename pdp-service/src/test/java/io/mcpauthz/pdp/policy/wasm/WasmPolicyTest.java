package io.mcpauthz.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.it.OpaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ABI binding on small policies: host builtins, undefined results, failures. */
class WasmPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static WasmPolicy policy;

  /** The duration in the input, parsed by a host builtin; undefined without one. */
  @BeforeAll
  static void compile() throws Exception {
    Path dir = Files.createTempDirectory("mcp-authz-wasm-policy");
    Path rego = Files.createDirectories(dir.resolve("policy"));
    Files.writeString(rego.resolve("decision.rego"), """
        package mcp.authz

        decision := {"ns": time.parse_duration_ns(input.d), "text": sprintf("%v in %s", [input.d, "ünïcödé 😀"])} if input.d
        """);
    Path bundle = dir.resolve("bundle.tar.gz");
    OpaProcess.buildWasmBundle(rego, "rev-small", bundle);
    policy = WasmPolicy.compile(WasmBundle.read(Files.readAllBytes(bundle)), 1);
  }

  private static ObjectNode input(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void shouldCallHostBuiltinsWithTheirArguments() throws Exception {
    assertThat(policy.evaluate(input("{\"d\": \"1.5s\"}")))
        .isEqualTo(JSON.readTree("{\"ns\": 1500000000, \"text\": \"1.5s in ünïcödé 😀\"}"));
  }

  @Test
  void shouldAnswerNullWhenTheDecisionIsUndefined() throws Exception {
    assertThat(policy.evaluate(input("{}"))).isNull();
  }

  @Test
  void shouldFailTheCallWhenABuiltinFailsAndServeTheNextOne() throws Exception {
    assertThatThrownBy(() -> policy.evaluate(input("{\"d\": \"soon\"}")))
        .hasMessageContaining("time: invalid duration");

    assertThat(policy.evaluate(input("{\"d\": \"2ms\"}")).get("ns").asLong()).isEqualTo(2_000_000);
  }

  /** Jackson writes it as a JSON escape, which the module refuses (opa_abort): never silently "?". */
  @Test
  void shouldFailTheCallOnALoneSurrogateRatherThanAlterTheString() throws Exception {
    ObjectNode lone = JSON.createObjectNode().put("d", "1s\ud800");

    assertThatThrownBy(() -> policy.evaluate(lone)).hasMessageContaining("opa_abort");
    assertThat(policy.evaluate(input("{\"d\": \"1s\"}")).get("ns").asLong()).isEqualTo(1_000_000_000L);
  }

  @Test
  void shouldWarmUpPastInputsThatFail() throws Exception {
    policy.warm(List.of(policy.json(input("{\"d\": \"soon\"}")), policy.json(input("{\"d\": \"1s\"}"))), 50,
        Double.NaN, WasmPolicy.WARM_UP_LIMIT);

    assertThat(policy.evaluate(input("{\"d\": \"3s\"}")).get("ns").asLong()).isEqualTo(3_000_000_000L);
  }

  @Test
  void shouldWarmOnlyUntilAsCheapAsTheServingPolicy() throws Exception {
    WasmPolicy.WarmUp warmUp = policy.warm(List.of(policy.json(input("{\"d\": \"1s\"}"))), 0, 1e12,
        WasmPolicy.WARM_UP_LIMIT);

    assertThat(warmUp.calls()).isEqualTo(64); // the first window measured is cheap enough
    assertThat(warmUp.nanosPerCall()).isLessThanOrEqualTo(1e12);
  }

  /** A bar of 1 ns per call is never met: only the limit ends this warm-up. */
  @Test
  @Timeout(60)
  void shouldStopWarmingAtTheLimitWhenNeverAsCheap() throws Exception {
    WasmPolicy.WarmUp warmUp = policy.warm(List.of(policy.json(input("{\"d\": \"1s\"}"))), 0, 1,
        Duration.ofMillis(300));

    assertThat(warmUp.calls()).isPositive();
    assertThat(warmUp.nanosPerCall() <= 1).isFalse();
  }

  /** A bundle server publishes a new revision on every commit, most of them with the same Rego. */
  @Test
  void shouldReuseTheCompiledModuleOfABundleWithTheSameCodeAndLoadItsData() throws Exception {
    Path dir = Files.createTempDirectory("mcp-authz-wasm-reuse");
    Path rego = Files.createDirectories(dir.resolve("policy"));
    Files.writeString(rego.resolve("decision.rego"), "package mcp.authz\n\ndecision := {\"limit\": data.limit}\n");
    WasmPolicy first = load(rego, "{\"limit\": 1}", "rev-1", null);

    WasmPolicy sameCode = load(rego, "{\"limit\": 2}", "rev-2", first);
    Files.writeString(rego.resolve("decision.rego"), "package mcp.authz\n\ndecision := {\"limit\": data.limit + 1}\n");
    WasmPolicy otherCode = load(rego, "{\"limit\": 2}", "rev-3", sameCode);

    assertThat(sameCode.sharesCodeWith(first)).isTrue();
    assertThat(sameCode.evaluate(input("{}")).get("limit").asInt()).isEqualTo(2);
    assertThat(first.evaluate(input("{}")).get("limit").asInt()).isEqualTo(1);
    assertThat(otherCode.sharesCodeWith(sameCode)).isFalse();
    assertThat(otherCode.evaluate(input("{}")).get("limit").asInt()).isEqualTo(3);
  }

  private static WasmPolicy load(Path rego, String data, String revision, WasmPolicy serving) throws Exception {
    Files.writeString(rego.resolve("data.json"), data);
    Path bundle = rego.resolveSibling(revision + ".tar.gz");
    OpaProcess.buildWasmBundle(rego, revision, bundle);
    return WasmPolicy.load(WasmBundle.read(Files.readAllBytes(bundle)), 1, serving);
  }

  @Test
  void shouldKeepTheLastInputsOnly() {
    RecentInputs recent = new RecentInputs(2);
    for (byte i = 1; i <= 3; i++) {
      recent.add(new byte[] {i});
    }

    assertThat(recent.snapshot()).extracting(b -> b[0]).containsExactlyInAnyOrder((byte) 2, (byte) 3);
  }

  @Test
  void shouldNotKeepLargeInputsForTheWarmUp() {
    RecentInputs recent = new RecentInputs(4);
    recent.add(new byte[RecentInputs.MAX_INPUT_BYTES + 1]);
    recent.add(new byte[RecentInputs.MAX_INPUT_BYTES]);

    assertThat(recent.snapshot()).extracting(b -> b.length).containsExactly(RecentInputs.MAX_INPUT_BYTES);
  }
}
