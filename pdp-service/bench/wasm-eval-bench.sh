#!/usr/bin/env bash
# One Wasm policy evaluation, step by step: opa-java-wasm as the engine used it against the
# engine's own ABI binding, alternating in one JVM (docs/benchmarks.md, "Wasm evaluation").
#   pdp-service/bench/wasm-eval-bench.sh [--rounds=10] [--calls=2000] [--warm-up=20000]
# Needs OPA in .tools/bin (./mcp-authz builds it) to build the bundle. Runs no tests.
exec "$(dirname "$0")/test-main.sh" io.mcpauthz.pdp.policy.wasm.WasmEvalBench "$@"
