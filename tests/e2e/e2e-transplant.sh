#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-transplant.sh [--cache DIR] [--xl] [--ack RULE]... [--expect-refusal RULE] BOARD.dtb WORK NODE...
#
# A real board's devices through devassign into a real Xen 4.17 under QEMU virt:
#  1. transplant.py graft: each NODE of BOARD.dtb, with its subtree, its ancestors (buses with
#     their `ranges`) and every phandle provider it names (clocks, resets, power domains, pin
#     groups, syscons, ...), is copied into QEMU virt's own DTB at the same path. Interrupts go to
#     virt's GIC (SPIs virt lacks or uses are renumbered); a top bus whose devices would sit on
#     QEMU's RAM/devices gets its `ranges` shifted by 64 GiB. `iommus` are not grafted (WORK/graft.txt
#     lists every copied node, SPI and shift).
#  2. devassign new / domain add (domain "tp", --target dom0less or xl) / assign NODE... /
#     ack dma-without-iommu (QEMU has no IOMMU: the export must force the assignment) and each
#     --ack RULE / check / export.
#  3. Boot: dom0less (OUT/dom0less/host.dtb, modules from /chosen/tp), or with --xl a Linux dom0
#     that runs `xl create` (OUT/xl/host.dtb; the grafted provider nodes, hardware QEMU lacks, get
#     xen,passthrough here so that dom0 leaves them alone).
#  4. Pass only when Xen built the domain (no panic, no "xen,reg or xen,path missing", no
#     "Device tree generation failed"), the guest booted and dumped /proc/device-tree/passthrough,
#     and that dump equals the exported partial DTB's /passthrough without xen,* properties:
#     every property byte for byte, phandle-valued ones by the node they point to
#     (transplant.py compare).
#
# --expect-refusal RULE: the negative form. `devassign check` must report RULE as an error and
# `devassign export` must refuse (non-zero, nothing written); then `export --force` is booted and
# the case passes only when Xen fails to build the domain ("Device tree generation failed" and
# "Could not set up domain", or a Xen panic).
#
# Exit 0 only on pass; the last line says PASS or what failed. Env: DEVASSIGN (the CLI),
# DEVASSIGN_E2E_CACHE (default cache), E2E_TIMEOUT (seconds per boot).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd -P)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
PY=/usr/bin/python3
TP=$HERE/transplant.py

usage() { awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0" >&2; exit 2; }
MANUAL=""
CACHE=${DEVASSIGN_E2E_CACHE:-}
XL=""
ACKS=(dma-without-iommu)
REFUSAL=""
while [ $# -gt 0 ]; do
    case $1 in
        --cache) CACHE=$2; shift 2 ;;
        --xl) XL=1; shift ;;
        --ack) ACKS+=("$2"); shift 2 ;;
        --expect-refusal) REFUSAL=$2; shift 2 ;;
        -h|--help) usage ;;
        -*) echo "unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
[ $# -ge 3 ] || usage
BOARD=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
mkdir -p "$2"
WORK=$(cd "$2" && pwd -P)
shift 2
NODES=("$@")
CACHE=${CACHE:-$WORK/cache}
T0=$SECONDS
[ -f "$BOARD" ] || e2e_die "no board DTB $BOARD"
$PY -c 'import libfdt' 2>/dev/null || e2e_die "python3-libfdt is missing (scripts/install-deps.sh)"
e2e_prepare

rm -rf "${WORK:?}/out" "${WORK:?}/etc" "$WORK"/*.log "$WORK"/*.devassign.json "$WORK"/*.dtb \
       "$WORK"/*.cpio.gz "$WORK"/*.txt "$WORK"/*.out
OUT=$WORK/out
NAME=tp
P=$WORK/p.devassign.json

# --- 1. graft ----------------------------------------------------------------------------------------
dump_virt_dtb "$WORK/virt.dtb"
$PY "$TP" graft "$BOARD" "$WORK/virt.dtb" "$WORK/host.dtb" "${NODES[@]}" --report "$WORK/graft.txt" \
    > /dev/null 2> "$WORK/graft.err" || e2e_die "graft: $(tail -n1 "$WORK/graft.err")"
e2e_log "grafted $(grep -c '^copied ' "$WORK/graft.txt") nodes of $(basename "$BOARD") into virt ($WORK/graft.txt):"
grep -E '^(spi|shift|mmio|dropped) ' "$WORK/graft.txt" | sed 's/^/    /' >&2
dtc -q -I dtb -O dts -o "$WORK/host.dts" "$WORK/host.dtb"

# --- 2. devassign ------------------------------------------------------------------------------------
run_cli() { echo "+ devassign $*" >&2; "$DEVASSIGN" "$@"; }
if [ -n "$XL" ]; then
    TARGET=xl; BOOTARGS="console=hvc0 rdinit=/init"
else
    TARGET=dom0less; BOOTARGS="console=ttyAMA0 rdinit=/init"
fi
make_domu_initramfs "$WORK/domu.cpio.gz" --dt-dump
run_cli new "$WORK/host.dtb" -o "$P" >/dev/null || e2e_die "devassign new failed on the grafted DTB"
run_cli domain add "$P" "$NAME" --memory 256M --vcpus 1 --kernel "$E2E_KERNEL" \
    --ramdisk "$WORK/domu.cpio.gz" --bootargs "$BOOTARGS" --vpl011 --target "$TARGET" >/dev/null ||
    e2e_die "devassign domain add failed"
run_cli assign "$P" "$NAME" "${NODES[@]}" > "$WORK/assign.out" 2>&1 ||
    e2e_die "devassign assign refused: $(tail -n1 "$WORK/assign.out")"
for r in "${ACKS[@]}"; do
    run_cli ack "$P" "$r" --note "e2e transplant: QEMU virt has no IOMMU for grafted devices" >/dev/null ||
        e2e_die "devassign ack $r failed"
done
rc=0
run_cli check "$P" > "$WORK/check.out" 2>&1 || rc=$?
sed 's/^/    /' "$WORK/check.out" >&2
REFUSAL_FAIL=""   # what devassign did wrong in --expect-refusal mode; the boot still runs, for the report
if [ -n "$REFUSAL" ]; then
    if [ "$rc" -ne 1 ] || ! grep -q "^error\\[$REFUSAL\\]" "$WORK/check.out"; then
        REFUSAL_FAIL="devassign check exited $rc without error[$REFUSAL]"
    fi
    rc=0
    run_cli export "$P" -o "$OUT" > "$WORK/export.out" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then
        REFUSAL_FAIL="${REFUSAL_FAIL:+$REFUSAL_FAIL; }devassign export succeeded (exit 0) on it"
        rm -rf "${OUT:?}"
    elif [ -e "$OUT" ]; then
        e2e_die "devassign export refused (exit $rc) but wrote $OUT"
    else
        e2e_log "export refused (exit $rc): $(tail -n1 "$WORK/export.out")"
    fi
    run_cli export "$P" -o "$OUT" --force > "$WORK/export.out" 2>&1 ||
        e2e_die "devassign export --force failed: $(tail -n1 "$WORK/export.out")"
else
    [ "$rc" -eq 0 ] || e2e_die "devassign check exited $rc: $(grep -m1 '^error' "$WORK/check.out" || tail -n1 "$WORK/check.out")"
    run_cli export "$P" -o "$OUT" > "$WORK/export.out" 2>&1 ||
        e2e_die "devassign export failed: $(tail -n1 "$WORK/export.out")"
fi
PD=$OUT/$NAME/passthrough.dtb
[ -f "$PD" ] || e2e_die "export wrote no $PD"
dtc -q -I dtb -O dts -o "$WORK/partial.dts" "$PD"
e2e_log "partial DTB $PD: $(e2e_fsize "$PD") bytes"

XEN_FAILS=(--fail 'xen,reg or xen,path missing' --fail 'Device tree generation failed'
           --fail 'Could not set up domain' --fail 'Unable to (permit|map|route|assign)'
           --fail 'Failed to (assign|map|route)')
BAD_DT_RE='(Device tree generation failed|Could not set up domain|Panic on CPU)'

# --- 3./4. boot and compare ----------------------------------------------------------------------------
if [ -z "$XL" ]; then
    HOST=$OUT/dom0less/host.dtb
    [ -f "$HOST" ] || e2e_die "export wrote no $HOST"
    E2E_DOMMAP=$WORK/dommap.txt e2e_dom0less_loaders "$HOST" "$E2E_KERNEL" "$WORK/domu.cpio.gz" \
        "$NAME=$PD" > "$WORK/loaders.txt"
    mapfile -t loaders < "$WORK/loaders.txt"
    if [ -n "$REFUSAL" ]; then
        boot_qemu --expect "$BAD_DT_RE" --expect-n 1 'Device tree generation failed' \
            --end-n 1 'DEVASSIGN-E2E-END' "$WORK/console.log" "$HOST" -- "${loaders[@]}" ||
            e2e_die "Xen did not fail to build the domain from the forced export (${REFUSAL_FAIL:+also: $REFUSAL_FAIL; }console: $WORK/console.log)"
        grep -aE "$BAD_DT_RE" "$WORK/console.log" | tr -d '\r' | head -n 3
        [ -z "$REFUSAL_FAIL" ] || e2e_die "Xen failed as expected on the $(e2e_fsize "$PD")-byte partial DTB, but $REFUSAL_FAIL"
        echo "PASS e2e-transplant $(basename "$BOARD") ${NODES[*]}: devassign refused ($REFUSAL) and Xen failed on the forced export, in $((SECONDS - T0))s (boot ${E2E_BOOT_SECONDS}s)"
        exit 0
    fi
    boot_qemu --expect 'DEVASSIGN-E2E-DT-DONE' --expect 'DEVASSIGN-E2E-END' "${XEN_FAILS[@]}" \
        --end-n 1 'DEVASSIGN-E2E-END' "$WORK/console.log" "$HOST" -- "${loaders[@]}" ||
        e2e_die "boot: $(grep -aE -m1 'xen,reg or xen,path|generation failed|Could not set up|Panic|Kernel panic|Unable to|Failed to' "$WORK/console.log" | tr -d '\r' || echo "no guest dump (console: $WORK/console.log)")"
    id=$(e2e_domid_of "$WORK/console.log" "$WORK/dommap.txt" "$NAME")
    e2e_owner_check "$WORK/console.log" "$WORK/dommap.txt" "$NAME" 'DEVASSIGN-E2E-DT-DONE' "guest dump" >&2
    $PY "$TP" compare "$PD" "$WORK/console.log" --dom "$id" --host "$WORK/host.dtb" "${NODES[@]}" > "$WORK/compare.txt" || {
        cat "$WORK/compare.txt"
        e2e_die "the guest's /passthrough differs from the partial DTB: $(tail -n1 "$WORK/compare.txt"); first: $(grep -m1 '^DIFF' "$WORK/compare.txt")$(grep -m1 '^NOTE' "$WORK/compare.txt" | sed 's/^NOTE/; note:/')"
    }
else
    [ -z "$REFUSAL" ] || e2e_die "--expect-refusal is dom0less only"
    XL_HOST=$OUT/xl/host.dtb
    [ -f "$XL_HOST" ] && [ -f "$OUT/$NAME/dom.cfg" ] || e2e_die "export wrote no $XL_HOST or $OUT/$NAME/dom.cfg"
    for n in "${NODES[@]}"; do
        fdtget "$XL_HOST" "$n" xen,passthrough >/dev/null 2>&1 || e2e_die "$XL_HOST lacks xen,passthrough on $n"
    done
    cat "$OUT/$NAME/dom.cfg" >&2
    HOST=$WORK/boot-host.dtb
    dtc -q -I dtb -O dtb -p 8192 -o "$HOST" "$XL_HOST"
    $PY "$TP" disable-grafted "$HOST" "$WORK/graft.txt" "${NODES[@]}" >&2
    # /etc/xen/tp: the files dom.cfg names, under their basenames.
    ETC=$WORK/etc/$NAME
    mkdir -p "$ETC"
    cp "$OUT/$NAME/dom.cfg" "$ETC/"
    for key in kernel ramdisk device_tree; do
        v=$(sed -n "s/^[[:space:]]*$key[[:space:]]*=[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" "$OUT/$NAME/dom.cfg" | tail -n1)
        case $v in "/etc/xen/$NAME/"*) ;; *) e2e_die "dom.cfg $key = \"$v\" is not under /etc/xen/$NAME/" ;; esac
        case $key in kernel) src=$E2E_KERNEL ;; ramdisk) src=$WORK/domu.cpio.gz ;; *) src=$PD ;; esac
        cp "$src" "$ETC/$(basename "$v")"
    done
    make_dom0_initramfs "$WORK/dom0.cpio.gz" "$NAME" "$ETC"
    ka=$((0x50000000)); ra=$((0x60000000))
    ksz=$(e2e_fsize "$E2E_KERNEL"); rsz=$(e2e_fsize "$WORK/dom0.cpio.gz")
    [ $((ra + rsz)) -le "$E2E_RAM_END" ] || e2e_die "dom0 initramfs too big"
    args=$(fdtget -t s "$HOST" /chosen xen,xen-bootargs 2>/dev/null) || e2e_die "$XL_HOST has no xen,xen-bootargs"
    km=/chosen/module@$(printf '%x' $ka); rm_=/chosen/module@$(printf '%x' $ra)
    fdtput -t u "$HOST" /chosen '#address-cells' 1
    fdtput -t u "$HOST" /chosen '#size-cells' 1
    fdtput -t s "$HOST" /chosen xen,xen-bootargs "$args dom0_mem=768M"
    # dom0's own command line plus the two flags devassign wrote (rule dom0-gates-clocks: a dom0
    # that switches unused clocks off would stop the grafted devices' clocks), not the rest of
    # the exported line, whose console is the board's; dom0 prints /proc/cmdline, and the boot
    # must show them there.
    e2e_dom0_clock_flags "$HOST" "$XL_HOST" >/dev/null || exit 1
    fdtput -t s "$HOST" /chosen xen,dom0-bootargs "console=hvc0 rdinit=/init clk_ignore_unused pd_ignore_unused"
    fdtput -c "$HOST" "$km" "$rm_"
    fdtput -t s "$HOST" "$km" compatible multiboot,kernel multiboot,module
    fdtput -t x "$HOST" "$km" reg "$(printf '%x' $ka)" "$(printf '%x' "$ksz")"
    fdtput -t s "$HOST" "$rm_" compatible multiboot,ramdisk multiboot,module
    fdtput -t x "$HOST" "$rm_" reg "$(printf '%x' $ra)" "$(printf '%x' "$rsz")"
    boot_qemu --expect "RELAY guest-$NAME\\.log: DEVASSIGN-E2E-DT-DONE" --expect 'DEVASSIGN-E2E-DOM0-DONE' \
        --expect "DEVASSIGN-E2E-INFO dom0 cmdline: .*clk_ignore_unused pd_ignore_unused" \
        --fail 'libxl: error' "${XEN_FAILS[@]}" --end-n 1 'DEVASSIGN-E2E-DOM0-DONE' \
        "$WORK/console.log" "$HOST" -- \
        -device "loader,file=$E2E_KERNEL,addr=$(e2e_hex $ka),force-raw=on" \
        -device "loader,file=$WORK/dom0.cpio.gz,addr=$(e2e_hex $ra),force-raw=on" ||
        e2e_die "xl boot: $(grep -aE -m1 'libxl: error|xen,reg or xen,path|Panic|Kernel panic|DOM0-ERROR|Unable to|Failed to' "$WORK/console.log" | tr -d '\r' || echo "no relayed guest dump (console: $WORK/console.log)")"
    $PY "$TP" compare "$PD" "$WORK/console.log" --relay "$NAME" --host "$WORK/host.dtb" "${NODES[@]}" > "$WORK/compare.txt" || {
        cat "$WORK/compare.txt"
        e2e_die "the guest's /passthrough differs from the partial DTB: $(tail -n1 "$WORK/compare.txt"); first: $(grep -m1 '^DIFF' "$WORK/compare.txt")$(grep -m1 '^NOTE' "$WORK/compare.txt" | sed 's/^NOTE/; note:/')"
    }
fi
cat "$WORK/compare.txt"
echo "PASS e2e-transplant $(basename "$BOARD") ${NODES[*]}${XL:+ (xl)} in $((SECONDS - T0))s (boot ${E2E_BOOT_SECONDS}s)"
