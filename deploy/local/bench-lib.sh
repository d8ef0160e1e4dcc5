# What the decision benches share (tail-bench.sh, alloc-bench.sh, thread-bench.sh): their arguments, the allowed
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

# The host's CPU ticks so far (/proc/stat: user,nice,system,idle,iowait,irq,softirq,steal), for
# the share a hypervisor took during a phase: much steal means a slower machine, whatever the variant.
host_cpu() { awk '/^cpu / {print $2","$3","$4","$5","$6","$7","$8","$9; exit}' /proc/stat; }

# The running PDP's command line and working directory as the launcher started it (needs RUN),
# so that pdp_restart can start it again on another build's jar. A PDP that pdp_restart started
# left the launcher's command line beside its pid: not the one with a variant's options in it.
pdp_command_line() {
  local pid i
  PIDFILE="$RUN/pids/pdp-service.pid"
  [ -f "$PIDFILE" ] || { echo "no PDP running from $RUN: ./mcp-authz up first" >&2; exit 1; }
  pid=$(cat "$PIDFILE")
  if [ -f "$RUN/pids/pdp-service.launched" ] && [ "$(head -n1 "$RUN/pids/pdp-service.launched")" = "$pid" ]; then
    mapfile -d '' COMMAND < <(tail -n +2 "$RUN/pids/pdp-service.launched")
  else
    mapfile -d '' COMMAND <"/proc/$pid/cmdline"
  fi
  WORKDIR=$(readlink "/proc/$pid/cwd")
  JAR_AT=-1
  for i in "${!COMMAND[@]}"; do [ "${COMMAND[$i]}" = -jar ] && JAR_AT=$((i + 1)); done
  [ "$JAR_AT" -gt 0 ] || { echo "the PDP was not started with -jar" >&2; exit 1; }
}

# Stops the PDP and starts it on <jar> (JVM options added), then waits for readiness.
pdp_restart() { # <jar> [<extra JVM options>]
  local old ready="http://127.0.0.1:${MCP_AUTHZ_PDP_HTTP_PORT:-8080}/q/health/ready"
  old=$(cat "$PIDFILE")
  kill -TERM -- "-$old" 2>/dev/null || kill -TERM "$old"
  for _ in $(seq 1 300); do kill -0 "$old" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$old" 2>/dev/null; then # not gone after 60 s: its spool stays on disk for the next start
    kill -KILL -- "-$old" 2>/dev/null || kill -KILL "$old"
    while kill -0 "$old" 2>/dev/null; do sleep 0.2; done
  fi
  local command=("${COMMAND[@]}")
  command[JAR_AT]="$(realpath "$1")"
  # shellcheck disable=SC2206 # word splitting intended: a list of JVM options
  [ -n "${2:-}" ] && command=("${command[0]}" $2 "${command[@]:1}")
  (cd "$WORKDIR" && MALLOC_ARENA_MAX=2 exec setsid "${command[@]}" >"$RUN/logs/pdp-service.log" 2>&1 </dev/null) &
  echo $! >"$PIDFILE"
  { echo $!; printf '%s\0' "${COMMAND[@]}"; } >"$RUN/pids/pdp-service.launched"
  for _ in $(seq 1 600); do curl -fsS -o /dev/null "$ready" 2>/dev/null && return 0; sleep 0.2; done
  echo "the PDP on $1 did not become ready (see $RUN/logs/pdp-service.log)" >&2
  exit 1
}

# Starts a variant "<name>=<quarkus-run.jar>[::<JVM options>]" for a round and sets name, o (its
# output prefix under OUT), pid and TOKEN (a dev token is valid 15 minutes: one per start).
start_variant() { # <variant> <round>
  local jar="${1#*=}" options=""
  name="${1%%=*}" o="$OUT/${1%%=*}-$2"
  if [[ "$jar" == *::* ]]; then options="${jar#*::}" jar="${jar%%::*}"; fi
  pdp_restart "$jar" "$options"
  pid=$(cat "$PIDFILE")
  TOKEN=$("$ROOT/mcp-authz" token alice dev)
}
