#!/usr/bin/env bash
# What a DuckDB checkpoint costs after the inserts, per schema variant (docs/benchmarks.md,
# "Where an event's CPU goes in DuckDB"):
#   audit-consumer/bench/checkpoint-bench.sh [--events=200000] [--rounds=1] [--variants=current,no-index,...]
# Variants are StoreBench's. Needs the packaged jar's libraries (mvn -o -B -q -pl audit-consumer -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -B -q -pl audit-consumer test-compile
exec java -Xmx3g -cp "audit-consumer/target/test-classes:audit-consumer/target/classes:audit-consumer/target/quarkus-app/lib/main/*:audit-consumer/target/quarkus-app/lib/boot/*" \
  io.mcpauthz.audit.bench.CheckpointBench "$@"
