package io.mcpauthz.pdp.policy.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The input check on plans compiled by real OPA: every way a rule can reach an omitted field
 * (directly, through a rule, a function, a literal, {@code object.get}, iteration, a dynamic
 * key) is found, and the shipped policy reads none of the fields its bundle omits.
 */
class PlanReadsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path POLICIES = Processes.root().resolve("policies-rego");
  private static final List<String> OMITTED = List.of("session.recent", "mcp.params", "request.headers");

  @Test
  void shouldFindNoReadOfWhatTheShippedBundleOmits() throws Exception {
    List<String> declared = WasmBundle.declaredOmissions(JSON.readTree(
        POLICIES.resolve("mcp/config/input/data.json").toFile()).path("omit"));
    Set<InputRead> reads = PlanReads.of(JSON.readTree(OpaProcess.plan(POLICIES)), WasmPolicy.ENTRYPOINT);

    assertThat(declared).isNotEmpty();
    assertThat(InputRead.conflicts(reads, declared)).isEmpty();
    assertThat(InputRead.conflicts(reads, List.of("session.counters", "mcp.tool.name", "subject.roles")))
        .containsOnlyKeys("session.counters", "mcp.tool.name", "subject.roles");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "a direct read            # allow if count(input.session.recent) > 0                                  # session.recent",
      "an existence test        # allow if input.mcp.params                                                 # mcp.params",
      "a negated test           # allow if not input.mcp.params                                             # mcp.params",
      "a read through a rule    # s := input.session\\nallow if count(s.recent) > 0                          # session.recent",
      "a whole parent           # allow if count(input.session) > 1                                         # session.recent",
      "a parent compared        # allow if input.session == {}                                              # session.recent",
      "a parent to a builtin    # allow if json.marshal(input.request) != \"\"                              # request.headers",
      "a function's argument    # f(x) := count(x.recent)\\nallow if f(input.session) > 0                    # session.recent",
      "a function's return      # f(x) := x.session\\nallow if count(f(input).recent) > 0                    # session.recent",
      "an object literal        # o := {\"s\": input.session}\\nallow if count(o.s.recent) > 0               # session.recent",
      "an array literal         # a := [input.session]\\nallow if count(a[0].recent) > 0                     # session.recent",
      "iteration                # allow if { some k, _ in input.request; k == \"headers\" }                 # request.headers",
      "iteration over values    # allow if { some v in input.session; count(v) > 3 }                       # session.recent",
      "object.get with a key    # allow if count(object.get(input.session, \"recent\", [])) > 0             # session.recent",
      "object.get with a path   # allow if count(object.get(input, [\"session\", \"recent\"], [])) > 0      # session.recent",
      "object.get, dynamic key  # k := \"recent\"\\nallow if count(object.get(input.session, [k], [])) > 0    # session.recent",
      "a dynamic key            # k := \"mcp\"\\nallow if input[k].params                                     # mcp.params",
      "walk                     # allow if { walk(input, [p, _]); count(p) > 9 }                           # session.recent",
      "with input as            # t if count(input.x) > 0\\nallow if t with input as {\"x\": input.session}  # session.recent",
  })
  void shouldFindEveryWayToReadAnOmittedField(String how, String rules, String omitted) throws Exception {
    assertThat(InputRead.conflicts(reads(rules.replace("\\n", "\n")), OMITTED)).as(how).containsKey(omitted);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "a sibling                # allow if count(input.session.counters) > 0",
      "a parent's other field   # s := input.session\\nallow if s.quarantine.active",
      "a literal's other field  # o := {\"s\": input.session, \"t\": 1}\\nallow if count(o.s.labels) > 0",
      "object.get of a sibling  # allow if object.get(input, [\"session\", \"available\"], false)",
      "a parent tested only     # allow if { input.session; input.request }",
  })
  void shouldLetPoliciesReadAroundAnOmittedField(String how, String rules) throws Exception {
    assertThat(InputRead.conflicts(reads(rules.replace("\\n", "\n")), OMITTED)).as(how).isEmpty();
  }

  private static Set<InputRead> reads(String rules) throws Exception {
    Path dir = Files.createTempDirectory("mcp-authz-plan-reads");
    Files.writeString(dir.resolve("policy.rego"), "package mcp.authz\n\ndefault allow := false\n\n" + rules
        + "\n\ndecision := {\"allow\": allow}\n");
    return PlanReads.of(JSON.readTree(OpaProcess.plan(dir)), WasmPolicy.ENTRYPOINT);
  }
}
