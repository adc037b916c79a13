#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch-kmod.sh CACHE_DIR
#
# Prints the path of dwc3-of-simple.ko from the same Debian arm64 kernel package fetch.sh
# unpacked (E2E_KVER of CACHE_DIR/e2e.env). The SCMI guests load it: its driver takes every
# clock, reset and power domain its node names (clk_bulk_get_all, of_reset_control_array_get,
# runtime PM) and touches no registers, so it is a device that "consumes SCMI clocks, a power
# domain and a reset" without hardware behind it. fetch.sh keeps only the Xen modules, so the
# package is downloaded once more (with fetch.sh's private apt state) and only this file kept.
set -euo pipefail
die() { echo "fetch-kmod.sh: error: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $0 CACHE_DIR" >&2; exit 2; }
CACHE=$(cd "$1" && pwd -P)
[ -f "$CACHE/e2e.env" ] || die "run tests/e2e/fetch.sh $CACHE first"
# shellcheck disable=SC1091
. "$CACHE/e2e.env"
OUT=$CACHE/scmi/kmod/$E2E_KVER/dwc3-of-simple.ko
if [ -f "$OUT" ]; then echo "$OUT"; exit 0; fi
mkdir -p "$CACHE/scmi/debs"
exec 9>"$CACHE/scmi/.kmod.lock"
flock -w 600 9 || die "could not lock"
if [ -f "$OUT" ]; then echo "$OUT"; exit 0; fi
APT=$CACHE/apt
(cd "$CACHE/scmi/debs" && timeout "${E2E_FETCH_TIMEOUT:-300}" apt-get -q \
    -o APT::Architecture=arm64 -o APT::Architectures=arm64 -o Dir::State::Lists="$APT/lists" \
    -o Dir::State::status="$APT/status" -o Dir::Cache="$APT/cache" -o Debug::NoLocking=1 \
    -o APT::Sandbox::User="$(id -un)" download "linux-image-$E2E_KVER") >"$CACHE/scmi/kmod.log" 2>&1 ||
    { cat "$CACHE/scmi/kmod.log" >&2; die "apt-get download linux-image-$E2E_KVER failed"; }
deb=$(ls "$CACHE"/scmi/debs/linux-image-"$E2E_KVER"_*.deb)
tmp=$(mktemp -d)
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './lib/modules/*/kernel/drivers/usb/dwc3/dwc3-of-simple.ko'
mkdir -p "$(dirname "$OUT")"
mv "$tmp"/lib/modules/*/kernel/drivers/usb/dwc3/dwc3-of-simple.ko "$OUT"
rm -rf "$tmp" "$deb"
echo "$OUT"
