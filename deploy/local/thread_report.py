"""deploy/local/thread-bench.sh's two halves.

snapshot <pid> <Thread.print output>: one JSON line per call, every thread of the process with
its name (Java's, from jcmd Thread.print, else the kernel's 15-character comm), its CPU time in
ns (/proc/.../schedstat, else utime + stime from stat), its voluntary and involuntary context
switches (status), plus the process's own CPU (it keeps the time of threads that ended), the
load average, the host's CPU counters (for the steal per phase) and the time.

report <output prefix> <name> <round> <phase seconds>: per thread family, CPU-µs and context
switches per decision at the fixed rate and at saturation, and per second at idle.
"""
import json
import os
import re
import sys
import time

# A thread's family by its Java name, else by what its stack shows it doing; first match wins.
FAMILIES = [
    ("gRPC event loop", r'vert\.x-eventloop|grpc|netty'),
    ("policy workers", r'policy-wasm'),
    ("spool forwarder", r'decision-spool-forwarder'),
    ("spool fsync", r'decision-spool-sync'),
    ("Kafka producer", r'kafka-producer-network-thread'),
    ("logging", r'AsyncHandler|logmanager'),
    ("timers (Quarkus' scheduler…)", r'mutiny|[Ss]chedul|[Tt]imer|vert\.x-internal|blocked-thread-checker|watchdog'),
    ("Quarkus executor", r'executor-thread'),
    ("GC", r'^GC |^G1 |^Parallel|^ZGC|^Z[A-Z]|^Shenandoah|GC Thread'),
    ("JIT (C1, C2)", r'Compiler|^C[12] |Sweeper'),
    ("VM", r'^VM |Service Thread|Monitor Deflation|Signal Dispatcher|Notification Thread|Finalizer'
           r'|Reference Handler|Attach Listener|Common-Cleaner'),
]
HEADER = re.compile(r'^"(?P<name>[^"]*)".*\bnid=(?P<nid>0x[0-9a-f]+|\d+)')


def java_threads(path):
    """nid -> (Java name, the first frames of its stack)."""
    threads, current = {}, None
    for line in open(path, errors="replace"):
        m = HEADER.match(line)
        if m:
            nid = m.group("nid")
            current = int(nid, 16) if nid.startswith("0x") else int(nid)
            threads[current] = [m.group("name"), ""]
        elif current is not None and line.startswith("\tat ") and threads[current][1].count("\n") < 12:
            threads[current][1] += line.strip() + "\n"
        elif not line.strip():
            current = None
    return threads


def allowed(metrics_file):
    """Allowed decisions so far, from the PDP's mcp_authz_decisions_total counters."""
    if metrics_file is None:
        return None
    total = 0.0
    for line in open(metrics_file):
        if line.startswith("mcp_authz_decisions_total{") and 'decision="allow"' in line:
            total += float(line.split("} ", 1)[1].split()[0])  # the value, not an exemplar after it
    return total


def snapshot(pid, names_file, metrics_file):
    names = java_threads(names_file)
    tick = os.sysconf("SC_CLK_TCK")
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{tid}"
        try:
            comm = open(f"{base}/comm").read().strip()
            fields = open(f"{base}/stat").read().rsplit(")", 1)[1].split()
            try:
                cpu_ns = int(open(f"{base}/schedstat").read().split()[0])
            except (OSError, ValueError, IndexError):
                cpu_ns = (int(fields[11]) + int(fields[12])) * 1_000_000_000 // tick
            status = dict(line.split(":\t", 1) for line in open(f"{base}/status") if ":\t" in line)
        except OSError:  # ended while read
            continue
        name, stack = names.get(int(tid), [comm, ""])
        threads[tid] = {"name": name, "stack": stack, "cpu_ns": cpu_ns,
                        "voluntary": int(status["voluntary_ctxt_switches"]),
                        "involuntary": int(status["nonvoluntary_ctxt_switches"])}
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    process_ns = (int(fields[11]) + int(fields[12])) * 1_000_000_000 // tick
    print(json.dumps({"time": time.time(), "load": open("/proc/loadavg").read().split()[0],
                      "host_cpu": host_cpu(), "process_ns": process_ns, "allowed": allowed(metrics_file),
                      "threads": threads}))


def host_cpu():
    """The host's CPU time so far, in ticks: user nice system idle iowait irq softirq steal."""
    return [int(v) for v in open("/proc/stat").readline().split()[1:9]]


def steal_share(before, after):
    """The share of the host's CPU time the hypervisor took between two host_cpu readings: a
    phase with much of it measured a slower machine, whatever the build (tail_report.py too)."""
    d = [b - a for a, b in zip(before, after)]
    return f"{100 * d[7] / max(sum(d), 1):.0f} %"


def conditions(start, end):
    stolen = steal_share(start["host_cpu"], end["host_cpu"]) if "host_cpu" in start and "host_cpu" in end else "?"
    return f"load {end['load']}, steal {stolen}"


def family(thread):
    for name, pattern in FAMILIES:
        if re.search(pattern, thread["name"]):
            return name
    for name, pattern in FAMILIES:
        if thread["stack"] and re.search(pattern, thread["stack"]):
            return name
    return "other"


def delta(start, end):
    """Per family: CPU ns, voluntary and involuntary switches between two snapshots; and per thread."""
    families, threads = {}, []
    for tid, t in end["threads"].items():
        s = start["threads"].get(tid, {"cpu_ns": 0, "voluntary": 0, "involuntary": 0})
        d = [t["cpu_ns"] - s["cpu_ns"], t["voluntary"] - s["voluntary"], t["involuntary"] - s["involuntary"]]
        f = families.setdefault(family(t), [0, 0, 0])
        for i in range(3):
            f[i] += d[i]
        threads.append((d[0], t["name"], d[1], d[2]))
    return families, sorted(threads, reverse=True), end["process_ns"] - start["process_ns"]


def decisions(path):
    r = json.load(open(path))
    return r.get("statusCodeDistribution", {}).get("OK", 0), r["rps"]


def report(out, name, rnd, phase_seconds):
    snap = {p: json.loads(open(f"{out}.{p}").read())
            for p in ("idle.0", "idle.1", "rate.1", "saturated.1", "rate-again.1") if os.path.exists(f"{out}.{p}")}
    snap.setdefault("rate-again.1", snap["saturated.1"])  # a run without the phase: an empty one
    idle_s = snap["idle.1"]["time"] - snap["idle.0"]["time"]
    phases = {
        "idle": (delta(snap["idle.0"], snap["idle.1"]), idle_s, None, conditions(snap["idle.0"], snap["idle.1"])),
        "rate": (delta(snap["idle.1"], snap["rate.1"]), None, decisions(f"{out}-rate.json"),
                 conditions(snap["idle.1"], snap["rate.1"])),
        "saturated": (delta(snap["rate.1"], snap["saturated.1"]), None, decisions(f"{out}-saturated.json"),
                      conditions(snap["rate.1"], snap["saturated.1"])),
        "rate again": (delta(snap["saturated.1"], snap["rate-again.1"]), None,
                       decisions(f"{out}-rate-again.json") if os.path.exists(f"{out}-rate-again.json") else (1, 0),
                       conditions(snap["saturated.1"], snap["rate-again.1"])),
    }
    per = {p: (v[1] if v[1] else v[2][0]) for p, v in phases.items()}
    counted = {p: allowed(f"{out}.{p}.metrics") for p in snap if os.path.exists(f"{out}.{p}.metrics")}
    allows = {p: counted[b] - counted[a]
              for p, a, b in (("rate", "idle.1", "rate.1"), ("saturated", "rate.1", "saturated.1"),
                              ("rate again", "saturated.1", "rate-again.1")) if a in counted and b in counted}
    refused = [f"{p}: {per[p] - n:.0f} of {per[p]} not allowed" for p, n in allows.items() if n < per[p]]
    lines = [f"### {name}, round {rnd}: idle {idle_s:.0f} s ({phases['idle'][3]}), "
             f"{phases['rate'][2][0]} calls at {phases['rate'][2][1]:.0f}/s ({phases['rate'][3]}), "
             f"{phases['saturated'][2][0]} saturated at {phases['saturated'][2][1]:.0f}/s ({phases['saturated'][3]}), "
             f"{phases['rate again'][2][0]} at {phases['rate again'][2][1]:.0f}/s again ({phases['rate again'][3]})",
             "",
             # a few denials under load (the decision budget) are noted; many (an expired token) void the run
             *([f"{'**Not comparable**: ' if any(per[p] - n > per[p] / 100 for p, n in allows.items()) else ''}"
                f"calls denied ({'; '.join(refused)}).", ""] if refused else []),
             "| family | idle CPU-µs/s | idle wakes/s | rate CPU-µs/dec | rate vol. cs/dec | rate invol. cs/dec "
             "| sat. CPU-µs/dec | sat. vol. cs/dec | sat. invol. cs/dec | again CPU-µs/dec | again vol. cs/dec "
             "| again invol. cs/dec |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    order = [f for f, _ in FAMILIES] + ["other"]
    for f in order:
        cells = []
        for p in ("idle", "rate", "saturated", "rate again"):
            ns, vol, inv = phases[p][0][0].get(f, [0, 0, 0])
            cells += [f"{ns / 1e3 / per[p]:.1f}", f"{vol / per[p]:.2f}"] + ([] if p == "idle" else [f"{inv / per[p]:.2f}"])
        lines.append(f"| {f} | " + " | ".join(cells) + " |")
    totals = []
    for p in ("idle", "rate", "saturated", "rate again"):
        fam, _, process_ns = phases[p][0]
        ns, vol, inv = (sum(v[i] for v in fam.values()) for i in range(3))
        totals += [f"**{ns / 1e3 / per[p]:.1f}** (process {process_ns / 1e3 / per[p]:.0f})", f"{vol / per[p]:.2f}"]
        totals += [] if p == "idle" else [f"{inv / per[p]:.2f}"]
    lines.append("| all threads | " + " | ".join(totals) + " |")
    lines += ["", f"Busiest threads at the fixed rate (CPU-µs / voluntary / involuntary switches per decision):", ""]
    for ns, tname, vol, inv in phases["rate"][0][1][:14]:
        lines.append(f"- `{tname}`: {ns / 1e3 / per['rate']:.1f} / {vol / per['rate']:.2f} / {inv / per['rate']:.2f}")
    text = "\n".join(lines)
    open(f"{out}.md", "w").write(text + "\n")
    print(text + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        snapshot(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        report(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
