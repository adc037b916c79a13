#!/usr/bin/env bash
# Compiles the module (src/) and the simulated platform (sim/) the way they go into Xen for
# arm64: aarch64-linux-gnu-gcc, C11, freestanding, no libc, every warning an error.
# Exit 77 (ctest: skipped) when the cross compiler is missing (scripts/install-deps.sh has it).
# Then checks that no object needs a symbol from outside the module (a libc call slipped in).
set -euo pipefail
hv=$1 out=$2
CC=${AARCH64_CC:-aarch64-linux-gnu-gcc}
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "SKIP: $CC not found (apt-get install gcc-aarch64-linux-gnu)"
    exit 77
fi
mkdir -p "$out"
objs=()
for f in "$hv"/src/*.c "$hv"/sim/*.c; do
    o=$out/$(basename "$f" .c).o
    "$CC" -std=c11 -ffreestanding -nostdlib -Wall -Wextra -Werror -Wdeclaration-after-statement \
        -O2 -I"$hv/src" -c "$f" -o "$o"
    objs+=("$o")
done
NM=${CC%gcc}nm
command -v "$NM" >/dev/null 2>&1 || NM=nm
undefined=$("$NM" -u "${objs[@]}" | awk 'NF == 2 { print $2 }' | sort -u)
defined=$("$NM" --defined-only "${objs[@]}" | awk 'NF == 3 { print $3 }' | sort -u)
outside=$(comm -23 <(echo "$undefined") <(echo "$defined") | grep -v '^$' || true)
if [ -n "$outside" ]; then
    echo "FAIL: the module needs symbols from outside itself: $outside"
    exit 1
fi
echo "freestanding aarch64 build of ${#objs[@]} files: ok, no external symbols"
