package io.mcpauthz.pdp.policy.wasm;

import static io.mcpauthz.pdp.policy.wasm.PolicyVariantBench.median;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.styra.opa.wasm.OpaBuiltin;
import com.styra.opa.wasm.OpaPolicy;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Wasm evaluation of the repository's policy, step by step, before and after the engine's own
 * ABI binding (not part of the test run; docs/benchmarks.md, "Wasm evaluation"). In one JVM, on
 * one thread, alternating round by round over every fixture of {@code policies-rego/testdata}:
 * <ul>
 *   <li>{@code library}: opa-java-wasm 1.0.4 as the engine used it: the input written to a
 *   String, parsed by {@code opa_json_parse} in the module, the eval-ctx calls, the result dumped
 *   to a String and parsed again;
 *   <li>{@code binding}: {@link OpaInstance}: the input as UTF-8 bytes into memory, one-shot
 *   {@code opa_eval}, the result parsed from the bytes;
 *   <li>the Jackson steps alone: the input to a String and its bytes, or straight to bytes.
 * </ul>
 * It reports thread CPU per call (steadier than wall time on a shared machine), then the one-off
 * costs: compiling a module, making an instance.
 *
 * <p>Options: {@code --rounds=10} {@code --calls=2000} (per variant per round) {@code --warm-up=20000}.
 * With {@code --policies=name=dir,…} it compares versions of the policy instead
 * ({@link PolicyVariantBench}); with {@code --count} as well, by the instructions they execute
 * ({@link PolicyWorkCount}).
 */
public final class WasmEvalBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private WasmEvalBench() {}

  public static void main(String[] args) throws Exception {
    if (option(args, "policies", null) != null && Arrays.asList(args).contains("--count")) {
      PolicyWorkCount.run(options(args));
      return;
    }
    if (option(args, "policies", null) != null) {
      PolicyVariantBench.run(options(args));
      return;
    }
    int rounds = Integer.parseInt(option(args, "rounds", "10"));
    int calls = Integer.parseInt(option(args, "calls", "2000"));
    int warmUp = Integer.parseInt(option(args, "warm-up", "20000"));
    Path policies = Processes.root().resolve("policies-rego");
    Path file = Files.createTempDirectory("mcp-authz-eval-bench").resolve("bundle.tar.gz");
    OpaProcess.buildWasmBundle(policies, "bench", file);
    WasmBundle bundle = WasmBundle.read(Files.readAllBytes(file));
    List<ObjectNode> inputs = InputMutator.fixtures(policies.resolve("testdata"));

    OpaPolicy library = library(bundle);
    OpaInstance binding = OpaModule.compile(bundle).instantiate(WasmPolicy.ENTRYPOINT);
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put("library", input -> JSON.readTree(library.evaluate(JSON.writeValueAsString(input))));
    steps.put("binding", input -> binding.evaluate(JSON.writeValueAsBytes(input)));
    steps.put("input to String, then bytes", input -> JSON.writeValueAsString(input).getBytes(StandardCharsets.UTF_8));
    steps.put("input to bytes", JSON::writeValueAsBytes);
    checkSameResults(inputs, steps.get("library"), steps.get("binding"));

    Map<String, double[]> cpu = new LinkedHashMap<>();
    steps.keySet().forEach(name -> cpu.put(name, new double[rounds]));
    for (Step step : steps.values()) {
      run(step, inputs, warmUp);
    }
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, Step> step : steps.entrySet()) {
        cpu.get(step.getKey())[round] = run(step.getValue(), inputs, calls);
      }
    }
    System.out.printf(Locale.ROOT, "%d rounds x %d calls per variant, %d fixtures; thread CPU µs per call:%n",
        rounds, calls, inputs.size());
    cpu.forEach((name, values) -> System.out.printf(Locale.ROOT, "  %-28s median %7.1f  min %7.1f  max %7.1f%n",
        name, median(values), Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow()));
    System.out.printf(Locale.ROOT, "  binding / library: %.2f%n", median(cpu.get("binding")) / median(cpu.get("library")));
    oneOffCosts(bundle);
  }

  @FunctionalInterface
  private interface Step {
    Object apply(ObjectNode input) throws Exception;
  }

  private static OpaPolicy library(WasmBundle bundle) {
    return OpaPolicy.builder().withPolicy(bundle.module()).withDefaultBuiltins(false)
        .addBuiltins(libraryBuiltins()).build()
        .entrypoint(WasmPolicy.ENTRYPOINT).data(bundle.data());
  }

  /** The host builtins behind opa-java-wasm's adapters, as the engine registered them before. */
  private static OpaBuiltin.Builtin[] libraryBuiltins() {
    return HostBuiltins.all().entrySet().stream().map(builtin -> {
      String name = builtin.getKey();
      HostBuiltins.Builtin host = builtin.getValue();
      return switch (name) {
        case "time.now_ns" -> OpaBuiltin.from(name, wasm -> host.apply());
        case "sprintf" -> OpaBuiltin.from(name, (wasm, format, values) -> host.apply(format, values));
        default -> OpaBuiltin.from(name, (wasm, x) -> host.apply(x));
      };
    }).toArray(OpaBuiltin.Builtin[]::new);
  }

  /** Both paths must decide every fixture alike, or the comparison means nothing. */
  private static void checkSameResults(List<ObjectNode> inputs, Step library, Step binding) throws Exception {
    for (ObjectNode input : inputs) {
      HostBuiltins.evaluatingAt(Instant.EPOCH);
      JsonNode expected = (JsonNode) library.apply(input);
      if (!expected.equals(binding.apply(input))) {
        throw new IllegalStateException("the two paths decide differently on " + input);
      }
    }
  }

  /** Thread CPU µs per call over {@code calls} calls, round robin over the inputs. */
  private static double run(Step step, List<ObjectNode> inputs, int calls) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < calls; i++) {
      HostBuiltins.evaluatingAt(Instant.EPOCH);
      step.apply(inputs.get(i % inputs.size()));
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / calls;
  }

  private static void oneOffCosts(WasmBundle bundle) {
    int times = 3;
    double libraryBuild = 0;
    double compile = 0;
    double instantiate = 0;
    for (int i = 0; i < times; i++) {
      long start = THREADS.getCurrentThreadCpuTime();
      library(bundle);
      long built = THREADS.getCurrentThreadCpuTime();
      OpaModule module = OpaModule.compile(bundle);
      long compiled = THREADS.getCurrentThreadCpuTime();
      module.instantiate(WasmPolicy.ENTRYPOINT);
      long made = THREADS.getCurrentThreadCpuTime();
      libraryBuild += (built - start) / 1e6 / times;
      compile += (compiled - built) / 1e6 / times;
      instantiate += (made - compiled) / 1e6 / times;
    }
    System.out.printf(Locale.ROOT, "one-off, thread CPU ms (mean of %d): library instance (compiles) %.0f;"
        + " binding: module compile %.0f, each instance %.1f%n", times, libraryBuild, compile, instantiate);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      String[] nameAndValue = arg.substring(2).split("=", 2);
      options.put(nameAndValue[0], nameAndValue.length == 2 ? nameAndValue[1] : "");
    }
    return options;
  }

  private static String option(String[] args, String name, String fallback) {
    return Arrays.stream(args).filter(a -> a.startsWith("--" + name + "="))
        .map(a -> a.substring(name.length() + 3)).findFirst().orElse(fallback);
  }
}
