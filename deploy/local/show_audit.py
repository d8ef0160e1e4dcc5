"""Prints audit API items as a table, newest first."""
import json
import sys

items = json.load(sys.stdin)["items"]
print(f"  {'time':<26} {'decision':<8} {'status':<6} {'subject':<12} {'server':<10} {'tool':<14} reasons")
for e in items:
    reasons = ",".join(r["code"] for r in e.get("reasons", []))
    print(f"  {e['time']:<26} {e['decision']:<8} {e['status']:<6} {str(e['subject'].get('sub')):<12} "
          f"{e['route']['server']:<10} {str(e['mcp'].get('tool')):<14} {reasons}")
print(f"  {len(items)} decisions found")
