#!/usr/bin/env bash
# make bench, publishing (issue #11): the published daemon pushes its 1280x720 30 fps test pattern as H.264
# (libx264) to a receiving ffmpeg (an RTSP listener on 127.0.0.1). Measures, over BENCH_PUBLISH_SECONDS after
# a warm-up: the CPU of camstreamd and of its ffmpeg, and the latency from capture to decoded at the receiver,
# read from the wall-clock time the test pattern burns into each frame (bench/publish_latency.py).
# Not a test: it asserts nothing; docs/benchmarks.md records the results.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/bench
daemon=artifacts/camstreamd/camstreamd
http=${BENCH_PORT:-18180}
rtsp=${BENCH_RTSP_PORT:-18554}
seconds=${BENCH_PUBLISH_SECONDS:-30}
warmup=${BENCH_WARMUP:-5}
encoder=${BENCH_PUBLISH_ENCODER:-libx264}
mkdir -p "$out/results"
[ -x "$daemon" ] || { echo "bench: $daemon is missing; run make publish" >&2; exit 1; }
echo '{}' > "$out/empty.json"

pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

# The clock line of the pattern at 1280x720: glyph scale 8, at x=16, y=16+9*8; 12 characters of 48 px.
scale=8; crop_w=576; crop_h=56; crop_x=16; crop_y=88
# The receiver decodes as soon as each frame is complete: one decoding thread (frame threads add frames of delay).
ffmpeg -hide_banner -nostdin -loglevel error -rtsp_flags listen -fflags nobuffer -flags low_delay -threads 1 \
  -i "rtsp://127.0.0.1:$rtsp/cam" -an -vf "crop=$crop_w:$crop_h:$crop_x:$crop_y,format=gray" \
  -flush_packets 1 -f rawvideo - 2>"$out/publish-receiver.log" \
  | /usr/bin/python3 bench/publish_latency.py $crop_w $crop_h $scale $seconds $warmup > "$out/results/publish-latency.json" &
pids+=($!)
sleep 1

"$daemon" --config "$out/empty.json" --Http:Address=127.0.0.1 --Http:Port="$http" \
  --Camera:Source=testpattern --Camera:Width=1280 --Camera:Height=720 --Camera:FramesPerSecond=30 \
  --Publish:Targets:0:Url="rtsp://127.0.0.1:$rtsp/cam" --Publish:Targets:0:Encoder="$encoder" \
  > "$out/publish-daemon.log" 2>&1 &
daemon_pid=$!
pids+=($daemon_pid)

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
state() { curl -s "http://127.0.0.1:$http/state"; }
for _ in $(seq 1 60); do state | grep -q '"state": "publishing"' && break; sleep 0.5; done
ffmpeg_pid=$(state | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["targets"][0]["pid"])')
sleep "$warmup"
d0=$(ticks $daemon_pid); f0=$(ticks $ffmpeg_pid); t0=$(date +%s.%N)
sleep "$seconds"
d1=$(ticks $daemon_pid); f1=$(ticks $ffmpeg_pid); t1=$(date +%s.%N)
final=$(state)
kill $daemon_pid; wait $daemon_pid 2>/dev/null || true
wait "${pids[0]}" 2>/dev/null || true

load=$(cut -d' ' -f1 /proc/loadavg)

# Baseline in the same run: the same daemon and pattern with one MJPEG viewer (curl) instead of a target,
# so the publishing cost of camstreamd itself reads as a ratio.
"$daemon" --config "$out/empty.json" --Http:Address=127.0.0.1 --Http:Port="$http" \
  --Camera:Source=testpattern --Camera:Width=1280 --Camera:Height=720 --Camera:FramesPerSecond=30 \
  > "$out/publish-baseline-daemon.log" 2>&1 &
daemon_pid=$!
pids+=($daemon_pid)
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$http/state" && break; sleep 0.5; done
curl -s -N -m $((seconds + warmup + 2)) -o /dev/null "http://127.0.0.1:$http/stream" &
sleep "$warmup"
b0=$(ticks $daemon_pid); bt0=$(date +%s.%N)
sleep "$seconds"
b1=$(ticks $daemon_pid); bt1=$(date +%s.%N)
kill $daemon_pid; wait $daemon_pid 2>/dev/null || true

hz=$(getconf CLK_TCK)
/usr/bin/python3 - "$d0" "$d1" "$f0" "$f1" "$t0" "$t1" "$hz" "$encoder" "$out/results/publish-latency.json" "$b0" "$b1" "$bt0" "$bt1" "$load" <<'PY' | tee "$out/results/publish.json"
import json, sys
d0, d1, f0, f1, t0, t1, hz = (float(v) for v in sys.argv[1:8])
b0, b1, bt0, bt1 = (float(v) for v in sys.argv[10:14])
text = open(sys.argv[9]).read().strip()
latency = json.loads(text) if text else {}
wall, base_wall = t1 - t0, bt1 - bt0
publishing = 100 * (d1 - d0) / hz / wall
viewer = 100 * (b1 - b0) / hz / base_wall
print(json.dumps({"scenario": "publish 1280x720 30 fps H.264 to an RTSP receiver", "encoder": sys.argv[8],
                  "seconds": round(wall, 1), "load_average": float(sys.argv[14]),
                  "camstreamd_cpu_percent": round(publishing, 1), "ffmpeg_cpu_percent": round(100 * (f1 - f0) / hz / wall, 1),
                  "camstreamd_cpu_percent_one_mjpeg_viewer": round(viewer, 1),
                  "camstreamd_cpu_ratio_publish_to_viewer": round(publishing / viewer, 2) if viewer else None, **latency}))
PY
echo "$final" | /usr/bin/python3 -c 'import json,sys; t=json.load(sys.stdin)["targets"][0]; print("target:", t["state"], "sent", t["framesSent"], "dropped", t["framesDropped"])'
