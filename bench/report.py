"""Turns bench/run.sh's mjpeg-load results into the Markdown table of docs/benchmarks.md."""
import json
import pathlib
import sys

ORDER = ["1-viewer", "50-viewers", "200-viewers", "20-viewers-5-stalled", "10-viewers-5-slow"]
results = pathlib.Path(sys.argv[1])
print("| scenario | class | viewers | fps per viewer (min / mean) | latency p50 / p99 ms | server CPU % of a core | server RSS peak MB | evictions |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for name in ORDER:
    path = results / f"{name}.json"
    if not path.exists():
        continue
    data = json.loads(path.read_text())
    evictions = (results / f"{name}.evictions").read_text().strip()
    server = data["server"]
    for cls, stats in data["classes"].items():
        fps = stats.get("fps_per_client") or {}
        latency = stats.get("latency_ms") or {}
        if cls == "stalled":
            row = f"| {name} | stalled | {stats['clients']} | - | - |"
            after = stats.get("time_to_disconnect_s") or {}
            extra = f"; {stats.get('disconnects', 0)} cut by the server after {after.get('min', 0):.1f}-{after.get('max', 0):.1f} s"
        else:
            row = (f"| {name} | {cls} | {stats['clients']} | {fps.get('min', 0):.2f} / {fps.get('mean', 0):.2f} | "
                   f"{latency.get('p50', 0):.1f} / {latency.get('p99', 0):.1f} |")
            extra = ""
        print(f"{row} {server['cpu_pct']:.1f} | {server['rss_peak_mb']:.1f} | {evictions}{extra} |")
