#!/usr/bin/env bash
# make bench: the footprint of issue #12, side by side in one run: our Native AOT binary (make publish), the
# same sources built the way they were before it (self-contained, trimmed, ReadyToRun, JIT) and the Flask
# MJPEG pattern (python3-flask), each serving the benchmark's 300 1280x720 JPEGs at 30 fps on 127.0.0.1.
# For each, bench/footprint.py measures start to READY=1 and to the first /snapshot, idle CPU, wake-ups and
# system calls (after the source is released), then CPU and RSS at 1 and 200 viewers (mjpeg-load).
# Writes artifacts/bench/footprint/*.json and a Markdown table with ratios. Not a test: it asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=../shared/tools
out=artifacts/bench
dir=$out/footprint
aot=artifacts/camstreamd/camstreamd
jit=$dir/jit/camstreamd
rid=${RID:-linux-$(uname -m | sed -e s/x86_64/x64/ -e s/aarch64/arm64/)}
port=${BENCH_PORT:-18190}
mkdir -p "$dir"

[ -x "$out/mjpeg-load" ] || "$tools/build-mjpeg-load" "$out/mjpeg-load"
[ "$(ls "$out/frames" 2>/dev/null | wc -l)" -ge 300 ] || "$tools/make-frames" "$out/frames" 1280x720
[ -x "$aot" ] || { echo "bench: $aot is missing; run make publish" >&2; exit 1; }
echo "bench: publishing the JIT build for comparison (self-contained, trimmed, ReadyToRun)" >&2
dotnet publish src/Camstreamd/Camstreamd.csproj -c Release -r "$rid" -p:SelfContained=true -p:PublishTrimmed=true \
  -p:PublishReadyToRun=true --artifacts-path "$dir/jit-build" -o "$dir/jit" --nologo -v quiet

echo '{}' > "$dir/empty.json"
frames=$PWD/$out/frames
ours=(--config "$dir/empty.json" --Http:Address=127.0.0.1 --Http:Port="$port" --Camera:Source=folder
      --Camera:Folder="$frames" --Camera:FramesPerSecond=30 --Camera:Loop=true --Streaming:MaxClients=256)

measure() {  # name, command...
  local name=$1; shift
  echo "bench: footprint of $name" >&2
  /usr/bin/python3 bench/footprint.py "$name" "$port" "$out/mjpeg-load" "$dir/$name.json" -- "$@" >/dev/null
}
measure aot "$aot" "${ours[@]}"
measure jit "$jit" "${ours[@]}"
measure flask /usr/bin/python3 bench/flask_mjpeg.py "$frames" "$port" 30

/usr/bin/python3 - "$dir" <<'PY' | tee "$dir/results.md"
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
r = {n: json.loads((d / f"{n}.json").read_text()) for n in ("aot", "jit", "flask")}
rows = [("start to READY=1, s", "ready_s"), ("start to first /snapshot, s", "first_snapshot_s"),
        ("idle CPU, % of a core", "idle_cpu_pct"), ("idle wake-ups per s (context switches)", "idle_wakeups_per_s"),
        ("idle system calls per s (strace -c -f)", "idle_syscalls_per_s"), ("idle RSS, MB", "idle_rss_mb"),
        ("threads", "threads"),
        ("1 viewer: CPU, % of a core", "1_viewer_cpu_pct"), ("1 viewer: RSS peak, MB", "1_viewer_rss_peak_mb"),
        ("200 viewers: CPU, % of a core", "200_viewers_cpu_pct"), ("200 viewers: RSS peak, MB", "200_viewers_rss_peak_mb"),
        ("200 viewers: fps per viewer (min)", "200_viewers_fps_min")]
def fmt(v): return "-" if v is None else f"{v:g}"
def ratio(a, b): return "-" if a is None or not b else f"{a / b:.2f}"
print("| | AOT | JIT | Flask | AOT / JIT | AOT / Flask |")
print("| --- | --- | --- | --- | --- | --- |")
for label, key in rows:
    a, j, f = (r[n].get(key) for n in ("aot", "jit", "flask"))
    print(f"| {label} | {fmt(a)} | {fmt(j)} | {fmt(f)} | {ratio(a, j)} | {ratio(a, f)} |")
for n in ("aot", "jit", "flask"):
    print(f"\n{n} idle system calls (strace -c -f, {n}): {r[n].get('idle_syscalls_top')}")
PY
