#!/usr/bin/env bash
# The decision path's tail, variants side by side (docs/benchmarks.md, "The tail at 300 req/s"):
#   deploy/local/tail-bench.sh [--rounds=2] [--warm-up=40000] [--calls=9000] [--rate=300] [--single=3000]
#                              <name>=[jdk:<java home>::][<worktree>::]<extra JVM options>…
# A variant is JVM options added to the launcher's (MCP_AUTHZ_PDP_EXTRA_JAVA_OPTS); with
# "jdk:<java home>::", the PDP's JDK (MCP_AUTHZ_PDP_JAVA_HOME; otherwise the launcher's choice),
# e.g. jdk25-zgc=jdk:/usr/lib/jvm/temurin-25-jdk-amd64::-XX:+UseZGC; with "<worktree>::", another
# build of the repository (e.g. the commit before a change, checked out with git worktree add and
# its .tools linked). Each round starts the stack once per variant,
# alternating, so the host's load falls on every variant alike; per start: a warm-up at
# concurrency 16 (the JIT's second tier takes tens of thousands of calls to settle), then allowed
# calls at a fixed rate (client p50/p90/p99/max, the PDP histogram's p99, the collector's pauses
# in that phase from -Xlog:gc, PDP CPU per decision), then single-stream calls (p50/p99), and
# resident memory at the end. Every call is its own MCP session. Stops the stack at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/deploy/local/bench-lib.sh"
METRICS="http://127.0.0.1:${MCP_AUTHZ_PDP_HTTP_PORT:-8080}/q/metrics"
OUT="${MCP_AUTHZ_RUN_DIR:-$ROOT/.run}/bench/tail"
ROUNDS=2 WARM_UP=40000 CALLS=9000 RATE=300 SINGLE=3000
bench_args "[--rounds=N] [--warm-up=N] [--calls=N] [--rate=N] [--single=N] <name>=[jdk:<java home>::][<worktree>::]<JVM options>…" \
  rounds warm-up calls rate single -- "$@"
[ ${#VARIANTS[@]} -gt 0 ] || { echo "name at least one variant, e.g. g1= parallel=-XX:+UseParallelGC" >&2; exit 2; }
mkdir -p "$OUT"

for round in $(seq 1 "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    name="${variant%%=*}" spec="${variant#*=}" root="$ROOT" jdk=""
    if [[ "$spec" == jdk:*::* ]]; then jdk="${spec#jdk:}" jdk="${jdk%%::*}" spec="${spec#*::}"; fi
    if [[ "$spec" == *::* ]]; then root="${spec%%::*}" spec="${spec#*::}"; fi
    run="$root/.run" o="$OUT/$name-$round"
    "$root/mcp-authz" down >/dev/null 2>&1 || true
    MCP_AUTHZ_RUN_DIR="$run" MCP_AUTHZ_PDP_JAVA_HOME="$jdk" MCP_AUTHZ_PDP_EXTRA_JAVA_OPTS="$spec" "$root/mcp-authz" up >/dev/null
    TOKEN=$(MCP_AUTHZ_RUN_DIR="$run" "$root/mcp-authz" token alice dev)
    pid=$(cat "$run/pids/pdp-service.pid")
    jcmd="$(dirname "$(readlink "/proc/$pid/exe")")/jcmd" # the PDP's own JDK's
    ghz "$o-warm-up" "$WARM_UP" "tail-warm-$round-$name" --concurrency 16 --connections 4
    curl -fsS "$METRICS" >"$o.metrics.before"
    rm -f "$o.gc.log"
    # gc: G1's, Parallel's and Serial's pauses; gc+phases: ZGC's (its gc lines are whole cycles).
    "$jcmd" "$pid" VM.log output="file=$o.gc.log" what=gc=info,gc+phases=info decorators=uptime >/dev/null
    cpu0=$(cpu_seconds "$pid") host0=$(host_cpu)
    ghz "$o-rate" "$CALLS" "tail-rate-$round-$name" --concurrency 16 --connections 4 --rps "$RATE"
    cpu1=$(cpu_seconds "$pid") host1=$(host_cpu)
    "$jcmd" "$pid" VM.log disable >/dev/null
    curl -fsS "$METRICS" >"$o.metrics.after"
    ghz "$o-single" "$SINGLE" "tail-single-$round-$name" --concurrency 1 --connections 1
    rss=$(ps -o rss= -p "$pid")
    python3 "$ROOT/deploy/local/tail_report.py" "$o" "$name" "$round" "$CALLS" "$cpu0" "$cpu1" "$rss" "$host0" "$host1"
    "$root/mcp-authz" down >/dev/null 2>&1 || true
  done
done
