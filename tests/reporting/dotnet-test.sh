#!/usr/bin/env bash
# Runs a `dotnet test` command line (all arguments after the name) with a TRX report beside the console log. When a
# test fails, every failed test is listed once more, with its message, at the very end of the output: a long CI log
# is often read from its tail, where the console logger has only left the totals.
# Usage: tests/reporting/dotnet-test.sh NAME dotnet test ARGS...   (reports in $TEST_RESULTS/NAME, default artifacts/test-results)
set -uo pipefail
name=$1
shift
results=${TEST_RESULTS:-artifacts/test-results}/$name
rm -rf "$results"
"$@" --logger "trx;LogFilePrefix=$name" --results-directory "$results"
status=$?
if [ "$status" -ne 0 ]; then
  python3 "$(dirname "$0")/failed-tests.py" "$results" || true
fi
exit "$status"
