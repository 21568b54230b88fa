#!/usr/bin/env bash
# The GC and thread-pool settings of the AOT binary, chosen by measurement (issue #12): the same footprint run
# (bench/footprint.py, shorter phases) with each candidate set through its DOTNET_ environment variable, side by
# side in one run. Needs `make publish` and bench/footprint.sh's frames and mjpeg-load. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench
dir=$out/gc-settings
port=${BENCH_PORT:-18195}
mkdir -p "$dir"
echo '{}' > "$dir/empty.json"
export IDLE_SETTLE=${IDLE_SETTLE:-12} IDLE_SECONDS=${IDLE_SECONDS:-20} STRACE_SECONDS=${STRACE_SECONDS:-5} LOAD_SECONDS=${LOAD_SECONDS:-15}
# The native runtime reads DOTNET_GC* numbers as hexadecimal without a 0x prefix: "0x100000" is not parsed and
# silently ignored (an earlier run of this script measured nothing for that reason). An environment variable
# overrides what the csproj compiled in (GCgen0size=0 restores the default budget).
variants=("csproj (workstation, non-concurrent, 512 KB gen0 budget, no pool spinning)|A=1"
          "default gen0 budget (from the CPU's largest cache)|DOTNET_GCgen0size=0"
          "gen0 budget 256 KB|DOTNET_GCgen0size=40000"
          "thread-pool spinning (the .NET default, 70)|DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70"
          "concurrent GC (the .NET default)|DOTNET_gcConcurrent=1")
for i in "${!variants[@]}"; do
  label=${variants[$i]%%|*} setting=${variants[$i]#*|}
  echo "bench: $label ($setting)" >&2
  env "$setting" /usr/bin/python3 bench/footprint.py "gc$i" "$port" "$out/mjpeg-load" "$dir/gc$i.json" -- \
    artifacts/camstreamd/camstreamd --config "$dir/empty.json" --Http:Address=127.0.0.1 --Http:Port="$port" \
    --Camera:Source=folder --Camera:Folder="$PWD/$out/frames" --Camera:FramesPerSecond=30 --Streaming:MaxClients=256 --Streaming:MaxClientsPerAddress=256 >/dev/null
  echo "$label|$setting" > "$dir/gc$i.label"
done
/usr/bin/python3 - "$dir" <<'PY' | tee "$dir/results.md"
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
keys = ["idle_cpu_pct", "idle_wakeups_per_s", "idle_preemptions_per_s", "idle_rss_mb", "1_viewer_cpu_pct", "1_viewer_rss_peak_mb", "200_viewers_cpu_pct", "200_viewers_rss_peak_mb"]
print("| setting | variable | " + " | ".join(keys) + " |")
print("| --- | --- | " + " | ".join("---" for _ in keys) + " |")
for f in sorted(d.glob("gc*.json")):
    r = json.loads(f.read_text())
    label, setting = f.with_suffix(".label").read_text().strip().split("|")
    print(f"| {label} | `{setting}` | " + " | ".join(f"{r.get(k, '-')}" for k in keys) + " |")
PY
