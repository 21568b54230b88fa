#!/usr/bin/env bash
# Issue #13 benchmark: CPU per frame of the linux-arm64 camstreamd against Debian's arm64 ustreamer, capturing the
# same vivid camera at the same size, format and JPEG quality in one `vivid-vm --arch arm64` boot (Cortex-A72,
# the Raspberry Pi 4's core, emulated), one viewer each; mjpeg-load samples the server's CPU from /proc. Both
# are emulated, so absolute numbers are far above a real Pi: the ratio is the figure. As v4l2-vm-cpu.sh on amd64.
# Needs: `make deb RID=linux-arm64` (the published binary), vivid-vm --install --arch arm64, the aarch64 cross
# compiler (for mjpeg-load). ustreamer and its libevent come from Debian's arm64 archive, unpacked, not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1280x720}
QUALITY=${QUALITY:-80}
FPS=${FPS:-12.5}
DURATION=${DURATION:-30}
VIVID_VM=${VIVID_VM:-../shared/tools/vivid-vm}
APP_DIR=artifacts/deb/linux-arm64/camstreamd
# Inside the repository (gitignored artifacts/): the VM sees this tree, while its /tmp starts empty.
WORK=$PWD/artifacts/bench-v4l2-cpu-arm64
rm -rf "$WORK/run" && mkdir -p "$WORK/run"

[[ -x $APP_DIR/camstreamd ]] || { echo "$APP_DIR/camstreamd missing: make deb RID=linux-arm64" >&2; exit 1; }
CC=aarch64-linux-gnu-gcc ../shared/tools/build-mjpeg-load "$WORK/mjpeg-load" >/dev/null

if [[ ! -x $WORK/ustreamer/usr/bin/ustreamer ]]; then
    # A private apt for arm64 (own sources, lists and cache): this machine's architectures stay as they are.
    apt_dir=$WORK/apt
    mkdir -p "$apt_dir"/{lists/partial,cache/archives/partial,parts,debs}
    . tests/arm64/debian-mirror.sh
    mirror=$(debian_mirror)
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
        "$mirror" bookworm "$mirror" bookworm-updates "$mirror-security" bookworm-security >"$apt_dir/sources.list"
    apt=(-qq -o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts="$apt_dir/parts"
        -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts="$apt_dir/parts"
        -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o Dir::State::status=/dev/null
        -o APT::Architecture=arm64 -o APT::Architectures=arm64 -o APT::Sandbox::User="$(id -un)")
    apt-get "${apt[@]}" update
    # ustreamer's dependencies that the guest's root lacks (it has libbsd0, libjpeg62-turbo and libc6).
    (cd "$apt_dir/debs" && apt-get "${apt[@]}" download ustreamer libevent-2.1-7 libevent-core-2.1-7 libevent-pthreads-2.1-7)
    for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$WORK/ustreamer"; done
fi
ustreamer_version=$(dpkg-deb -f "$WORK"/apt/debs/ustreamer_*.deb Version 2>/dev/null || echo '?')

cat >"$WORK/run/inside.sh" <<INNER
set -u
cd "$WORK/run"
export LD_LIBRARY_PATH=$WORK/ustreamer/usr/lib/aarch64-linux-gnu
measure() {
    label=\$1; port=\$2; shift 2
    "\$@" > "\$label.log" 2>&1 &
    pid=\$!
    for i in \$(seq 1 120); do curl -s -o /dev/null --max-time 5 "http://127.0.0.1:\$port/snapshot" && break; sleep 1; done
    ../mjpeg-load -c 1 -d $DURATION --warmup 5 --sample-pid \$pid --label \$label "http://127.0.0.1:\$port/stream" > "\$label.json"
    kill \$pid; wait \$pid 2>/dev/null
}
# ustreamer runs at the camera's own rate: with --desired-fps below vivid's 12.5 it delivered only ~6.6 fps.
measure ustreamer 8081 $WORK/ustreamer/usr/bin/ustreamer --device=/dev/video0 --format=YUYV --resolution=$SIZE --quality=$QUALITY --host=127.0.0.1 --port=8081
measure camstreamd 8080 $PWD/$APP_DIR/camstreamd --Camera:Source=v4l2 --Camera:Device=/dev/video0 --Camera:PixelFormat=YUYV \
    --Camera:Width=${SIZE%x*} --Camera:Height=${SIZE#*x} --Camera:JpegQuality=$QUALITY --Camera:FramesPerSecond=$FPS \
    --Http:Address=127.0.0.1 --Http:Port=8080 --Streaming:IdleTimeout=0
INNER
"$VIVID_VM" --arch arm64 --timeout 900 -- bash "$WORK/run/inside.sh"

python3 - "$WORK/run" "$ustreamer_version" <<'PY'
import json, sys, os
work, version = sys.argv[1], sys.argv[2]
per_frame = {}
for label in ("ustreamer", "camstreamd"):
    path = os.path.join(work, label + ".json")
    if not os.path.exists(path):
        print(f"{label}: no result (see {work}/{label}.log)")
        continue
    result = json.load(open(path))
    fps = result["totals"]["fps_per_client_mean"]
    cpu = result["server"]["cpu_pct"]
    per_frame[label] = cpu / 100 / fps * 1000 if fps else float("nan")
    print(f"{label:10}  {fps:6.2f} fps delivered  {cpu:6.1f} % CPU  {per_frame[label]:7.1f} ms CPU per frame  "
          f"RSS {result['server']['rss_peak_mb']:.0f} MB  p99 latency {result['classes']['normal']['latency_ms']['p99']:.1f} ms")
if len(per_frame) == 2 and per_frame["ustreamer"]:
    print(f"camstreamd / ustreamer {version} CPU per frame: {per_frame['camstreamd'] / per_frame['ustreamer']:.2f}")
PY
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); guest: emulated arm64 Cortex-A72 (qemu TCG)"
