#!/bin/bash
# Runs inside `vivid-vm --systemd` from the repository root, as root: installs the self-contained .deb given as
# $1 with dpkg, checks it enables nothing by itself, runs it, and checks removal stops it and keeps the conffile.
set -u
cd "$(dirname "$0")/../.."
. tests/systemd/lib.sh
DEB=${1:?usage: deb-test.sh PACKAGE.deb}
CONFIG=/etc/camstreamd/appsettings.json

echo "== dpkg -i $(basename "$DEB")"
out=$(dpkg -i "$DEB" 2>&1)
check "dpkg -i succeeds" test $? -eq 0
check "postinst prints the enable line" grep -q 'systemctl enable --now camstreamd' <<<"$out"
check "nothing is enabled or started without being asked" \
    bash -c '[[ $(systemctl is-enabled camstreamd) == disabled && $(systemctl is-active camstreamd) == inactive ]]'
check "the configuration is a conffile" bash -c "dpkg-query -W -f='\${Conffiles}' camstreamd | grep -q '$CONFIG'"
check "the package carries its own .NET runtime (self-contained)" test -f /usr/lib/camstreamd/libcoreclr.so
check "the package depends on libturbojpeg0" bash -c "dpkg-query -W -f='\${Depends}' camstreamd | grep -q libturbojpeg0"

echo "== enable --now"
check "systemctl enable --now camstreamd" systemctl enable --now camstreamd
check "service becomes active within 90 s" wait_for 90 is_active camstreamd
check "it runs without any .NET installed (no DOTNET_ROOT, its own runtime)" \
    bash -c 'grep -q "/usr/lib/camstreamd/libcoreclr.so" /proc/$(systemctl show -p MainPID --value camstreamd)/maps'
frames=$(stream_frames 20)
check "/stream delivers frames ($frames JPEGs in 20 s)" test "$frames" -ge 3
check "STATUS line present" bash -c 'systemctl show -p StatusText --value camstreamd | grep -q viewer'

echo "== dpkg -r"
echo '// local edit' >>$CONFIG
out=$(dpkg -r camstreamd 2>&1)
check "dpkg -r succeeds" test $? -eq 0
check "removal stopped the service" bash -c '[[ $(systemctl is-active camstreamd) != active ]]'
check "the program is gone" test ! -e /usr/lib/camstreamd/camstreamd
check "the edited configuration is kept after remove" grep -q 'local edit' $CONFIG
dpkg -P camstreamd >/dev/null 2>&1
check "purge removes the configuration" test ! -e $CONFIG

summary "systemd (.deb)"
