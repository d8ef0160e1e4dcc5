"""One line per build and round of deploy/local/alloc-bench.sh: PDP CPU and heap allocated per
decision (by thread group, from JFR's per-thread allocation counters at the phase's start and
end), young-collection pauses in the phase, client throughput."""
from datetime import datetime, timezone
import json
import re
import sys

out, name, rnd, calls, cpu0, cpu1, load = sys.argv[1:]
calls = int(calls)
PAUSE = re.compile(r'Pause .*?([0-9.]+)ms$')
# Which part of the path a thread serves, by its name.
GROUPS = [("event loop", re.compile(r'vert\.x-eventloop|grpc')), ("policy workers", re.compile(r'policy-wasm')),
          ("events", re.compile(r'kafka-producer|decision-spool'))]


def midpoint(a, b):
    """The ISO time halfway between two (whole seconds are enough: the phase lasts longer)."""
    seconds = [datetime.fromisoformat(t[:19]).replace(tzinfo=timezone.utc).timestamp() for t in (a, b)]
    return datetime.fromtimestamp(sum(seconds) / 2, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def group(thread):
    return next((g for g, pattern in GROUPS if pattern.search(thread)), "other")


# Two snapshots: the recording's start and its end. A thread only in the end one started inside
# the phase (all it allocated counts); one only in the start one ended (what it did is lost).
events = [e["values"] for e in json.load(open(f"{out}.alloc.json"))["recording"]["events"]]
middle = (min(e["startTime"] for e in events), max(e["startTime"] for e in events))
start, end = {}, {}
for values in events:
    thread = values["thread"]
    key = (thread.get("javaThreadId"), thread.get("javaName") or thread.get("osName") or "")
    (start if values["startTime"] == middle[0] or values["startTime"] < midpoint(*middle) else end)[key] = values["allocated"]
by_group = {}
for key, allocated in end.items():
    by_group[group(key[1])] = by_group.get(group(key[1]), 0) + allocated - start.get(key, 0)
total = sum(by_group.values())
pauses = [float(m.group(1)) for line in open(f"{out}.gc.log") if (m := PAUSE.search(line.strip()))]
phase = json.load(open(f"{out}-phase.json"))
errors = sum(v for k, v in phase.get("statusCodeDistribution", {}).items() if k != "OK")
parts = ", ".join(f"{g} {by_group.get(g, 0) / calls / 1024:.1f}" for g, _ in GROUPS + [("other", None)])
print(f"round {rnd} {name:<10} {phase['rps']:.0f}/s load {load}: CPU {(float(cpu1) - float(cpu0)) * 1e6 / calls:.0f} "
      f"µs/decision, allocated {total / calls / 1024:.1f} KB/decision ({parts}), "
      f"{len(pauses)} pauses {sum(pauses):.0f} ms, errors {errors}")
