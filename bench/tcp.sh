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

start_daemon
echo "bench: $readers MJPEG viewers" >&2
"$out/mjpeg-load" -c "$readers" --ramp 2 --duration "$duration" --warmup "$warmup" --sample-pid "$pid" \
  --label "mjpeg-$readers" "http://127.0.0.1:$port/stream" > "$out/tcp/mjpeg-$readers.json"
stop_daemon

start_daemon
echo "bench: $readers TCP readers" >&2
"$out/tcp-load" 127.0.0.1 "$tcp_port" "$readers" "$duration" "$warmup" "$pid" "tcp-$readers" > "$out/tcp/tcp-$readers.json"
stop_daemon

python3 - "$out/tcp/mjpeg-$readers.json" "$out/tcp/tcp-$readers.json" <<'PY'
import json, sys
mjpeg, tcp = (json.load(open(path)) for path in sys.argv[1:3])
m_cpu, m_rss = mjpeg["server"]["cpu_pct"], mjpeg["server"]["rss_peak_mb"]
m_fps = mjpeg["totals"]["fps_per_client_mean"]
t_cpu, t_rss, t_fps = tcp["server_cpu_percent"], tcp["server_rss_peak_mb"], tcp["fps_per_reader"]
n = tcp["readers"]
print("| scenario | readers | frames per reader per second | server CPU % of a core | CPU per reader | server RSS peak MB | bad frames |")
print("| --- | --- | --- | --- | --- | --- | --- |")
print(f"| MJPEG /stream | {n} | {m_fps:.2f} | {m_cpu:.1f} | {m_cpu / n:.3f} | {m_rss:.1f} | {mjpeg['totals']['corrupt_parts']} |")
print(f"| TCP Tcp:Port | {n} | {t_fps:.2f} | {t_cpu:.1f} | {t_cpu / n:.3f} | {t_rss:.1f} | {tcp['bad_frames']} |")
print(f"\nTCP / MJPEG: CPU {t_cpu / m_cpu:.2f}x, RSS {t_rss / m_rss:.2f}x")
PY
