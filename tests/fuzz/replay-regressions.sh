#!/usr/bin/env bash
# Replays every input in a regressions directory through a libFuzzer target once (no fuzzing).
# Usage: replay-regressions.sh FUZZER DIR. Fails on the first input that crashes or trips a
# sanitizer; passes (saying so) when DIR has no inputs yet.
set -euo pipefail
fuzzer=$1 dir=$2
shopt -s nullglob
inputs=("$dir"/*)
if [ ${#inputs[@]} -eq 0 ]; then
    echo "no regression inputs in $dir"
    exit 0
fi
# Leaks in system libraries devassign cannot free (libxlutil's parser on a syntax error): tests/lsan.supp.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(cd "$(dirname "$0")/.." && pwd)/lsan.supp}"
exec "$fuzzer" "${inputs[@]}"
