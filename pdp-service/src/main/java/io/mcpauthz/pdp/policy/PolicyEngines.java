package io.mcpauthz.pdp.policy;

import io.mcpauthz.pdp.opa.OpaClient;
import io.mcpauthz.pdp.policy.wasm.WasmEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The engine named by {@code mcp-authz.policy.engine}; only the chosen one is ever created. */
@ApplicationScoped
public class PolicyEngines {

  @Produces
  @ApplicationScoped
  PolicyEngine engine(@ConfigProperty(name = "mcp-authz.policy.engine", defaultValue = "wasm") String name,
      Instance<OpaClient> rest, Instance<WasmEngine> wasm) {
    return switch (name) {
      case "rest" -> rest.get();
      case "wasm" -> wasm.get();
      default -> throw new IllegalArgumentException("mcp-authz.policy.engine must be wasm or rest, not " + name);
    };
  }
}
