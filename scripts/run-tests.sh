#!/usr/bin/env bash
# The whole test suite, as CI runs it: install packages, build in a clean directory, run ctest;
# then the asan preset (CMakePresets.json: ASan + UBSan, build-asan/) and its unit + gui suites.
# Extra arguments go to the first ctest (e.g. `-L unit`, or `-LE slow` to skip the QEMU boots locally).
# DEVASSIGN_CI_ASAN=0 skips the sanitizer run. Each part's time is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build_dir=${DEVASSIGN_BUILD_DIR:-build-tests}
jobs=$(nproc)
t0=$(date +%s)
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir" --parallel "$jobs"
t1=$(date +%s)
status=0
(cd "$build_dir" && ctest --output-on-failure --timeout 900 "$@") || status=$?
t2=$(date +%s)
timing="build $((t1 - t0)) s, ctest $((t2 - t1)) s"

if [ "${DEVASSIGN_CI_ASAN:-1}" != 0 ]; then
    cmake --preset asan
    cmake --build --preset asan --parallel "$jobs"
    t3=$(date +%s)
    # The test preset runs -L "unit|gui" with ASAN_OPTIONS/UBSAN_OPTIONS (any finding fails).
    ctest --preset asan --timeout 900 -j "$jobs" || status=$?
    t4=$(date +%s)
    timing="$timing; asan: build $((t3 - t2)) s, ctest -L \"unit|gui\" $((t4 - t3)) s"
fi
echo "run-tests: $timing"
exit "$status"
