package io.mcpauthz.pdp.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.it.Processes;
import io.mcpauthz.pdp.it.RealStackResource;
import io.mcpauthz.pdp.policy.wasm.WasmDecisions;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Wasm engine decides every input the scenario suite makes the PDP build exactly as OPA
 * did: the scenarios run against the REST engine with OPA's decision log on, then each logged
 * input is judged again in Wasm and must give the logged result. (The second evaluation is
 * seconds later: a scenario near a clock boundary, token age or time window, would differ; none
 * is.)
 */
@QuarkusTest
@WithTestResource(value = RealStackResource.class, initArgs = {
    @ResourceArg(name = RealStackResource.ENGINE, value = "rest"),
    @ResourceArg(name = RealStackResource.DECISION_LOG, value = "true")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioDifferentialTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Scenario> scenarios() {
    return ScenarioLoader.all();
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void shouldJudgeTheScenarioWithOpa(Scenario scenario) {
    assertThat(ScenarioTest.pdp().check(ScenarioRequests.build(scenario)).hasStatus()).isTrue();
  }

  @Order(2)
  @Test
  void shouldDecideEveryLoggedInputAsOpaDid() throws Exception {
    List<JsonNode> decisions = new ArrayList<>();
    for (String line : Files.readAllLines(RealStackResource.opa().log())) {
      JsonNode entry = line.startsWith("{") ? JSON.readTree(line) : JSON.nullNode();
      if ("Decision Log".equals(entry.path("msg").asText()) && entry.has("input")) {
        decisions.add(entry);
      }
    }
    assertThat(decisions).as("decisions OPA logged").hasSizeGreaterThan(100);
    WasmDecisions wasm = WasmDecisions.compile(Processes.root().resolve("policies-rego"));
    for (JsonNode decision : decisions) {
      assertThat(wasm.decide((ObjectNode) decision.get("input")))
          .as("decision for input %s", decision.get("input")).isEqualTo(decision.get("result"));
    }
  }

  @AfterAll
  static void closeChannel() {
    ScenarioTest.closeChannel();
  }
}
