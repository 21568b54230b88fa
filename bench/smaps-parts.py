"""What a process's RSS is made of, from /proc/PID/smaps (issue #12): `python3 bench/smaps-parts.py PID`.

Sums each mapping's Rss by kind: the program's own file, the anonymous mapping right after it (.bss and, for a Native AOT
program, the runtime data rehydrated at start), shared libraries (OpenSSL apart), the malloc heap and arenas, thread
stacks (8 MB mappings) and the rest of the anonymous memory (the GC heap and its bookkeeping). Not a test.
"""
import os
import re
import sys

pid = sys.argv[1]
program = os.path.realpath(f"/proc/{pid}/exe")
rows = []
for line in open(f"/proc/{pid}/smaps"):
    if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
        fields = line.split()
        start, end = (int(x, 16) for x in fields[0].split("-"))
        rows.append({"start": start, "end": end, "name": fields[5] if len(fields) > 5 else "", "rss": 0})
    elif line.startswith("Rss:"):
        rows[-1]["rss"] = int(line.split()[1])

parts = {}
for i, row in enumerate(rows):
    name, size = row["name"], (row["end"] - row["start"]) // 1024
    previous = rows[i - 1] if i else None
    following = rows[i + 1] if i + 1 < len(rows) else None
    if name == program:
        kind = "the program's file (code, read-only data)"
    elif name.startswith("/") and ("libcrypto" in name or "libssl" in name):
        kind = "OpenSSL (libcrypto, libssl)"
    elif name.startswith("/"):
        kind = "other shared libraries"
    elif name == "[heap]":
        kind = "malloc heap"
    elif not name and previous and previous["name"] == program and previous["end"] == row["start"]:
        kind = ".bss and .hydrated (after the program)"
    elif not name and size == 8192:
        kind = "thread stacks"
    elif not name and following and not following["name"] and (following["end"] - following["start"]) // 1024 + size == 65536:
        kind = "malloc arenas"
    elif not name:
        kind = "other anonymous (GC heap and bookkeeping)"
    else:
        kind = name
    parts[kind] = parts.get(kind, 0) + row["rss"]

for kind, kb in sorted(parts.items(), key=lambda item: -item[1]):
    if kb:
        print(f"{kb / 1024:6.1f} MB  {kind}")
print(f"{sum(parts.values()) / 1024:6.1f} MB  total")
