"""bench/footprint.sh's table: AOT, JIT and Flask side by side, with ratios."""
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
r = {n: json.loads((d / f"{n}.json").read_text()) for n in ("aot", "jit", "flask")}
rows = [("start to READY=1, s", "ready_s"), ("start to first /snapshot, s", "first_snapshot_s"),
        ("idle CPU, % of a core", "idle_cpu_pct"), ("idle wake-ups per s (voluntary context switches)", "idle_wakeups_per_s"),
        ("idle preemptions per s (involuntary context switches)", "idle_preemptions_per_s"),
        ("idle system calls per s (strace -c -f)", "idle_syscalls_per_s"), ("idle RSS, MB", "idle_rss_mb"),
        ("idle RSS: anonymous / files, MB", ("idle_rss_anon_mb", "idle_rss_file_mb")), ("threads", "threads"),
        ("1 viewer: CPU, % of a core", "1_viewer_cpu_pct"), ("1 viewer: RSS peak, MB", "1_viewer_rss_peak_mb"),
        ("1 viewer: RSS anonymous / files, MB", ("1_viewer_rss_anon_mb", "1_viewer_rss_file_mb")),
        ("200 viewers: CPU, % of a core", "200_viewers_cpu_pct"), ("200 viewers: RSS peak, MB", "200_viewers_rss_peak_mb"),
        ("200 viewers: RSS anonymous / files, MB", ("200_viewers_rss_anon_mb", "200_viewers_rss_file_mb")),
        ("200 viewers: fps per viewer (min)", "200_viewers_fps_min")]
def fmt(v): return "-" if v is None else f"{v:g}"
def ratio(a, b): return "-" if a is None or not b else f"{a / b:.2f}"
print("| | AOT | JIT | Flask | AOT / JIT | AOT / Flask |")
print("| --- | --- | --- | --- | --- | --- |")
for label, key in rows:
    if isinstance(key, tuple):
        cells = [f"{fmt(r[n].get(key[0]))} / {fmt(r[n].get(key[1]))}" for n in ("aot", "jit", "flask")]
        print(f"| {label} | {' | '.join(cells)} | | |")
        continue
    a, j, f = (r[n].get(key) for n in ("aot", "jit", "flask"))
    print(f"| {label} | {fmt(a)} | {fmt(j)} | {fmt(f)} | {ratio(a, j)} | {ratio(a, f)} |")
for n in ("aot", "jit", "flask"):
    print(f"\n{n}: idle system calls (strace -c -f): {r[n].get('idle_syscalls_top')}")
    print(f"{n}: idle wake-ups per s by thread: {r[n].get('idle_wakeups_by_thread')}")
