package io.mcpauthz.pdp.policy.wasm;

import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.OpCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The work of one evaluation, counted instead of timed (not part of the test run;
 * docs/benchmarks.md): each version of the policy runs in Chicory's interpreter, which reports
 * every Wasm instruction, once per input; it prints the instructions one evaluation executes and
 * its calls out to the host's builtins, and each version's ratio to the first. The count does
 * not depend on the machine's load, so it tells a small change in the policy's work from noise,
 * which timing on a shared machine cannot; the host side of a builtin call (its JSON and
 * formatting in Java) is not in it, and the JIT's code runs some instructions cheaper than others.
 *
 * <p>Options as {@link PolicyVariantBench}: {@code --policies=name=dir,…}, {@code --inputs=}.
 */
final class PolicyWorkCount {

  private PolicyWorkCount() {}

  /** Instructions and host calls of one evaluation. */
  private record Work(long instructions, long hostCalls) {}

  static void run(Map<String, String> options) throws Exception {
    Map<String, ObjectNode> inputs = PolicyVariantBench.inputs(options.getOrDefault("inputs",
        PolicyVariantBench.DEFAULT_INPUTS));
    Map<String, Map<String, Work>> work = new LinkedHashMap<>();
    Path dir = Files.createTempDirectory("mcp-authz-work-count");
    for (String pair : options.get("policies").split(",")) {
      String[] nameAndDir = pair.split("=", 2);
      Path file = dir.resolve(nameAndDir[0] + ".tar.gz");
      OpaProcess.buildWasmBundle(Processes.root().resolve(nameAndDir[1]), nameAndDir[0], file);
      WasmBundle bundle = WasmBundle.read(Files.readAllBytes(file));
      work.put(nameAndDir[0], count(bundle, inputs));
    }
    System.out.println("per evaluation: Wasm instructions executed, host builtin calls, ratio of instructions to the first");
    for (String input : inputs.keySet()) {
      System.out.println(input);
      long reference = -1;
      for (Map.Entry<String, Map<String, Work>> variant : work.entrySet()) {
        Work w = variant.getValue().get(input);
        reference = reference < 0 ? w.instructions() : reference;
        System.out.printf(Locale.ROOT, "  %-24s %10d  %3d  %5.3f%n", variant.getKey(), w.instructions(), w.hostCalls(),
            w.instructions() / (double) reference);
      }
    }
  }

  private static Map<String, Work> count(WasmBundle bundle, Map<String, ObjectNode> inputs) throws Exception {
    OpaModule compiled = OpaModule.compile(bundle);
    OpaModule interpreted = new OpaModule(compiled.module(), InterpreterMachine::new, compiled.data(), compiled.digest());
    long imports = compiled.module().importSection().stream().filter(i -> i instanceof FunctionImport).count();
    long[] counts = new long[2];
    OpaInstance instance = new OpaInstance(interpreted, WasmPolicy.ENTRYPOINT, (instruction, stack) -> {
      counts[0]++;
      if (instruction.opcode() == OpCode.CALL && instruction.operand(0) < imports) {
        counts[1]++;
      }
    });
    Map<String, Work> work = new LinkedHashMap<>();
    for (Map.Entry<String, ObjectNode> input : inputs.entrySet()) {
      byte[] json = bundle.omission().json(input.getValue());
      HostBuiltins.evaluatingAt(Instant.EPOCH);
      JsonNode first = instance.evaluate(json);
      counts[0] = 0;
      counts[1] = 0;
      HostBuiltins.evaluatingAt(Instant.EPOCH);
      if (!first.equals(instance.evaluate(json))) {
        throw new IllegalStateException("two evaluations of " + input.getKey() + " differ");
      }
      work.put(input.getKey(), new Work(counts[0], counts[1]));
    }
    return work;
  }
}
