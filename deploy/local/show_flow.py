"""Prints the timelines of one agent run's sessions (one per MCP server) from the audit API and
checks that the refused external send names the earlier call, in the other server's session,
that brought the private data to the run (exit 1 otherwise)."""
import json
import sys

items = json.load(sys.stdin)["items"]
read = next((e for e in items if e["mcp"].get("tool") == "read_message"), None)
send = next((e for e in items if e["mcp"].get("tool") == "create_issue"), None)
for e in items:
    reasons = ",".join(r["code"] for r in e.get("reasons", []))
    print(f"  {e['time']:<28} {e['decision']:<6} {e['route']['server']:<7} {e['mcp'].get('tool'):<13} "
          f"{reasons:<11} decision_id={e['decision_id']}")
if not read or not send:
    sys.exit("  the audit API does not have both calls of the flow yet")
run = send.get("session", {}).get("run", {})
tainted_by = {label: mark["decision_id"] for label, mark in run.get("labels", {}).items()}
print(f"  refused because: {send['reasons'][0]['message']}")
print(f"  sessions: read in {read['mcp'].get('session_id')}, send in {send['mcp'].get('session_id')}; "
      f"one run (key {run.get('key')}, from the token's {run.get('key_source')})")
print(f"  the refused call's event names its tainting decisions: {json.dumps(tainted_by)}")
if send["decision"] != "deny" or tainted_by.get("private_data") != read["decision_id"]:
    sys.exit("  the external send was not refused with the read as its tainting decision")
print("  ✓ the external send was refused, and the audit trail leads back to the read")
