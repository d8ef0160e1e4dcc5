"""One line per bench scenario: ghz's view (req/s, percentiles at the client), CPU per decision,
how many calls got the expected decision, and the p99 of the PDP's own latency histogram
(mcp_authz_decision_seconds, from /q/metrics before and after the scenario)."""
import json
import re
import sys

name, expect, out, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
pdp_ms = (float(sys.argv[5]) - float(sys.argv[6])) * 1000 / total
opa_ms = (float(sys.argv[7]) - float(sys.argv[8])) * 1000 / total
SAMPLE = re.compile(r'^(\w+)\{([^}]*)\} ([0-9.eE+-]+)')


def metrics(path):
    series = {}
    for line in open(path):
        m = SAMPLE.match(line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
            series[(m.group(1), tuple(sorted(labels.items())))] = float(m.group(3))
    return series


before = metrics(f"{out}/{name}.metrics.before")
after = metrics(f"{out}/{name}.metrics.after")


def delta(metric, **want):
    total_delta = 0.0
    for (metric_name, labels), value in after.items():
        d = dict(labels)
        if metric_name == metric and all(d.get(k) == v for k, v in want.items()):
            total_delta += value - before.get((metric_name, labels), 0.0)
    return total_delta


def histogram_p99(decision):
    buckets = sorted((float(dict(labels)["le"]), value - before.get((m, labels), 0.0))
                     for (m, labels), value in after.items()
                     if m == "mcp_authz_decision_seconds_bucket" and dict(labels).get("decision") == decision
                     and dict(labels)["le"] != "+Inf")
    count = delta("mcp_authz_decision_seconds_count", decision=decision)
    for le, cumulative in buckets:
        if count and cumulative >= 0.99 * count:
            return le * 1000
    return float("nan")


r = json.load(open(f"{out}/{name}.json"))
lat = {d["percentage"]: d["latency"] / 1e6 for d in r["latencyDistribution"]}
errors = sum(v for k, v in r.get("statusCodeDistribution", {}).items() if k != "OK")
expected = delta("mcp_authz_decisions_total", decision=expect)
print(f"{name:<13} {r['rps']:>6.0f} req/s  p50 {lat[50]:6.2f} ms  p90 {lat[90]:6.2f} ms  p99 {lat[99]:6.2f} ms  "
      f"CPU/decision: pdp {pdp_ms:.2f} ms, opa {opa_ms:.2f} ms  {expect} {expected:.0f}/{total}  "
      f"PDP histogram p99 ≤ {histogram_p99(expect):.2f} ms  errors {errors}")
