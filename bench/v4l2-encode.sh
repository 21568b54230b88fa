#!/usr/bin/env bash
# Issue #3 benchmark: YUYV 1280x720 → JPEG throughput of camstreamd's V4L2 encode path against libjpeg-turbo's
# own tjbench ("Comp from YUV": planar YUV → JPEG, no colour conversion) on the same picture and quality.
# Our path does that same compression plus splitting the camera's packed YUYV into planes; the overhead is
# the difference. Needs ffmpeg and tjbench (Debian package libjpeg-turbo-progs).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1280x720}
QUALITY=${QUALITY:-80}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
WORK=$(mktemp -d /tmp/camstreamd-bench-encode.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

command -v tjbench >/dev/null || { echo "tjbench missing: apt-get install libjpeg-turbo-progs" >&2; exit 1; }
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$SIZE" -frames:v 1 "$WORK/frame.ppm"
ffmpeg -hide_banner -loglevel error -y -i "$WORK/frame.ppm" -pix_fmt yuyv422 -f rawvideo "$WORK/frame.yuyv"
dotnet build bench/V4l2Encode/V4l2Encode.csproj -c Release --nologo -v quiet --artifacts-path "$WORK/build" | grep -E "error|warn" || true

ours=$(dotnet "$WORK/build/bin/V4l2Encode/release/Camstreamd.Bench.V4l2Encode.dll" "$WORK/frame.yuyv" "${SIZE%x*}" "${SIZE#*x}" "$QUALITY" "$SECONDS_PER_RUN")
(cd "$WORK" && tjbench frame.ppm "$QUALITY" -subsamp 422 -yuv -benchtime "$SECONDS_PER_RUN" -warmup 1) > "$WORK/tjbench.txt" 2>&1
theirs=$(awk '/Comp from YUV/ { print $(NF-1) }' "$WORK/tjbench.txt")
ours_fps=$(sed -E 's/.*: ([0-9.]+) fps.*/\1/' <<<"$ours")

echo "$ours"
echo "tjbench   YUV planes $SIZE Q$QUALITY 4:2:2 (Comp from YUV): $theirs fps"
awk -v o="$ours_fps" -v t="$theirs" 'BEGIN { printf "overhead of our path: %.1f %% (target < 10 %%)\n", (t / o - 1) * 100 }'
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
