#!/usr/bin/env bash
# CPU cost of scrubbing and size-capping one decision event (see docs/benchmarks.md).
#   pdp-service/bench/event-bench.sh
# Compiles the module and its test classes, then runs EventScrubBench on one thread.
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
# The reactor writes one classpath per module to the file; pdp-service's comes last.
mvn -B -q -ntp -Dstyle.color=never -pl pdp-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath"
java -cp "pdp-service/target/test-classes:pdp-service/target/classes:$(cat "$classpath")" \
  io.mcpauthz.pdp.event.EventScrubBench "$@"
