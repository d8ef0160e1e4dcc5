# Functions behind ./mcp-authz: tool installation, process start/stop, dev keys and tokens.
# Sourced by the launcher, which sets ROOT, TOOLS, RUN and the ports.

log() { printf '%s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

go_install() { # <binary> <module@version>
  [ -x "$TOOLS/bin/$1" ] && return 0
  log "building $1 ($2) into .tools/bin (first run only)…"
  mkdir -p "$TOOLS/bin"
  GOBIN="$TOOLS/bin" GOFLAGS=-buildvcs=false go install "$2"
}

ensure_opa() { go_install opa "github.com/open-policy-agent/opa@$OPA_VERSION"; }
# `go install regal@version` also asks the proxy for Regal's version list, which it refuses;
# building inside a throwaway module fetches only the pinned version.
ensure_regal() {
  [ -x "$TOOLS/bin/regal" ] && return 0
  log "building regal ($REGAL_VERSION) into .tools/bin (first run only)…"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && go mod init regal-build >/dev/null 2>&1 &&
    go get "github.com/open-policy-agent/regal@$REGAL_VERSION" >&2 &&
    GOFLAGS=-buildvcs=false go build -o "$TOOLS/bin/regal" github.com/open-policy-agent/regal >&2)
  rm -rf "$tmp"
}
# The console's browser tests drive Debian's chromium through its chromedriver.
ensure_chromium() {
  command -v chromium >/dev/null && command -v chromedriver >/dev/null && return 0
  log "installing Debian packages chromium and chromium-driver (for the console's browser tests)…"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q >&2 &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium chromium-driver >&2
}

# Regenerates docs/console/*.png: the console's browser test on seeded events, with screenshots on.
console_screenshots() { # <state dir>
  local state="$1" kport
  ensure_chromium
  ensure_kafka_classpath
  rm -rf "$state"
  mkdir -p "$state"
  kport=$(free_port)
  RUN="$state" start_kafka "$state/kafka" "$kport" "$(free_port)" kafka
  # shellcheck disable=SC2064 # expand now: $state is local to this function
  trap "RUN='$state' stop_process kafka" EXIT
  (cd "$ROOT" && MCP_AUTHZ_TEST_KAFKA="127.0.0.1:$kport" mvn -B -ntp -q verify -pl audit-consumer -am \
    -Dtest=ConsoleBrowserTest -Dsurefire.failIfNoSpecifiedTests=false \
    "-Dmcp-authz.console.screenshots=$ROOT/docs/console")
  RUN="$state" stop_process kafka
  trap - EXIT
  log "screenshots written to docs/console/"
}

ensure_grpcurl() { go_install grpcurl "github.com/fullstorydev/grpcurl/cmd/grpcurl@$GRPCURL_VERSION"; }

ensure_kafka_classpath() {
  local cp="$TOOLS/kafka/classpath.txt"
  [ -s "$cp" ] && return 0
  log "resolving the Kafka broker classpath from Maven Central (first run only)…"
  mkdir -p "$TOOLS/kafka"
  mvn -B -q -ntp -f "$ROOT/deploy/local/kafka/pom.xml" dependency:build-classpath \
    "-Dmdep.outputFile=$cp" >&2
}

# What the audit-consumer's SIEM tests validate against (docs/audit.md, "SIEM formats"):
# the official OCSF schema, shipped by PyPI's ocsf-json-schema, checked with jsonschema, in a
# venv; and Elastic's ECS field table from npm's @elastic/ecs, extracted to one JSON file.
OCSF_JSON_SCHEMA_VERSION="1.2.0"
JSONSCHEMA_VERSION="4.26.0"
ECS_NPM_VERSION="9.4.0"
ensure_siem_schemas() {
  local dir="$TOOLS/siem" tmp
  if [ ! -x "$dir/venv/bin/python" ] || ! "$dir/venv/bin/python" -c 'import ocsf_json_schema, jsonschema' 2>/dev/null; then
    log "installing the OCSF schema validator (PyPI ocsf-json-schema $OCSF_JSON_SCHEMA_VERSION, jsonschema $JSONSCHEMA_VERSION) into .tools/siem/venv…"
    rm -rf "$dir/venv"
    mkdir -p "$dir"
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install -q "ocsf-json-schema==$OCSF_JSON_SCHEMA_VERSION" "jsonschema==$JSONSCHEMA_VERSION" >&2
  fi
  if [ ! -s "$dir/ecs_flat.json" ]; then
    log "fetching the ECS field definitions (npm @elastic/ecs $ECS_NPM_VERSION) into .tools/siem…"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "@elastic/ecs@$ECS_NPM_VERSION" >/dev/null && tar xzf ./*.tgz) &&
      node -e 'process.stdout.write(JSON.stringify(require(process.argv[1]).EcsFlat))' \
        "$tmp/package/build/commonjs/ecs_flat.js" >"$dir/ecs_flat.json.partial" &&
      mv "$dir/ecs_flat.json.partial" "$dir/ecs_flat.json"
    rm -rf "$tmp"
    [ -s "$dir/ecs_flat.json" ] || { log "could not extract the ECS field definitions"; return 1; }
  fi
}

# The Redis store's server (Debian package redis-server), installed only when it is needed: the
# Redis session store is selected, or the tests run (they include a Redis suite).
ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && return 0
  log "installing redis-server (Debian package) for the Redis session store…"
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >&2 ||
      { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >&2; }
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >&2
  fi
}

start_redis() { # <port> <name>
  spawn "$2" redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no
}

# Rebuilds the service jars when a source file is newer than the jar.
ensure_jars() {
  local module jar stale=""
  for module in pdp-service audit-consumer; do
    jar="$ROOT/$module/target/quarkus-app/quarkus-run.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/pep-envoy-extauthz" "$ROOT/$module" \
        -path '*/target' -prune -o -type f -newer "$jar" -print -quit)" ]; then
      stale=1
    fi
  done
  [ -z "$stale" ] && return 0
  log "building the Maven modules (mvn package -DskipTests)…"
  (cd "$ROOT" && mvn -B -q -ntp -DskipTests package >&2)
}

pidfile() { echo "$RUN/pids/$1.pid"; }

is_running() {
  local f
  f=$(pidfile "$1")
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# Starts a command in its own process group, records its pid, logs to .run/logs/<name>.log.
spawn() { # <name> <command…>
  local name="$1"
  shift
  mkdir -p "$RUN/pids" "$RUN/logs"
  if is_running "$name"; then
    log "$name already running (pid $(cat "$(pidfile "$name")"))"
    return 0
  fi
  setsid "$@" >"$RUN/logs/$name.log" 2>&1 < /dev/null &
  echo $! >"$(pidfile "$name")"
}

stop_process() { # <name>
  local f pid i
  f=$(pidfile "$1")
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    log "stopped $1"
  fi
  rm -f "$f"
}

# A KRaft cluster id as Kafka's own Uuid.randomUuid makes one: never starting with "-", which
# StorageTool's argument parser would read as an option (1 random id in 64).
kafka_cluster_id() {
  python3 -c 'import uuid,base64
while True:
    id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not id.startswith("-"):
        print(id)
        break'
}

start_kafka() { # <state dir> <port> <controller port> <name>
  local dir="$1" port="$2" cport="$3" name="$4" cp props
  cp=$(cat "$TOOLS/kafka/classpath.txt")
  props="$dir/server.properties"
  if is_running "$name"; then return 0; fi
  mkdir -p "$dir/data"
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$cport|g" -e "s|@DATA_DIR@|$dir/data|g" \
    "$ROOT/deploy/local/kafka/server.properties.template" >"$props"
  if [ ! -f "$dir/data/meta.properties" ]; then
    java -cp "$cp" -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.properties" \
      kafka.tools.StorageTool format -t "$(kafka_cluster_id)" -c "$props" >/dev/null
  fi
  spawn "$name" java -Xms256m -Xmx512m -cp "$cp" \
    -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.properties" kafka.Kafka "$props"
  wait_port "Kafka" "$port" 60
}

# PostgreSQL for the shared audit index (mcp-authz.audit.store=postgresql): Debian's
# postgresql-15, installed with apt-get when missing (CI runs as root).
PG_BIN="/usr/lib/postgresql/15/bin"
ensure_postgres() {
  [ -x "$PG_BIN/postgres" ] && return 0
  log "installing PostgreSQL 15 (Debian package postgresql-15) with apt-get…"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
}

# A private cluster in <dir>, owned by the system user postgres when we are root (initdb
# refuses root), trust authentication on 127.0.0.1 only: for local development and tests.
start_postgres() { # <dir> <port> <name> [postgres -c options…]
  local dir="$1" port="$2" name="$3" as=()
  shift 3
  if is_running "$name"; then return 0; fi
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    as=(setpriv --reuid=postgres --regid=postgres --init-groups)
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${as[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  fi
  local options=()
  for opt in "$@"; do options+=(-c "$opt"); done
  spawn "$name" "${as[@]}" "$PG_BIN/postgres" -D "$dir/data" -h 127.0.0.1 -p "$port" -k "$dir" "${options[@]}"
  wait_port "PostgreSQL" "$port" 60
  local i
  for i in $(seq 1 100); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" && return 0
    sleep 0.2
  done
  log "PostgreSQL on port $port is not ready (see $RUN/logs/$name.log)"
  return 1
}

start_opa() { # <bundle> <port> <name>
  spawn "$3" "$TOOLS/bin/opa" run --server --addr "127.0.0.1:$2" --watch \
    --log-level error --bundle "$1"
}

# The revision every decision event records: the commit, plus a hash of the files as they are
# now, so an uncommitted edit shows as a new revision too.
policy_revision() { # <policy dir>
  local commit hash
  commit=$(git -C "$1" rev-parse --short HEAD 2>/dev/null || echo local)
  hash=$(cd "$1" && find . -type f ! -path './testdata/*' ! -path './.*' ! -name '*_test.rego' |
    LC_ALL=C sort | xargs -r sha256sum | sha256sum | cut -c1-12)
  echo "$commit+$hash"
}

# Builds <bundle file> for OPA and, beside it, <name>-wasm.tar.gz for the PDP's Wasm engine
# (the same policy compiled to WebAssembly, with its plan); neither replaces the previous one
# unless both build.
build_policy_bundle() { # <policy dir> <bundle file>
  local revision out wasm
  revision=$(policy_revision "$1")
  out=$(realpath -m "$2")
  wasm="${out%.tar.gz}-wasm.tar.gz"
  mkdir -p "$(dirname "$out")"
  # Built from inside the directory, so module paths in the bundle are relative to it.
  (cd "$1" && opa_build_bundle "$revision" "$out.partial" &&
    opa_build_bundle "$revision" "$wasm.partial" -t wasm -e mcp/authz/decision &&
    add_plan "$revision" "$wasm.partial") &&
    mv "$out.partial" "$out" && mv "$wasm.partial" "$wasm" &&
    log "policy bundle built, revision $revision"
}

# Adds the policy's plan (opa build -t plan: what the module is compiled from) to a Wasm bundle
# as /plan.json: the PDP leaves out the input fields the bundle declares omitted only once the
# plan shows that no rule reads them (docs/input.md, "Omitted fields"). Run in the policy dir.
add_plan() { # <revision> <Wasm bundle, extended in place>
  local tmp rc
  tmp=$(mktemp -d)
  opa_build_bundle "$1" "$tmp/plan.tar.gz" -t plan -e mcp/authz/decision &&
    mkdir "$tmp/plan" && tar -xzf "$tmp/plan.tar.gz" -C "$tmp/plan" 2>/dev/null &&
    gzip -dc "$2" >"$tmp/bundle.tar" && tar -rf "$tmp/bundle.tar" -C "$tmp/plan" plan.json 2>/dev/null &&
    gzip -c "$tmp/bundle.tar" >"$2"
  rc=$?
  rm -rf "$tmp"
  return $rc
}

opa_build_bundle() { # <revision> <output> <extra opa build options…>
  local revision="$1" output="$2"
  shift 2
  "$TOOLS/bin/opa" build --bundle . --ignore '*_test.rego' --ignore testdata --ignore .regal \
    --revision "$revision" --output "$output" "$@"
}

# Rebuilds the bundles when a policy or data file changes; OPA (--watch) and the PDP's Wasm
# engine load the new ones. A change that does not build leaves both on the previous bundle.
watch_policies() { # <policy dir> <bundle file>
  local state last=""
  while true; do
    state=$(find "$1" -type f ! -path '*/testdata/*' -printf '%p %T@ %s\n' | LC_ALL=C sort | sha256sum)
    if [ "$state" != "$last" ]; then
      [ -z "$last" ] || build_policy_bundle "$1" "$2" || log "policy change not loaded: opa build failed"
      last="$state"
    fi
    sleep 1
  done
}

# The PDP's JDK: MCP_AUTHZ_PDP_JAVA_HOME when set, else the `java` on PATH. A JDK 25 is not
# preferred: with generational ZGC it cost more CPU and throughput than 17 with G1 at 300 req/s
# (docs/benchmarks.md, "JDK 25"). The build targets 17 and runs on either.
pdp_java() {
  if [ -n "${MCP_AUTHZ_PDP_JAVA_HOME:-}" ]; then echo "$MCP_AUTHZ_PDP_JAVA_HOME/bin/java"; return; fi
  command -v java
}

# A JDK's feature release (17, 25), from its java.specification.version.
java_feature() { # <java>
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}'
}

# The PDP's memory (docs/benchmarks.md, "Memory"): a heap that holds the in-memory session store
# at its bound without full collections, bounded metaspace, code cache and direct buffers, and
# two malloc arenas instead of one per core and thread.
# MCP_AUTHZ_PDP_JAVA_OPTS replaces the options, MCP_AUTHZ_PDP_EXTRA_JAVA_OPTS adds to them.
PDP_MEMORY_OPTS="-Xms128m -Xmx384m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=32m -Xss512k"
# On JDK 25 (docs/benchmarks.md, "JDK 25"): compact object headers (8 bytes less per object); G1
# stays the collector (ZGC: see pdp_java).
PDP_JDK25_OPTS="-XX:+UseCompactObjectHeaders"

# The PDP's JVM options for a given java: the launcher's defaults, or MCP_AUTHZ_PDP_JAVA_OPTS,
# then MCP_AUTHZ_PDP_EXTRA_JAVA_OPTS.
pdp_java_opts() { # <java>
  local opts="${MCP_AUTHZ_PDP_JAVA_OPTS:-}"
  if [ -z "$opts" ]; then
    opts="$PDP_MEMORY_OPTS"
    if [ "$(java_feature "$1")" -ge 25 ]; then
      opts="$opts $PDP_JDK25_OPTS"
    fi
    # Where the JDK has it (17.0.9 and later): freed native memory (the JIT's arenas) goes back
    # to the system every 5 s instead of staying in malloc's free lists.
    if "$1" -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then
      opts="$opts -XX:TrimNativeHeapInterval=5000"
    fi
  fi
  echo "$opts ${MCP_AUTHZ_PDP_EXTRA_JAVA_OPTS:-}"
}

start_java() { # <name> <jar> <system properties…>
  local name="$1" jar="$2" jvm=(java -Xmx512m) java opts
  shift 2
  if [ "$name" = pdp-service ]; then
    java=$(pdp_java)
    opts=$(pdp_java_opts "$java")
    log "pdp-service on JDK $(java_feature "$java") ($java): $opts"
    # shellcheck disable=SC2206 # word splitting intended: a list of JVM options
    jvm=(env MALLOC_ARENA_MAX=2 "$java" $opts)
  fi
  spawn "$name" "${jvm[@]}" "$@" -jar "$jar"
}

# MCP_AUTHZ_START_WAIT (seconds) replaces each part's start timeout, for a heavily loaded host.
wait_port() { # <label> <port> <seconds>
  local i seconds="${MCP_AUTHZ_START_WAIT:-$3}"
  for i in $(seq 1 $((seconds * 5))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  log "$1 did not open port $2 within $seconds s (see .run/logs/)"
  return 1
}

wait_http() { # <label> <url> <seconds>
  local i seconds="${MCP_AUTHZ_START_WAIT:-$3}"
  for i in $(seq 1 $((seconds * 5))); do
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  log "$1 is not healthy at $2 after $seconds s (see .run/logs/)"
  return 1
}

ensure_dev_keys() {
  local keys="$RUN/keys"
  mkdir -p "$keys"
  chmod 700 "$keys"
  if [ ! -f "$keys/dev-issuer-private.pem" ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/dev-issuer-private.pem" 2>/dev/null
    openssl pkey -in "$keys/dev-issuer-private.pem" -pubout -out "$keys/dev-issuer-public.pem"
  fi
}

# The MCP servers the policies know (policies-rego/mcp/config/servers/<name>).
local_servers() {
  [ -d "$POLICIES/mcp/config/servers" ] && find "$POLICIES/mcp/config/servers" -mindepth 1 -maxdepth 1 -type d \
    -printf '%f\n' | LC_ALL=C sort
}

resource_uri() { echo "$MCP_BASE/$1/mcp"; } # <server>

# The PDP's accepted audiences: every local server's resource (mcp-authz when the policies name none).
mcp_audiences() {
  local servers
  servers=$(local_servers | while read -r s; do resource_uri "$s"; done | paste -sd, -)
  echo "${servers:-mcp-authz}"
}

# Configures each local server as a protected resource, which binds its tokens to it (RFC 8707).
resource_flags() {
  local s
  for s in $(local_servers); do
    printf '%s\n' "-Dmcp-authz.resources.$s.resource=$(resource_uri "$s")" \
      "-Dmcp-authz.resources.$s.authorization-servers=$DEV_ISSUER"
  done
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# Signs an RS256 JWT with the dev issuer key for TOKEN_AUDIENCE (comma-separated; default every
# local MCP server). Extra claims (JSON object) from MCP_AUTHZ_TOKEN_CLAIMS. Its sid (the login
# session, which names the agent run) is MCP_AUTHZ_TOKEN_SID, else a new one: tokens minted
# with one sid are one agent run across MCP servers.
mint_dev_token() { # <sub> [role…]
  local header payload
  header=$(printf '{"alg":"RS256","typ":"JWT","kid":"dev-issuer"}' | b64url)
  payload=$(python3 - "$DEV_ISSUER" "${TOKEN_AUDIENCE:-$(mcp_audiences)}" "${MCP_AUTHZ_TOKEN_CLAIMS:-{\}}" \
    "${MCP_AUTHZ_TOKEN_SID:-}" "$@" <<'PY' | b64url
import json, sys, time, uuid
iss, extra, sid, sub, roles = sys.argv[1], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6:]
aud = sys.argv[2].split(",") if "," in sys.argv[2] else sys.argv[2]
now = int(time.time())
claims = {"iss": iss, "aud": aud, "sub": sub, "iat": now, "nbf": now, "exp": now + 900,
          "jti": str(uuid.uuid4()), "sid": sid or "dev-login-" + str(uuid.uuid4()),
          "roles": roles, "client_id": "demo-agent", "scope": "mcp:tools"}
claims.update(extra)
sys.stdout.write(json.dumps(claims, separators=(",", ":")))
PY
)
  local sig
  sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$RUN/keys/dev-issuer-private.pem" -binary | b64url)
  printf '%s.%s.%s\n' "$header" "$payload" "$sig"
}

policy_test() {
  local threshold="${MCP_AUTHZ_POLICY_COVERAGE:-90}" coverage
  "$TOOLS/bin/opa" test "$POLICIES" || { "$TOOLS/bin/opa" test -v "$POLICIES" | grep -E 'FAIL|ERROR' >&2; return 1; }
  coverage=$("$TOOLS/bin/opa" test --coverage --format=json "$POLICIES" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["coverage"])')
  echo "policy coverage: $coverage% (required: $threshold%)"
  python3 -c "import sys; sys.exit(0 if $coverage >= $threshold else 1)" ||
    { log "policy test coverage $coverage% is below $threshold%"; return 1; }
}

policy_lint() {
  "$TOOLS/bin/opa" check --strict "$POLICIES"
  if [ -n "$("$TOOLS/bin/opa" fmt --list "$POLICIES")" ]; then
    log "not opa-fmt formatted:"; "$TOOLS/bin/opa" fmt --list "$POLICIES" >&2; return 1
  fi
  ensure_regal
  "$TOOLS/bin/regal" lint "$POLICIES"
}

# The first record of a topic on the local broker, waiting up to 60 s for one.
first_record() { # <port> <topic>
  java -cp "$(cat "$TOOLS/kafka/classpath.txt")" -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.properties" \
    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "127.0.0.1:$1" --topic "$2" \
    --from-beginning --max-messages 1 --timeout-ms 60000 2>/dev/null
}

# Runs the stack from the launcher itself on free ports, with both SIEM topics on, checks the
# demo end to end and a record on each SIEM topic, and that `down` leaves no process behind.
launcher_smoke() { # <state dir>
  local dir="$1" pids record
  rm -rf "$dir"
  export MCP_AUTHZ_RUN_DIR="$dir" MCP_AUTHZ_PDP_GRPC_PORT MCP_AUTHZ_PDP_HTTP_PORT MCP_AUTHZ_OPA_PORT \
    MCP_AUTHZ_KAFKA_PORT MCP_AUTHZ_KAFKA_CONTROLLER_PORT MCP_AUTHZ_AUDIT_PORT MCP_AUTHZ_REDIS_PORT
  MCP_AUTHZ_PDP_GRPC_PORT=$(free_port) MCP_AUTHZ_PDP_HTTP_PORT=$(free_port) MCP_AUTHZ_OPA_PORT=$(free_port)
  MCP_AUTHZ_KAFKA_PORT=$(free_port) MCP_AUTHZ_KAFKA_CONTROLLER_PORT=$(free_port) MCP_AUTHZ_AUDIT_PORT=$(free_port)
  MCP_AUTHZ_REDIS_PORT=$(free_port)
  trap '"$ROOT/mcp-authz" down' EXIT
  MCP_AUTHZ_SIEM_TOPICS=ocsf,ecs "$ROOT/mcp-authz" up >/dev/null
  "$ROOT/mcp-authz" demo
  record=$(first_record "$MCP_AUTHZ_KAFKA_PORT" mcp-authz.decisions.ocsf)
  [[ "$record" == *'"class_uid":6003'* ]] || { log "no OCSF record on mcp-authz.decisions.ocsf"; return 1; }
  record=$(first_record "$MCP_AUTHZ_KAFKA_PORT" mcp-authz.decisions.ecs)
  [[ "$record" == *'"ecs":{"version"'* ]] || { log "no ECS record on mcp-authz.decisions.ecs"; return 1; }
  pids=$(cat "$dir"/pids/*.pid)
  "$ROOT/mcp-authz" down
  trap - EXIT
  for pid in $pids; do
    if kill -0 "$pid" 2>/dev/null; then log "process $pid is still running after down"; return 1; fi
  done
  echo "launcher: 1 passed, 0 failed"
}
