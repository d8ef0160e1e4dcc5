#!/usr/bin/env bash
# ./mcp-authz bench: load on the PDP's ext_authz gRPC API with ghz, as Envoy would send it.
# Needs the stack from ./mcp-authz up. Results (JSON summaries) go to .run/bench/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="${MCP_AUTHZ_RUN_DIR:-$ROOT/.run}"
GHZ="$ROOT/.tools/bin/ghz"
PDP="127.0.0.1:${MCP_AUTHZ_PDP_GRPC_PORT:-9191}"
TOTAL="${MCP_AUTHZ_BENCH_REQUESTS:-20000}"
CONCURRENCY="${MCP_AUTHZ_BENCH_CONCURRENCY:-16}"
CONNECTIONS=$((CONCURRENCY < 4 ? CONCURRENCY : 4))
OUT="$RUN/bench"
mkdir -p "$OUT"

TOKEN=$("$ROOT/mcp-authz" token alice dev)
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

scenario() { # <name> <server> <token> <body>
  local name="$1" pdp0 opa0
  python3 "$ROOT/deploy/local/check_request.py" "$2" POST "$3" "bench-$name" "$4" >"$OUT/$name.request.json"
  pdp0=$(cpu_seconds pdp-service)
  opa0=$(cpu_seconds opa)
  "$GHZ" --insecure --call envoy.service.auth.v3.Authorization/Check \
    --data-file "$OUT/$name.request.json" --total "$TOTAL" --concurrency "$CONCURRENCY" \
    --connections "$CONNECTIONS" --format json --output "$OUT/$name.json" "$PDP" >/dev/null
  python3 - "$name" "$OUT/$name.json" "$TOTAL" "$(cpu_seconds pdp-service)" "$pdp0" "$(cpu_seconds opa)" "$opa0" <<'PY'
import json, sys
name, path, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
pdp_ms = (float(sys.argv[4]) - float(sys.argv[5])) * 1000 / total
opa_ms = (float(sys.argv[6]) - float(sys.argv[7])) * 1000 / total
r = json.load(open(path))
lat = {d["percentage"]: d["latency"] / 1e6 for d in r["latencyDistribution"]}
errors = sum(v for k, v in r.get("statusCodeDistribution", {}).items() if k != "OK")
print(f"{name:<11} {r['rps']:>7.0f} req/s  p50 {lat[50]:6.2f} ms  p90 {lat[90]:6.2f} ms  "
      f"p99 {lat[99]:6.2f} ms  CPU/decision: pdp {pdp_ms:.2f} ms, opa {opa_ms:.2f} ms  errors {errors}")
PY
}

echo "ghz: $TOTAL requests per scenario, concurrency $CONCURRENCY, $CONNECTIONS connections, against $PDP"
scenario warmup github "$TOKEN" \
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_issue","arguments":{"title":"t"}}}' >/dev/null
scenario allow github "$TOKEN" \
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_issue","arguments":{"repo":"acme/api","title":"Flaky test"}}}'
scenario deny github "$TOKEN" \
  '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_repo","arguments":{"repo":"acme/api"}}}'
scenario sql-check database "$ADMIN" \
  '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"query","arguments":{"sql":"SELECT id, total FROM orders WHERE status = '"'"'open'"'"'"}}}'
scenario malformed github "$TOKEN" '{"jsonrpc":"2.0","id":4,'
echo "PDP resident memory: $(ps -o rss= -p "$(cat "$RUN/pids/pdp-service.pid")" | awk '{printf "%.0f MiB", $1/1024}')"
