#!/usr/bin/env bash
# make bench, issue #10: 200 readers of the TCP stream (Tcp:Port) beside the 200-viewer MJPEG scenario of
# bench/run.sh, in one run: the same published daemon, the same 300 distinct 1280x720 JPEGs (~90 KB) from the
# folder source at 30 fps, a fresh daemon per scenario, the server's CPU and RSS sampled from /proc after a
# warm-up. MJPEG viewers are ../shared/tools/mjpeg-load; TCP readers are bench/tcp-load.c (the same epoll
# design, parsing the 8-byte length and checking each JPEG's SOI/EOI). Not a test: it asserts nothing.
# Results: artifacts/bench/tcp/*.json and a table on stdout; discussed in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=../shared/tools
out=artifacts/bench
daemon=artifacts/camstreamd/camstreamd
port=${BENCH_PORT:-18180}
tcp_port=${BENCH_TCP_PORT:-18181}
readers=${BENCH_READERS:-200}
duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-5}
mkdir -p "$out/tcp"

[ -x "$out/mjpeg-load" ] || "$tools/build-mjpeg-load" "$out/mjpeg-load"
cc -O2 -Wall -o "$out/tcp-load" bench/tcp-load.c
[ "$(ls "$out/frames" 2>/dev/null | wc -l)" -ge 300 ] || "$tools/make-frames" "$out/frames" 1280x720
[ -x "$daemon" ] || { echo "bench: $daemon is missing; run make publish" >&2; exit 1; }

echo '{}' > "$out/empty.json"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null || true' EXIT

start_daemon() {
  "$daemon" --config "$out/empty.json" --Http:Address=127.0.0.1 --Http:Port="$port" --Tcp:Port="$tcp_port" \
    --Camera:Source=folder --Camera:Folder="$PWD/$out/frames" --Camera:FramesPerSecond=30 --Camera:Loop=true \
    --Streaming:MaxClients=256 --Streaming:MaxClientsPerAddress=256 --Streaming:IdleTimeout=0 > "$out/tcp/daemon.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  sleep 3
}

stop_daemon() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

run_mjpeg() {
  start_daemon
  echo "bench: round $1, $readers MJPEG viewers" >&2
  "$out/mjpeg-load" -c "$readers" --ramp 2 --duration "$duration" --warmup "$warmup" --sample-pid "$pid" \
    --label "mjpeg-$readers" "http://127.0.0.1:$port/stream" > "$out/tcp/mjpeg-$readers-$1.json"
  stop_daemon
}

run_tcp() {
  start_daemon
  echo "bench: round $1, $readers TCP readers" >&2
  "$out/tcp-load" 127.0.0.1 "$tcp_port" "$readers" "$duration" "$warmup" "$pid" "tcp-$readers" > "$out/tcp/tcp-$readers-$1.json"
  stop_daemon
}

# The machine is shared and one scenario alone varies by more than the difference we look for, so the two
# scenarios run in pairs, BENCH_ROUNDS times, the order swapped every round; the ratio is taken per round and
# the median of the rounds is the result.
rounds=${BENCH_ROUNDS:-1}
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then run_mjpeg "$round"; run_tcp "$round"; else run_tcp "$round"; run_mjpeg "$round"; fi
done

python3 - "$out/tcp" "$readers" "$rounds" <<'PY'
import json, statistics, sys
folder, readers, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
print("| round | MJPEG fps per viewer | MJPEG CPU % | TCP fps per reader | TCP CPU % | TCP / MJPEG CPU | TCP / MJPEG RSS | bad frames |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
cpu_ratios, rss_ratios = [], []
for r in range(1, rounds + 1):
    mjpeg = json.load(open(f"{folder}/mjpeg-{readers}-{r}.json"))
    tcp = json.load(open(f"{folder}/tcp-{readers}-{r}.json"))
    m_cpu, m_rss, m_fps = mjpeg["server"]["cpu_pct"], mjpeg["server"]["rss_peak_mb"], mjpeg["totals"]["fps_per_client_mean"]
    t_cpu, t_rss, t_fps = tcp["server_cpu_percent"], tcp["server_rss_peak_mb"], tcp["fps_per_reader"]
    cpu_ratios.append(t_cpu / m_cpu)
    rss_ratios.append(t_rss / m_rss)
    bad = mjpeg["totals"]["corrupt_parts"] + tcp["bad_frames"]
    print(f"| {r} | {m_fps:.2f} | {m_cpu:.1f} | {t_fps:.2f} | {t_cpu:.1f} | {cpu_ratios[-1]:.2f}x | {rss_ratios[-1]:.2f}x | {bad} |")
print(f"\n{readers} readers, {rounds} rounds: TCP / MJPEG CPU median {statistics.median(cpu_ratios):.2f}x "
      f"(min {min(cpu_ratios):.2f}x, max {max(cpu_ratios):.2f}x), RSS median {statistics.median(rss_ratios):.2f}x")
PY
