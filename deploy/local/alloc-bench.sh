#!/usr/bin/env bash
# What one allowed decision costs the PDP outside the policy engine, builds side by side
# (docs/benchmarks.md, "Allocation and CPU per decision"):
#   deploy/local/alloc-bench.sh [--rounds=3] [--warm-up=20000] [--calls=10000] [--rate=0] [--sites=0]
#                               <name>=<quarkus-run.jar>[::<extra JVM options>]…
# Needs the stack of ./mcp-authz up (same MCP_AUTHZ_RUN_DIR and ports). For each round and each
# build in turn, the running PDP is restarted on that build's jar with the command line it was
# started with, warmed up at concurrency 16, then measured over --calls allowed calls (at
# concurrency 16, or at a fixed --rate): PDP CPU per decision (/proc/<pid>/stat), heap allocated
# per decision by thread group (JFR's jdk.ThreadAllocationStatistics at the start and end of the
# phase), and the young collections of the phase (-Xlog:gc). Every call is its own MCP session.
# --sites=N also samples allocations with their stacks (JFR, 20 000 samples/s, which costs CPU:
# compare CPU per decision only between runs without it) and prints the N heaviest sites.
# A build is a copy of pdp-service/target/quarkus-app (the commit before a change, say), and
# optionally JVM options added to its command line (a runtime setting to try: -Dquarkus.…=…).
# The PDP is left running on the last build named; restart it with ./mcp-authz down/up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/deploy/local/bench-lib.sh"
RUN="${MCP_AUTHZ_RUN_DIR:-$ROOT/.run}"
OUT="$RUN/bench/alloc"
ROUNDS=3 WARM_UP=20000 CALLS=10000 RATE=0 SITES=0
bench_args "[--rounds=N] [--warm-up=N] [--calls=N] [--rate=N] [--sites=N] <name>=<quarkus-run.jar>[::<JVM options>]…" \
  rounds warm-up calls rate sites -- "$@"
[ ${#VARIANTS[@]} -gt 0 ] || { echo "name at least one build, e.g. after=pdp-service/target/quarkus-app/quarkus-run.jar" >&2; exit 2; }
pdp_command_line
mkdir -p "$OUT"

rate=()
[ "$RATE" -gt 0 ] && rate=(--rps "$RATE")
settings="$ROOT/deploy/local/alloc.jfc"
[ "$SITES" -gt 0 ] && settings="$ROOT/deploy/local/alloc-sites.jfc"
for round in $(seq 1 "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    start_variant "$variant" "$round"
    ghz "$o-warm-up" "$WARM_UP" "alloc-warm-$round-$name" --concurrency 16 --connections 4
    rm -f "$o.jfr" "$o.gc.log"
    jcmd "$pid" JFR.start name=alloc settings="$settings" >/dev/null
    jcmd "$pid" VM.log output="file=$o.gc.log" what=gc=info decorators=uptime >/dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    cpu0=$(cpu_seconds "$pid")
    ghz "$o-phase" "$CALLS" "alloc-phase-$round-$name" --concurrency 16 --connections 4 "${rate[@]}"
    cpu1=$(cpu_seconds "$pid")
    jcmd "$pid" VM.log disable >/dev/null
    jcmd "$pid" JFR.stop name=alloc filename="$o.jfr" >/dev/null
    jfr print --json --events jdk.ThreadAllocationStatistics "$o.jfr" >"$o.alloc.json"
    python3 "$ROOT/deploy/local/alloc_report.py" "$o" "$name" "$round" "$CALLS" "$cpu0" "$cpu1" "$load"
    if [ "$SITES" -gt 0 ]; then
      jfr print --json --stack-depth 64 --events jdk.ObjectAllocationSample "$o.jfr" >"$o.sites.json"
      python3 "$ROOT/deploy/local/alloc_sites.py" "$o.sites.json" "$CALLS" "$SITES"
    fi
  done
done
