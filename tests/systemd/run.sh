#!/bin/bash
# `make test-systemd`: the service under a real systemd (PID 1) in vivid-vm, two separate boots:
# `make install` from artifacts/camstreamd, then the .deb from `make deb`. Needs, once, as root:
#   ../shared/tools/vivid-vm --install --systemd
set -u
cd "$(dirname "$0")/../.."
VIVID_VM=${VIVID_VM:-../shared/tools/vivid-vm}
ARTIFACTS=${ARTIFACTS:-artifacts}
status=0

if [[ ! -x $VIVID_VM ]]; then
    echo "FAIL  test-systemd: $VIVID_VM not found (the shared tools are expected beside this repository)"
    exit 1
fi
if [[ ! -x $ARTIFACTS/camstreamd/camstreamd ]]; then
    echo "FAIL  test-systemd: $ARTIFACTS/camstreamd/camstreamd is missing; run 'make publish'"
    exit 1
fi

echo "==== vivid-vm --systemd: make install"
"$VIVID_VM" --systemd --timeout 1200 -- bash tests/systemd/install-test.sh
rc=$?
((rc == 0)) || { echo "FAIL  make install run (exit $rc; 124 = timeout, 125 = the VM failed)"; status=1; }

arch=$(dpkg --print-architecture)
deb=$(ls -t "$ARTIFACTS"/camstreamd_*_"$arch".deb 2>/dev/null | head -n 1)
if [[ -z $deb ]]; then
    echo "FAIL  .deb run: no $ARTIFACTS/camstreamd_*_$arch.deb; run 'make deb'"
    status=1
else
    echo "==== vivid-vm --systemd: dpkg -i $deb"
    "$VIVID_VM" --systemd --timeout 900 -- bash tests/systemd/deb-test.sh "$deb"
    rc=$?
    ((rc == 0)) || { echo "FAIL  .deb run (exit $rc; 124 = timeout, 125 = the VM failed)"; status=1; }
fi

if ((status == 0)); then echo "PASS  test-systemd: both runs passed"; else echo "FAIL  test-systemd"; fi
exit $status
