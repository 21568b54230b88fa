#!/usr/bin/env bash
# make bench: the MJPEG fan-out benchmark of issue #2, then the V4L2 encode benchmark.
# The published daemon serves 300 distinct 1280x720 JPEGs (~90 KB) from the folder source at 30 fps on
# 127.0.0.1; ../shared/tools/mjpeg-load runs each scenario for 30 s (the first 5 s are warm-up) and samples
# the daemon's CPU and RSS. Writes one JSON per scenario and a Markdown table to artifacts/bench/.
# Not a test: it asserts nothing; docs/benchmarks.md records and discusses the results.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=../shared/tools
out=artifacts/bench
daemon=artifacts/camstreamd/camstreamd
port=${BENCH_PORT:-18180}
duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-5}
mkdir -p "$out/results"

[ -x "$out/mjpeg-load" ] || "$tools/build-mjpeg-load" "$out/mjpeg-load"
[ -f "$out/frames/$(ls "$out/frames" 2>/dev/null | head -1)" ] && [ "$(ls "$out/frames" | wc -l)" -ge 300 ] \
  || "$tools/make-frames" "$out/frames" 1280x720
[ -x "$daemon" ] || { echo "bench: $daemon is missing; run make publish" >&2; exit 1; }

echo '{}' > "$out/empty.json"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null || true' EXIT

# A fresh daemon per scenario, so each scenario's CPU and memory are its own.
start_daemon() {
  "$daemon" --config "$out/empty.json" --Http:Address=127.0.0.1 --Http:Port="$port" \
    --Camera:Source=folder --Camera:Folder="$PWD/$out/frames" --Camera:FramesPerSecond=30 --Camera:Loop=true \
    --Streaming:MaxClients=256 --Streaming:MaxClientsPerAddress=256 --Streaming:IdleTimeout=0 > "$out/daemon.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  sleep 3   # the folder source is running (IdleTimeout=0); let it settle
}

stop_daemon() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

evictions() { curl -fs "http://127.0.0.1:$port/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stream"]["evictions"])'; }

run() {  # name, mjpeg-load arguments...
  local name=$1; shift
  start_daemon
  local before; before=$(evictions)
  echo "bench: $name ($*)" >&2
  "$out/mjpeg-load" "$@" --duration "$duration" --warmup "$warmup" --sample-pid "$pid" --label "$name" \
    "http://127.0.0.1:$port/stream" > "$out/results/$name.json"
  echo "$(( $(evictions) - before ))" > "$out/results/$name.evictions"
  stop_daemon
}

run 1-viewer -c 1
run 50-viewers -c 50
run 200-viewers -c 200 --ramp 2
run 20-viewers-5-stalled -c 20 --stalled 5
run 10-viewers-5-slow -c 10 --slow 5 --slow-rate 200k

python3 bench/report.py "$out/results" | tee "$out/results.md"
