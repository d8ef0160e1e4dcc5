package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Versions of the policy side by side on the engine's Wasm binding (not part of the test run;
 * docs/benchmarks.md, "Wasm evaluation, step by step"): each policy directory is built into a
 * Wasm bundle and compiled once; then, round by round, every variant evaluates every input
 * {@code calls} times on one thread, alternating, each round starting with the next variant. It
 * prints the median thread CPU µs per call for each input and variant, and each variant's ratio
 * to the first. Variants that decide an input differently from the first are named (a stubbed
 * rule is expected to).
 *
 * <p>Options: {@code --policies=name=dir,name=dir} (the first is the reference),
 * {@code --inputs=} fixture names of {@code policies-rego/testdata} or JSON files,
 * {@code --rounds=10} {@code --calls=2000} {@code --warm-up=20000}.
 */
final class PolicyVariantBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  static final String DEFAULT_INPUTS = "github_dev_create_issue,pdp-service/bench/inputs/allow-input.json,"
      + "database_analyst_select,github_dev_delete_repo";

  private PolicyVariantBench() {}

  static void run(Map<String, String> options) throws Exception {
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
    int calls = Integer.parseInt(options.getOrDefault("calls", "2000"));
    int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "20000"));
    Map<String, byte[]> inputs = inputs(options.getOrDefault("inputs", DEFAULT_INPUTS));
    Map<String, OpaInstance> variants = compile(options.get("policies"));
    reportDifferences(variants, inputs);

    for (OpaInstance variant : variants.values()) {
      for (byte[] input : inputs.values()) {
        time(variant, input, warmUp / inputs.size());
      }
    }
    Map<String, double[]> cpu = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(variants.keySet());
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
        for (int i = 0; i < names.size(); i++) {
          String name = names.get((round + i) % names.size()); // each round starts with another variant
          String key = input.getKey() + "\t" + name;
          cpu.computeIfAbsent(key, k -> new double[rounds])[round] = time(variants.get(name), input.getValue(), calls);
        }
      }
    }
    print(rounds, calls, variants.keySet(), inputs.keySet(), cpu);
  }

  private static Map<String, OpaInstance> compile(String policies) throws Exception {
    if (policies == null) {
      throw new IllegalArgumentException("--policies=name=dir,name=dir is required");
    }
    Map<String, OpaInstance> variants = new LinkedHashMap<>();
    Path work = Files.createTempDirectory("mcp-authz-variant-bench");
    for (String pair : policies.split(",")) {
      String[] nameAndDir = pair.split("=", 2);
      Path file = work.resolve(nameAndDir[0] + ".tar.gz");
      OpaProcess.buildWasmBundle(Processes.root().resolve(nameAndDir[1]), nameAndDir[0], file);
      WasmBundle bundle = WasmBundle.read(Files.readAllBytes(file));
      variants.put(nameAndDir[0], OpaModule.compile(bundle).instantiate(WasmPolicy.ENTRYPOINT));
    }
    return variants;
  }

  /** Fixture names (policies-rego/testdata/NAME/input.json) or JSON files, relative to the root. */
  private static Map<String, byte[]> inputs(String names) throws Exception {
    Map<String, byte[]> inputs = new LinkedHashMap<>();
    for (String name : names.split(",")) {
      Path fixture = Processes.root().resolve("policies-rego/testdata").resolve(name).resolve("input.json");
      Path file = Files.exists(fixture) ? fixture : Processes.root().resolve(name);
      String label = name.contains("/") ? file.getFileName().toString().replace(".json", "") : name;
      inputs.put(label, JSON.writeValueAsBytes(JSON.readTree(file.toFile())));
    }
    return inputs;
  }

  private static void reportDifferences(Map<String, OpaInstance> variants, Map<String, byte[]> inputs)
      throws Exception {
    List<OpaInstance> all = new ArrayList<>(variants.values());
    List<String> names = new ArrayList<>(variants.keySet());
    for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
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

  /** Thread CPU µs per call over {@code calls} evaluations of one input. */
  private static double time(OpaInstance variant, byte[] input, int calls) throws Exception {
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
