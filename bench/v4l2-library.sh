#!/usr/bin/env bash
# Issue #8 benchmark: Iot.Device.Media 4.2.0's VideoDevice (as its README uses it, and with its buffer pooling
# on) against our V4l2Capture, capturing the same vivid camera at the same size and format for the same time,
# one after the other inside one vivid-vm boot. Prints frames delivered, CPU and bytes allocated per frame,
# and our figures as ratios of the library's. The VM runs under TCG emulation, so CPU times are far above real
# hardware; compare the rows, not the absolute numbers. Results: docs/design.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-640x480}
DURATION=${DURATION:-20}
VIVID_VM=${VIVID_VM:-../shared/tools/vivid-vm}
# Inside the repository (gitignored artifacts/): the VM sees this tree, while its /tmp starts empty.
WORK=$PWD/artifacts/bench-v4l2-library
rm -rf "$WORK" && mkdir -p "$WORK"

dotnet build bench/V4l2Library/V4l2Library.csproj -c Release --nologo -v quiet --artifacts-path "$WORK/build" | grep -E "error|warn" || true
dll=$WORK/build/bin/V4l2Library/release/Camstreamd.Bench.V4l2Library.dll
[[ -f $dll ]] || { echo "the benchmark did not build: $dll is missing" >&2; exit 1; }

cat > "$WORK/inside.sh" <<INNER
set -u
cd "$WORK"
for mode in videodevice videodevice-pooled v4l2capture; do
    dotnet "$dll" \$mode /dev/video0 ${SIZE%x*} ${SIZE#*x} $DURATION | tee -a results.txt
done
INNER
"$VIVID_VM" --timeout 600 -- bash "$WORK/inside.sh"

python3 - "$WORK/results.txt" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s.*?(\d+) frames\s+([\d.]+) fps\s+([\d.]+) ms CPU/frame\s+([\d,]+) B allocated/frame", line)
    if m:
        rows[m.group(1)] = (int(m.group(2)), float(m.group(3)), float(m.group(4)), float(m.group(5).replace(",", "")))
ours = rows.get("v4l2capture")
for label in ("videodevice", "videodevice-pooled"):
    theirs = rows.get(label)
    if ours and theirs:
        print(f"v4l2capture / {label}: frames {ours[0] / theirs[0]:.2f}x, CPU per frame {ours[2] / theirs[2]:.2f}x, "
              f"allocated per frame {ours[3]:,.0f} B against {theirs[3]:,.0f} B")
PY
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); guest under TCG"
