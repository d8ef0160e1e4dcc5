"""Prints a CheckRequest (proto JSON) as Envoy's ext_authz filter sends it, for grpcurl."""
import json
import sys

server, method, bearer, session, body = sys.argv[1:6]
path = sys.argv[6] if len(sys.argv) > 6 else "/mcp"
headers = {
    "content-type": "application/json",
    "accept": "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
    "mcp-session-id": session,
    "user-agent": "mcp-authz-demo/1.0",
}
if bearer != "-":
    headers["authorization"] = "Bearer " + bearer
print(json.dumps({
    "attributes": {
        "source": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 50123}}},
        "context_extensions": {"mcp_server": server},
        "request": {"http": {
            "id": "demo", "method": method, "path": path, "host": "mcp.localhost:10000",
            "scheme": "http", "protocol": "HTTP/1.1", "headers": headers, "body": body,
        }},
    }
}))
