# camstreamd.service with GPIO on the gpio-sim chip (issue #14), under a real systemd: the hardened unit
# (DynamicUser, DevicePolicy=closed, DeviceAllow=char-gpiochip) opens the chip through the gpio group that the
# install's conditional drop-in adds. Sourced after lib.sh inside `vivid-vm --gpio --systemd`, as root, from the
# repository root with artifacts/camstreamd built; VIVID_VM_GPIOCHIP and VIVID_VM_GPIO_SYSFS name the chip.

GPIO_CONFIG=/etc/camstreamd/appsettings.json
GPIO_WATCHED=0
GPIO_READY=2

gpio_value() { cat "$VIVID_VM_GPIO_SYSFS/sim_gpio$1/value"; }
gpio_is() { [[ $(gpio_value "$1") == "$2" ]]; }

service_gpio() {
    echo "== camstreamd.service with GPIO ($VIVID_VM_GPIOCHIP)"
    local viewer pid gid
    # What Raspberry Pi OS's udev rule does: the chips belong to group gpio, mode 0660. The unit's user is dynamic
    # and not root: without the group it could not open the chip at all.
    groupadd --system gpio
    chgrp gpio "$VIVID_VM_GPIOCHIP" && chmod 0660 "$VIVID_VM_GPIOCHIP"
    check "make install succeeds" make install
    check "the install wrote the gpio group drop-in (the group exists here)" \
        grep -qx 'SupplementaryGroups=gpio' /usr/lib/systemd/system/camstreamd.service.d/gpio-group.conf
    printf '{ "Camera": { "Source": "testpattern", "Width": 320, "Height": 240, "FramesPerSecond": 5 },\n  "Gpio": { "Chip": "%s", "Outputs": { "Watched": { "Line": %d }, "Ready": { "Line": %d } } } }\n' \
        "$VIVID_VM_GPIOCHIP" $GPIO_WATCHED $GPIO_READY >$GPIO_CONFIG
    check "the service starts with Gpio configured" bash -c 'systemctl start camstreamd && systemctl is-active camstreamd'
    pid=$(main_pid)
    gid=$(getent group gpio | cut -d: -f3)
    check "the service runs as a dynamic user in the gpio group" \
        bash -c "[[ \$(ps -o user= -p $pid) != root ]] && grep -Eq '^Groups:.*\\b$gid\\b' /proc/$pid/status"
    check "Ready goes to 1 (the daemon drives the chip)" wait_for 30 gpio_is $GPIO_READY 1
    check "the journal says the lines are open" bash -c 'journalctl -u camstreamd -o cat | grep -q "GPIO on .* through libgpiod v2"'
    check "no tally without a viewer" gpio_is $GPIO_WATCHED 0
    curl -s -N -m 60 "$BASE_URL/stream" -o /dev/null &
    viewer=$!
    check "the tally (Watched) goes to 1 with a viewer" wait_for 30 gpio_is $GPIO_WATCHED 1
    kill $viewer 2>/dev/null
    wait $viewer 2>/dev/null
    check "the tally goes back to 0 when the viewer leaves" wait_for 30 gpio_is $GPIO_WATCHED 0
    systemctl stop camstreamd
    check "Ready is 0 after systemctl stop" gpio_is $GPIO_READY 0
    check "make uninstall removes the drop-in" bash -c 'make uninstall && ! test -e /usr/lib/systemd/system/camstreamd.service.d/gpio-group.conf'
}
