"""One line per variant and round of deploy/local/tail-bench.sh: the warm-up's throughput at
concurrency 16, the fixed-rate phase (client percentiles, the PDP histogram's p99 over the
phase, collector pauses in it, PDP CPU per decision), the single-stream phase, and resident
memory."""
import json
import re
import sys

from thread_report import steal_share

out, name, rnd, calls, cpu0, cpu1, rss, host0, host1 = sys.argv[1:]
SAMPLE = re.compile(r'^mcp_authz_decision_seconds_bucket\{([^}]*)\} ([0-9.eE+-]+)')
# Every collector's pause lines end in their duration: "Pause Young (Normal) … 14.918ms".
PAUSE = re.compile(r'Pause .*?([0-9.]+)ms$')


def buckets(path):
    found = {}
    for line in open(path):
        m = SAMPLE.match(line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if labels.get("decision") == "allow" and labels["le"] != "+Inf":
                found[float(labels["le"])] = found.get(float(labels["le"]), 0.0) + float(m.group(2))
    return found


def histogram_p99():
    before, after = buckets(f"{out}.metrics.before"), buckets(f"{out}.metrics.after")
    cumulative = sorted((le, n - before.get(le, 0.0)) for le, n in after.items())
    count = max((n for _, n in cumulative), default=0)
    return next((le * 1000 for le, n in cumulative if count and n >= 0.99 * count), float("nan"))


def latencies(phase):
    r = json.load(open(f"{out}-{phase}.json"))
    lat = {d["percentage"]: d["latency"] / 1e6 for d in r["latencyDistribution"]}
    errors = sum(v for k, v in r.get("statusCodeDistribution", {}).items() if k != "OK")
    return r, lat, errors


def ticks(host_cpu):
    """bench-lib.sh's host_cpu: the host's CPU ticks, comma-separated."""
    return [int(v) for v in host_cpu.split(",")]


pauses = [float(m.group(1)) for line in open(f"{out}.gc.log") if (m := PAUSE.search(line.strip()))]
warm_up, _, _ = latencies("warm-up")
rate, lat, errors = latencies("rate")
_, single, single_errors = latencies("single")
print(f"round {rnd} {name:<12} warm-up {warm_up['rps']:.0f}/s | at {rate['rps']:.0f}/s: p50 {lat[50]:.2f} p90 {lat[90]:.2f} p99 {lat[99]:.2f} "
      f"max {rate['slowest'] / 1e6:.1f} ms, histogram p99 ≤ {histogram_p99():.2f} ms, "
      f"{len(pauses)} pauses {sum(pauses):.0f} ms (max {max(pauses, default=0):.1f}), "
      f"CPU {(float(cpu1) - float(cpu0)) * 1e6 / int(calls):.0f} µs/decision | single p50 {single[50]:.2f} "
      f"p99 {single[99]:.2f} ms | RSS {int(rss) / 1024:.0f} MiB | errors {errors + single_errors} | "
      f"host steal {steal_share(ticks(host0), ticks(host1))} in the rate phase")
