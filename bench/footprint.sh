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
      --Camera:Folder="$frames" --Camera:FramesPerSecond=30 --Camera:Loop=true --Streaming:MaxClients=256 --Streaming:MaxClientsPerAddress=256)

measure() {  # name, command...
  local name=$1; shift
  echo "bench: footprint of $name" >&2
  /usr/bin/python3 bench/footprint.py "$name" "$port" "$out/mjpeg-load" "$dir/$name.json" -- "$@" >/dev/null
}
measure aot "$aot" "${ours[@]}"
measure jit "$jit" "${ours[@]}"
measure flask /usr/bin/python3 bench/flask_mjpeg.py "$frames" "$port" 30

/usr/bin/python3 bench/footprint_report.py "$dir" | tee "$dir/results.md"
