#!/usr/bin/env bash
# Issue #3 benchmark: CPU per frame of camstreamd against ustreamer (Debian package) capturing the same
# vivid camera at the same size, format and JPEG quality, inside vivid-vm, one viewer each (mjpeg-load
# samples the server's CPU from /proc). The VM runs under TCG emulation, so absolute numbers are far
# above real hardware; the ratio is what to read. Needs: vivid-vm installed, ustreamer, a C compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1280x720}
QUALITY=${QUALITY:-80}
FPS=${FPS:-12.5}
DURATION=${DURATION:-20}
VIVID_VM=${VIVID_VM:-../shared/tools/vivid-vm}
# Inside the repository (gitignored artifacts/): the VM sees this tree, while its /tmp starts empty.
WORK=$PWD/artifacts/bench-v4l2-cpu
rm -rf "$WORK" && mkdir -p "$WORK"

command -v ustreamer >/dev/null || { echo "ustreamer missing: apt-get install ustreamer" >&2; exit 1; }
../shared/tools/build-mjpeg-load "$WORK/mjpeg-load" >/dev/null
dotnet publish src/Camstreamd/Camstreamd.csproj -c Release --nologo -v quiet -o "$WORK/app" | grep -E "error|warn" || true

cat > "$WORK/inside.sh" <<INNER
set -u
cd "$WORK"
measure() {
    label=\$1; port=\$2; shift 2
    "\$@" > "\$label.log" 2>&1 &
    pid=\$!
    for i in \$(seq 1 60); do curl -s -o /dev/null --max-time 2 "http://127.0.0.1:\$port/snapshot" && break; sleep 1; done
    ./mjpeg-load -c 1 -d $DURATION --warmup 3 --sample-pid \$pid --label \$label "http://127.0.0.1:\$port/stream" > "\$label.json"
    kill \$pid; wait \$pid 2>/dev/null
}
# ustreamer runs at the camera's own rate: with --desired-fps below vivid's 12.5 it delivered only ~6.6 fps.
measure ustreamer 8081 ustreamer --device=/dev/video0 --format=YUYV --resolution=$SIZE --quality=$QUALITY --host=127.0.0.1 --port=8081
measure camstreamd 8080 dotnet app/camstreamd.dll --Camera:Source=v4l2 --Camera:Device=/dev/video0 --Camera:PixelFormat=YUYV \
    --Camera:Width=${SIZE%x*} --Camera:Height=${SIZE#*x} --Camera:JpegQuality=$QUALITY --Camera:FramesPerSecond=$FPS \
    --Http:Address=127.0.0.1 --Http:Port=8080 --Streaming:IdleTimeout=0
INNER
"$VIVID_VM" --timeout 600 -- bash "$WORK/inside.sh"

python3 - "$WORK" <<'PY'
import json, sys, os
work = sys.argv[1]
for label in ("ustreamer", "camstreamd"):
    path = os.path.join(work, label + ".json")
    if not os.path.exists(path):
        print(f"{label}: no result (see {work}/{label}.log)")
        continue
    result = json.load(open(path))
    fps = result["totals"]["fps_per_client_mean"]
    cpu = result["server"]["cpu_pct"]
    per_frame = cpu / 100 / fps * 1000 if fps else float("nan")
    print(f"{label:10}  {fps:6.2f} fps delivered  {cpu:6.1f} % CPU  {per_frame:7.1f} ms CPU per frame  "
          f"RSS {result['server']['rss_peak_mb']:.0f} MB  p99 latency {result['classes']['normal']['latency_ms']['p99']:.1f} ms")
PY
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); guest under TCG"
