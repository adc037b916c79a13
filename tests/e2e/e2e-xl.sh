#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-xl.sh [--manual] [--cache DIR] CASE WORKDIR
#
# The xl path: Xen 4.17 boots a Linux 6.1 dom0 from an initramfs; dom0 starts xenstored and
# xenconsoled and runs `xl create /etc/xen/NAME/dom.cfg`; the domU owns a passed-through device.
# Passes only when the guest's marker, taken from xenconsoled's log of the guest console, is
# relayed by dom0 to its console (the QEMU serial line) as `DEVASSIGN-E2E-RELAY ...`.
#
# CASE
#   pl031   domU "rtc" owns /pl031@9010000 (iomem 0x9010,1, irqs 34, no dtdev: no IOMMU);
#           pass on `DEVASSIGN-E2E-RELAY guest-rtc.log: DEVASSIGN-E2E rtc0 date=...` and
#           `... DEVASSIGN-E2E rtc0 irq delivered count=N` (an RTC alarm raised SPI 2 in the guest).
#           The relay is per guest log (guest-rtc.log), so the markers are the rtc domain's.
#
# Default (CLI) mode: devassign (env DEVASSIGN, default devassign in PATH) makes the project with
# `domain add ... --target xl` and exports OUT/NAME/dom.cfg + OUT/NAME/passthrough.dtb. Their
# kernel/ramdisk/device_tree paths must be /etc/xen/NAME/<basename>; dom0's initramfs holds
# /etc/xen/NAME/ with those files. Xen boots from devassign's OUT/xl/host.dtb, which must already
# carry xen,passthrough on the assigned node (checked before anything is added; this script never
# adds it in CLI mode) and Xen's console in xen,xen-bootargs. The script adds only what the boot
# harness knows: the dom0 kernel/ramdisk modules in /chosen, xen,dom0-bootargs and dom0_mem.
# --manual: dom.cfg, the partial DTB and the host DTB's xen,passthrough are written here, as a
# proof of the boot machinery.
#
# --cache DIR (default $DEVASSIGN_E2E_CACHE, else WORKDIR/cache) is filled by fetch.sh if needed.
# Env: E2E_TIMEOUT (seconds for the boot, default 120).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd -P)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

e2e_parse_args "$0" "pl031" "$@"   # sets MANUAL, CACHE, CASE, WORK
T0=$SECONDS

e2e_prepare   # tools, the devassign CLI (unless --manual), the guest package cache

rm -rf "${WORK:?}/out" "${WORK:?}/manual" "${WORK:?}/etc" "$WORK"/*.log "$WORK"/*.devassign.json \
       "$WORK/virt.dtb" "$WORK/host.dtb" "$WORK/domu.cpio.gz" "$WORK/dom0.cpio.gz"
OUT=$WORK/out
dump_virt_dtb "$WORK/virt.dtb"
make_domu_initramfs "$WORK/domu.cpio.gz"

NAME=rtc
NODE=/pl031@9010000
GUEST_BOOTARGS="console=hvc0 rdinit=/init"
# --manual only: in CLI mode Xen's command line is devassign's (OUT/xl/host.dtb) plus dom0_mem.
XEN_BOOTARGS="console=dtuart dtuart=/pl011@9000000 dom0_mem=768M bootscrub=0"
DOM0_BOOTARGS="console=hvc0 rdinit=/init"
DOM0_EXPECT=()
# Where the dom0 kernel and initramfs go; fixed here, this script owns /chosen for dom0.
DOM0_KERNEL_ADDR=$((0x50000000))
DOM0_RAMDISK_ADDR=$((0x60000000))

run_cli() {
    echo "+ devassign $*" >&2
    "$DEVASSIGN" "$@"
}

# --- the domU's files: dom.cfg + partial DTB -------------------------------------------------------
if [ -n "$MANUAL" ]; then
    mkdir -p "$OUT/$NAME" "$WORK/manual"
    cat > "$WORK/manual/passthrough.dts" <<'EOF'
/dts-v1/;
/ {
    #address-cells = <2>;
    #size-cells = <2>;
    passthrough {
        compatible = "simple-bus";
        ranges;
        #address-cells = <2>;
        #size-cells = <2>;
        apb-pclk {
            compatible = "fixed-clock";
            #clock-cells = <0>;
            clock-frequency = <24000000>;
            clock-output-names = "clk24mhz";
            phandle = <0x8000>;
        };
        pl031@9010000 {
            compatible = "arm,pl031", "arm,primecell";
            reg = <0x0 0x9010000 0x0 0x1000>;
            interrupts = <0x0 0x2 0x4>;
            interrupt-parent = <65000>;
            clocks = <0x8000>;
            clock-names = "apb_pclk";
        };
    };
};
EOF
    dtc -q -I dts -O dtb -o "$OUT/$NAME/passthrough.dtb" "$WORK/manual/passthrough.dts"
    cat > "$OUT/$NAME/dom.cfg" <<EOF
name = "$NAME"
type = "pvh"
uuid = "d0d0e2e0-0000-4000-8000-000000000001"
kernel = "/etc/xen/$NAME/$(basename "$E2E_KERNEL")"
ramdisk = "/etc/xen/$NAME/domu.cpio.gz"
extra = "$GUEST_BOOTARGS"
memory = 256
vcpus = 1
device_tree = "/etc/xen/$NAME/passthrough.dtb"
iomem = [ "0x9010,1" ]
irqs = [ 34 ]
EOF
    cp "$WORK/virt.dtb" "$WORK/host-base.dtb"
    fdtput "$WORK/host-base.dtb" "$NODE" xen,passthrough ""
else
    P=$WORK/p.devassign.json
    run_cli new "$WORK/virt.dtb" -o "$P"
    run_cli domain add "$P" "$NAME" --memory 256M --vcpus 1 --kernel "$E2E_KERNEL" \
        --ramdisk "$WORK/domu.cpio.gz" --bootargs "$GUEST_BOOTARGS" --target xl
    run_cli assign "$P" "$NAME" "$NODE"
    rc=0; run_cli check "$P" || rc=$?
    [ "$rc" -eq 0 ] || e2e_die "devassign check exited $rc on a valid project"
    run_cli export "$P" -o "$OUT" || e2e_die "devassign export failed (exit $?)"
    for f in dom.cfg passthrough.dtb; do
        [ -f "$OUT/$NAME/$f" ] || e2e_die "export wrote no $OUT/$NAME/$f"
    done
    # The host DTB is devassign's, as exported: the mark must be there before anything is added.
    XL_HOST=$OUT/xl/host.dtb
    [ -f "$XL_HOST" ] || e2e_die "export wrote no $XL_HOST"
    fdtget "$XL_HOST" "$NODE" xen,passthrough >/dev/null 2>&1 ||
        e2e_die "$XL_HOST lacks xen,passthrough on $NODE (dom0 would own it: IRQ 34 already used by domain 0)"
    e2e_log "$XL_HOST: $NODE carries xen,passthrough"
    # Xen's console comes from devassign too; only dom0's memory is the harness's.
    exported_args=$(fdtget -t s "$XL_HOST" /chosen xen,xen-bootargs 2>/dev/null) ||
        e2e_die "$XL_HOST has no /chosen xen,xen-bootargs"
    case " $exported_args " in
        *" console=dtuart "*) ;;
        *) e2e_die "$XL_HOST: xen,xen-bootargs \"$exported_args\" has no console=dtuart" ;;
    esac
    XEN_BOOTARGS="$exported_args dom0_mem=768M"
    # dom0's own command line plus the flags devassign wrote (rule dom0-gates-clocks says to keep
    # them); dom0 prints /proc/cmdline, and the boot must show them there.
    dom0_flags=$(e2e_dom0_clock_flags "$XL_HOST" "$XL_HOST") || exit 1
    DOM0_BOOTARGS="$DOM0_BOOTARGS $dom0_flags"
    DOM0_EXPECT=(--expect "DEVASSIGN-E2E-INFO dom0 cmdline: .*clk_ignore_unused pd_ignore_unused")
    cp "$XL_HOST" "$WORK/host-base.dtb"
fi
echo "---- $OUT/$NAME/dom.cfg"; cat "$OUT/$NAME/dom.cfg"; echo "----"

# --- /etc/xen/NAME on the target, from the paths dom.cfg names -------------------------------------
cfg_value() {        # cfg_value KEY -> the string value of `KEY = "..."` in dom.cfg
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" "$OUT/$NAME/dom.cfg" | tail -n1
}
ETC=$WORK/etc/$NAME
mkdir -p "$ETC"
cp "$OUT/$NAME/dom.cfg" "$ETC/dom.cfg"
place() {            # place KEY SOURCE_FILE
    local v
    v=$(cfg_value "$1")
    [ -n "$v" ] || e2e_die "dom.cfg has no $1 = \"...\""
    case $v in
        "/etc/xen/$NAME/"*) ;;
        *) e2e_die "dom.cfg $1 = \"$v\" is not under /etc/xen/$NAME/ (the target path)" ;;
    esac
    [ "$(basename "$v")" = "$(basename "$2")" ] ||
        e2e_die "dom.cfg $1 = \"$v\" does not keep the basename of $2"
    cp "$2" "$ETC/$(basename "$v")"
}
place kernel "$E2E_KERNEL"
place ramdisk "$WORK/domu.cpio.gz"
v=$(cfg_value device_tree)
case $v in "/etc/xen/$NAME/"*) ;; *) e2e_die "dom.cfg device_tree = \"$v\" is not under /etc/xen/$NAME/" ;; esac
cp "$OUT/$NAME/passthrough.dtb" "$ETC/$(basename "$v")"
grep -Eq '^[[:space:]]*uuid[[:space:]]*=' "$ETC/dom.cfg" ||
    e2e_log "warning: dom.cfg has no uuid; xl create stalls ~3 s for entropy in dom0"

# --- dom0 and the host DTB -------------------------------------------------------------------------
make_dom0_initramfs "$WORK/dom0.cpio.gz" "$NAME" "$ETC"
ksz=$(e2e_fsize "$E2E_KERNEL")
rsz=$(e2e_fsize "$WORK/dom0.cpio.gz")
[ $((DOM0_KERNEL_ADDR + ksz)) -le "$DOM0_RAMDISK_ADDR" ] || e2e_die "dom0 kernel too big for the layout"
[ $((DOM0_RAMDISK_ADDR + rsz)) -le "$E2E_RAM_END" ] || e2e_die "dom0 initramfs too big ($rsz bytes)"
HOST=$WORK/host.dtb
# Room for the new properties (fdtput grows the blob itself, but be generous).
dtc -q -I dtb -O dtb -p 4096 -o "$HOST" "$WORK/host-base.dtb"
km=/chosen/module@$(printf '%x' "$DOM0_KERNEL_ADDR")
rm_=/chosen/module@$(printf '%x' "$DOM0_RAMDISK_ADDR")
fdtput -t u "$HOST" /chosen '#address-cells' 1
fdtput -t u "$HOST" /chosen '#size-cells' 1
fdtput -t s "$HOST" /chosen xen,xen-bootargs "$XEN_BOOTARGS"
fdtput -t s "$HOST" /chosen xen,dom0-bootargs "$DOM0_BOOTARGS"
fdtput -c "$HOST" "$km" "$rm_"
fdtput -t s "$HOST" "$km" compatible multiboot,kernel multiboot,module
fdtput -t x "$HOST" "$km" reg "$(printf '%x' "$DOM0_KERNEL_ADDR")" "$(printf '%x' "$ksz")"
fdtput -t s "$HOST" "$rm_" compatible multiboot,ramdisk multiboot,module
fdtput -t x "$HOST" "$rm_" reg "$(printf '%x' "$DOM0_RAMDISK_ADDR")" "$(printf '%x' "$rsz")"

RELAY_RE="DEVASSIGN-E2E-RELAY guest-$NAME\\.log: DEVASSIGN-E2E rtc0 date=[0-9]{4}-[0-9]{2}-[0-9]{2}"
RELAY_IRQ_RE="DEVASSIGN-E2E-RELAY guest-$NAME\\.log: DEVASSIGN-E2E rtc0 irq delivered count=[1-9][0-9]*"
boot_qemu --expect "$RELAY_RE" --expect "$RELAY_IRQ_RE" "${DOM0_EXPECT[@]}" --fail 'libxl: error' --end-n 1 'DEVASSIGN-E2E-DOM0-DONE' \
    "$WORK/console.log" "$HOST" -- \
    -device "loader,file=$E2E_KERNEL,addr=$(e2e_hex "$DOM0_KERNEL_ADDR"),force-raw=on" \
    -device "loader,file=$WORK/dom0.cpio.gz,addr=$(e2e_hex "$DOM0_RAMDISK_ADDR"),force-raw=on" ||
    e2e_die "xl $CASE: no relayed rtc0 date + irq-delivered markers (console: $WORK/console.log)"
grep -aE "$RELAY_RE|$RELAY_IRQ_RE" "$WORK/console.log" | tr -d '\r'
echo "PASS e2e-xl $CASE${MANUAL:+ (manual)} in $((SECONDS - T0))s (boot ${E2E_BOOT_SECONDS:-0}s)"
