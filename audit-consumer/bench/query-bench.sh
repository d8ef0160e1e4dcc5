#!/usr/bin/env bash
# Query benchmark: the API's common queries over a large DuckDB index (docs/benchmarks.md).
#   [QUERY_BENCH_HEAP=4g] audit-consumer/bench/query-bench.sh [--events=10000000] [--runs=50] [--export=1000000] [--dir=<keep/reuse the filled index>]
# Needs the packaged jar's libraries (mvn -o -B -q -pl audit-consumer -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -B -q -pl audit-consumer test-compile
exec java -Xmx"${QUERY_BENCH_HEAP:-4g}" -cp "audit-consumer/target/test-classes:audit-consumer/target/classes:audit-consumer/target/quarkus-app/lib/main/*:audit-consumer/target/quarkus-app/lib/boot/*" \
  io.mcpauthz.audit.bench.QueryBench "$@"
