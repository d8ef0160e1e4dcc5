"""Prints what the PDP told Envoy: the decision, and what the caller or the upstream server sees."""
import base64
import json
import sys

client_token = sys.argv[1]
response = json.load(sys.stdin)
meta = response.get("dynamic_metadata", {})
print(f"  decision={meta.get('decision')} decision_id={meta.get('decision_id')}")
if "ok_response" in response:
    for option in response["ok_response"].get("headers", []):
        name, value = option["header"]["key"], option["header"]["value"]
        if name == "authorization":
            payload = value.split(" ", 1)[1].split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            print(f"  upstream gets  authorization: Bearer <minted JWT> {json.dumps(claims)}")
            print(f"  client token forwarded upstream: {client_token in value}")
        else:
            print(f"  upstream gets  {name}: {value}")
    removed = response["ok_response"].get("headers_to_remove", [])
    print(f"  removed before upstream: {', '.join(removed)}")
else:
    denied = response["denied_response"]
    print(f"  caller gets HTTP {denied['status']['code']}")
    for option in denied.get("headers", []):
        if option["header"]["key"] == "www-authenticate":
            print(f"  www-authenticate: {option['header']['value']}")
    print(f"  body: {denied.get('body')}")
