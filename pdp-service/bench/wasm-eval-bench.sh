#!/usr/bin/env bash
# One Wasm policy evaluation, step by step: opa-java-wasm as the engine used it against the
# engine's own ABI binding, alternating in one JVM (docs/benchmarks.md, "Wasm evaluation").
#   pdp-service/bench/wasm-eval-bench.sh [--rounds=10] [--calls=2000] [--warm-up=20000]
# Versions of the policy side by side instead (before/after a change; rule-cost-bench.sh):
#   pdp-service/bench/wasm-eval-bench.sh --policies=before=<dir>,after=policies-rego [--inputs=a,b]
# Needs OPA in .tools/bin (./mcp-authz builds it) to build the bundle. Runs no tests.
exec "$(dirname "$0")/test-main.sh" io.mcpauthz.pdp.policy.wasm.WasmEvalBench "$@"
