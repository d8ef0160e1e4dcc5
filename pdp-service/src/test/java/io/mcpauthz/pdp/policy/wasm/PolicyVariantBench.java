package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.input.InputOmission;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Versions of the policy side by side on the engine's Wasm binding (not part of the test run;
 * docs/benchmarks.md, "Wasm evaluation, step by step"): each policy directory is built into a
 * Wasm bundle and compiled once; then, round by round, every variant evaluates every input
 * {@code calls} times on one thread, alternating, each round starting with the next variant. It
 * prints the median thread CPU µs per call for each input and variant, and each variant's ratio
 * to the first. Variants that decide an input differently from the first are named (a stubbed
 * rule is expected to). Each call writes the input as the engine does, without the fields the
 * bundle omits (docs/input.md, "Omitted fields"); a directory written {@code dir:whole} gets the
 * whole input instead, to measure what the omission saves.
 *
 * <p>Options: {@code --policies=name=dir,name=dir} (the first is the reference),
 * {@code --inputs=} fixture names of {@code policies-rego/testdata} or JSON files,
 * {@code --rounds=10} {@code --calls=2000} {@code --warm-up=20000}, {@code --record=file.jfr}: a flight
 * recording of the measured rounds ({@link WasmProfile} reads it).
 */
final class PolicyVariantBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  static final String DEFAULT_INPUTS = "github_dev_create_issue,pdp-service/bench/inputs/allow-input.json,"
      + "database_analyst_select,github_dev_delete_repo";

  private PolicyVariantBench() {}

  /** A compiled policy and the input fields its calls leave out. */
  private record Variant(OpaInstance instance, InputOmission omission) {

    JsonNode evaluate(ObjectNode input) throws Exception {
      return instance.evaluate(omission.json(input));
    }
  }

  static void run(Map<String, String> options) throws Exception {
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
    int calls = Integer.parseInt(options.getOrDefault("calls", "2000"));
    int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "20000"));
    Map<String, ObjectNode> inputs = inputs(options.getOrDefault("inputs", DEFAULT_INPUTS));
    Map<String, Variant> variants = compile(options.get("policies"));
    reportDifferences(variants, inputs);

    for (Variant variant : variants.values()) {
      for (ObjectNode input : inputs.values()) {
        time(variant, input, warmUp / inputs.size());
      }
    }
    Recording recording = options.containsKey("record") ? record() : null;
    Map<String, double[]> cpu = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(variants.keySet());
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, ObjectNode> input : inputs.entrySet()) {
        for (int i = 0; i < names.size(); i++) {
          String name = names.get((round + i) % names.size()); // each round starts with another variant
          String key = input.getKey() + "\t" + name;
          cpu.computeIfAbsent(key, k -> new double[rounds])[round] = time(variants.get(name), input.getValue(), calls);
        }
      }
    }
    if (recording != null) {
      recording.dump(Path.of(options.get("record")));
      recording.close();
    }
    print(rounds, calls, variants.keySet(), inputs.keySet(), cpu);
  }

  /** A flight recording of the measured rounds only (after the warm-up), a sample every millisecond. */
  private static Recording record() throws Exception {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
    recording.start();
    return recording;
  }

  private static Map<String, Variant> compile(String policies) throws Exception {
    if (policies == null) {
      throw new IllegalArgumentException("--policies=name=dir,name=dir is required");
    }
    Map<String, Variant> variants = new LinkedHashMap<>();
    Path work = Files.createTempDirectory("mcp-authz-variant-bench");
    for (String pair : policies.split(",")) {
      String[] nameAndDir = pair.split("=", 2);
      boolean whole = nameAndDir[1].endsWith(":whole");
      Path file = work.resolve(nameAndDir[0] + ".tar.gz");
      OpaProcess.buildWasmBundle(Processes.root().resolve(nameAndDir[1].replaceFirst(":whole$", "")), nameAndDir[0], file);
      WasmBundle bundle = WasmBundle.read(Files.readAllBytes(file));
      variants.put(nameAndDir[0], new Variant(OpaModule.compile(bundle).instantiate(WasmPolicy.ENTRYPOINT),
          whole ? InputOmission.NONE : bundle.omission()));
    }
    return variants;
  }

  /** Fixture names (policies-rego/testdata/NAME/input.json) or JSON files, relative to the root. */
  static Map<String, ObjectNode> inputs(String names) throws Exception {
    Map<String, ObjectNode> inputs = new LinkedHashMap<>();
    for (String name : names.split(",")) {
      Path fixture = Processes.root().resolve("policies-rego/testdata").resolve(name).resolve("input.json");
      Path file = Files.exists(fixture) ? fixture : Processes.root().resolve(name);
      String label = name.contains("/") ? file.getFileName().toString().replace(".json", "") : name;
      inputs.put(label, (ObjectNode) JSON.readTree(file.toFile()));
    }
    return inputs;
  }

  private static void reportDifferences(Map<String, Variant> variants, Map<String, ObjectNode> inputs)
      throws Exception {
    List<Variant> all = new ArrayList<>(variants.values());
    List<String> names = new ArrayList<>(variants.keySet());
    for (Map.Entry<String, ObjectNode> input : inputs.entrySet()) {
      HostBuiltins.evaluatingAt(Instant.EPOCH);
      JsonNode reference = all.get(0).evaluate(input.getValue());
      for (int i = 1; i < all.size(); i++) {
        HostBuiltins.evaluatingAt(Instant.EPOCH);
        if (!reference.equals(all.get(i).evaluate(input.getValue()))) {
          System.out.printf("note: %s decides %s differently from %s%n", names.get(i), input.getKey(), names.get(0));
        }
      }
    }
  }

  /** Thread CPU µs per call over {@code calls} evaluations of one input, its JSON written each time. */
  private static double time(Variant variant, ObjectNode input, int calls) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < calls; i++) {
      HostBuiltins.evaluatingAt(Instant.EPOCH);
      variant.evaluate(input);
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / calls;
  }

  private static void print(int rounds, int calls, Iterable<String> variants, Iterable<String> inputs,
      Map<String, double[]> cpu) {
    System.out.printf(Locale.ROOT, "%d rounds x %d calls per input and variant; thread CPU µs per call, median"
        + " (min-max), ratio to the first variant:%n", rounds, calls);
    for (String input : inputs) {
      System.out.println(input);
      double reference = Double.NaN;
      for (String variant : variants) {
        double[] values = cpu.get(input + "\t" + variant);
        double median = median(values);
        reference = Double.isNaN(reference) ? median : reference;
        System.out.printf(Locale.ROOT, "  %-24s %7.1f  (%6.1f-%6.1f)  %5.2f%n", variant, median,
            Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow(), median / reference);
      }
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
