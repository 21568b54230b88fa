#!/bin/bash
# `make test-gpio`, inside one `vivid-vm --gpio --systemd` boot (gpio-sim, vivid, systemd as PID 1), as root, from the
# repository root: the GPIO tests against the daemon binary (dotnet test, trait Requires=gpio), then the installed
# service with GPIO (gpio-service-checks.sh). Usage: gpio-test.sh TEST_DLL DAEMON_BINARY
set -u
cd "$(dirname "$0")/../.."
. tests/systemd/lib.sh
. tests/systemd/gpio-service-checks.sh

echo "== the GPIO tests (Requires=gpio) against $2"
CAMSTREAMD_BINARY=$2 bash tests/reporting/dotnet-test.sh gpio dotnet test "$1" --filter "Requires=gpio" --logger "console;verbosity=detailed"
tests=$?
((tests == 0)) && pass "dotnet test --filter Requires=gpio" || fail "dotnet test --filter Requires=gpio" "exit $tests"

service_gpio

summary "GPIO (gpio-sim)"
