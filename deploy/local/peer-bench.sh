#!/usr/bin/env bash
# ./mcp-authz bench --peer <snapshot.tar.gz>: pdp-service and opa-envoy-plugin side by side, on
# the same CheckRequests, alternating, in one run. Needs the stack from ./mcp-authz up.
#   peer-full    the peer doing the PDP's work in Rego: verify the JWT, judge with
#                data.mcp.authz.decision, mint an ES256 upstream JWT (deploy/local/peer/peer.rego)
#   peer-policy  the peer as usually deployed: Envoy's jwt_authn verified the JWT already, the
#                policy decodes its claims and judges; nothing is minted
# Reports req/s at concurrency 16, single-stream p50/p90/p99, CPU µs per decision per process
# (/proc/<pid>/stat) and resident memory, and the ratios. Summaries go to .run/bench/peer/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="${MCP_AUTHZ_RUN_DIR:-$ROOT/.run}"
TOOLS="$ROOT/.tools"
SNAPSHOT="$1"
GHZ="$TOOLS/bin/ghz"
PDP="127.0.0.1:${MCP_AUTHZ_PDP_GRPC_PORT:-9191}"
TOTAL="${MCP_AUTHZ_BENCH_REQUESTS:-10000}"
SINGLE="${MCP_AUTHZ_BENCH_SINGLE_REQUESTS:-3000}"
ROUNDS="${MCP_AUTHZ_BENCH_ROUNDS:-3}"
OUT="$RUN/bench/peer"
DEV_ISSUER="${MCP_AUTHZ_DEV_ISSUER:-https://dev-issuer.mcp-authz.local}"
# The request goes to the github route: the token is bound to that server's resource, for both.
DEV_AUDIENCE="${MCP_AUTHZ_MCP_BASE:-http://localhost:10000}/github/mcp"
source "$ROOT/deploy/local/lib.sh"
mkdir -p "$OUT"

build_peer() {
  local bin="$TOOLS/bin/opa-envoy-plugin" stamp="$TOOLS/peer/snapshot.sha256" sum
  sum=$(sha256sum "$SNAPSHOT" | cut -d' ' -f1)
  if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then return 0; fi
  log "building opa-envoy-plugin from $SNAPSHOT into .tools/bin (first run only)…"
  rm -rf "$TOOLS/peer" && mkdir -p "$TOOLS/peer" "$TOOLS/bin"
  tar -xzf "$SNAPSHOT" -C "$TOOLS/peer"
  (cd "$TOOLS/peer/src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -o "$bin" ./cmd/opa-envoy-plugin)
  echo "$sum" >"$stamp"
}

# One bundle per mode: the repository's policies, the comparison policy and its data.
peer_bundle() { # <mode> <bundle>
  local dir
  dir=$(mktemp -d)
  cp -r "$ROOT/policies-rego/mcp" "$dir/mcp"
  mkdir -p "$dir/peer/authz"
  cp "$ROOT/deploy/local/peer/peer.rego" "$dir/peer/authz/"
  python3 - "$1" "$DEV_ISSUER" "$DEV_AUDIENCE" "$RUN/keys/dev-issuer-public.pem" \
    "$RUN/keys/pdp-signing.jwks.json" >"$dir/peer/data.json" <<'PY'
import json, sys
mode, iss, aud, pem, jwks = sys.argv[1:6]
print(json.dumps({"mode": mode, "issuer": iss, "audience": aud,
                  "issuer_public_pem": open(pem).read(),
                  "signing_jwk": json.load(open(jwks))["keys"][0]}))
PY
  "$TOOLS/bin/opa" build --bundle "$dir" --ignore '*_test.rego' -o "$2" >/dev/null
  rm -rf "$dir"
}

start_peer() { # <mode> <grpc port> <rest port>
  peer_bundle "$1" "$OUT/$1.tar.gz"
  spawn "peer-$1" "$TOOLS/bin/opa-envoy-plugin" run --server --addr "127.0.0.1:$3" \
    --set "plugins.envoy_ext_authz_grpc.addr=127.0.0.1:$2" \
    --set plugins.envoy_ext_authz_grpc.path=peer/authz/result \
    --set plugins.envoy_ext_authz_grpc.enable-reflection=true \
    --set decision_logs.console=false --log-level error --bundle "$OUT/$1.tar.gz"
  wait_http "peer-$1" "http://127.0.0.1:$3/health?bundles" 60
}

# A comparison is only fair if the peer allows the call and, in full mode, mints a token.
check_peer() { # <mode> <grpc port> <request file>
  local answer
  answer=$("$TOOLS/bin/grpcurl" -plaintext -d @ "127.0.0.1:$2" envoy.service.auth.v3.Authorization/Check <"$3")
  grep -q '"okResponse"' <<<"$answer" || { log "peer-$1 did not allow the benchmark call: $answer"; exit 1; }
  if [ "$1" = full ] && ! grep -q '"key": "authorization"' <<<"$answer"; then
    log "peer-full did not mint an upstream token: $answer"; exit 1
  fi
}

# Allowed decisions the PDP has counted so far (every server and reason).
pdp_allowed() {
  curl -fsS "http://127.0.0.1:${MCP_AUTHZ_PDP_HTTP_PORT:-8080}/q/metrics" |
    awk '/^mcp_authz_decisions_total\{/ && /decision="allow"/ {sum += $2} END {printf "%d", sum}'
}

cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }
rss_mib() { ps -o rss= -p "$1" | awk '{printf "%.0f", $1/1024}'; }

# The processes doing the deciding for a target: the PDP and, while it uses one, its OPA sidecar.
pids_of() { # <target>
  case "$1" in
    pdp) cat "$RUN/pids/pdp-service.pid"; [ -f "$RUN/pids/opa.pid" ] && cat "$RUN/pids/opa.pid" || true ;;
    *) cat "$RUN/pids/$1.pid" ;;
  esac
}

run_ghz() { # <target> <address> <request file> <total> <concurrency> <label>
  local target="$1" pid cpu0="" cpu1="" rss=""
  for pid in $(pids_of "$target"); do cpu0="$cpu0 $(cpu_seconds "$pid")"; done
  "$GHZ" --insecure --call envoy.service.auth.v3.Authorization/Check --data-file "$3" \
    --total "$4" --concurrency "$5" --connections "$(( $5 < 4 ? $5 : 4 ))" \
    --format json --output "$OUT/$6.json" "$2" >/dev/null
  for pid in $(pids_of "$target"); do cpu1="$cpu1 $(cpu_seconds "$pid")"; rss="$rss $(rss_mib "$pid")"; done
  echo "$6 $4 [$cpu0] [$cpu1] [$rss]" >>"$OUT/runs.txt"
}

main() {
  [ -f "$SNAPSHOT" ] || { log "usage: ./mcp-authz bench --peer <opa-envoy-plugin snapshot .tar.gz>"; exit 2; }
  local pdp_http="http://127.0.0.1:${MCP_AUTHZ_PDP_HTTP_PORT:-8080}"
  curl -fsS -o /dev/null "$pdp_http/q/health/ready" || { log "the PDP is not running: ./mcp-authz up first"; exit 1; }
  # The PDP creates its signing key on first use; the peer signs with the same kind of key.
  curl -fsS -o /dev/null "$pdp_http/.well-known/jwks.json"
  build_peer
  local full_grpc policy_grpc token request round target addr
  full_grpc=$(free_port)
  policy_grpc=$(free_port)
  trap 'stop_process peer-full; stop_process peer-policy' EXIT
  start_peer full "$full_grpc" "$(free_port)"
  start_peer policy "$policy_grpc" "$(free_port)"
  token=$("$ROOT/mcp-authz" token --server github alice dev)
  request="$OUT/allow.request.json"
  # Every call is its own MCP session ({{.RequestNumber}}: ghz's per-call counter), as in
  # ./mcp-authz bench: one session for all would meet the session budget and quarantine, and the
  # PDP would be measured denying. The peer has no session state and ignores the header.
  python3 "$ROOT/deploy/local/check_request.py" github POST "$token" "bench-peer-{{.RequestNumber}}" \
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_issue","arguments":{"repo":"acme/api","title":"Flaky test"}}}' \
    >"$request"
  check_peer full "$full_grpc" "$request"
  check_peer policy "$policy_grpc" "$request"
  : >"$OUT/runs.txt"
  echo "same allowed CheckRequest for all: $TOTAL calls at concurrency 16, $SINGLE single-stream, $ROUNDS rounds, alternating"
  for target in pdp peer-full peer-policy; do # warm-up, not counted
    addr=$PDP; [ "$target" = pdp ] || addr="127.0.0.1:$([ "$target" = peer-full ] && echo "$full_grpc" || echo "$policy_grpc")"
    run_ghz "$target" "$addr" "$request" 3000 16 "warmup-$target"
  done
  : >"$OUT/runs.txt"
  local allowed0 allowed calls=$((ROUNDS * (TOTAL + SINGLE)))
  allowed0=$(pdp_allowed)
  for round in $(seq 1 "$ROUNDS"); do
    for target in pdp peer-full peer-policy; do
      addr=$PDP; [ "$target" = pdp ] || addr="127.0.0.1:$([ "$target" = peer-full ] && echo "$full_grpc" || echo "$policy_grpc")"
      run_ghz "$target" "$addr" "$request" "$TOTAL" 16 "c16-$target-$round"
      run_ghz "$target" "$addr" "$request" "$SINGLE" 1 "c1-$target-$round"
    done
  done
  allowed=$(( $(pdp_allowed) - allowed0 ))
  python3 "$ROOT/deploy/local/peer_report.py" "$OUT"
  echo "pdp allowed $allowed of its $calls measured calls"
  [ "$allowed" -eq "$calls" ] || { log "the PDP denied some calls: the comparison is not of equal work"; exit 1; }
}

main
