#!/usr/bin/env bash
# PDP start-up and memory, variants side by side (docs/benchmarks.md, "Cold start" and "Memory"):
#   deploy/local/start-bench.sh [--rounds=2] [--calls=10000] [--burst=200] [--nmt] [<name>=<extra JVM options>…]
# Each round starts the whole stack once per variant (./mcp-authz down, then up with the
# variant's options added to the launcher's, MCP_AUTHZ_PDP_EXTRA_JAVA_OPTS), alternating, so the
# host's load falls on every variant alike. Per start: a burst of allowed calls at concurrency 16
# the moment the PDP is ready (how many were not allowed, and why), then a steady allow load
# (how many refused, PDP CPU per decision, resident memory after it; with --nmt, the JVM's
# native memory summary, and in $OUT/r<round>-<name>.*: the full NMT summary, smaps_rollup, the
# heap before and after a full collection, metaspace, code cache, threads, a class histogram).
# Default variants: the decision-path warm-up off and on. Stops the stack at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="${MCP_AUTHZ_RUN_DIR:-$ROOT/.run}"
GHZ="$ROOT/.tools/bin/ghz"
PDP="127.0.0.1:${MCP_AUTHZ_PDP_GRPC_PORT:-9191}"
METRICS="http://127.0.0.1:${MCP_AUTHZ_PDP_HTTP_PORT:-8080}/q/metrics"
OUT="$RUN/bench/start"
ROUNDS=2 CALLS=10000 BURST=200 NMT="" VARIANTS=()
for arg in "$@"; do
  case "$arg" in
    --rounds=*) ROUNDS="${arg#*=}" ;;
    --calls=*) CALLS="${arg#*=}" ;;
    --burst=*) BURST="${arg#*=}" ;;
    --nmt) NMT="-XX:NativeMemoryTracking=summary" ;;
    *=*) VARIANTS+=("$arg") ;;
    *) echo "usage: $0 [--rounds=N] [--calls=N] [--burst=N] [--nmt] [<name>=<extra JVM options>…]" >&2; exit 2 ;;
  esac
done
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=("warm-up-off=-Dmcp-authz.decision.warm-up-rounds=0" "warm-up-on=")
mkdir -p "$OUT"
ALLOW='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_issue","arguments":{"repo":"acme/api","title":"Flaky test"}}}'

pdp_pid() { cat "$RUN/pids/pdp-service.pid"; }
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$(pdp_pid)/stat"; }
load() { # <name> <calls> <session prefix>: ghz at concurrency 16, every call its own session
  python3 "$ROOT/deploy/local/check_request.py" github POST "$TOKEN" "$3-{{.RequestNumber}}" "$ALLOW" >"$OUT/$1.request.json"
  "$GHZ" --insecure --call envoy.service.auth.v3.Authorization/Check --data-file "$OUT/$1.request.json" \
    --total "$2" --concurrency 16 --connections 4 --format json --output "$OUT/$1.json" "$PDP" >/dev/null
}
memory_detail() { # <file prefix>: where the resident memory is, read after the load (the full GC last)
  local pid
  pid=$(pdp_pid)
  jcmd "$pid" VM.native_memory summary >"$1.nmt.txt"
  cat "/proc/$pid/smaps_rollup" >"$1.smaps.txt"
  grep '^Threads' "/proc/$pid/status" >"$1.threads.txt"
  jcmd "$pid" GC.heap_info >"$1.heap.txt"
  jcmd "$pid" VM.metaspace show-loaders >"$1.metaspace.txt"
  jcmd "$pid" Compiler.codecache >"$1.codecache.txt"
  jcmd "$pid" VM.system_properties | { grep -E 'netty|^java.vm.version' || true; } >"$1.properties.txt"
  curl -fsS "$METRICS" | { grep -E '^(jvm_gc_pause_seconds_(count|sum)|netty_allocator_memory_used)' || true; } >"$1.metrics.txt"
  jcmd "$pid" GC.class_histogram | head -40 >"$1.histogram.txt" # a full collection first
  jcmd "$pid" GC.heap_info >"$1.heap-live.txt"
}
decisions() { curl -fsS "$METRICS" | { grep '^mcp_authz_decisions_total' || true; } | sed 's/ #.*//' >"$1"; }

for round in $(seq 1 "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    name="${variant%%=*}" opts="${variant#*=}"
    "$ROOT/mcp-authz" down >/dev/null 2>&1 || true
    MCP_AUTHZ_PDP_EXTRA_JAVA_OPTS="$opts $NMT" "$ROOT/mcp-authz" up >/dev/null
    TOKEN=$("$ROOT/mcp-authz" token alice dev)
    decisions "$OUT/$name.before"
    load "$name-burst" "$BURST" "start-burst-$round-$name"
    decisions "$OUT/$name.burst"
    cpu0=$(cpu_seconds)
    load "$name-steady" "$CALLS" "start-steady-$round-$name"
    cpu1=$(cpu_seconds)
    decisions "$OUT/$name.steady"
    rss=$(ps -o rss= -p "$(pdp_pid)")
    native=""
    if [ -n "$NMT" ]; then
      memory_detail "$OUT/r$round-$name"
      native=$(python3 "$ROOT/deploy/local/nmt_summary.py" "$OUT/r$round-$name")
    fi
    python3 - "$OUT" "$name" "$round" "$BURST" "$CALLS" "$cpu0" "$cpu1" "$rss" "$native" <<'PY'
import json, re, sys
out, name, rnd, burst, calls, cpu0, cpu1, rss, native = sys.argv[1:]
def counts(path):
    c = {}
    for line in open(path):
        m = re.match(r'mcp_authz_decisions_total\{decision="(\w+)",reason="([^"]*)".*\} ([0-9.]+)', line)
        if m: c[(m.group(1), m.group(2))] = c.get((m.group(1), m.group(2)), 0) + float(m.group(3))
    return c
def delta(a, b):
    return {k: v - a.get(k, 0) for k, v in b.items() if v - a.get(k, 0) > 0}
before, after_burst, after = counts(f"{out}/{name}.before"), counts(f"{out}/{name}.burst"), counts(f"{out}/{name}.steady")
refused = {f"{r}": int(n) for (d, r), n in delta(before, after_burst).items() if d != "allow"}
steady_refused = sum(int(n) for (d, r), n in delta(after_burst, after).items() if d != "allow")
b = json.load(open(f"{out}/{name}-burst.json"))
s = json.load(open(f"{out}/{name}-steady.json"))
lat = {d["percentage"]: d["latency"] / 1e6 for d in b["latencyDistribution"]}
print(f"round {rnd} {name:<14} burst of {burst}: refused {sum(refused.values())} {refused or ''} "
      f"p99 {lat[99]:.0f} ms  max {b['slowest'] / 1e6:.0f} ms | steady {s['rps']:.0f} req/s, refused {steady_refused}, "
      f"PDP CPU {(float(cpu1) - float(cpu0)) * 1000 / int(calls):.2f} ms/decision, RSS {int(rss) / 1024:.0f} MiB {native}")
PY
  done
done
"$ROOT/mcp-authz" down >/dev/null 2>&1 || true
