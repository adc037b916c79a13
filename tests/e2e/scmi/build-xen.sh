#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# build-xen.sh CACHE_DIR
#
# Prints the path of a Xen 4.17 arm64 hypervisor built from Debian's source package with
# devassign's SCMI series (hypervisor/xen/series) applied and CONFIG_DEVASSIGN_SCMI_SIM=y.
# Cached per series content: CACHE_DIR/scmi/xen-<sha of the patches>/xen. The source package
# is fetched once with private apt lists (CACHE_DIR/scmi/src-apt; the machine's apt setup is not
# touched) and Xen's code never enters the repository.
# Env: E2E_FETCH_TIMEOUT (seconds per apt step, default 300), XEN_SRC_VERSION (default: the
# first version apt-cache showsrc lists whose files download).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd -P)
SERIES_DIR=$(cd "$HERE/../../../hypervisor/xen" && pwd -P)
die() { echo "build-xen.sh: error: $*" >&2; exit 1; }
log() { echo "build-xen.sh: $*" >&2; }
[ $# -eq 1 ] || { echo "usage: $0 CACHE_DIR" >&2; exit 2; }
mkdir -p "$1/scmi"
C=$(cd "$1/scmi" && pwd -P)
TMO=${E2E_FETCH_TIMEOUT:-300}
for t in apt-get apt-cache tar make flock sha256sum patch aarch64-linux-gnu-gcc flex bison python3; do
    command -v "$t" >/dev/null 2>&1 || die "host tool '$t' is missing (scripts/install-deps.sh)"
done

key=$(cd "$SERIES_DIR" && cat series $(cat series) | sha256sum | cut -c1-16)
OUT=$C/xen-$key
if [ -f "$OUT/xen" ]; then echo "$OUT/xen"; exit 0; fi

exec 9>"$C/.build.lock"
flock -w 1200 9 || die "could not lock $C/.build.lock"
if [ -f "$OUT/xen" ]; then echo "$OUT/xen"; exit 0; fi

# --- the source package, once -------------------------------------------------------------------
SRC=$C/src
if [ ! -f "$SRC/.unpacked" ]; then
    A=$C/src-apt
    mkdir -p "$A/lists/partial" "$SRC"
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$A/src.sources"
    o=(-o Dir::Etc::sourcelist="$A/src.sources" -o Dir::Etc::sourceparts=/nonexistent
       -o Dir::State::Lists="$A/lists" -o Debug::NoLocking=1)
    log "fetching Debian's xen source package (private apt lists in $A)"
    timeout "$TMO" apt-get -q "${o[@]}" update >"$A/update.log" 2>&1 ||
        { cat "$A/update.log" >&2; die "apt-get update (deb-src) failed"; }
    versions=${XEN_SRC_VERSION:-$(timeout "$TMO" apt-cache "${o[@]}" showsrc xen |
        sed -n 's/^Version: \(4\.17\..*\)$/\1/p')}
    [ -n "$versions" ] || die "no xen 4.17 source package in the deb-src lists"
    got=""
    for v in $versions; do
        rm -f "$SRC"/xen_*
        if (cd "$SRC" && timeout "$TMO" apt-get -q "${o[@]}" source --download-only "xen=$v") \
                >"$A/source.log" 2>&1; then got=$v; break; fi
        log "xen=$v did not download, trying the next version"
    done
    [ -n "$got" ] || { cat "$A/source.log" >&2; die "no xen 4.17 source package downloaded"; }
    orig=$(ls "$SRC"/xen_*.orig.tar.*)
    rm -rf "$SRC/tree"
    mkdir -p "$SRC/tree"
    tar -xf "$orig" -C "$SRC/tree" --strip-components=1
    echo "$got" > "$SRC/.unpacked"
    log "unpacked xen $got"
fi

# --- patch and build ----------------------------------------------------------------------------
B=$C/build-$key
rm -rf "$B"
cp -a "$SRC/tree" "$B"
while read -r p; do
    [ -n "$p" ] || continue
    patch -d "$B" -p1 --quiet --forward < "$SERIES_DIR/$p" || die "patch $p does not apply"
done < "$SERIES_DIR/series"
M=(make -C "$B/xen" XEN_TARGET_ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
log "building Xen $(cat "$SRC/.unpacked") with the devassign SCMI series in $B"
"${M[@]}" defconfig >"$B/build.log" 2>&1 || { tail -n 30 "$B/build.log" >&2; die "defconfig failed"; }
cat >> "$B/xen/.config" <<'CFG'
CONFIG_DEVASSIGN_SCMI=y
CONFIG_DEVASSIGN_SCMI_SIM=y
CFG
"${M[@]}" olddefconfig >>"$B/build.log" 2>&1
grep -q '^CONFIG_DEVASSIGN_SCMI_SIM=y' "$B/xen/.config" || die "CONFIG_DEVASSIGN_SCMI_SIM did not stick"
nice "${M[@]}" -j"${E2E_BUILD_JOBS:-2}" >>"$B/build.log" 2>&1 ||
    { grep -E 'error|Error' "$B/build.log" | head -n 20 >&2; die "Xen build failed ($B/build.log)"; }
# Builds of older series are of no further use.
for old in "$C"/xen-*; do [ "$old" = "$OUT" ] || rm -rf "$old"; done
mkdir -p "$OUT"
cp "$B/xen/xen" "$OUT/xen.tmp"
cp "$B/xen/.config" "$OUT/config"
mv "$OUT/xen.tmp" "$OUT/xen"
rm -rf "$B"
log "built $OUT/xen"
echo "$OUT/xen"
