#!/usr/bin/env bash
# Runs one SCMI libFuzzer target for a fixed time over its checked-in seed corpus
# (the convention of tests/fuzz/run-fuzz.sh). Usage: run-fuzz.sh FUZZER SEED_DIR WORK_DIR SECONDS
# Non-zero exit on a crash, a sanitizer report or a timeout; the input is left in WORK_DIR.
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 seconds=$4
rm -rf "$work/corpus"
mkdir -p "$work/corpus"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work/corpus" "$seeds"
