package io.mcpauthz.pdp.policy.wasm;

import java.io.IOException;

/** Unpacks and compiles a bundle into a policy with its instances; replaceable in tests. */
@FunctionalInterface
interface BundleCompiler {

  /** The shipped step: the archive read with its caps, the module compiled or reused. */
  BundleCompiler WASM = (tarGz, instances, serving) -> WasmPolicy.load(WasmBundle.read(tarGz), instances, serving);

  /** @param serving the policy that serves now (whose compiled module may be reused), or null */
  WasmPolicy compile(byte[] tarGz, int instances, WasmPolicy serving) throws IOException;
}
