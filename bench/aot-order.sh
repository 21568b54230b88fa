#!/usr/bin/env bash
# make aot-order: remakes src/Camstreamd/aot-method-order.txt, the order in which the Native AOT build lays out its
# methods (issue #12). The daemon runs under valgrind's callgrind, which counts the instructions each code address runs;
# counting starts once the start-up's memory trim has given the program's pages back, and covers what users do: the
# viewer page, /snapshot, /state, /metrics, one viewer, fifty viewers, on the test pattern and on a folder of pictures.
# Those methods first, hottest first, then our camera path that no run here reaches (bench/aot_order.py). Laid out
# together, the code a streaming daemon uses fills a few hundred contiguous pages instead of touching most 64 KB windows
# of the 7 MB of code (docs/benchmarks.md). Run again when the code a stream runs has changed much; not a test.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=../shared/tools
out=artifacts/bench
dir=$out/aot-order
program=artifacts/camstreamd/camstreamd
symbols=src/Camstreamd/bin/Release/net10.0/${RID:-linux-x64}/native/camstreamd.dbg
port=${BENCH_PORT:-18320}
mkdir -p "$dir"
rm -f "$dir"/*.out*

[ -x "$program" ] && [ -f "$symbols" ] || { echo "aot-order: $program or $symbols is missing; run make publish" >&2; exit 1; }
# Symbols of another build (a publish with other properties since) would name the wrong methods at every address.
build_id() { readelf -n "$1" 2>/dev/null | awk '/Build ID/ {print $3}'; }
[ "$(build_id "$program")" = "$(build_id "$symbols")" ] \
  || { echo "aot-order: $symbols is not from the build of $program; run make publish" >&2; exit 1; }
bash deploy/scripts/ensure-packages.sh valgrind
[ -x "$out/mjpeg-load" ] || "$tools/build-mjpeg-load" "$out/mjpeg-load"
[ "$(ls "$out/frames" 2>/dev/null | wc -l)" -ge 300 ] || "$tools/make-frames" "$out/frames" 1280x720
echo '{}' > "$dir/empty.json"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null || true' EXIT

url() { echo "http://127.0.0.1:$port/$1"; }

requests() {  # each page once; under valgrind the first snapshot can outlast its wait, which the second round covers
  for path in "" snapshot state metrics; do
    curl -s -m 60 -o /dev/null -w "aot-order: /$path %{http_code}\n" "$(url "$path")" >&2 || true
  done
}

profile() {  # name, daemon arguments...
  local name=$1; shift
  local run=$dir/$name.out
  echo "aot-order: $name" >&2
  valgrind --tool=callgrind --instr-atstart=no --dump-instr=yes --callgrind-out-file="$run" \
    "$PWD/$program" --config "$dir/empty.json" --Http:Address=127.0.0.1 --Http:Port="$port" \
    --Streaming:MaxClients=256 --Streaming:MaxClientsPerAddress=256 --Logging:LogLevel:Camstreamd.Hosting.MemoryTrimService=Debug "$@" > "$dir/$name.log" 2>&1 &
  pid=$!
  # Under valgrind the daemon starts in seconds, not milliseconds. Counting starts after its start-up trim and before the
  # first request, which builds the routes: first-request code run after the trim stays resident as well.
  for _ in $(seq 1 240); do grep -q "Memory trimmed after start-up" "$dir/$name.log" && break; sleep 0.5; done
  grep -q "Memory trimmed after start-up" "$dir/$name.log" || { echo "aot-order: $name did not start; see $dir/$name.log" >&2; exit 1; }
  # Where valgrind mapped the program: the start of its first mapping, from the valgrind process's own map.
  awk -v program="$PWD/$program" '$6 == program && $3 == "00000000" {print "0x" substr($1, 1, index($1, "-") - 1); exit}' \
    "/proc/$pid/maps" > "$run.base"
  callgrind_control -i on "$pid" > /dev/null
  requests
  "$out/mjpeg-load" -c 1 -d 20 "$(url stream)" > /dev/null 2>&1
  "$out/mjpeg-load" -c 50 -d 10 "$(url stream)" > /dev/null 2>&1
  requests
  callgrind_control -d "$pid" > /dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  mv "$run.1" "$run"  # the dump above; the daemon's exit wrote what ran after it
}

profile default  # no camera here: the test pattern, found by the same search a camera would be
profile folder --Camera:Source=folder --Camera:Folder="$PWD/$out/frames" --Camera:FramesPerSecond=30 --Camera:Loop=true
python3 bench/aot_order.py "$symbols" src/Camstreamd/aot-method-order.txt "$dir/default.out" "$dir/folder.out"
