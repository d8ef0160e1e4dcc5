#!/usr/bin/env bash
# Runs a main class of pdp-service's test sources (a benchmark) with the module's test classpath.
#   [BENCH_JAVA_OPTS='-Xmx1g …'] pdp-service/bench/test-main.sh <class> [args…]
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
# One reactor run: a sibling module resolves to its target/classes only when it was compiled in
# the same run. The reactor writes one classpath per module to the file; pdp-service's comes last.
mvn -B -q -ntp -Dstyle.color=never -pl pdp-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
main="$1"
shift
# shellcheck disable=SC2086 # the options are words
java ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager "-Dmcp-authz.root=$PWD" \
  -cp "pdp-service/target/test-classes:pdp-service/target/classes:$(cat "$classpath")" "$main" "$@"
