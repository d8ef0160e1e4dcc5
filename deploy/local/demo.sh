#!/usr/bin/env bash
# ./mcp-authz demo: sends MCP calls to the PDP exactly as Envoy's ext_authz filter would
# (envoy.service.auth.v3.Authorization/Check over gRPC), prints each decision, then finds the
# decisions again through the audit API. Needs the stack from ./mcp-authz up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GRPCURL="$ROOT/.tools/bin/grpcurl"
PDP="127.0.0.1:${MCP_AUTHZ_PDP_GRPC_PORT:-9191}"
AUDIT="http://127.0.0.1:${MCP_AUTHZ_AUDIT_PORT:-8090}"
SESSION="demo-$(date +%s)"

token() { "$ROOT/mcp-authz" token "$@"; }

# check <title> <server> <http method> <token or -> <body> [path]; in session $SESSION, or
# $OWN_SESSION: a session id belongs to the first caller that uses it on its server.
check() {
  local title="$1" server="$2" method="$3" bearer="$4" body="$5" path="${6:-/mcp}"
  printf '\n\033[1m▶ %s\033[0m\n' "$title"
  python3 "$ROOT/deploy/local/check_request.py" "$server" "$method" "$bearer" "${OWN_SESSION:-$SESSION}" "$body" "$path" |
    "$GRPCURL" -plaintext -d @ "$PDP" envoy.service.auth.v3.Authorization/Check |
    python3 "$ROOT/deploy/local/show_decision.py" "$bearer"
}

# Each token is for one MCP server (RFC 8707 audience binding), as a real IdP would issue it;
# alice's come from one login (one sid), so they are one agent run across the servers.
LOGIN="demo-login-$(date +%s)"
ALICE=$(MCP_AUTHZ_TOKEN_SID="$LOGIN" token --server github alice dev)
ALICE_FS=$(MCP_AUTHZ_TOKEN_SID="$LOGIN" token --server filesystem alice dev)
ALICE_MAIL=$(MCP_AUTHZ_TOKEN_SID="$LOGIN" token --server email alice dev)
ADMIN=$(token --server github root-admin admin)
ANALYST=$(token --server database ann analyst)

check "unauthenticated tools/call → 401 challenge" github POST - \
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_issue","arguments":{"title":"hi"}}}'
check "alice (dev) creates an issue → allowed, client token replaced by a minted JWT" github POST "$ALICE" \
  '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_issue","arguments":{"repo":"acme/api","title":"Flaky test","token":"ghp_notReallyASecretButLooksLikeOne00000"}}}'
check "alice (dev) deletes a repository → denied (admin action)" github POST "$ALICE" \
  '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"delete_repo","arguments":{"repo":"acme/api"}}}'
OWN_SESSION="$SESSION-admin" check "an admin without MFA deletes a repository (own session) → denied" github POST "$ADMIN" \
  '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"delete_repo","arguments":{"repo":"acme/api"}}}'
check "ann (analyst) runs a read-only query → allowed" database POST "$ANALYST" \
  '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"query","arguments":{"sql":"SELECT * FROM orders"}}}'
check "ann (analyst) drops a table through the query tool → denied" database POST "$ANALYST" \
  '{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"query","arguments":{"sql":"DROP TABLE orders"}}}'
check "malformed JSON → 400 parse error" github POST "$ALICE" '{"jsonrpc":"2.0","id":7,'
check "alice's filesystem token replayed on github → 401 (token bound to another server)" github POST "$ALICE_FS" \
  '{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"create_issue","arguments":{"title":"hi"}}}'
check "a token in the query string → 400, its value never stored" github POST - \
  '{"jsonrpc":"2.0","id":9,"method":"tools/list"}' "/mcp?access_token=$ALICE"

printf '\n\033[1m▶ the same decisions, found through the audit API (GET /api/v1/decisions?session_id=%s)\033[0m\n' "$SESSION"
AUDITOR=$(token soc-analyst auditor)
SENT=8 # the admin's call is in its own session
found=0
for _ in $(seq 1 50); do
  found=$(curl -fsS -H "authorization: Bearer $AUDITOR" "$AUDIT/api/v1/sessions/$SESSION/timeline" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))' 2>/dev/null || echo 0)
  [ "$found" -ge "$SENT" ] && break
  sleep 0.2
done
curl -fsS -H "authorization: Bearer $AUDITOR" "$AUDIT/api/v1/decisions?session_id=$SESSION&limit=20" |
  python3 "$ROOT/deploy/local/show_audit.py"
if [ "$found" -lt "$SENT" ]; then
  echo "only $found of $SENT decisions reached the audit API" >&2
  exit 1
fi

# Session-aware: the same two calls are fine alone; in this order, in one agent run, they are
# exfiltration (the "lethal trifecta": untrusted content + private data, then an external send).
# Each MCP server issues its own session id; the run (the token's sid) spans both.
SESSION="demo-flow-$(date +%s)"
OWN_SESSION="$SESSION-email" check "alice's agent reads an email (private data, written by a stranger) → allowed, labels remembered for the run" email POST "$ALICE_MAIL" \
  '{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"read_message","arguments":{"id":"msg-4711"}}}'
OWN_SESSION="$SESSION-github" check "… then opens a public GitHub issue in GitHub's own session, same login → denied: toxic flow, naming the read" github POST "$ALICE" \
  '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"create_issue","arguments":{"repo":"acme/public","title":"Customer list","body":"…"}}}'
ALICE_NEXT_LOGIN=$(token --server github alice dev) # a new sid: another run
OWN_SESSION="$SESSION-next" check "alice signs in again (another run) and opens the issue → allowed" github POST "$ALICE_NEXT_LOGIN" \
  '{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"create_issue","arguments":{"repo":"acme/public","title":"Release notes"}}}'

printf '\n\033[1m▶ the flow in the audit API (GET /api/v1/sessions/{id}/timeline, the email and the GitHub session)\033[0m\n'
timelines() { # both sessions' events as one timeline
  local email github
  email=$(curl -fsS -H "authorization: Bearer $AUDITOR" "$AUDIT/api/v1/sessions/$SESSION-email/timeline") &&
    github=$(curl -fsS -H "authorization: Bearer $AUDITOR" "$AUDIT/api/v1/sessions/$SESSION-github/timeline") &&
    python3 -c 'import json,sys; print(json.dumps({"items": [e for d in sys.argv[1:] for e in json.loads(d)["items"]]}))' \
      "$email" "$github"
}
for _ in $(seq 1 50); do
  found=$(timelines | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))' 2>/dev/null || echo 0)
  [ "$found" -ge 2 ] && break
  sleep 0.2
done
timelines | python3 "$ROOT/deploy/local/show_flow.py"

printf '\n\033[1m▶ in the browser\033[0m\n  %s/console/  sign in with: ./mcp-authz token soc-analyst auditor\n' "$AUDIT"
echo "  then: Denied → the delete_repo row's time → Session timeline"
