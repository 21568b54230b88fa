#!/bin/bash
# `make test-arm64`: the linux-arm64 build on an emulated arm64 machine (`vivid-vm --arch arm64`: Debian's
# arm64 kernel on a Cortex-A72, the Raspberry Pi 4's core, with the vivid camera), two boots:
#   1. the published binary: devices, YUYV and MJPEG pass-through capture, disconnect, SIGTERM (capture-test.sh);
#   2. the .deb under systemd: the same checks as the amd64 package (tests/systemd/deb-test.sh).
# Needs `make deb RID=linux-arm64` first and, once, as root: ../shared/tools/vivid-vm --install --arch arm64 --systemd
set -u
cd "$(dirname "$0")/../.."
VIVID_VM=${VIVID_VM:-../shared/tools/vivid-vm}
ARTIFACTS=${ARTIFACTS:-artifacts}
APP_DIR=$ARTIFACTS/deb/linux-arm64/camstreamd
WORK=$ARTIFACTS/arm64
# The guest is emulated (TCG), about five times slower than an amd64 guest here: the .deb run's waits are
# scaled by this factor; what they check is not.
TIME_SCALE=${TIME_SCALE:-3}
status=0

fail_setup() { echo "FAIL  test-arm64: $*"; exit 1; }
[[ -x $VIVID_VM ]] || fail_setup "$VIVID_VM not found (the shared tools are expected beside this repository)"
[[ -x $APP_DIR/camstreamd ]] || fail_setup "$APP_DIR/camstreamd is missing; run 'make deb RID=linux-arm64'"
deb=$(ls -t "$ARTIFACTS"/camstreamd_*_arm64.deb 2>/dev/null | head -n 1)
[[ $deb ]] || fail_setup "no $ARTIFACTS/camstreamd_*_arm64.deb; run 'make deb RID=linux-arm64'"
mkdir -p "$WORK"
ko=$(bash tests/arm64/build-v4l2loopback.sh "$WORK") || fail_setup "no v4l2loopback module for the arm64 guest (see above)"
# 30 distinct 640x480 JPEGs, each with its own Huffman tables, as an MJPEG camera sends them.
clip=$WORK/clip.mjpeg
if [[ ! -s $clip ]]; then
    ffmpeg -hide_banner -nostdin -loglevel error -y -f lavfi -i testsrc=size=640x480:rate=30 -frames:v 30 \
        -c:v mjpeg -q:v 5 -f mjpeg "$clip" || fail_setup "ffmpeg could not make $clip"
fi

echo "==== vivid-vm --arch arm64: the published linux-arm64 binary on vivid and an MJPEG camera"
t=$SECONDS
"$VIVID_VM" --arch arm64 --timeout 900 -- bash tests/arm64/capture-test.sh "$APP_DIR" "$ko" "$clip"
rc=$?
echo "      ($((SECONDS - t)) s)"
((rc == 0)) || { echo "FAIL  arm64 capture run (exit $rc; 124 = timeout, 125 = the VM failed)"; status=1; }

echo "==== vivid-vm --arch arm64 --systemd: dpkg -i $deb"
t=$SECONDS
"$VIVID_VM" --arch arm64 --systemd --timeout 1800 -- bash tests/systemd/deb-test.sh "$deb" "$TIME_SCALE"
rc=$?
echo "      ($((SECONDS - t)) s)"
((rc == 0)) || { echo "FAIL  arm64 .deb run (exit $rc; 124 = timeout, 125 = the VM failed)"; status=1; }

if ((status == 0)); then echo "PASS  test-arm64: both runs passed"; else echo "FAIL  test-arm64"; fi
exit $status
