#!/bin/bash
# Runs inside `vivid-vm --systemd` from the repository root, as root, with artifacts/camstreamd built:
# make install, enable --now, stream, STATUS, journal priorities, reload (good, broken, file edit),
# watchdog after SIGSTOP, stop with a viewer, the command source, publishing, socket activation with exit-on-idle,
# the TCP stream (service and socket), HTTPS with the key as a LoadCredential=, security score, uninstall.
set -u
cd "$(dirname "$0")/../.."
. tests/systemd/lib.sh
. tests/systemd/service-checks.sh

echo "== make install"
check "make install succeeds" make install
check "installed app, symlink, units and configuration" test -x /usr/lib/camstreamd/camstreamd -a -L /usr/bin/camstreamd \
    -a -f /usr/lib/systemd/system/camstreamd.service -a -f /usr/lib/systemd/system/camstreamd.socket -a -f $CONFIG
echo '// local edit that make install must keep' >>$CONFIG
make install >/dev/null 2>&1
check "make install again keeps an existing configuration" grep -q 'local edit that make install must keep' $CONFIG
check "systemd knows the unit after install (daemon-reload ran)" systemctl cat camstreamd.service

service_save_config
service_enable_and_stream
service_journal_priorities
service_reload
service_watchdog
service_stop_releases_camera
service_bad_config_at_start
service_command_source
service_publishing
service_socket_activation
service_tcp_stream
service_tls_credential
service_hardening

echo "== make uninstall"
cp $GOOD_CONFIG $CONFIG
check "make uninstall succeeds" make uninstall
check "app, symlink and units are gone" bash -c '! test -e /usr/lib/camstreamd -o -e /usr/bin/camstreamd -o -e /usr/lib/systemd/system/camstreamd.service -o -e /usr/lib/systemd/system/camstreamd.socket'
check "the configuration is kept" test -s $CONFIG
check "systemd forgot the unit" bash -c '! systemctl cat camstreamd.service'

summary "systemd (make install)"
