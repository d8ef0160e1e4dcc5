"""The allocation sites of deploy/local/alloc-bench.sh --sites=N: the N heaviest, per decision, each
named by its innermost io.mcpauthz frame (a library's own allocation with none), with the
innermost frames of its heaviest stack. From JFR's jdk.ObjectAllocationSample, whose weights
are the bytes a thread allocated since its previous sample: a thread's first sample in the
recording carries all it allocated before the recording too, so it is left out."""
from collections import Counter, defaultdict
import json
import sys

samples, calls, top = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


def frames(values):
    return [f"{f['method']['type']['name'].replace('/', '.')}.{f['method']['name']}:{f.get('lineNumber')}"
            for f in ((values.get("stackTrace") or {}).get("frames") or [])]


events = sorted((e["values"] for e in json.load(open(samples))["recording"]["events"]), key=lambda v: v["startTime"])
seen, weight, stacks = set(), Counter(), defaultdict(Counter)
for values in events:
    thread = (values.get("eventThread") or {}).get("javaName") or "?"
    if thread not in seen:
        seen.add(thread)
        continue
    stack = frames(values)
    ours = [f for f in stack if f.startswith("io.mcpauthz.")]
    site = ours[0] if ours else "(library) " + " < ".join(stack[:2])
    weight[site] += values["weight"]
    stacks[site][" < ".join(stack[:4])] += values["weight"]
total = sum(weight.values()) or 1
print(f"  sampled {total / calls / 1024:.1f} KB/decision; the {top} heaviest sites:")
for site, w in weight.most_common(top):
    print(f"  {w / calls / 1024:6.1f} KB {100 * w / total:4.1f} %  {site}")
    print(f"                     {stacks[site].most_common(1)[0][0][:240]}")
