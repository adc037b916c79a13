#!/usr/bin/env bash
# Runs one libFuzzer target for a fixed time over its seed corpus.
# Usage: run-fuzz.sh FUZZER NAME WORK_DIR SECONDS [extra libFuzzer options]
#   NAME: hostmodel (seeds: the board DTBs of tests/data plus seeds/*.dts, made here), or a
#   target with a checked-in corpus in tests/fuzz/corpus/NAME (regenerate with make-seeds.py).
# libFuzzer exits non-zero on a crash, a sanitizer report or a timeout, and so does this script;
# the crashing input is left in WORK_DIR as crash-* / timeout-* / oom-* (fix it, then copy it into
# tests/fuzz/regressions/NAME/, where fuzz.NAME.regressions replays it).
set -euo pipefail
fuzzer=$1 name=$2 work=$3 seconds=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
mkdir -p "$work/corpus" "$work/seeds"
rm -rf "$work/seeds"/*
if [ "$name" = hostmodel ]; then
    cp "$data"/*.dtb "$work/seeds/"
    # Small hand-made trees reach the decoding corners much faster than the big board DTBs.
    for dts in "$here"/seeds/*.dts; do
        dtc -q -I dts -O dtb -o "$work/seeds/$(basename "$dts" .dts).dtb" "$dts"
    done
else
    cp "$here/corpus/$name"/* "$work/seeds/"
fi
# Known crashes are seeds too: the fuzzer starts from what once broke.
if [ -d "$here/regressions/$name" ] && ls "$here/regressions/$name"/* >/dev/null 2>&1; then
    cp "$here/regressions/$name"/* "$work/seeds/"
fi
# New inputs go to WORK_DIR/corpus (kept between runs of the same work directory); seeds stay as committed.
# Leaks in system libraries devassign cannot free (libxlutil's parser on a syntax error): tests/lsan.supp.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(cd "$(dirname "$0")/.." && pwd)/lsan.supp}"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/" "$@" "$work/corpus" "$work/seeds"
