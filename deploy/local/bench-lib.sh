# What the decision benches share (tail-bench.sh, alloc-bench.sh): their arguments, the allowed
# call they send through ghz, and the PDP's CPU time. Sourced after the caller sets ROOT.

GHZ="$ROOT/.tools/bin/ghz"
PDP="127.0.0.1:${MCP_AUTHZ_PDP_GRPC_PORT:-9191}"
ALLOW='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_issue","arguments":{"repo":"acme/api","title":"Flaky test"}}}'

# Reads "--<option>=<value>" into the variable of that name (--warm-up into WARM_UP) for each
# option the caller named, "<name>=<spec>" into VARIANTS; anything else prints the usage.
bench_args() { # <usage> <option…> -- <argument…>
  local usage="$1" arg key known=" "
  shift
  while [ "$1" != -- ]; do known+="$1 " && shift; done
  shift
  VARIANTS=()
  for arg in "$@"; do
    key="${arg%%=*}" key="${key#--}"
    if [[ "$arg" == --*=* && "$known" == *" $key "* ]]; then
      key="${key^^}"
      printf -v "${key//-/_}" '%s' "${arg#*=}"
    elif [[ "$arg" == [!-]*=* ]]; then
      VARIANTS+=("$arg")
    else
      echo "usage: $0 $usage" >&2
      exit 2
    fi
  done
}

# One ghz run of the allowed call, each call its own MCP session (needs TOKEN).
ghz() { # <output> <calls> <session prefix> [ghz options…]
  local out="$1" calls="$2"
  python3 "$ROOT/deploy/local/check_request.py" github POST "$TOKEN" "$3-{{.RequestNumber}}" "$ALLOW" >"$out.request.json"
  shift 3
  "$GHZ" --insecure --call envoy.service.auth.v3.Authorization/Check --data-file "$out.request.json" \
    --total "$calls" --format json --output "$out.json" "$@" "$PDP" >/dev/null
}

cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }
