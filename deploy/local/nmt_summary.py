"""One line on where a PDP's resident memory is, from what start-bench.sh's memory_detail wrote
under <prefix> (.nmt.txt, .smaps.txt, .heap.txt, .heap-live.txt, .threads.txt, .metrics.txt):
RSS, the heap committed and live after a full collection, RSS outside the heap, the Netty pools'
direct memory, the young collections since start, and NMT's committed MiB per category (2 MiB and
more). "untracked" is RSS minus NMT's committed total: negative where NMT counts committed pages
never touched (G1's mark stack), positive for what malloc and the mapped files keep beyond NMT."""
import re
import sys

prefix = sys.argv[1]
read = lambda suffix: open(prefix + suffix).read()
mib = lambda kb: int(kb) / 1024

nmt = read(".nmt.txt")
parts = []
for name, committed in re.findall(r'-\s+([A-Za-z ]+?) \(reserved=\d+KB, committed=(\d+)KB', nmt):
    if int(committed) >= 2048:
        parts.append(f"{name.strip().lower()} {mib(committed):.0f}")
total = mib(re.search(r'Total: reserved=\d+KB, committed=(\d+)KB', nmt).group(1))
rss = mib(re.search(r'^Rss:\s+(\d+) kB', read(".smaps.txt"), re.M).group(1))
anon = mib(re.search(r'^Anonymous:\s+(\d+) kB', read(".smaps.txt"), re.M).group(1))
heap = re.search(r'total (\d+)K, used (\d+)K', read(".heap.txt"))
live = re.search(r'total (\d+)K, used (\d+)K', read(".heap-live.txt"))
threads = read(".threads.txt").split()[1]
metrics = read(".metrics.txt")
young = lambda kind: sum(float(v) for v in re.findall(
    rf'^jvm_gc_pause_seconds_{kind}\{{[^}}]*gc="G1 Young Generation"[^}}]*\}} ([0-9.E]+)', metrics, re.M))
netty = sum(float(v) for v in re.findall(r'^netty_allocator_memory_used\{[^}]*memory_type="direct"[^}]*\} ([0-9.E]+)', metrics, re.M))
print(f"| RSS {rss:.0f} (anon {anon:.0f}), heap committed {mib(heap.group(1)):.0f} used {mib(heap.group(2)):.0f}"
      f" live {mib(live.group(2)):.0f}, outside the heap {rss - mib(heap.group(1)):.0f},"
      f" untracked {rss - total:.0f}, threads {threads}, Netty direct {netty / 2**20:.1f},"
      f" young pauses since start {young('count'):.0f} ({young('sum'):.1f} s) | NMT MiB: " + ", ".join(parts))
