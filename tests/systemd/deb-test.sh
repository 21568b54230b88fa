#!/bin/bash
# Runs inside `vivid-vm --systemd` (amd64) or `vivid-vm --arch arm64 --systemd` from the repository root, as
# root: installs the Native AOT .deb given as $1 with dpkg, checks it enables nothing by itself, runs the
# service checks of service-checks.sh on it, and checks removal stops it and keeps the conffile, purge drops it.
#   deb-test.sh PACKAGE.deb [TIME_SCALE]    TIME_SCALE multiplies the waits (the arm64 guest is emulated)
set -u
cd "$(dirname "$0")/../.."
DEB=${1:?usage: deb-test.sh PACKAGE.deb [TIME_SCALE]}
TIME_SCALE=${2:-1}
. tests/systemd/lib.sh
. tests/systemd/service-checks.sh

arch=$(dpkg --print-architecture)
echo "== dpkg -i $(basename "$DEB") on $arch ($(uname -m))"
check "the package is built for this machine ($arch)" test "$(dpkg-deb -f "$DEB" Architecture)" = "$arch"
out=$(dpkg -i "$DEB" 2>&1)
check "dpkg -i succeeds (every dependency is in a plain Debian $arch system)" test $? -eq 0
check "postinst prints the enable line" grep -q 'systemctl enable --now camstreamd' <<<"$out"
check "nothing is enabled or started without being asked" \
    bash -c '[[ $(systemctl is-enabled camstreamd) == disabled && $(systemctl is-active camstreamd) == inactive ]]'
check "the configuration is a conffile" bash -c "dpkg-query -W -f='\${Conffiles}' camstreamd | grep -q '$CONFIG'"
check "the package is one native program (Native AOT): no .NET runtime in it" bash -c 'test -x /usr/lib/camstreamd/camstreamd && ! ls /usr/lib/camstreamd | grep -q -e "\.so$" -e "\.dll$"'
check "the package depends on libturbojpeg0" bash -c "dpkg-query -W -f='\${Depends}' camstreamd | grep -q libturbojpeg0"
machine=$(elf_machine /usr/lib/camstreamd/camstreamd)
case $(uname -m) in x86_64) want=3e00 ;; aarch64) want=b700 ;; *) want=unknown ;; esac
check "the program is an $(uname -m) ELF (e_machine $machine)" test "$machine" = "$want"
echo '// local edit' >>$CONFIG
service_save_config
if ((TIME_SCALE > 1)); then
    # The unit's time limits are for real hardware. Under emulation everything takes TIME_SCALE times longer:
    # the first watchdog probe right after READY=1 (the HTTP client and server paths run cold) took over 5 s,
    # so with WatchdogSec=20s a healthy daemon was killed before its first ping; a start took up to 60 s of
    # TimeoutStartSec=90s. Scaled, the checks stay the same: a frozen daemon is killed by the watchdog, a stop
    # ends before TimeoutStopSec.
    mkdir -p /run/systemd/system/camstreamd.service.d
    printf '[Service]\nWatchdogSec=%ss\nTimeoutStartSec=%ss\nTimeoutStopSec=%ss\n' \
        $((20 * TIME_SCALE)) $((90 * TIME_SCALE)) $((15 * TIME_SCALE)) >/run/systemd/system/camstreamd.service.d/emulation.conf
    systemctl daemon-reload
    echo "      emulated machine: WatchdogSec=$((20 * TIME_SCALE))s, TimeoutStartSec=$((90 * TIME_SCALE))s, TimeoutStopSec=$((15 * TIME_SCALE))s (drop-in)"
fi

service_enable_and_stream
check "it runs without any .NET installed (the native program, no CoreCLR or JIT mapped)" \
    bash -c 'maps=/proc/$(systemctl show -p MainPID --value camstreamd)/maps; grep -q "/usr/lib/camstreamd/camstreamd" $maps && ! grep -q -e libcoreclr -e libclrjit $maps'
service_journal_priorities
service_reload
service_watchdog
service_stop_releases_camera
service_command_source
service_hardening

echo "== dpkg -r"
cp $GOOD_CONFIG $CONFIG
systemctl start camstreamd
out=$(dpkg -r camstreamd 2>&1)
check "dpkg -r succeeds" test $? -eq 0
check "removal stopped the service" bash -c '[[ $(systemctl is-active camstreamd) != active ]]'
check "the program is gone" test ! -e /usr/lib/camstreamd/camstreamd
check "the edited configuration is kept after remove" grep -q 'local edit' $CONFIG
dpkg -P camstreamd >/dev/null 2>&1
check "purge removes the configuration" test ! -e $CONFIG

summary "systemd (.deb, $arch)"
