#!/usr/bin/env bash
# Issue #9 benchmark: the animated-GIF stream. Not a test: it asserts nothing; docs/benchmarks.md records the results.
# 1. GIF encode time per frame (libjpeg-turbo scaled decode, resize, octree quantize, LZW) at 320, 480 and
#    640 wide from 1280x720 JPEGs, through the daemon's own encoder (bench/GifEncode), mean and p99.
# 2. The published daemon serving 1280x720 JPEGs at 30 fps from the folder source to 1 and 50 viewers of
#    /stream.gif (Gif:Width=480, Gif:FramesPerSecond=10), beside the same viewers on /stream (MJPEG):
#    CPU % of one core and RSS peak of the daemon, from /proc, over BENCH_DURATION s after BENCH_WARMUP s.
#    Every viewer is a curl reading the whole stream (same client for both, so the rows compare).
set -euo pipefail
cd "$(dirname "$0")/.."

tools=../shared/tools
out=artifacts/bench
daemon=artifacts/camstreamd/camstreamd
port=${BENCH_PORT:-18181}
duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-5}
mkdir -p "$out/gif"
[ "$(ls "$out/frames" 2>/dev/null | wc -l)" -ge 300 ] || "$tools/make-frames" "$out/frames" 1280x720
[ -x "$daemon" ] || { echo "bench: $daemon is missing; run make publish" >&2; exit 1; }

echo "## GIF encode time per frame (1280x720 JPEGs, 256 colours, no dither)"
dotnet build bench/GifEncode/GifEncode.csproj -c Release --nologo -v quiet --artifacts-path "$out/gif/build" | grep -E "error|warn" || true
dotnet "$out/gif/build/bin/GifEncode/release/Camstreamd.Bench.GifEncode.dll" "${BENCH_ENCODE_SECONDS:-10}" 320,480,640 $(ls "$out"/frames/*.jpg | head -30)

echo '{}' > "$out/empty.json"
pid=""
viewers=()
cleanup() {
  for v in "${viewers[@]}"; do kill "$v" 2>/dev/null || true; done
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null || true
}
trap cleanup EXIT

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

scenario() {  # name, path, viewers
  local name=$1 path=$2 count=$3
  "$daemon" --config "$out/empty.json" --Http:Address=127.0.0.1 --Http:Port="$port" \
    --Camera:Source=folder --Camera:Folder="$PWD/$out/frames" --Camera:FramesPerSecond=30 --Camera:Loop=true \
    --Streaming:MaxClients=256 --Streaming:MaxClientsPerAddress=256 --Streaming:IdleTimeout=0 --Gif:Width=480 --Gif:FramesPerSecond=10 > "$out/gif/daemon.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  sleep 3
  viewers=()
  for _ in $(seq 1 "$count"); do
    curl -s -o /dev/null "http://127.0.0.1:$port$path" &
    viewers+=($!)
  done
  sleep "$warmup"
  local hz start end peak=0 rss sent_before sent_after
  hz=$(getconf CLK_TCK)
  start=$(ticks "$pid")
  sent_before=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^camstreamd_frames_sent_total/ { print $2 }')
  for _ in $(seq 1 "$duration"); do
    sleep 1
    rss=$(rss_kb "$pid"); [ "$rss" -gt "$peak" ] && peak=$rss
  done
  end=$(ticks "$pid")
  sent_after=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^camstreamd_frames_sent_total/ { print $2 }')
  local gif_ms
  gif_ms=$(curl -fs "http://127.0.0.1:$port/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["gif"]["meanEncodeMilliseconds"])')
  awk -v n="$name" -v c="$count" -v t=$((end - start)) -v hz="$hz" -v d="$duration" -v p="$peak" -v s=$((sent_after - sent_before)) -v g="$gif_ms" \
    'BEGIN { printf "| %s | %d | %.1f | %.1f | %.1f | %s |\n", n, c, s / d / c, 100 * t / hz / d, p / 1024, g }'
  for v in "${viewers[@]}"; do kill "$v" 2>/dev/null || true; done
  viewers=()
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

echo
echo "## GIF and MJPEG viewers (1280x720 at 30 fps in; GIF 480 wide at 10 fps)"
echo "| scenario | viewers | frames per viewer per second | server CPU % of a core | server RSS peak MB | mean GIF encode ms |"
echo "| --- | --- | --- | --- | --- | --- |"
scenario mjpeg-1 /stream 1
scenario gif-1 /stream.gif 1
scenario mjpeg-50 /stream 50
scenario gif-50 /stream.gif 50
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
