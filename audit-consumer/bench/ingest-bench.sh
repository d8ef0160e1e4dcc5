#!/usr/bin/env bash
# Ingest benchmark: the packaged audit-consumer against a real broker (see README, Performance).
#   audit-consumer/bench/ingest-bench.sh [--events=50000] [--rate=0|450] [--app=<quarkus-run.jar>] [-Dkey=value …]
# Needs a broker (--bootstrap, default 127.0.0.1:39092) and the packaged jar
# (mvn -o -B -q -pl audit-consumer -DskipTests package). Compiles only the test classes.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -B -q -pl audit-consumer test-compile
exec java -cp "audit-consumer/target/test-classes:audit-consumer/target/quarkus-app/lib/main/*" \
  io.mcpauthz.audit.bench.IngestBench "$@"
