#!/usr/bin/env bash
# Where one Wasm evaluation's CPU goes, by Wasm function: the policy evaluated on one thread,
# its measured rounds (after the JIT's warm-up) under a flight recording (settings=profile, a
# sample every 1 ms), then the samples by frame, the compiled module's frames named after the
# module's functions, by phase of opa_eval and by policy rule (docs/benchmarks.md).
#   pdp-service/bench/wasm-profile.sh [policies dir] [--inputs=a,b] [--rounds=4] [--calls=4000]
# Runs no tests; the recording stays in target/wasm-profile.jfr.
set -euo pipefail
cd "$(dirname "$0")/../.."
policies=${1:-policies-rego}
[ $# -gt 0 ] && shift
recording=$PWD/pdp-service/target/wasm-profile.jfr
pdp-service/bench/test-main.sh io.mcpauthz.pdp.policy.wasm.WasmEvalBench "--policies=policy=$policies" \
  --rounds=4 --calls=4000 --warm-up=20000 "--record=$recording" "$@"
pdp-service/bench/test-main.sh io.mcpauthz.pdp.policy.wasm.WasmProfile "$recording" "$policies" "${PROFILE_ROWS:-40}"
