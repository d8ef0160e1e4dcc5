#!/usr/bin/env bash
# What one session costs the in-memory store at its bound (docs/benchmarks.md, "Memory"):
#   pdp-service/bench/session-footprint-bench.sh [--sessions=50000] [--top=15]
# Prints the live heap per session after a full collection and the heap's largest classes.
# Compiles only; runs no tests.
set -euo pipefail
BENCH_JAVA_OPTS="-Xmx1g -XX:+UseSerialGC ${BENCH_JAVA_OPTS:-}" exec "$(dirname "$0")/test-main.sh" io.mcpauthz.pdp.session.SessionFootprintBench "$@"
