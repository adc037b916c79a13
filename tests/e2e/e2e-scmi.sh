#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-scmi.sh [--cache DIR] CASE WORKDIR
#
# Boots Xen 4.17 built from Debian's source with devassign's SCMI series (hypervisor/xen) and
# its simulated SCMI platform, under QEMU's virt board, dom0less, and passes only on the
# expected behaviour (tests/e2e/scmi/check_run.py judges the console log):
#
# CASE
#   guests  two Linux guests (scmi-a = d1, scmi-b = d2), each with its own SCMI channel and a
#           device (dwc3-of-simple) that consumes SCMI clocks, a power domain and resets;
#           Linux's own SCMI drivers probe from the guest DT. Pass when each guest's
#           /sys/kernel/debug/clk/clk_summary holds exactly its policy's clocks, the consumer
#           bound (the platform saw its clock enables, rate set, power-on and resets), and no
#           message outside a guest's policy reached the platform.
#   rogue   the freestanding hostile guest of tests/e2e/scmi/rogue (2 vCPUs): privileged BASE
#           messages, foreign ids, wrong lengths/types, reserved header bits, a FREE channel,
#           and a second vCPU rewriting the channel during calls. Pass when all are DENIED and
#           the platform saw only the one message its policy allows.
#
# Inputs (the SWAP POINT, function make_inputs below): OUT/scmi-policy.bin,
# OUT/<domain>/passthrough.dtb and OUT/dom0less/host.dtb. For 'guests' `devassign export` writes
# them (SCMI_INPUTS=devassign, the default): a project on QEMU's DTB plus an SCMI agent and the
# consumers of tests/e2e/scmi/guests.json (scmi/host_dts.py), Xen 4.17 with the mediator on, one
# consumer per domain; devassign derives the policy. 'rogue' needs a hand-made policy (one
# allowed message), so tests/e2e/scmi/gen_inputs.py writes its inputs from rogue.json
# (SCMI_INPUTS=generator, also possible for 'guests'). The boot reads every module address back
# from OUT/dom0less/host.dtb, whoever wrote it.
#
# --cache DIR (default $DEVASSIGN_E2E_CACHE, else WORKDIR/cache): fetch.sh's cache; the patched
# Xen is built into DIR/scmi once per series content (~30 s), the kernel module fetched once.
# Env: E2E_TIMEOUT (seconds for the boot, default 120).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd -P)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
S=$HERE/scmi

e2e_parse_args "$0" "guests rogue" "$@"   # sets MANUAL, CACHE, CASE, WORK
T0=$SECONDS
# 'guests' comes from a devassign project (needs the CLI); 'rogue' from gen_inputs.py (no CLI).
if [ "$CASE" = guests ]; then SCMI_INPUTS=${SCMI_INPUTS:-devassign}; else SCMI_INPUTS=${SCMI_INPUTS:-generator}; fi
[ "$SCMI_INPUTS" != generator ] || MANUAL=1
e2e_prepare
e2e_need python3 aarch64-linux-gnu-gcc aarch64-linux-gnu-objcopy
SCMI_XEN=$("$S/build-xen.sh" "$CACHE") || e2e_die "could not build the patched Xen"
KMOD=$("$S/fetch-kmod.sh" "$CACHE") || e2e_die "could not fetch dwc3-of-simple.ko"
E2E_XEN=$SCMI_XEN       # boot_qemu boots this one instead of Debian's binary
e2e_log "patched Xen: $SCMI_XEN ($(( SECONDS - T0 ))s)"

rm -rf "$WORK/out" "$WORK"/*.log "$WORK/virt.dtb" "$WORK/domu.cpio.gz" "$WORK/rogue" "$WORK/project"
OUT=$WORK/out
dump_virt_dtb "$WORK/virt.dtb"

# --- guests ----------------------------------------------------------------------------------
make_scmi_initramfs() {     # OUT: busybox, dwc3-of-simple.ko and an /init that reports SCMI
    local out=$1 root
    root=$(mktemp -d "${TMPDIR:-/tmp}/e2e-scmi-root.XXXXXX")
    e2e__busybox_root "$root"
    mkdir -p "$root/lib/modules"
    install -m 0644 "$KMOD" "$root/lib/modules/dwc3-of-simple.ko"
    cat > "$root/init" <<'INIT'
#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
echo "DEVASSIGN-E2E-INFO init up: $(uname -r)"
insmod /lib/modules/dwc3-of-simple.ko || echo "DEVASSIGN-E2E-ERROR insmod dwc3-of-simple.ko failed"
i=0
while [ $i -lt 20 ]; do
    ls /sys/bus/platform/drivers/dwc3-of-simple 2>/dev/null | grep -q scmi-consumer && break
    sleep 1
    i=$((i + 1))
done
if ls /sys/bus/platform/drivers/dwc3-of-simple 2>/dev/null | grep -q scmi-consumer; then
    echo "DEVASSIGN-E2E consumer bound"
else
    echo "DEVASSIGN-E2E-INFO consumer not bound"
fi
# clk_summary: two header lines and a rule, then one line per clock (6.1 adds a
# "deviceless no_connection_id" line per consumer under it: not a clock).
tail -n +4 /sys/kernel/debug/clk/clk_summary | while read -r name en pr prot rate rest; do
    case $en in ''|*[!0-9]*) continue ;; esac
    echo "DEVASSIGN-E2E clk name=$name enable=$en prepare=$pr rate=$rate"
done
sed 's/^/DEVASSIGN-E2E-INFO genpd: /' /sys/kernel/debug/pm_genpd/pm_genpd_summary 2>/dev/null
dmesg | grep -iE 'scmi|dwc3' | sed 's/^/DEVASSIGN-E2E-INFO dmesg: /'
echo "DEVASSIGN-E2E-END"
sync
poweroff -f
INIT
    chmod 0755 "$root/init"
    e2e__pack "$root" "$out"
    rm -rf "$root"
}

build_rogue() {             # the freestanding guest, as an arm64 Image
    mkdir -p "$WORK/rogue"
    aarch64-linux-gnu-gcc -std=c11 -O2 -ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align \
        -fno-pie -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wall -Wextra -Werror \
        -T "$S/rogue/rogue.lds" "$S/rogue/start.S" "$S/rogue/rogue.c" -o "$WORK/rogue/rogue.elf" ||
        e2e_die "could not build the rogue guest"
    aarch64-linux-gnu-objcopy -O binary "$WORK/rogue/rogue.elf" "$WORK/rogue/Image"
}

# The guests case as a user would make it: project, platform with the mediator, one domain per
# consumer (the names of guests.json, so check_run.py judges it the same way), export.
export_guests() {
    local p=$WORK/project/scmi.devassign.json dom
    mkdir -p "$WORK/project"
    python3 "$S/host_dts.py" "$S/guests.json" "$WORK/virt.dtb" > "$WORK/project/host.dts" ||
        e2e_die "host_dts.py failed"
    "$DEVASSIGN" new "$WORK/project/host.dts" -o "$p" >/dev/null || e2e_die "devassign new failed"
    "$DEVASSIGN" platform set "$p" --xen 4.17 --scmi-mediator on >/dev/null || e2e_die "devassign platform set failed"
    for dom in $(python3 -c 'import json,sys; print(" ".join(sorted(json.load(open(sys.argv[1]))["consumers"])))' "$S/guests.json"); do
        "$DEVASSIGN" domain add "$p" "$dom" --memory 256M --kernel "$E2E_KERNEL" --ramdisk "$WORK/domu.cpio.gz" \
            --bootargs "console=ttyAMA0 rdinit=/init quiet loglevel=4" >/dev/null || e2e_die "devassign domain add $dom failed"
        "$DEVASSIGN" assign "$p" "$dom" "/scmi-consumer-$dom" >/dev/null || e2e_die "devassign assign $dom failed"
    done
    "$DEVASSIGN" export "$p" -o "$OUT" >/dev/null || e2e_die "devassign export failed"
    "$DEVASSIGN" policy dump "$OUT/scmi-policy.bin" >&2 || e2e_die "devassign policy dump refused the exported blob"
}

# --- SWAP POINT: where the host DTB, partial DTBs and policy blob come from -----------------
make_inputs() {
    case $SCMI_INPUTS in
        generator)
            python3 "$S/gen_inputs.py" "$S/$CASE.json" "$WORK/virt.dtb" "$OUT" \
                --kernel "$E2E_KERNEL" --ramdisk "$WORK/domu.cpio.gz" --rogue "$WORK/rogue/Image" ||
                e2e_die "gen_inputs.py failed"
            ;;
        devassign)
            [ "$CASE" = guests ] || e2e_die "SCMI_INPUTS=devassign: only the guests case comes from a project"
            export_guests ;;
        *) e2e_die "SCMI_INPUTS=$SCMI_INPUTS: 'devassign' or 'generator'" ;;
    esac
    for f in "$OUT/scmi-policy.bin" "$OUT/dom0less/host.dtb"; do
        [ -f "$f" ] || e2e_die "inputs lack $f"
    done
    python3 "$HERE/../../hypervisor/tools/policy_reader.py" --check "$OUT/scmi-policy.bin" >/dev/null ||
        e2e_die "the policy blob does not pass the independent reader"
}

# `-device loader` arguments for every /chosen module of OUT/dom0less/host.dtb: the policy
# module ("devassign,scmi-policy"), and per xen,domain node its kernel (the rogue Image for a
# domain without a partial DTB), ramdisk and OUT/<domain>/passthrough.dtb.
scmi_loaders() {
    local dtb=$OUT/dom0less/host.dtb node child compat cells file
    for node in $(fdtget -l "$dtb" /chosen); do
        compat=$(fdtget "$dtb" "/chosen/$node" compatible 2>/dev/null || true)
        case " $compat " in
            *" devassign,scmi-policy "*)
                # shellcheck disable=SC2207
                cells=($(fdtget -t u "$dtb" "/chosen/$node" reg))
                echo "-device"; echo "loader,file=$OUT/scmi-policy.bin,addr=$(e2e_hex "${cells[0]}"),force-raw=on"
                continue ;;
            *" xen,domain "*) ;;
            *) continue ;;
        esac
        for child in $(fdtget -l "$dtb" "/chosen/$node"); do
            compat=$(fdtget "$dtb" "/chosen/$node/$child" compatible)
            # shellcheck disable=SC2207
            cells=($(fdtget -t u "$dtb" "/chosen/$node/$child" reg))
            case " $compat " in
                *" multiboot,kernel "*)
                    if [ -f "$OUT/$node/passthrough.dtb" ]; then file=$E2E_KERNEL; else file=$WORK/rogue/Image; fi ;;
                *" multiboot,ramdisk "*) file=$WORK/domu.cpio.gz ;;
                *" multiboot,device-tree "*) file=$OUT/$node/passthrough.dtb ;;
                *) e2e_die "/chosen/$node/$child: unknown module $compat" ;;
            esac
            [ "${cells[1]}" -ge "$(e2e_fsize "$file")" ] || e2e_die "/chosen/$node/$child: reg smaller than $file"
            echo "-device"; echo "loader,file=$file,addr=$(e2e_hex "${cells[0]}"),force-raw=on"
        done
    done
}

make_scmi_initramfs "$WORK/domu.cpio.gz"
build_rogue
make_inputs
scmi_loaders > "$WORK/loaders.txt"
mapfile -t loaders < "$WORK/loaders.txt"

case $CASE in
    guests) waits=(--expect-n 2 'DEVASSIGN-E2E-END' --end-n 2 'DEVASSIGN-E2E-END') ;;
    rogue) waits=(--expect 'ROGUE-END' --fail 'DEVASSIGN-SCMI d[0-9]+ .*: error') ;;
esac
# Multi-threaded TCG: the two emulated CPUs really run at once (this QEMU defaults to one
# thread here), so the rogue's second vCPU can rewrite the channel while Xen handles a call,
# and the two Linux guests boot side by side.
boot_qemu --fail 'devassign-scmi: policy module rejected' "${waits[@]}" \
    "$WORK/console.log" "$OUT/dom0less/host.dtb" -- -accel tcg,thread=multi "${loaders[@]}" ||
    e2e_die "$CASE: the boot did not finish (console: $WORK/console.log)"
grep -aE 'devassign-scmi:' "$WORK/console.log" | tr -d '\r' | head -n 12 >&2 || true
python3 "$S/check_run.py" "$CASE" "$S/$CASE.json" "$OUT/scmi-policy.bin" "$WORK/console.log" ||
    e2e_die "$CASE: $(python3 "$S/check_run.py" "$CASE" "$S/$CASE.json" "$OUT/scmi-policy.bin" "$WORK/console.log" | tail -n1)"
echo "PASS e2e-scmi $CASE in $((SECONDS - T0))s (boot ${E2E_BOOT_SECONDS:-0}s)"
