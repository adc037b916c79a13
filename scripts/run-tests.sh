#!/usr/bin/env bash
# The whole test suite, as CI runs it: install packages, build in a clean directory, run ctest.
# Extra arguments go to ctest (e.g. `-L unit`, or `-LE slow` to skip the QEMU boots locally).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build_dir=${DEVASSIGN_BUILD_DIR:-build-tests}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir" --parallel "$(nproc)"
cd "$build_dir"
ctest --output-on-failure --timeout 900 "$@"
