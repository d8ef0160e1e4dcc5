#!/usr/bin/env bash
# ./mcp-authz bench: load on the PDP's ext_authz gRPC API with ghz, as Envoy would send it.
# Needs the stack from ./mcp-authz up. Results (JSON summaries) go to .run/bench/.
# Every call is its own MCP session ({{.RequestNumber}} is ghz's per-call counter), so the
# session rules (120 calls per session and minute, quarantine after 5 denies) judge each call as
# a fresh one; the deny scenario has its own subject, so its denies never quarantine the
# others. Each scenario prints how many calls got the decision it expects (from /q/metrics).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="${MCP_AUTHZ_RUN_DIR:-$ROOT/.run}"
GHZ="$ROOT/.tools/bin/ghz"
PDP="127.0.0.1:${MCP_AUTHZ_PDP_GRPC_PORT:-9191}"
METRICS="http://127.0.0.1:${MCP_AUTHZ_PDP_HTTP_PORT:-8080}/q/metrics"
TOTAL="${MCP_AUTHZ_BENCH_REQUESTS:-20000}"
CONCURRENCY="${MCP_AUTHZ_BENCH_CONCURRENCY:-16}"
CONNECTIONS=$((CONCURRENCY < 4 ? CONCURRENCY : 4))
RATE="${MCP_AUTHZ_BENCH_RATE:-300}"
OUT="$RUN/bench"
mkdir -p "$OUT"

TOKEN=$("$ROOT/mcp-authz" token alice dev)
DENIED=$("$ROOT/mcp-authz" token mallory dev)
ADMIN=$("$ROOT/mcp-authz" token root-admin admin)

# CPU seconds (user + system) a process has used so far; 0 when it does not run (no OPA with the
# Wasm engine).
cpu_seconds() {
  local pidfile="$RUN/pids/$1.pid"
  if [ -f "$pidfile" ] && [ -r "/proc/$(cat "$pidfile")/stat" ]; then
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$(cat "$pidfile")/stat"
  else
    echo 0
  fi
}
scenario() { # <name> <expected decision> <server> <token> <body> [ghz options…]
  local name="$1" expect="$2" pdp0 opa0
  python3 "$ROOT/deploy/local/check_request.py" "$3" POST "$4" "bench-$name-{{.RequestNumber}}" "$5" \
    >"$OUT/$name.request.json"
  shift 5
  curl -fsS "$METRICS" >"$OUT/$name.metrics.before"
  pdp0=$(cpu_seconds pdp-service)
  opa0=$(cpu_seconds opa)
  "$GHZ" --insecure --call envoy.service.auth.v3.Authorization/Check \
    --data-file "$OUT/$name.request.json" --total "$TOTAL" --concurrency "$CONCURRENCY" \
    --connections "$CONNECTIONS" --format json --output "$OUT/$name.json" "$@" "$PDP" >/dev/null
  curl -fsS "$METRICS" >"$OUT/$name.metrics.after"
  python3 "$ROOT/deploy/local/bench_report.py" "$name" "$expect" "$OUT" "$TOTAL" \
    "$(cpu_seconds pdp-service)" "$pdp0" "$(cpu_seconds opa)" "$opa0"
}

ALLOW='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_issue","arguments":{"repo":"acme/api","title":"Flaky test"}}}'
echo "ghz: $TOTAL requests per scenario, concurrency $CONCURRENCY, $CONNECTIONS connections, against $PDP"
scenario warmup allow github "$TOKEN" "$ALLOW" >/dev/null
scenario allow allow github "$TOKEN" "$ALLOW"
scenario deny deny github "$DENIED" \
  '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_repo","arguments":{"repo":"acme/api"}}}'
scenario sql-check allow database "$ADMIN" \
  '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"query","arguments":{"sql":"SELECT id, total FROM orders WHERE status = '"'"'open'"'"'"}}}'
scenario malformed deny github "$TOKEN" '{"jsonrpc":"2.0","id":4,'
# The PDP's own latency histogram at a steady rate (what a proxy in front sees, minus the network).
scenario "allow-at-$RATE" allow github "$TOKEN" "$ALLOW" --rps "$RATE"
echo "PDP resident memory: $(ps -o rss= -p "$(cat "$RUN/pids/pdp-service.pid")" | awk '{printf "%.0f MiB", $1/1024}')"
