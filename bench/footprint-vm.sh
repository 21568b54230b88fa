#!/usr/bin/env bash
# make bench: issue #12's start-up figure inside vivid-vm (qemu TCG, no KVM: far slower than a board, so it is compared
# with the VM figure issue #12 started from, about 7 s to READY=1). One boot; the Native AOT binary (make publish) is
# started twice by bench/footprint.py with START_ONLY=1: exec to READY=1 (its own NOTIFY_SOCKET) and to the first
# answered /snapshot from the test pattern. The first start reads the program over 9p into a cold page cache, the second
# finds it cached, as a board's later restarts do. Writes artifacts/bench/footprint-vm/*.json. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=artifacts/bench/footprint-vm
aot=artifacts/camstreamd/camstreamd
[ -x "$aot" ] || { echo "bench: $aot is missing; run make publish" >&2; exit 1; }
mkdir -p "$dir"
echo '{}' > "$dir/empty.json"
../shared/tools/vivid-vm --timeout 300 -e START_ONLY=1 -- sh -c "
  for run in cold warm; do
    /usr/bin/python3 bench/footprint.py aot-vm-\$run 18199 - $dir/\$run.json -- $aot --config $dir/empty.json \
      --Http:Address=127.0.0.1 --Http:Port=18199 --Camera:Source=testpattern || exit 1
  done"
