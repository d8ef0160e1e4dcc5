"""Summarises ./mcp-authz bench --peer: one row per target, medians over the rounds, and ratios."""
import json
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
TARGETS = ["pdp", "peer-full", "peer-policy"]


def floats(text):
    return [float(x) for x in text.strip("[] ").split()]


runs = {}  # label -> (calls, cpu seconds per process, rss per process)
for line in (out / "runs.txt").read_text().splitlines():
    label, calls, rest = line.split(" ", 2)
    cpu0, cpu1, rss = [part.strip() for part in rest.replace("] [", "]|[").split("|")]
    runs[label] = (int(calls), [b - a for a, b in zip(floats(cpu0), floats(cpu1))], floats(rss))


def ghz(label):
    return json.loads((out / f"{label}.json").read_text())


def latency(report, pct):
    return next(d["latency"] for d in report["latencyDistribution"] if d["percentage"] == pct) / 1e6


def errors(report):
    return sum(v for k, v in report.get("statusCodeDistribution", {}).items() if k != "OK")


rows = {}
for target in TARGETS:
    c16 = [label for label in runs if label.startswith(f"c16-{target}-")]
    c1 = [label for label in runs if label.startswith(f"c1-{target}-")]
    calls = sum(runs[label][0] for label in c16)
    cpu = [sum(runs[label][1][i] for label in c16) for i in range(len(runs[c16[0]][1]))]
    rows[target] = {
        "rps": statistics.median(ghz(label)["rps"] for label in c16),
        "p50": statistics.median(latency(ghz(label), 50) for label in c1),
        "p90": statistics.median(latency(ghz(label), 90) for label in c1),
        "p99": statistics.median(latency(ghz(label), 99) for label in c1),
        "cpu_us": [c * 1e6 / calls for c in cpu],
        "rss": max(runs[label][2][0] for label in c16 + c1),
        "errors": sum(errors(ghz(label)) for label in c16 + c1),
    }

print(f"{'target':<12} {'req/s c16':>10} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
      f"{'CPU µs/decision':>22} {'RSS MiB':>8} {'errors':>7}")
for target, r in rows.items():
    cpu = " + ".join(f"{c:.0f}" for c in r["cpu_us"])
    print(f"{target:<12} {r['rps']:>10.0f} {r['p50']:>8.2f} {r['p90']:>8.2f} {r['p99']:>8.2f} "
          f"{cpu:>22} {r['rss']:>8.0f} {r['errors']:>7}")
pdp = rows["pdp"]
for peer in ("peer-full", "peer-policy"):
    r = rows[peer]
    print(f"pdp / {peer}: throughput {pdp['rps'] / r['rps']:.2f}x, single-stream p99 "
          f"{pdp['p99'] / r['p99']:.2f}x, CPU per decision {sum(pdp['cpu_us']) / sum(r['cpu_us']):.2f}x")
(out / "summary.json").write_text(json.dumps(rows, indent=2))
