#!/usr/bin/env bash
# Paired rounds of one scenario (VIEWERS MJPEG viewers by mjpeg-load) against several servers, side by side in one
# run: each server serves the benchmark's 300 1280x720 JPEGs (~90 KB) from a folder at 30 fps on 127.0.0.1, and its
# CPU is taken over SECONDS_PER_ROUND after a warm-up of WARMUP seconds (12 by default: each picture once, so what is
# measured is the steady state a daemon that runs for days is in, not the first pass over the folder).
# - In turn (the default): one server at a time; the order is reversed in every other round, so a machine that gets
#   busier during the run does not favour one server.
# - TOGETHER=1: every server at once, each on its own port with its own viewers, so all of them see the same machine
#   at the same moment: a shared machine's swings (seen: a lone server's CPU halving between rounds ten minutes apart)
#   fall on all alike, and the ratios come out several times tighter. Only for a few viewers: at 200 the servers
#   would compete for the two cores.
# CPU is read from a cgroup per server (cpuacct.usage, cgroup v1, or cpu.stat's usage_usec, v2) where this machine lets
# us make one: nanoseconds of every thread, dead ones too. Elsewhere it is utime+stime from /proc/PID/stat, in 10 ms
# ticks: one viewer's 0.4 % of a core is 8 ticks in 20 s, so a tick is 12 % of a round.
# A server is a camstreamd binary's path, `flask` for bench/flask_mjpeg.py, or `mjpg-streamer` for mjpg-streamer built
# from its source in MJPG_STREAMER_DIR (not packaged: cmake in its mjpg-streamer-experimental; input_file at 30 fps,
# output_http). Prints one line per server and round, then bench/viewers_cpu_summary.py's ratios to the first server
# (paired by round, with a 95 % interval). Not a test.
# Usage: VIEWERS=1 ROUNDS=4 SECONDS_PER_ROUND=20 [TOGETHER=1] bash bench/viewers-cpu.sh OLD_BINARY NEW_BINARY flask
set -euo pipefail
cd "$(dirname "$0")/.."

tools=../shared/tools
out=artifacts/bench
frames=$PWD/$out/frames
viewers=${VIEWERS:-1}
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_ROUND:-20}
warmup=${WARMUP:-12}
together=${TOGETHER:-0}
first_port=${BENCH_PORT:-18310}
servers=("$@")
mkdir -p "$out/viewers-cpu"
[ -x "$out/mjpeg-load" ] || "$tools/build-mjpeg-load" "$out/mjpeg-load"
[ "$(ls "$out/frames" 2>/dev/null | wc -l)" -ge 300 ] || "$tools/make-frames" "$out/frames" 1280x720
case " $* " in *" flask "*) bash deploy/scripts/ensure-packages.sh python3-flask ;; esac
echo '{}' > "$out/empty.json"
results=$out/viewers-cpu/results-$viewers.tsv
: > "$results"

cgroups=""
for root in /sys/fs/cgroup/cpuacct /sys/fs/cgroup/unified /sys/fs/cgroup; do
  if { [ -f "$root/cpuacct.usage" ] || [ -f "$root/cpu.stat" ]; } && mkdir -p "$root/camstreamd-bench-0" 2>/dev/null; then
    cgroups=$root/camstreamd-bench
    break
  fi
done
if [ -n "$cgroups" ]; then
  echo "bench: CPU from the cgroups $cgroups-N" >&2
else
  echo "bench: CPU from /proc/PID/stat (no cgroup could be made: 10 ms ticks)" >&2
fi

declare -A pid=() label=() stream=()
stop_all() {
  for i in "${!pid[@]}"; do kill "${pid[$i]}" 2>/dev/null || true; done
  for i in "${!pid[@]}"; do wait "${pid[$i]}" 2>/dev/null || true; done
  pid=()
}
cleanup() {
  stop_all
  wait 2>/dev/null || true
  [ -z "$cgroups" ] || for i in "${!servers[@]}"; do rmdir "$cgroups-$i" 2>/dev/null || true; done
}
trap cleanup EXIT

# Becomes the command, inside the cgroup of server $1 when there are cgroups: only for `in_cgroup I ... &`, whose
# subshell it replaces, so that $! is the server's own process.
in_cgroup() {
  local group=$cgroups-$1
  shift
  if [ -n "$cgroups" ]; then
    mkdir -p "$group"
    exec sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$group" "$@"
  else
    exec "$@"
  fi
}

start() {  # index, port: starts server number index on port and waits for its first snapshot
  local i=$1 port=$2 server=${servers[$1]} snapshot=/snapshot
  local log=$out/viewers-cpu/server-$i.log
  stream[$i]=/stream
  if [ "$server" = flask ]; then
    in_cgroup "$i" /usr/bin/python3 bench/flask_mjpeg.py "$frames" "$port" 30 > "$log" 2>&1 &
  elif [ "$server" = mjpg-streamer ]; then
    # Its file input serves the folder's pictures in a loop (-e), sleeping 1/30 s after each (so a little under 30 fps).
    local build=${MJPG_STREAMER_DIR:?set MJPG_STREAMER_DIR to mjpg-streamer-experimental/_build}
    in_cgroup "$i" "$build/mjpg_streamer" -i "$build/plugins/input_file/input_file.so -f $frames/ -e -d 0.0333" \
      -o "$build/plugins/output_http/output_http.so -l 127.0.0.1 -p $port" > "$log" 2>&1 &
    stream[$i]="/?action=stream"
    snapshot="/?action=snapshot"
  else
    in_cgroup "$i" "$server" --config "$out/empty.json" --Http:Address=127.0.0.1 --Http:Port="$port" --Camera:Source=folder \
      --Camera:Folder="$frames" --Camera:FramesPerSecond=30 --Camera:Loop=true --Streaming:MaxClients=256 \
      --Streaming:MaxClientsPerAddress=256 > "$log" 2>&1 &
  fi
  pid[$i]=$!
  # Two binaries are both called camstreamd: each is named by its directory as well.
  label[$i]=$(case $server in flask | mjpg-streamer) echo "$server" ;; *) echo "$(basename "$(dirname "$server")")/$(basename "$server")" ;; esac)
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port$snapshot" && return; sleep 0.1; done
  echo "bench: $server did not answer $snapshot; see $log" >&2
  exit 1
}

cpu_seconds() {  # index: CPU time used so far by that server, in seconds
  local group=$cgroups-$1
  if [ -z "$cgroups" ]; then
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/${pid[$1]}/stat"
  elif [ -f "$group/cpuacct.usage" ]; then
    awk '{print $1 / 1e9}' "$group/cpuacct.usage"
  else
    awk '$1 == "usage_usec" {print $2 / 1e6}' "$group/cpu.stat"
  fi
}

measure() {  # round, indices...: the servers given are running; loads them together and records each
  local round=$1 i
  shift
  declare -A load=() cpu0=() cpu1=() rss=() json=()
  for i in "$@"; do
    json[$i]=$out/viewers-cpu/${label[$i]//\//-}-$viewers-$round.json
    "$out/mjpeg-load" -c "$viewers" -d $((seconds + warmup)) --warmup "$warmup" "http://127.0.0.1:$((first_port + i))${stream[$i]}" > "${json[$i]}" 2>/dev/null &
    load[$i]=$!
  done
  sleep "$warmup"
  for i in "$@"; do cpu0[$i]=$(cpu_seconds "$i"); done
  local t0 t1
  t0=$(date +%s.%N)
  sleep "$seconds"
  for i in "$@"; do cpu1[$i]=$(cpu_seconds "$i"); done
  t1=$(date +%s.%N)
  for i in "$@"; do rss[$i]=$(awk '/^VmRSS/ {print $2}' "/proc/${pid[$i]}/status"); done
  for i in "$@"; do wait "${load[$i]}"; done
  for i in "$@"; do
    python3 - "${label[$i]}" "$viewers" "$round" "${cpu0[$i]}" "${cpu1[$i]}" "$t0" "$t1" "${rss[$i]}" "${json[$i]}" "$results" <<'PY'
import json, sys
server, viewers, rnd, c0, c1, t0, t1, rss, path, results = sys.argv[1:]
cpu = (float(c1) - float(c0)) / (float(t1) - float(t0)) * 100
fps = json.load(open(path))["classes"]["normal"]["fps_per_client"]
print(f"round {rnd} {server:24s} viewers {viewers:>3s}  cpu {cpu:6.3f} %  rss {int(rss) / 1024:5.1f} MB  fps per viewer min {fps['min']:.1f} mean {fps['mean']:.1f}")
with open(results, "a") as out:
    out.write(f"{rnd}\t{server}\t{cpu}\t{fps['mean']}\n")
PY
  done
}

for round in $(seq 1 "$rounds"); do
  if [ "$together" = 1 ]; then
    for i in "${!servers[@]}"; do start "$i" $((first_port + i)); done
    measure "$round" "${!servers[@]}"
    stop_all
    continue
  fi
  order=("${!servers[@]}")
  if (( round % 2 == 0 )); then
    mapfile -t order < <(printf '%s\n' "${!servers[@]}" | tac)
  fi
  for i in "${order[@]}"; do
    start "$i" $((first_port + i))
    measure "$round" "$i"
    stop_all
  done
done
python3 bench/viewers_cpu_summary.py "$results"
