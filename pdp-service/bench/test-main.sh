#!/usr/bin/env bash
# Runs a main class of pdp-service's test sources (a benchmark) with the module's test classpath.
#   pdp-service/bench/test-main.sh <class> [args…]
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
# The reactor writes one classpath per module to the file; pdp-service's comes last.
mvn -B -q -ntp -Dstyle.color=never -pl pdp-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath"
main="$1"
shift
java "-Dmcp-authz.root=$PWD" -cp "pdp-service/target/test-classes:pdp-service/target/classes:$(cat "$classpath")" "$main" "$@"
