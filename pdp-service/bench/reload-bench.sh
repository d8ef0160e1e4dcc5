#!/usr/bin/env bash
# Policy reload under load: the Wasm engine's decision latency while bundles are loaded and
# swapped in, a revision change and a policy change, one at a time and back to back, against
# steady state (docs/benchmarks.md, "Policy reload under load").
#   pdp-service/bench/reload-bench.sh [--rate=300] [--seconds=20] [--reloads=3] [--quiet=5] [--series=file.csv]
# JVM options (a JFR recording, -Xlog:jit+compilation) through BENCH_JAVA_OPTS.
# Needs OPA in .tools/bin (./mcp-authz builds it) to build the bundles. Compiles only; runs no tests.
set -euo pipefail
exec "$(dirname "$0")/test-main.sh" io.mcpauthz.pdp.policy.wasm.ReloadBench "$@"
