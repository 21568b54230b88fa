#!/usr/bin/env bash
# `make fuzz`: every parser of bytes we do not control under afl-fuzz (Debian's afl++) through SharpFuzz, one
# target at a time, each for FUZZ_SECONDS (default 60). The corpus lives in tests/fuzz/corpus/TARGET: seeds
# plus what afl-fuzz found interesting, kept after each run so the next one starts from there. A crash leaves
# its input in artifacts/fuzz/findings/TARGET/default/crashes and makes this script fail; docs/fuzzing.md says
# how to turn it into a unit test. Usage: tests/fuzz/run.sh [TARGET...] (all targets when none is given).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
OUT=$ROOT/artifacts/fuzz
BIN=$OUT/bin
CORPUS=$ROOT/tests/fuzz/corpus
ALL_TARGETS=(mjpeg-scanner jpeg gif http-request config receive-tcp receive-multipart)
TARGETS=("${@:-${ALL_TARGETS[@]}}")
[ $# -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

cd "$ROOT"
dotnet tool restore >/dev/null
# Afresh: publish would keep an instrumented camstreamd.dll newer than the build's.
rm -rf "$BIN"
dotnet publish tests/Camstreamd.Fuzz/Camstreamd.Fuzz.csproj -c Release -o "$BIN" --nologo -v quiet
# SharpFuzz rewrites the copy in artifacts/ only: it adds the coverage calls afl-fuzz reads.
dotnet sharpfuzz "$BIN/camstreamd.dll"

# Not instrumented natively (the coverage comes from SharpFuzz); no UI; the machine is shared: no CPU pinning,
# no core_pattern or governor changes.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

failed=0
printf 'target\tseconds\tinputs\tcrashes\thangs\tcorpus\n' > "$OUT/summary.tsv"
for target in "${TARGETS[@]}"; do
    findings=$OUT/findings/$target
    rm -rf "$findings"
    mkdir -p "$OUT/findings"
    echo "fuzzing $target for ${SECONDS_PER_TARGET} s"
    # -t: one input may take 5 s (the first includes the JIT); -m none: the runtime reserves far more address space than it uses.
    afl-fuzz -i "$CORPUS/$target" -o "$findings" -V "$SECONDS_PER_TARGET" -t 5000 -m none \
        -- "$(command -v dotnet)" "$BIN/Camstreamd.Fuzz.dll" "$target" > "$OUT/$target.log" 2>&1 || { tail -20 "$OUT/$target.log"; failed=1; continue; }
    stats=$findings/default/fuzzer_stats
    execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")
    crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
    hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
    # Keep what afl-fuzz found interesting, named by content so reruns add only new inputs.
    for input in "$findings"/default/queue/id:*; do
        kept=$CORPUS/$target/$(sha1sum "$input" | cut -c1-16)
        [ -e "$kept" ] || cp "$input" "$kept"
    done
    corpus=$(find "$CORPUS/$target" -type f | wc -l)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$SECONDS_PER_TARGET" "$execs" "$crashes" "$hangs" "$corpus" | tee -a "$OUT/summary.tsv"
    if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
        echo "$target: $crashes crashes, $hangs hangs in $findings/default/{crashes,hangs}; replay: dotnet $BIN/Camstreamd.Fuzz.dll $target FILE" >&2
        failed=1
    fi
done
exit $failed
