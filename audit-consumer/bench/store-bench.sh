#!/usr/bin/env bash
# Store-only benchmark: the DuckDB writer without Kafka or parsing, schema variants side by side
# (docs/benchmarks.md, "Audit ingestion from a backlog").
#   audit-consumer/bench/store-bench.sh [--events=300000] [--batch=10000] [--variants=current,no-session-index,...]
# Needs the packaged jar's libraries (mvn -o -B -q -pl audit-consumer -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -B -q -pl audit-consumer test-compile
exec java -Xmx2g -cp "audit-consumer/target/test-classes:audit-consumer/target/classes:audit-consumer/target/quarkus-app/lib/main/*:audit-consumer/target/quarkus-app/lib/boot/*" \
  io.mcpauthz.audit.bench.StoreBench "$@"
