#!/usr/bin/env bash
# Two builds of the audit-consumer side by side, alternating, on the same machine in one session:
#   audit-consumer/bench/ingest-compare.sh --before=<quarkus-run.jar> [--after=<quarkus-run.jar>] [--rounds=2]
#       [--before-java=<java>] [--after-java=<java>] -- <ingest-bench options>
# e.g. -- --bootstrap=127.0.0.1:19092 --prefill=true --events=300000 --warmup=20000 --probes=3
# --after defaults to this worktree's packaged jar; --before-java/--after-java (default: java on
# the PATH) run a build on another JDK, e.g. the same jar twice on two JDKs. Prints each run's
# result and per-thread lines, then one summary line per run (the load average beside it: compare ratios, not absolutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
before="" after="audit-consumer/target/quarkus-app/quarkus-run.jar" rounds=2 before_java=java after_java=java
while [ $# -gt 0 ]; do
  case "$1" in
    --before=*) before="${1#*=}" ;;
    --after=*) after="${1#*=}" ;;
    --rounds=*) rounds="${1#*=}" ;;
    --before-java=*) before_java="${1#*=}" ;;
    --after-java=*) after_java="${1#*=}" ;;
    --) shift; break ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$before" ] || { echo "--before=<quarkus-run.jar of the build to compare against> is required" >&2; exit 2; }
summary=()
for round in $(seq 1 "$rounds"); do
  for build in before after; do
    jar="$before" java="$before_java"
    [ "$build" = after ] && jar="$after" java="$after_java"
    out=$(audit-consumer/bench/ingest-bench.sh --app="$jar" --java="$java" "$@" 2>/dev/null | grep -E '^(result|threads|load|check) ')
    echo "== round $round $build ($jar, $java)"
    echo "$out"
    summary+=("round=$round build=$build $(echo "$out" | grep '^result' | grep -oE 'events_per_s=[0-9]+|cpu_us_per_event=[0-9.]+' | tr '\n' ' ')$(echo "$out" | grep '^load' | grep -oE 'loadavg="[0-9. ]+' | cut -d' ' -f1)\"")
  done
done
echo "== summary"
printf '%s\n' "${summary[@]}"
