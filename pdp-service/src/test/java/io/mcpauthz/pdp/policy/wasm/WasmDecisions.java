package io.mcpauthz.pdp.policy.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpauthz.pdp.it.OpaProcess;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's policies compiled to Wasm, for tests outside this package that compare engines. */
public final class WasmDecisions {

  private final WasmPolicy policy;

  private WasmDecisions(WasmPolicy policy) {
    this.policy = policy;
  }

  public static WasmDecisions compile(Path policies) throws Exception {
    Path bundle = Files.createTempDirectory("mcp-authz-wasm").resolve("bundle.tar.gz");
    OpaProcess.buildWasmBundle(policies, "differential", bundle);
    return new WasmDecisions(WasmPolicy.compile(WasmBundle.read(Files.readAllBytes(bundle)), 1));
  }

  /** The decision document for {@code input}, null when undefined. */
  public JsonNode decide(ObjectNode input) throws Exception {
    return policy.evaluate(input);
  }
}
