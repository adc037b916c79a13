#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install every system package, build devassign,
# and run it on the bundled example (QEMU's virt machine, the board the e2e tests boot).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel "$(nproc)"
echo
echo "== devassign inspect examples/qemu-virt-gicv3.dtb --node /pl031@9010000"
build/app/devassign inspect examples/qemu-virt-gicv3.dtb --node /pl031@9010000
