# METADATA
# description: |
#   The comparison policy for opa-envoy-plugin (./mcp-authz bench --peer). It does in Rego the
#   work pdp-service does in Java, so the two are measured on the same job:
#   mode "full": verify the bearer JWT, build the mcp-authz input document from the CheckRequest,
#   judge with data.mcp.authz.decision, and on allow mint an ES256 upstream JWT and drop the
#   client's token; mode "policy": the JWT was already verified by Envoy's jwt_authn, so its
#   claims are only decoded, and nothing is minted (the peer as usually deployed).
#   Keys and mode come from data.peer (written by deploy/local/peer-bench.sh).
package peer.authz

http := input.attributes.request.http

headers := object.get(http, "headers", {})

bearer := substring(headers.authorization, 7, -1) if startswith(headers.authorization, "Bearer ")

claims := verified if data.peer.mode == "full"

claims := decoded if data.peer.mode == "policy"

verified := payload if {
	[valid, _, payload] := io.jwt.decode_verify(bearer, {
		"cert": data.peer.issuer_public_pem,
		"iss": data.peer.issuer,
		"aud": data.peer.audience,
	})
	valid
}

decoded := payload if [_, payload, _] := io.jwt.decode(bearer)

subject := {
	"authenticated": true,
	"sub": claims.sub,
	"iss": claims.iss,
	"client_id": object.get(claims, "client_id", null),
	"roles": object.get(claims, "roles", []),
	"groups": object.get(claims, "groups", []),
	"scopes": split(object.get(claims, "scope", ""), " "),
	"amr": object.get(claims, "amr", []),
	"claims": object.remove(claims, {"sub", "iss", "client_id", "roles", "groups", "scope", "amr"}),
}

body := input.parsed_body

mcp_doc := object.union(
	{
		"session_id": object.get(headers, "mcp-session-id", null),
		"protocol_version": object.get(headers, "mcp-protocol-version", null),
		"kind": "request",
		"method": body.method,
		"id": body.id,
		"params": object.get(body, "params", {}),
	},
	tool_doc,
)

default tool_doc := {}

tool_doc := {"tool": {"name": body.params.name, "arguments": object.get(body.params, "arguments", {})}} if {
	body.method == "tools/call"
}

socket := input.attributes.source.address.socketAddress

mcp_input := {
	"version": 1,
	"request": {
		"id": object.get(http, "id", ""),
		"time": time.format(time.now_ns()),
		"method": http.method,
		"path": http.path,
		"host": http.host,
		"protocol": http.protocol,
		"origin": object.get(headers, "origin", null),
		"source": {"address": socket.address, "port": socket.portValue, "principal": ""},
		"headers": object.remove(headers, {"authorization", "cookie", "proxy-authorization"}),
	},
	"route": {"server": input.attributes.contextExtensions.mcp_server},
	"subject": subject,
	"mcp": mcp_doc,
	"session": {},
}

decision := d if {
	d := data.mcp.authz.decision with input as mcp_input
}

decision_id := uuid.rfc4122(http.id)

default result := {"allowed": false, "http_status": 401, "body": "{\"error\":\"unauthenticated\"}"}

result := {
	"allowed": true,
	"headers": upstream_headers,
	"dynamic_metadata": {"decision": "allow", "decision_id": decision_id},
} if {
	claims
	decision.allow
}

result := {
	"allowed": false,
	"http_status": 403,
	"headers": {"content-type": "application/json"},
	"body": json.marshal({
		"jsonrpc": "2.0",
		"id": body.id,
		"error": {"code": -32010, "message": "Forbidden by policy", "data": {"reasons": [r.code | some r in decision.reasons]}},
	}),
	"dynamic_metadata": {"decision": "deny", "decision_id": decision_id},
} if {
	claims
	not decision.allow
}

upstream_headers := {"x-mcp-authz-decision-id": decision_id} if data.peer.mode == "policy"

upstream_headers := {
	"x-mcp-authz-decision-id": decision_id,
	"authorization": concat(" ", ["Bearer", upstream_token]),
} if data.peer.mode == "full"

upstream_token := io.jwt.encode_sign(
	{"alg": "ES256", "typ": "JWT", "kid": data.peer.signing_jwk.kid},
	{
		"iss": "opa-envoy-plugin",
		"aud": input.attributes.contextExtensions.mcp_server,
		"sub": claims.sub,
		"iat": time.now_ns() / 1000000000,
		"exp": (time.now_ns() / 1000000000) + 30,
		"jti": decision_id,
		"decision_id": decision_id,
		"act": {"sub": object.get(claims, "client_id", "unknown")},
		"mcp_tool": object.get(object.get(tool_doc, "tool", {}), "name", null),
	},
	data.peer.signing_jwk,
)
