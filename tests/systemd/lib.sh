# Shared helpers for the systemd VM tests: one PASS/FAIL line per check, a summary, bounded waits.
# Sourced by the scripts that run inside vivid-vm --systemd.

PASSED=0
FAILED=0
FAILED_NAMES=()
BASE_URL=${BASE_URL:-http://127.0.0.1:8080}

pass() { PASSED=$((PASSED + 1)); echo "PASS  $1"; }
fail() { FAILED=$((FAILED + 1)); FAILED_NAMES+=("$1"); echo "FAIL  $1${2:+ -- $2}"; }

# check NAME COMMAND...: passes when COMMAND exits 0; on failure shows its last output lines.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(tail -n 5 <<<"$out" | tr '\n' ' ')"; fi
}

# wait_for SECONDS COMMAND...: polls every half second until COMMAND succeeds; false after SECONDS.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        ((SECONDS >= deadline)) && return 1
        sleep 0.5
    done
}

is_active() { [[ $(systemctl is-active "$1") == active ]]; }
is_inactive() { [[ $(systemctl is-active "$1") == inactive ]]; }
main_pid() { systemctl show -p MainPID --value camstreamd.service; }

# Number of JPEG start markers in FILE (each MJPEG part is one JPEG).
count_jpegs() { LC_ALL=C grep -obUaP '\xff\xd8\xff' "$1" | wc -l; }

# stream_frames SECONDS: reads /stream with curl for SECONDS; prints how many JPEGs arrived.
stream_frames() {
    local file
    file=$(mktemp)
    curl -s -N -m "$1" "$BASE_URL/stream" -o "$file" || true
    count_jpegs "$file"
    rm -f "$file"
}

# snapshot_ok TIMEOUT: a 200 image/jpeg that starts with a JPEG marker.
snapshot_ok() {
    local file code
    file=$(mktemp)
    code=$(curl -s -m "$1" -o "$file" -w '%{http_code}' "$BASE_URL/snapshot") || true
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
    echo "---- journal of camstreamd (last 60 lines)"
    journalctl -u camstreamd -u camstreamd.socket --no-pager -o short-monotonic | tail -n 60
    return 1
}
