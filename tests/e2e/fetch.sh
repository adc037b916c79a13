#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch.sh CACHE_DIR
#
# Downloads the arm64 guest-side pieces for devassign's end-to-end boots and unpacks them into
# CACHE_DIR, without installing anything and without touching the machine's apt setup: apt runs
# with arm64 as its only architecture and with private lists, cache and status under
# CACHE_DIR/apt (it only reads the machine's sources.list).
#
#   pkg/xen       xen-hypervisor-4.17-arm64          (boot/xen-4.17-arm64)
#   pkg/kernel    linux-image-6.1.0-N-arm64          (boot/vmlinuz-*, the Xen modules + modules.*)
#   pkg/busybox   busybox-static                     (bin/busybox)
#   pkg/userland  xen-utils-4.17 + the libraries xl, xenstored, xenconsoled, xen-init-dom0 need
#   e2e.env       paths of the above, relative to CACHE_DIR (sourced by lib.sh)
#
# Idempotent: once CACHE_DIR/.e2e-fetch-v1 exists (written last), it does nothing and needs no
# network. Env: E2E_FETCH_TIMEOUT (seconds for each apt step, default 300).
set -euo pipefail

STAMP_NAME=.e2e-fetch-v1
die() { echo "fetch.sh: error: $*" >&2; exit 1; }
say() { echo "fetch.sh: $*"; }

[ $# -eq 1 ] || { echo "usage: $0 CACHE_DIR" >&2; exit 2; }
mkdir -p "$1"
CACHE=$(cd "$1" && pwd -P)
STAMP=$CACHE/$STAMP_NAME
TMO=${E2E_FETCH_TIMEOUT:-300}

show_cache() {
    say "cache $CACHE holds:"
    sed 's/^/  /' "$STAMP"
}

# Quick exit before taking the lock.
if [ -f "$STAMP" ] && [ -f "$CACHE/e2e.env" ]; then
    show_cache
    exit 0
fi

for tool in apt-get apt-cache dpkg-deb tar flock timeout; do
    command -v "$tool" >/dev/null || die "host tool '$tool' is missing"
done

# One fetch at a time per cache (parallel ctest runs, two terminals).
exec 9>"$CACHE/.lock"
flock -w "$TMO" 9 || die "could not lock $CACHE/.lock within ${TMO}s"
if [ -f "$STAMP" ] && [ -f "$CACHE/e2e.env" ]; then
    show_cache
    exit 0
fi

APT=$CACHE/apt
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$CACHE/debs"
: > "$APT/status"
APT_OPTS=(
    -o APT::Architecture=arm64
    -o APT::Architectures=arm64
    -o Dir::State::Lists="$APT/lists"
    -o Dir::State::status="$APT/status"
    -o Dir::Cache="$APT/cache"
    -o Debug::NoLocking=1
    -o APT::Sandbox::User="$(id -un)"
    -o Acquire::Retries=2
)
apt_get() { timeout "$TMO" apt-get -q "${APT_OPTS[@]}" "$@"; }
apt_cache() { timeout "$TMO" apt-cache "${APT_OPTS[@]}" "$@"; }

say "updating the arm64 package lists in $APT"
apt_get update >"$APT/update.log" 2>&1 || { cat "$APT/update.log" >&2; die "apt-get update failed"; }

# --- resolve the package names at run time -----------------------------------------------------
XEN_PKG=xen-hypervisor-4.17-arm64
XEN_UTILS=xen-utils-4.17
KERNEL_PKG=$(apt_cache depends linux-image-arm64 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-arm64\)$/\1/p' | head -n1)
if [ -z "$KERNEL_PKG" ]; then
    # The meta package may point elsewhere (backports); take the newest 6.1 flavour instead.
    KERNEL_PKG=$(apt_cache pkgnames linux-image-6.1.0- 2>/dev/null |
        grep -E '^linux-image-6\.1\.0-[0-9]+-arm64$' | sort -V | tail -n1 || true)
fi
[ -n "$KERNEL_PKG" ] || die "no linux-image-6.1.0-*-arm64 package in the arm64 lists"
apt_cache show "$XEN_PKG" >/dev/null 2>&1 || die "$XEN_PKG is not in the arm64 lists"

# Libraries of xen-utils-4.17 (ncurses/tinfo only serve xentop), then their closure.
direct_libs=$(apt_cache depends "$XEN_UTILS" |
    sed -n 's/^ *\(Pre\)\{0,1\}Depends: \([a-z0-9][a-z0-9.+-]*\)$/\2/p' |
    grep -E '^(lib|zlib)' | grep -vE '^(libncurses|libtinfo)' | sort -u)
[ -n "$direct_libs" ] || die "could not resolve the dependencies of $XEN_UTILS"
# shellcheck disable=SC2086
lib_closure=$(apt_cache depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances $direct_libs | grep -E '^[a-z0-9]' | sort -u)
# shellcheck disable=SC2086
USERLAND_PKGS=$(printf '%s\n' "$XEN_UTILS" xen-utils-common xenstore-utils $lib_closure | sort -u)

# --- download --------------------------------------------------------------------------------------
rm -f "$CACHE"/debs/*.deb
# shellcheck disable=SC2086
say "downloading $XEN_PKG $KERNEL_PKG busybox-static and $(echo $USERLAND_PKGS | wc -w) userland packages"
# shellcheck disable=SC2086
(cd "$CACHE/debs" && apt_get download "$XEN_PKG" "$KERNEL_PKG" busybox-static $USERLAND_PKGS) \
    >"$APT/download.log" 2>&1 || { cat "$APT/download.log" >&2; die "apt-get download failed"; }

deb_of() {
    local f
    for f in "$CACHE/debs/$1"_*_arm64.deb "$CACHE/debs/$1"_*_all.deb; do
        [ -f "$f" ] && { echo "$f"; return 0; }
    done
    die "download of $1 produced no .deb"
}

# --- unpack ----------------------------------------------------------------------------------------
rm -rf "$CACHE/pkg" "$CACHE/e2e.env"
mkdir -p "$CACHE/pkg/xen" "$CACHE/pkg/kernel" "$CACHE/pkg/busybox" "$CACHE/pkg/userland"
dpkg-deb -x "$(deb_of "$XEN_PKG")" "$CACHE/pkg/xen"
dpkg-deb -x "$(deb_of busybox-static)" "$CACHE/pkg/busybox"
# The kernel, its config, and only the modules a Xen dom0 loads (the package is ~400 MB unpacked).
dpkg-deb --fsys-tarfile "$(deb_of "$KERNEL_PKG")" | tar -x -C "$CACHE/pkg/kernel" --wildcards \
    './boot/vmlinuz-*' './boot/config-*' './lib/modules/*/kernel/drivers/xen/*' \
    './lib/modules/*/modules.*'
for p in $USERLAND_PKGS; do
    dpkg-deb -x "$(deb_of "$p")" "$CACHE/pkg/userland"
done

KVER=${KERNEL_PKG#linux-image-}
rel_xen=pkg/xen/boot/xen-4.17-arm64
rel_kernel=pkg/kernel/boot/vmlinuz-$KVER
rel_moddir=pkg/kernel/lib/modules/$KVER
rel_busybox=pkg/busybox/bin/busybox
for f in "$rel_xen" "$rel_kernel" "$rel_busybox" pkg/userland/usr/lib/xen-4.17/bin/xl \
         "$rel_moddir/kernel/drivers/xen/xenfs/xenfs.ko"; do
    [ -f "$CACHE/$f" ] || die "unpacked tree lacks $f"
done

# Every shared library the dom0 tools need must be in the userland tree.
if command -v readelf >/dev/null; then
    ul=$CACHE/pkg/userland
    find_lib() {
        local d
        for d in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib; do
            [ -e "$ul/$d/$1" ] && { echo "$ul/$d/$1"; return 0; }
        done
        return 1
    }
    todo=""
    for b in xl xenstored xenconsoled xen-init-dom0; do todo="$todo $ul/usr/lib/xen-4.17/bin/$b"; done
    seen=" "
    missing=""
    while [ -n "${todo// /}" ]; do
        # shellcheck disable=SC2086
        set -- $todo
        cur=$1; shift; todo="$*"
        for so in $(readelf -d "$cur" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
            case "$seen" in *" $so "*) continue ;; esac
            seen="$seen$so "
            if path=$(find_lib "$so"); then todo="$todo $path"; else missing="$missing $so"; fi
        done
    done
    [ -z "$missing" ] || die "userland lacks shared libraries:$missing"
fi

cat > "$CACHE/e2e.env" <<EOF
# Written by tests/e2e/fetch.sh; paths relative to this file's directory.
E2E_REL_XEN=$rel_xen
E2E_REL_KERNEL=$rel_kernel
E2E_REL_MODDIR=$rel_moddir
E2E_REL_BUSYBOX=$rel_busybox
E2E_REL_USERLAND=pkg/userland
E2E_KVER=$KVER
EOF

{
    for p in "$XEN_PKG" "$KERNEL_PKG" busybox-static $USERLAND_PKGS; do
        printf '%s %s\n' "$p" "$(dpkg-deb -f "$(deb_of "$p")" Version)"
    done
} > "$STAMP.tmp"
rm -f "$CACHE"/debs/*.deb
mv "$STAMP.tmp" "$STAMP"
say "fetched and unpacked:"
sed 's/^/  /' "$STAMP"
