package io.mcpauthz.pdp.policy.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A bundle's Wasm module, parsed and translated to JVM bytecode once. Every {@link OpaInstance}
 * made from it runs the same generated classes, so N instances cost one compilation and one JIT
 * warm-up, not N.
 *
 * @param machines Chicory's compiled module: makes the machine of each new instance
 * @param data the bundle's data document as UTF-8 JSON, loaded into every instance
 * @param digest SHA-256 of the module's bytes, to know a bundle that brings the same code
 */
record OpaModule(WasmModule module, Function<Instance, Machine> machines, byte[] data, byte[] digest) {

  /**
   * The bundle's module: {@code serving}'s compiled classes with the bundle's data when the
   * bundle brings byte for byte the serving module (a data or revision change: no compilation,
   * and the JIT's code for those classes is already there), else compiled; see {@link #compile}.
   */
  static OpaModule of(WasmBundle bundle, OpaModule serving) {
    byte[] digest = sha256(bundle.module());
    byte[] data = bundle.data().getBytes(StandardCharsets.UTF_8);
    if (serving != null && Arrays.equals(serving.digest, digest)) {
      return new OpaModule(serving.module, serving.machines, data, digest);
    }
    WasmModule module = Parser.parse(bundle.module());
    return new OpaModule(module, MachineFactoryCompiler.compile(module), data, digest);
  }

  /** Slow (about half a second on a quiet machine): translates every function of the module. */
  static OpaModule compile(WasmBundle bundle) {
    return of(bundle, null);
  }

  /** Whether both run the same compiled classes. */
  boolean sharesCodeWith(OpaModule other) {
    return other != null && machines == other.machines;
  }

  /** A new instance with its own memory, holding the data; fast, it compiles nothing. */
  OpaInstance instantiate(String entrypoint) {
    return new OpaInstance(this, entrypoint);
  }

  /** SHA-256 of bytes: also how the bundle poller knows an unchanged download. */
  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
