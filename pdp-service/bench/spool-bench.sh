#!/usr/bin/env bash
# What the decision spool adds per event: the append on the decision path and the group-commit
# fsync beside it (see docs/benchmarks.md).
#   pdp-service/bench/spool-bench.sh [events] [events-per-second] [directory on the disk to measure]
# Compiles the module and its test classes, then runs SpoolBench.
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
# The reactor writes one classpath per module to the file; pdp-service's comes last.
mvn -B -q -ntp -Dstyle.color=never -pl pdp-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath"
java -cp "pdp-service/target/test-classes:pdp-service/target/classes:$(cat "$classpath")" \
  io.mcpauthz.pdp.event.spool.SpoolBench "$@"
