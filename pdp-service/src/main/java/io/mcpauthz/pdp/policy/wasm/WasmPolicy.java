package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.styra.opa.wasm.OpaPolicy;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * One loaded bundle: compiled instances of its Wasm module, each holding the bundle's data,
 * ready to evaluate {@code data.mcp.authz.decision}. Not opa-java-wasm's OpaPolicyPool: it
 * drops the data of an instance on every release, and loading the data per call costs more
 * than the evaluation.
 */
final class WasmPolicy {

  static final String ENTRYPOINT = "mcp/authz/decision";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<OpaPolicy> factory;
  private final BlockingQueue<OpaPolicy> idle;
  private final String revision;

  private WasmPolicy(Supplier<OpaPolicy> factory, int instances, String revision) {
    this.factory = factory;
    this.idle = new ArrayBlockingQueue<>(instances);
    this.revision = revision;
    for (int i = 0; i < instances; i++) {
      idle.add(factory.get());
    }
  }

  /** Compiles {@code instances} instances of the bundle's module; slow (about a second each). */
  static WasmPolicy compile(WasmBundle bundle, int instances) {
    Supplier<OpaPolicy> factory = () -> OpaPolicy.builder()
        .withPolicy(bundle.module())
        .withDefaultBuiltins(false)
        .addBuiltins(HostBuiltins.all())
        .build()
        .entrypoint(ENTRYPOINT)
        .data(bundle.data());
    return new WasmPolicy(factory, instances, bundle.revision());
  }

  String revision() {
    return revision;
  }

  /**
   * The decision document, or null when undefined. Blocks while every instance is busy: call it
   * only from the engine's workers, as many as there are instances.
   */
  JsonNode evaluate(ObjectNode input) throws IOException, InterruptedException {
    return evaluate(JSON.writeValueAsString(input));
  }

  /**
   * Runs every instance {@code calls} times on {@code probe}: a fresh instance is about a
   * hundred times slower than a warm one, so it warms before it takes traffic.
   */
  void warm(ObjectNode probe, int calls) throws IOException, InterruptedException {
    String inputJson = JSON.writeValueAsString(probe);
    List<OpaPolicy> all = new ArrayList<>();
    idle.drainTo(all);
    try {
      for (OpaPolicy instance : all) {
        for (int call = 0; call < calls; call++) {
          evaluate(instance, inputJson);
        }
      }
    } finally {
      idle.addAll(all);
    }
  }

  private JsonNode evaluate(String inputJson) throws IOException, InterruptedException {
    OpaPolicy instance = idle.take();
    try {
      JsonNode result = evaluate(instance, inputJson);
      idle.put(instance);
      return result;
    } catch (RuntimeException | IOException e) { // its heap may be inconsistent: never reuse it
      idle.put(factory.get());
      throw e;
    }
  }

  private static JsonNode evaluate(OpaPolicy instance, String inputJson) throws IOException {
    HostBuiltins.evaluatingAt(Instant.now());
    return JSON.readTree(instance.evaluate(inputJson)).path(0).get("result");
  }
}
