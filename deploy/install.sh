#!/bin/bash
# Installs or removes camstreamd. Called by `make install` / `make uninstall`; see the Makefile for the variables.
#   install.sh install   PUBLISH_DIR CONFIG_FILE
#   install.sh uninstall
# Layout (PREFIX=/usr): $PREFIX/lib/camstreamd/ (the published app), $PREFIX/bin/camstreamd (symlink),
# $UNITDIR/camstreamd.{service,socket}, $SYSCONFDIR/camstreamd/appsettings.json (never overwritten, kept on uninstall).
set -euo pipefail

: "${PREFIX:=/usr}" "${DESTDIR:=}" "${SYSCONFDIR:=/etc}"
: "${UNITDIR:=$PREFIX/lib/systemd/system}"
libdir=$PREFIX/lib/camstreamd
bindir=$PREFIX/bin
here=$(cd "$(dirname "$0")" && pwd)

# daemon-reload only when installing into the running system, not into a DESTDIR staging tree.
reload_systemd() {
    if [[ -z $DESTDIR && -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
        echo "systemctl daemon-reload"
        systemctl daemon-reload
    fi
}

# GPIO: the group owning /dev/gpiochip* (gpio on Raspberry Pi OS) joins the service only where it exists here:
# SupplementaryGroups= naming a missing group fails the unit. Not into a DESTDIR staging tree (another machine).
install_gpio_group_dropin() {
    local dropin=$DESTDIR$UNITDIR/camstreamd.service.d/gpio-group.conf
    if [[ -z $DESTDIR ]] && getent group gpio >/dev/null; then
        install -d -m 0755 "${dropin%/*}"
        printf '%s\n' "# Written by camstreamd's install: the gpio group exists on this machine (GPIO lines, Gpio:* keys)." \
            '[Service]' 'SupplementaryGroups=gpio' >"$dropin"
        chmod 0644 "$dropin"
        echo "installed $dropin (the gpio group exists here)"
    fi
}

install_files() {
    local publish_dir=$1 config_file=$2
    if [[ ! -x $publish_dir/camstreamd ]]; then
        echo "install: $publish_dir/camstreamd is missing; run 'make publish' first" >&2
        exit 1
    fi
    echo "installing $publish_dir -> $DESTDIR$libdir"
    rm -rf "$DESTDIR$libdir"
    install -d -m 0755 "$DESTDIR$libdir" "$DESTDIR$bindir" "$DESTDIR$UNITDIR" "$DESTDIR$SYSCONFDIR/camstreamd"
    cp -R --no-preserve=ownership "$publish_dir"/. "$DESTDIR$libdir"/
    # Debug symbols are not needed to run, and the apphost must stay executable for everyone.
    find "$DESTDIR$libdir" -name '*.pdb' -delete
    chmod -R u=rwX,go=rX "$DESTDIR$libdir"
    chmod 0755 "$DESTDIR$libdir/camstreamd"
    ln -sfn "$libdir/camstreamd" "$DESTDIR$bindir/camstreamd"

    sed -e "s|/usr/bin/camstreamd|$bindir/camstreamd|g" -e "s|/etc/camstreamd/|$SYSCONFDIR/camstreamd/|g" \
        "$here/camstreamd.service" >"$DESTDIR$UNITDIR/camstreamd.service"
    install -m 0644 "$here/camstreamd.socket" "$DESTDIR$UNITDIR/camstreamd.socket"
    chmod 0644 "$DESTDIR$UNITDIR/camstreamd.service"
    install_gpio_group_dropin

    local config=$DESTDIR$SYSCONFDIR/camstreamd/appsettings.json
    if [[ -e $config ]]; then
        echo "keeping the existing $config"
    else
        echo "installing $config_file -> $config"
        # World-readable: the service runs as a dynamic user that must read it.
        install -m 0644 "$config_file" "$config"
    fi
    reload_systemd
    echo "camstreamd installed. Start it with: sudo systemctl enable --now camstreamd"
}

uninstall_files() {
    if [[ -z $DESTDIR && -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
        systemctl disable --now camstreamd.socket camstreamd.service 2>/dev/null || true
    fi
    rm -f "$DESTDIR$bindir/camstreamd" "$DESTDIR$UNITDIR/camstreamd.service" "$DESTDIR$UNITDIR/camstreamd.socket"
    rm -f "$DESTDIR$UNITDIR/camstreamd.service.d/gpio-group.conf"
    rmdir "$DESTDIR$UNITDIR/camstreamd.service.d" 2>/dev/null || true
    rm -rf "$DESTDIR$libdir"
    reload_systemd
    echo "camstreamd removed; the configuration in $DESTDIR$SYSCONFDIR/camstreamd/ is kept."
}

case ${1:-} in
    install) install_files "$2" "$3" ;;
    uninstall) uninstall_files ;;
    *) echo "usage: $0 install PUBLISH_DIR CONFIG_FILE | uninstall" >&2; exit 2 ;;
esac
