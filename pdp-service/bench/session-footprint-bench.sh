#!/usr/bin/env bash
# What one session costs the in-memory store at its bound (docs/benchmarks.md, "Memory"):
#   pdp-service/bench/session-footprint-bench.sh [--sessions=50000] [--top=15]
# Prints the live heap per session after a full collection and the heap's largest classes.
# Compiles only; runs no tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -B -q -pl pdp-service -am test-compile
cp="$(mktemp)"
mvn -o -B -q -pl pdp-service -am dependency:build-classpath -Dmdep.includeScope=test "-Dmdep.outputFile=$cp"
exec java -Xmx1g -XX:+UseSerialGC -cp "pdp-service/target/test-classes:pdp-service/target/classes:$(cat "$cp")" \
  io.mcpauthz.pdp.session.SessionFootprintBench "$@"
