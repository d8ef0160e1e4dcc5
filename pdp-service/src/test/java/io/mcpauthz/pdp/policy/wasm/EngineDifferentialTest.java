package io.mcpauthz.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Wasm engine and a real OPA give the same decision document, byte for byte after parsing:
 * on every Rego fixture, and on many random alterations of them ({@link InputMutator}). OPA gets
 * the whole input, the Wasm module the input without the fields the bundle omits
 * (docs/input.md, "Omitted fields"): the same decisions show that leaving them out changes none.
 * {@code -Dmcp-authz.differential.cases=N} runs more (default 2000, seeded, reproducible).
 */
class EngineDifferentialTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path POLICIES = Processes.root().resolve("policies-rego");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static OpaProcess opa;
  private static WasmPolicy wasm;

  @BeforeAll
  static void start() throws Exception {
    opa = OpaProcess.onDirectory(POLICIES);
    opa.start();
    Path bundle = Files.createTempDirectory("mcp-authz-wasm").resolve("bundle.tar.gz");
    OpaProcess.buildWasmBundle(POLICIES, "differential", bundle);
    wasm = WasmPolicy.compile(WasmBundle.read(Files.readAllBytes(bundle)), 1);
  }

  @AfterAll
  static void stop() {
    if (opa != null) {
      opa.stop();
    }
  }

  /** The Rego fixtures, and the bench's allow input: a principal with a history (recent calls, denies). */
  static Stream<Path> fixtures() throws Exception {
    return Stream.concat(InputMutator.fixtureFiles(POLICIES.resolve("testdata")).stream(),
        Stream.of(Processes.root().resolve("pdp-service/bench/inputs/allow-input.json")));
  }

  @Test
  void shouldGiveTheWasmModuleTheTrimmedInput() {
    assertThat(wasm.omission().paths()).contains("session.recent", "principal.recent", "mcp.params", "request.headers");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void shouldDecideEveryFixtureAsOpaDoes(Path fixture) throws Exception {
    assertSameDecision((ObjectNode) JSON.readTree(fixture.toFile()));
  }

  @Test
  void shouldDecideRandomAlterationsAsOpaDoes() throws Exception {
    List<ObjectNode> fixtures = InputMutator.fixtures(POLICIES.resolve("testdata"));
    InputMutator mutator = new InputMutator(fixtures, new Random(20261201));
    int cases = Integer.getInteger("mcp-authz.differential.cases", 2000);
    for (int i = 0; i < cases; i++) {
      assertSameDecision(mutator.next());
    }
  }

  private static void assertSameDecision(ObjectNode input) throws Exception {
    JsonNode expected = opaDecision(input);
    JsonNode actual = wasm.evaluate(input);
    assertThat(actual).as("decision for input %s", input).isEqualTo(expected);
  }

  private static JsonNode opaDecision(ObjectNode input) throws Exception {
    ObjectNode request = JSON.createObjectNode();
    request.set("input", input);
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(opa.url() + "/v1/data/mcp/authz/decision"))
        .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("result");
  }
}
