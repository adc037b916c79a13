#!/usr/bin/env bash
# Runs the libFuzzer target for a fixed time over a seed corpus made from the board DTBs.
# Usage: run-fuzz.sh FUZZER DATA_DIR WORK_DIR SECONDS
# libFuzzer exits non-zero on a crash, a sanitizer report or a timeout, and so does this script;
# the crashing input is left in WORK_DIR as crash-* / timeout-* / oom-*.
set -euo pipefail
fuzzer=$1 data=$2 work=$3 seconds=$4
rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/seeds"
cp "$data"/*.dtb "$work/seeds/"
# Small hand-made trees reach the decoding corners much faster than the big board DTBs.
for dts in "$(dirname "$0")"/seeds/*.dts; do
    dtc -q -I dts -O dtb -o "$work/seeds/$(basename "$dts" .dts).dtb" "$dts"
done
# New inputs go to corpus/; the seeds directory stays as committed.
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work/corpus" "$work/seeds"
