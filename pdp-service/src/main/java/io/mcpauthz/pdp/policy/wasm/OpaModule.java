package io.mcpauthz.pdp.policy.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A bundle's Wasm module, parsed and translated to JVM bytecode once. Every {@link OpaInstance}
 * made from it runs the same generated classes, so N instances cost one compilation and one JIT
 * warm-up, not N.
 *
 * @param machines Chicory's compiled module: makes the machine of each new instance
 * @param data the bundle's data document as UTF-8 JSON, loaded into every instance
 */
record OpaModule(WasmModule module, Function<Instance, Machine> machines, byte[] data) {

  /** Slow (about half a second on a quiet machine): translates every function of the module. */
  static OpaModule compile(WasmBundle bundle) {
    WasmModule module = Parser.parse(bundle.module());
    return new OpaModule(module, MachineFactoryCompiler.compile(module), bundle.data().getBytes(StandardCharsets.UTF_8));
  }

  /** A new instance with its own memory, holding the data; fast, it compiles nothing. */
  OpaInstance instantiate(String entrypoint) {
    return new OpaInstance(this, entrypoint);
  }
}
