#!/usr/bin/env bash
# Paired rounds of one scenario (VIEWERS MJPEG viewers by mjpeg-load) against several servers, side by side in one
# run: each server in turn serves the benchmark's 300 1280x720 JPEGs (~90 KB) from a folder at 30 fps on 127.0.0.1,
# and its CPU (utime+stime from /proc/PID/stat) is taken over SECONDS after a 5 s warm-up. The order is reversed in
# every other round, so a machine that gets busier during the run does not favour one server. A server is a
# camstreamd binary's path, `flask` for bench/flask_mjpeg.py, or `mjpg-streamer` for mjpg-streamer built from its source
# in MJPG_STREAMER_DIR (not packaged: cmake in its mjpg-streamer-experimental; input_file at 30 fps, output_http).
# Prints one line per server and round; not a test.
# Usage: VIEWERS=1 ROUNDS=4 SECONDS_PER_ROUND=20 bash bench/viewers-cpu.sh OLD_BINARY NEW_BINARY flask
set -euo pipefail
cd "$(dirname "$0")/.."

tools=../shared/tools
out=artifacts/bench
frames=$PWD/$out/frames
viewers=${VIEWERS:-1}
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_ROUND:-20}
port=${BENCH_PORT:-18310}
mkdir -p "$out/viewers-cpu"
[ -x "$out/mjpeg-load" ] || "$tools/build-mjpeg-load" "$out/mjpeg-load"
[ "$(ls "$out/frames" 2>/dev/null | wc -l)" -ge 300 ] || "$tools/make-frames" "$out/frames" 1280x720
echo '{}' > "$out/empty.json"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null || true' EXIT

start() {  # server
  stream=/stream
  snapshot=/snapshot
  if [ "$1" = flask ]; then
    /usr/bin/python3 bench/flask_mjpeg.py "$frames" "$port" 30 > "$out/viewers-cpu/server.log" 2>&1 &
  elif [ "$1" = mjpg-streamer ]; then
    # Its file input serves the folder's pictures in a loop (-e), sleeping 1/30 s after each (so a little under 30 fps).
    local build=${MJPG_STREAMER_DIR:?set MJPG_STREAMER_DIR to mjpg-streamer-experimental/_build}
    "$build/mjpg_streamer" -i "$build/plugins/input_file/input_file.so -f $frames/ -e -d 0.0333" \
      -o "$build/plugins/output_http/output_http.so -l 127.0.0.1 -p $port" > "$out/viewers-cpu/server.log" 2>&1 &
    stream="/?action=stream"
    snapshot="/?action=snapshot"
  else
    "$1" --config "$out/empty.json" --Http:Address=127.0.0.1 --Http:Port="$port" --Camera:Source=folder --Camera:Folder="$frames" \
      --Camera:FramesPerSecond=30 --Camera:Loop=true --Streaming:MaxClients=256 --Streaming:MaxClientsPerAddress=256 > "$out/viewers-cpu/server.log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port$snapshot" && return; sleep 0.1; done
  echo "bench: $1 did not answer /snapshot" >&2
  exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

for round in $(seq 1 "$rounds"); do
  servers=("$@")
  if (( round % 2 == 0 )); then
    mapfile -t servers < <(printf '%s\n' "$@" | tac)
  fi
  for server in "${servers[@]}"; do
    start "$server"
    # Two binaries are both called camstreamd: each is named by its directory as well.
    label=$(case $server in flask | mjpg-streamer) echo "$server" ;; *) echo "$(basename "$(dirname "$server")")/$(basename "$server")" ;; esac)
    json=$out/viewers-cpu/${label//\//-}-$viewers-$round.json
    "$out/mjpeg-load" -c "$viewers" -d $((seconds + 5)) --warmup 5 "http://127.0.0.1:$port$stream" > "$json" 2>/dev/null &
    load=$!
    sleep 5
    ticks0=$(cpu_ticks); t0=$(date +%s.%N)
    sleep "$seconds"
    ticks1=$(cpu_ticks); t1=$(date +%s.%N)
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
    wait "$load"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    python3 - "$label" "$viewers" "$round" "$ticks0" "$ticks1" "$t0" "$t1" "$rss" "$json" <<'PY'
import json, os, sys
server, viewers, rnd, k0, k1, t0, t1, rss, path = sys.argv[1:]
cpu = (float(k1) - float(k0)) / os.sysconf("SC_CLK_TCK") / (float(t1) - float(t0)) * 100
fps = json.load(open(path))["classes"]["normal"]["fps_per_client"]
print(f"round {rnd} {server:24s} viewers {viewers:>3s}  cpu {cpu:6.2f} %  rss {int(rss) / 1024:5.1f} MB  fps per viewer min {fps['min']:.1f} mean {fps['mean']:.1f}")
PY
  done
done
