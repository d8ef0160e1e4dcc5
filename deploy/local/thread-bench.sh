#!/usr/bin/env bash
# Where the PDP's CPU goes, thread by thread, at idle, at a fixed rate and at saturation
# (docs/benchmarks.md, "CPU per decision by thread"):
#   deploy/local/thread-bench.sh [--rounds=1] [--warm-up=20000] [--phase-seconds=30] [--rate=300]
#                                [--saturated=9000] <name>=<quarkus-run.jar>[::<extra JVM options>]…
# Needs the stack of ./mcp-authz up (same MCP_AUTHZ_RUN_DIR and ports). For each round and each
# build in turn, the running PDP is restarted on that build's jar (as alloc-bench.sh does) and
# warmed up at concurrency 16; then three phases: nothing for --phase-seconds (what the process costs
# per second with no call), --rate allowed calls per second for --phase-seconds (ghz --rps), and
# --saturated calls at concurrency 16, and the fixed rate again (the JIT has had longer by then:
# what C2 still compiles after the warm-up falls on the first fixed-rate phase). Around each phase every thread's CPU time (utime + stime
# in /proc/<pid>/task/<tid>/stat) and context switches (voluntary: it blocked and was woken
# later; involuntary: the scheduler took the core from it) are read, and the report gives them
# per decision (idle: per second), by thread family. Thread names come from jcmd Thread.print
# (the kernel's comm keeps only 15 characters). Every call is its own MCP session; denied
# calls in a phase are counted, and more than 1 % (an expired token, say) mark it not comparable.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/deploy/local/bench-lib.sh"
RUN="${MCP_AUTHZ_RUN_DIR:-$ROOT/.run}"
OUT="$RUN/bench/threads"
ROUNDS=1 WARM_UP=20000 PHASE_SECONDS=30 RATE=300 SATURATED=9000
bench_args "[--rounds=N] [--warm-up=N] [--phase-seconds=N] [--rate=N] [--saturated=N] <name>=<quarkus-run.jar>[::<JVM options>]…" \
  rounds warm-up phase-seconds rate saturated -- "$@"
[ ${#VARIANTS[@]} -gt 0 ] || { echo "name at least one build, e.g. after=pdp-service/target/quarkus-app/quarkus-run.jar" >&2; exit 2; }
pdp_command_line
mkdir -p "$OUT"
REPORT="$ROOT/deploy/local/thread_report.py"

snapshot() { # <pid> <file>: every thread's name, CPU time and context switches, the load, the allows so far
  jcmd "$1" Thread.print >"$2.names" 2>/dev/null || : >"$2.names"
  curl -fsS "http://127.0.0.1:${MCP_AUTHZ_PDP_HTTP_PORT:-8080}/q/metrics" >"$2.metrics"
  python3 "$REPORT" snapshot "$1" "$2.names" "$2.metrics" >"$2"
}

for round in $(seq 1 "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    start_variant "$variant" "$round"
    ghz "$o-warm-up" "$WARM_UP" "threads-warm-$round-$name" --concurrency 16 --connections 4
    sleep 2 # the warm-up's last events leave the spool
    snapshot "$pid" "$o.idle.0"
    sleep "$PHASE_SECONDS"
    snapshot "$pid" "$o.idle.1"
    ghz "$o-rate" "$((RATE * PHASE_SECONDS))" "threads-rate-$round-$name" --concurrency 16 --connections 4 --rps "$RATE"
    snapshot "$pid" "$o.rate.1"
    ghz "$o-saturated" "$SATURATED" "threads-sat-$round-$name" --concurrency 16 --connections 4
    snapshot "$pid" "$o.saturated.1"
    ghz "$o-rate-again" "$((RATE * PHASE_SECONDS))" "threads-again-$round-$name" --concurrency 16 --connections 4 --rps "$RATE"
    snapshot "$pid" "$o.rate-again.1"
    python3 "$REPORT" report "$o" "$name" "$round" "$PHASE_SECONDS"
  done
done
