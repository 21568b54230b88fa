#!/bin/bash
# Builds camstreamd_VERSION_ARCH.deb from a self-contained publish (no .NET runtime needed on the target).
#   build-deb.sh PUBLISH_DIR CONFIG_FILE RID VERSION OUTPUT_DIR
set -euo pipefail
publish_dir=$1 config_file=$2 rid=$3 version=$4 out_dir=$5
here=$(cd "$(dirname "$0")" && pwd)

case $rid in
    linux-x64) arch=amd64 ;;
    linux-arm64) arch=arm64 ;;
    *) echo "deb: RID is $rid; allowed: linux-x64, linux-arm64 (32-bit ARM is not supported)" >&2; exit 2 ;;
esac

stage=$(mktemp -d)
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT
# The same layout as `make install` with PREFIX=/usr, staged through DESTDIR.
DESTDIR=$stage PREFIX=/usr SYSCONFDIR=/etc UNITDIR=/usr/lib/systemd/system \
    bash "$here/../install.sh" install "$publish_dir" "$config_file" >/dev/null

install -d -m 0755 "$stage/DEBIAN" "$stage/usr/share/doc/camstreamd"
[[ -f $here/../../README.md ]] && install -m 0644 "$here/../../README.md" "$stage/usr/share/doc/camstreamd/README.md"
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$installed_size/" "$here/control" >"$stage/DEBIAN/control"
install -m 0644 "$here/conffiles" "$stage/DEBIAN/conffiles"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$stage/DEBIAN/"

mkdir -p "$out_dir"
deb=$out_dir/camstreamd_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
