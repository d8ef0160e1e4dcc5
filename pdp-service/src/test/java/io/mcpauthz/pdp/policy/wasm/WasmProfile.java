package io.mcpauthz.pdp.policy.wasm;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.NameCustomSection;
import io.mcpauthz.pdp.it.OpaProcess;
import io.mcpauthz.pdp.it.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording's execution samples by the innermost frame, with the frames of the policy's
 * compiled module ({@code func_N}, Chicory's names) named after the Wasm functions (the module's
 * name section): where an evaluation's CPU goes inside the module (docs/benchmarks.md). Frames
 * the JVM still interprets are marked, since a Wasm function too large for the JIT stays there.
 *
 * <p>Arguments: the recording, then the policy directory the module was built from
 * ({@code policies-rego} by default), then how many rows to print (40).
 */
public final class WasmProfile {

  private WasmProfile() {}

  public static void main(String[] args) throws Exception {
    Path recording = Path.of(args[0]);
    Path policies = Processes.root().resolve(args.length > 1 ? args[1] : "policies-rego");
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    NameCustomSection names = module(policies).nameSection();

    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inModule = new HashMap<>(); // innermost frame of the module, when there is one
    Map<String, Integer> phase = new HashMap<>(); // what opa_eval was doing: parse, the policy, dump
    Map<String, Integer> rules = new HashMap<>(); // each policy function, with all it calls
    Map<String, Integer> rule = new HashMap<>(); // the innermost policy function: a memoized rule pays once
    Map<String, Integer> outside = new HashMap<>(); // samples outside the module, by the innermost project frame
    int total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      total++;
      self.merge(label(frames.get(0), names), 1, Integer::sum);
      frames.stream().filter(f -> wasmIndex(f) >= 0).findFirst()
          .ifPresent(f -> inModule.merge(label(f, names), 1, Integer::sum));
      phase.merge(phase(frames, names), 1, Integer::sum);
      frames.stream().map(f -> wasmName(f, names)).filter(n -> n.startsWith("g0.") || n.startsWith("builtin."))
          .distinct().forEach(n -> rules.merge(n, 1, Integer::sum));
      frames.stream().map(f -> wasmName(f, names)).filter(n -> n.startsWith("g0.")).findFirst()
          .ifPresent(n -> rule.merge(n, 1, Integer::sum));
      if (frames.stream().noneMatch(f -> wasmIndex(f) >= 0)) {
        outside.merge(frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.mcpauthz")).findFirst()
            .map(f -> label(f, names) + " > " + label(frames.get(0), names)).orElse(label(frames.get(0), names)), 1,
            Integer::sum);
      }
    }
    System.out.printf(Locale.ROOT, "%d execution samples%n", total);
    print("by innermost frame", self, total, rows);
    print("by innermost Wasm function (its own work and the runtime calls it makes)", inModule, total, rows);
    print("by what opa_eval was doing (the function it called)", phase, total, rows);
    print("by policy function, with everything it calls (nested rules count in each)", rules, total, rows);
    print("by innermost policy function (a rule's own work and the builtins it calls)", rule, total, rows);
    print("outside the module, by the innermost frame of the project and the innermost frame", outside, total, rows);
  }

  private static WasmModule module(Path policies) throws Exception {
    Path file = Files.createTempDirectory("mcp-authz-profile").resolve("bundle.tar.gz");
    OpaProcess.buildWasmBundle(policies, "profile", file);
    return Parser.parse(WasmBundle.read(Files.readAllBytes(file)).module());
  }

  /** The Wasm function index of a frame of the compiled module, or -1. */
  private static int wasmIndex(RecordedFrame frame) {
    String method = frame.getMethod().getName();
    if (!method.startsWith("func_")) {
      return -1;
    }
    try {
      return Integer.parseInt(method.substring("func_".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The Wasm function opa_eval called, for a sample inside it; else where the sample is. */
  private static String phase(List<RecordedFrame> frames, NameCustomSection names) {
    for (int i = frames.size() - 1; i > 0; i--) {
      if (wasmName(frames.get(i), names).equals("opa_eval")) {
        return "opa_eval > " + wasmName(frames.get(i - 1), names);
      }
    }
    return frames.stream().anyMatch(f -> wasmIndex(f) >= 0) ? "in the module, outside opa_eval" : "outside the module";
  }

  private static String wasmName(RecordedFrame frame, NameCustomSection names) {
    int index = wasmIndex(frame);
    String name = index < 0 || names == null ? null : names.nameOfFunction(index);
    return index < 0 ? "" : name == null ? "func_" + index : name;
  }

  private static String label(RecordedFrame frame, NameCustomSection names) {
    int index = wasmIndex(frame);
    String interpreted = "Interpreted".equals(frame.getType()) ? " [interpreted]" : "";
    if (index >= 0) {
      String name = names == null ? null : names.nameOfFunction(index);
      return "wasm " + (name == null ? "func_" + index : name) + interpreted;
    }
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName() + interpreted;
  }

  private static void print(String title, Map<String, Integer> counts, int total, int rows) {
    System.out.println(title + ":");
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(rows)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f %%  %6d  %s%n", 100.0 * e.getValue() / total,
            e.getValue(), e.getKey()));
  }
}
