#!/bin/bash
# Cross-builds v4l2loopback for the arm64 kernel that `vivid-vm --arch arm64` boots, so the arm64 tests get a
# real MJPEG camera (/dev/video10 fed by ffmpeg) as the amd64 ones do with `vivid-vm --loopback` (vivid itself
# has no MJPEG). vivid-vm's --loopback builds with DKMS for the host's kernel only; this builds against the
# guest kernel's Debian headers, unpacked (never installed) from the archive, with Debian's aarch64 cross
# compiler. The module is unsigned; the guest kernel does not enforce signatures (no CONFIG_MODULE_SIG_FORCE).
#   build-v4l2loopback.sh OUTPUT_DIR     prints the path of OUTPUT_DIR/v4l2loopback-KVER.ko (built once)
set -euo pipefail
out_dir=$1
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/vivid-vm
die() { echo "build-v4l2loopback: $*" >&2; exit 1; }

# The guest kernel's release, e.g. 6.1.0-57-arm64, from vivid-vm's unpacked kernel.
modules=("$cache"/kernel-arm64/lib/modules/*-arm64 "$cache"/kernel-arm64/usr/lib/modules/*-arm64)
kver=''
for m in "${modules[@]}"; do [[ -d $m ]] && kver=${m##*/}; done
[[ $kver ]] || die "no arm64 kernel in $cache/kernel-arm64: run '../shared/tools/vivid-vm --install --arch arm64 --systemd' as root"
ko=$out_dir/v4l2loopback-$kver.ko
if [[ -f $ko ]]; then
    echo "$ko"
    exit 0
fi
command -v aarch64-linux-gnu-gcc-12 >/dev/null || die "no aarch64-linux-gnu-gcc-12: apt-get install gcc-aarch64-linux-gnu"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{lists/partial,cache/archives/partial,parts,debs,tree}
# A private apt (own sources, lists and cache, arm64 and amd64), as vivid-vm fetches the kernel itself, so this
# machine's apt configuration and architectures stay as they are.
. "$(dirname "$0")/debian-mirror.sh"
mirror=$(debian_mirror)
for suite in bookworm bookworm-updates bookworm-security; do
    m=$mirror
    [[ $suite == *-security ]] && m=$mirror-security
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $m $suite main"
done >"$work/sources.list"
apt=(-qq -o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts="$work/parts"
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts="$work/parts"
    -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o Dir::State::status=/dev/null
    -o APT::Architecture=amd64 -o APT::Architectures=amd64,arm64 -o APT::Sandbox::User="$(id -un)")
apt-get "${apt[@]}" update >&2 || die "apt-get update failed"
headers=linux-headers-$kver
version=$(apt-cache "${apt[@]}" show "$headers:arm64" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
[[ $version ]] || die "$headers is no longer in Debian bookworm: delete $cache/kernel-arm64 and run 'vivid-vm --install --arch arm64' again for the current kernel"
kbuild=linux-kbuild-$(cut -d. -f1-2 <<<"$kver")
# The headers for arm64, the shared headers, the build tools for this (amd64) machine, the module's source.
(cd "$work/debs" && apt-get "${apt[@]}" download "$headers:arm64=$version" "linux-headers-${kver%-arm64}-common=$version" \
    "$kbuild:amd64=$version" v4l2loopback-dkms) >&2 || die "cannot download the headers for $kver"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/tree"; done

src=$work/tree/usr/src
# The arm64 headers' Makefile includes the common one by its installed path: point it at the unpacked tree.
sed -i "s#/usr/src/#$src/#" "$src/$headers/Makefile"
loopback=("$src"/v4l2loopback-*)
make -s -C "$src/$headers" M="${loopback[0]}" CROSS_COMPILE=aarch64-linux-gnu- modules >&2 ||
    die "cross-compiling v4l2loopback for $kver failed"
magic=$(modinfo -F vermagic "${loopback[0]}/v4l2loopback.ko")
[[ $magic == "$kver "*aarch64* ]] || die "built a module for '$magic', not $kver aarch64"
mkdir -p "$out_dir"
cp "${loopback[0]}/v4l2loopback.ko" "$ko"
echo "$ko"
