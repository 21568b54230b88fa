# Sourced: debian_mirror prints the Debian archive this machine's apt already uses for its own release (a
# deb822 .sources file or a one-line sources.list), so the private apt of the arm64 scripts asks the same
# archive and no address is written here. VIVID_VM_MIRROR, as for vivid-vm, overrides it.
debian_mirror() {
    if [[ ${VIVID_VM_MIRROR:-} ]]; then
        echo "${VIVID_VM_MIRROR%/}"
        return
    fi
    local f found=''
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        # The URIs of the stanza whose Suites have a plain release name (bookworm, not bookworm-security).
        found=$(awk '/^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i !~ /-/) { print uri; exit } }' "$f")
        [[ $found ]] && break
    done
    if [[ ! $found && -f /etc/apt/sources.list ]]; then
        found=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit } }' /etc/apt/sources.list)
    fi
    [[ $found ]] || { echo "no Debian archive in this machine's apt sources: set VIVID_VM_MIRROR" >&2; return 1; }
    echo "${found%/}"
}
