"""Committed MiB per category from `jcmd <pid> VM.native_memory summary` (stdin), on one line."""
import re
import sys

text = sys.stdin.read()
parts = []
for name, committed in re.findall(r'-\s+([A-Za-z ]+?) \(reserved=\d+KB, committed=(\d+)KB', text):
    if int(committed) >= 2048:
        parts.append(f"{name.strip().lower()} {int(committed) / 1024:.0f}")
print("NMT MiB: " + ", ".join(parts))
