# Shared helpers for the systemd VM tests: one PASS/FAIL line per check, a summary, bounded waits.
# Sourced by the scripts that run inside vivid-vm --systemd.

PASSED=0
FAILED=0
FAILED_NAMES=()
BASE_URL=${BASE_URL:-http://127.0.0.1:8080}
# Multiplies every wait_for bound: 1 on amd64 under TCG; the emulated arm64 guest (qemu-system-aarch64,
# about five times slower) passes a larger factor. Only waits are scaled, never an assertion's limit.
TIME_SCALE=${TIME_SCALE:-1}

pass() { PASSED=$((PASSED + 1)); echo "PASS  $1"; }
fail() { FAILED=$((FAILED + 1)); FAILED_NAMES+=("$1"); echo "FAIL  $1${2:+ -- $2}"; }

# check NAME COMMAND...: passes when COMMAND exits 0; on failure shows its last output lines.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(tail -n 5 <<<"$out" | tr '\n' ' ')"; fi
}

# wait_for SECONDS COMMAND...: polls every half second until COMMAND succeeds; false after SECONDS * TIME_SCALE.
wait_for() {
    local deadline=$((SECONDS + $1 * TIME_SCALE))
    shift
    until "$@" >/dev/null 2>&1; do
        ((SECONDS >= deadline)) && return 1
        sleep 0.5
    done
}

# seconds_of "1min 30s": a systemd time span as systemctl show prints it, in whole seconds.
seconds_of() {
    local part total=0
    for part in $1; do
        case $part in
            *min) total=$((total + ${part%min} * 60)) ;;
            *ms) ;;
            *s) total=$((total + ${part%s})) ;;
        esac
    done
    echo "$total"
}

# elf_machine FILE: the ELF header's e_machine (bytes 18-19) as little-endian hex: 3e00 x86-64, b700 AArch64.
elf_machine() { od -An -tx1 -j18 -N2 "$1" | tr -d ' \n'; }

is_active() { [[ $(systemctl is-active "$1") == active ]]; }
is_inactive() { [[ $(systemctl is-active "$1") == inactive ]]; }
main_pid() { systemctl show -p MainPID --value camstreamd.service; }

# The PIDs holding an open file on any of the given devices (fuser without psmisc, which a minimal root lacks).
device_holders() {
    ls -l /proc/[0-9]*/fd 2>/dev/null | awk -v devices=" $* " '
        /^\/proc\/[0-9]+\/fd:$/ { split($0, part, "/"); pid = part[3]; next }
        index(devices, " " $NF " ") { print pid }' | sort -u | grep .
}
no_holders() { ! device_holders "$@" >/dev/null; }

# Number of JPEG start markers in FILE (each MJPEG part is one JPEG).
count_jpegs() { LC_ALL=C grep -obUaP '\xff\xd8\xff' "$1" | wc -l; }

has_jpeg() { [[ -s $1 ]] && (($(count_jpegs "$1") >= 1)); }

# stream_frames SECONDS: reads /stream with curl for SECONDS; prints how many JPEGs arrived.
stream_frames() {
    local file
    file=$(mktemp)
    curl -s -N -m "$1" "$BASE_URL/stream" -o "$file" || true
    count_jpegs "$file"
    rm -f "$file"
}

# snapshot_ok TIMEOUT [BASE [CURL_OPTION...]]: a 200 image/jpeg that starts with a JPEG marker from BASE/snapshot (default
# $BASE_URL), within TIMEOUT * TIME_SCALE seconds.
snapshot_ok() {
    local seconds=$1 base=${2:-$BASE_URL} file code
    shift $(($# < 2 ? $# : 2))
    file=$(mktemp)
    code=$(curl -s -m "$((seconds * TIME_SCALE))" "$@" -o "$file" -w '%{http_code}' "$base/snapshot") || true
    [[ $code == 200 && $(count_jpegs "$file") -ge 1 ]]
    local ok=$?
    rm -f "$file"
    return $ok
}

summary() {
    echo "----"
    if ((FAILED == 0)); then
        echo "RESULT $1: all $PASSED checks passed"
        return 0
    fi
    echo "RESULT $1: $FAILED of $((PASSED + FAILED)) checks FAILED: ${FAILED_NAMES[*]}"
    echo "---- systemd's lines about camstreamd and the daemon's warnings (last 40)"
    journalctl -u camstreamd -p warning --no-pager -o short-monotonic | tail -n 40
    echo "---- journal of camstreamd (last 60 lines)"
    journalctl -u camstreamd -u camstreamd.socket --no-pager -o short-monotonic | tail -n 60
    return 1
}
