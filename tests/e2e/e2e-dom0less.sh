#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-dom0less.sh [--manual] [--cache DIR] CASE WORKDIR
#
# Boots a real Xen 4.17 (Debian arm64) under QEMU's virt board with dom0less domUs that own a
# passed-through device, and passes only on the expected guest output.
#
# CASE
#   pl031      domU "rtc" owns /pl031@9010000; pass when that domain (DOM<id> of /chosen/rtc)
#              prints `DEVASSIGN-E2E rtc0 date=...` and `DEVASSIGN-E2E rtc0 irq delivered count=N`
#              (an RTC alarm 2 s ahead raised SPI 2 in the guest: N >= 1 in /proc/interrupts).
#   two-domus  domU "rtc" owns /pl031@9010000, domU "gpio" owns /pl061@9030000 (SPI 7); pass when
#              the rtc domain prints the rtc0 date and irq markers, and the gpio domain the
#              9030000.pl061 gpio marker and `DEVASSIGN-E2E gpio irq delivered`: the guest arms an
#              edge IRQ on PL061 line 3 (QEMU's power button), the script presses the button with
#              the QEMU monitor's `system_powerdown`, and the line's IRQ count must rise.
#   wrong-spi  negative: as pl031, but the exported partial DTB's interrupts is rewritten to SPI
#              12 (no QEMU device uses it); pass only when the guest has rtc0 (date marker) and
#              the boot ends with no irq-delivered marker (Xen routes only SPI 12 to the guest).
#   rejected   CLI mode: domains a and b both own /pl031@9010000 (`assign` refuses the second
#              owner, so the project file is edited the way a hand merge would leave it); pass
#              when `devassign check` exits 1 naming device-in-two-domains and `devassign export`
#              (no --force) exits non-zero and writes nothing.
#              --manual: the same double assignment, hand-made, booted; pass when Xen 4.17 logs
#              "IRQ 34 is already used by domain 1" and "Failed to assign device to d2" (it
#              still boots both domains: only devassign can stop this).
#
# Default (CLI) mode: the host DTB and partial DTBs come from devassign (`new`, `domain add`,
# `assign`, `check`, `export`); env DEVASSIGN names the binary (default: devassign in PATH).
# --manual: this script writes them itself (DTS + dtc), as a proof of the boot machinery.
# Either way the boot reads every /chosen/<domain>/module@* reg and compatible back from
# OUT/dom0less/host.dtb and loads the files there.
#
# --cache DIR (default $DEVASSIGN_E2E_CACHE, else WORKDIR/cache) is filled by fetch.sh if needed.
# Env: E2E_TIMEOUT (seconds per boot, default 120).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd -P)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

e2e_parse_args "$0" "pl031 two-domus rejected wrong-spi" "$@"   # sets MANUAL, CACHE, CASE, WORK
T0=$SECONDS

e2e_prepare   # tools, the devassign CLI (unless --manual), the guest package cache

# Fresh per-run files; WORKDIR/cache (if it is there) is kept.
rm -rf "$WORK/out" "$WORK/manual" "$WORK"/*.log "$WORK"/*.devassign.json "$WORK/virt.dtb" \
       "$WORK/domu.cpio.gz" "$WORK/loaders.txt" "$WORK/dommap.txt"
OUT=$WORK/out
dump_virt_dtb "$WORK/virt.dtb"

BOOTARGS="console=ttyAMA0 rdinit=/init"
XEN_BOOTARGS="console=dtuart dtuart=/pl011@9000000 bootscrub=0"

# --- devassign CLI ---------------------------------------------------------------------------------
run_cli() {
    echo "+ devassign $*" >&2
    "$DEVASSIGN" "$@"
}

cli_project() {      # cli_project P NAME:/node/path ...  (one domain per argument)
    local p=$1 spec name node
    shift
    run_cli new "$WORK/virt.dtb" -o "$p"
    for spec in "$@"; do
        name=${spec%%:*}
        run_cli domain add "$p" "$name" --memory 256M --vcpus 1 --kernel "$E2E_KERNEL" \
            --ramdisk "$WORK/domu.cpio.gz" --bootargs "$BOOTARGS" --vpl011 --target dom0less
    done
    for spec in "$@"; do
        name=${spec%%:*}
        node=${spec#*:}
        run_cli assign "$p" "$name" "$node" ||
            e2e_die "devassign assign $name $node failed (exit $?)"
    done
}

cli_export() {       # cli_export P NAME...
    local p=$1 rc=0 n
    shift
    run_cli check "$p" || rc=$?
    [ "$rc" -eq 0 ] || e2e_die "devassign check exited $rc on a valid project"
    run_cli export "$p" -o "$OUT" || e2e_die "devassign export failed (exit $?)"
    [ -f "$OUT/dom0less/host.dtb" ] || e2e_die "export wrote no $OUT/dom0less/host.dtb"
    for n in "$@"; do
        [ -f "$OUT/$n/passthrough.dtb" ] || e2e_die "export wrote no $OUT/$n/passthrough.dtb"
    done
}

# --- manual host DTB and partial DTBs (the recipe of shared/notes/e2e-qemu-xen.md) -------------
# The PL031 and PL061 as the partial DTB carries them: the host node with the guest GIC as
# interrupt parent and a copy of the fixed clock they need (else the AMBA bus never probes them).
dev_body() {         # dev_body NODE  -> properties of the device node, 1:1 at the host address
    case $1 in
        /pl031@9010000) cat <<'EOF'
            compatible = "arm,pl031", "arm,primecell";
            reg = <0x0 0x9010000 0x0 0x1000>;
            interrupts = <0x0 0x2 0x4>;
EOF
            ;;
        /pl061@9030000) cat <<'EOF'
            compatible = "arm,pl061", "arm,primecell";
            reg = <0x0 0x9030000 0x0 0x1000>;
            interrupts = <0x0 0x7 0x4>;
            gpio-controller;
            #gpio-cells = <0x2>;
EOF
            ;;
        *) e2e_die "manual mode knows no device $1" ;;
    esac
}

manual_partial_dtb() {   # manual_partial_dtb OUT.dtb NODE
    local pout=$1 node=$2 dts=$1.dts base addr
    base=${node#/}
    addr=0x${base#*@}
    {
        cat <<EOF
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
        $base {
EOF
        dev_body "$node"
        cat <<EOF
            interrupt-parent = <65000>;
            clocks = <0x8000>;
            clock-names = "apb_pclk";
            xen,reg = <0x0 $addr 0x0 0x1000 0x0 $addr>;
            xen,path = "$node";
            xen,force-assign-without-iommu;
        };
    };
};
EOF
    } > "$dts"
    dtc -q -I dts -O dtb -o "$pout" "$dts"
}

# manual_host_dtb NAME:NODE ...  -> OUT/dom0less/host.dtb and OUT/NAME/passthrough.dtb
# Each domain's /chosen node is named after it (as devassign does); domU i (from 0) gets its kernel at 0x50000000 + i*256M, ramdisk +64M, partial DTB +96M.
manual_host_dtb() {
    local dts=$WORK/manual/host.dts i=0 spec name node base k r d ksz rsz dsz
    mkdir -p "$WORK/manual" "$OUT/dom0less"
    dtc -q -I dtb -O dts -o "$dts" "$WORK/virt.dtb"
    ksz=$(e2e_fsize "$E2E_KERNEL")
    rsz=$(e2e_fsize "$WORK/domu.cpio.gz")
    [ "$ksz" -lt $((0x4000000)) ] && [ "$rsz" -lt $((0x2000000)) ] || e2e_die "kernel/ramdisk too big for the manual layout"
    {
        printf '\n/ {\n\tchosen {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n'
        printf '\t\txen,xen-bootargs = "%s";\n' "$XEN_BOOTARGS"
        for spec in "$@"; do
            name=${spec%%:*}; node=${spec#*:}
            mkdir -p "$OUT/$name"
            manual_partial_dtb "$OUT/$name/passthrough.dtb" "$node"
            dsz=$(e2e_fsize "$OUT/$name/passthrough.dtb")
            base=$((0x50000000 + i * 0x10000000))
            k=$(e2e_hex "$base"); r=$(e2e_hex $((base + 0x4000000))); d=$(e2e_hex $((base + 0x6000000)))
            cat <<EOF
		$name {
			compatible = "xen,domain";
			#address-cells = <1>;
			#size-cells = <1>;
			memory = <0x0 0x40000>;
			cpus = <1>;
			vpl011;
			module@${k#0x} {
				compatible = "multiboot,kernel", "multiboot,module";
				reg = <$k $(e2e_hex "$ksz")>;
				bootargs = "$BOOTARGS";
			};
			module@${r#0x} {
				compatible = "multiboot,ramdisk", "multiboot,module";
				reg = <$r $(e2e_hex "$rsz")>;
			};
			module@${d#0x} {
				compatible = "multiboot,device-tree", "multiboot,module";
				reg = <$d $(e2e_hex "$dsz")>;
			};
		};
EOF
            i=$((i + 1))
        done
        printf '\t};\n};\n'
        for spec in "$@"; do
            node=${spec#*:}
            printf '\n&{%s} {\n\txen,passthrough;\n};\n' "$node"
        done
    } >> "$dts"
    dtc -q -I dts -O dtb -o "$OUT/dom0less/host.dtb" "$dts"
}

# --- boot ------------------------------------------------------------------------------------------
# boot_dom0less LOG [boot_qemu options...] -- NAME...
boot_dom0less() {
    local log=$1 opts=() names=() pdtbs=() n host=$OUT/dom0less/host.dtb
    shift
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    shift
    names=("$@")
    for n in "${names[@]}"; do pdtbs+=("$n=$OUT/$n/passthrough.dtb"); done
    fdtget "$host" /chosen xen,xen-bootargs >/dev/null 2>&1 ||
        e2e_log "warning: $host has no /chosen xen,xen-bootargs (Xen will have no console)"
    E2E_DOMMAP=$WORK/dommap.txt e2e_dom0less_loaders "$host" "$E2E_KERNEL" "$WORK/domu.cpio.gz" \
        "${pdtbs[@]}" > "$WORK/loaders.txt"
    local loaders=()
    mapfile -t loaders < "$WORK/loaders.txt"
    boot_qemu "${opts[@]}" "$log" "$host" -- "${loaders[@]}"
}

RTC_RE='DEVASSIGN-E2E rtc0 date=[0-9]{4}-[0-9]{2}-[0-9]{2}'
RTC_IRQ_RE='DEVASSIGN-E2E rtc0 irq delivered count=[1-9][0-9]*'
GPIO_RE='DEVASSIGN-E2E gpio label=9030000\.pl061'
GPIO_IRQ_RE='DEVASSIGN-E2E gpio irq delivered line=3 count=[1-9][0-9]*'
owner() { e2e_owner_check "$WORK/console.log" "$WORK/dommap.txt" "$@"; }
make_domu_initramfs "$WORK/domu.cpio.gz"

case $CASE in
pl031)
    if [ -n "$MANUAL" ]; then
        manual_host_dtb rtc:/pl031@9010000
    else
        cli_project "$WORK/p.devassign.json" rtc:/pl031@9010000
        cli_export "$WORK/p.devassign.json" rtc
    fi
    boot_dom0less "$WORK/console.log" --expect "$RTC_RE" --expect "$RTC_IRQ_RE" \
        --end-n 1 'DEVASSIGN-E2E-END' -- rtc ||
        e2e_die "pl031: no rtc0 date + irq-delivered markers from the domU (console: $WORK/console.log)"
    grep -aE "$RTC_RE|$RTC_IRQ_RE" "$WORK/console.log" | tr -d '\r'
    owner rtc "$RTC_RE" "rtc0 date"
    owner rtc "$RTC_IRQ_RE" "rtc0 irq"
    ;;
wrong-spi)
    # The negative control of the irq marker: the right device, the wrong SPI.
    if [ -n "$MANUAL" ]; then
        manual_host_dtb rtc:/pl031@9010000
    else
        cli_project "$WORK/p.devassign.json" rtc:/pl031@9010000
        cli_export "$WORK/p.devassign.json" rtc
    fi
    pd=$OUT/rtc/passthrough.dtb
    pnode=$(fdtget -l "$pd" /passthrough | grep '^pl031@' | head -n1)
    [ -n "$pnode" ] || e2e_die "wrong-spi: no pl031@ node under /passthrough of $pd"
    was=$(fdtget -t u "$pd" "/passthrough/$pnode" interrupts)
    [ "$was" = "0 2 4" ] || e2e_die "wrong-spi: exported interrupts '$was', expected '0 2 4' (SPI 2, level high: QEMU virt's PL031)"
    fdtput -t u "$pd" "/passthrough/$pnode" interrupts 0 12 4
    e2e_log "wrote /passthrough/$pnode interrupts = <0 12 4> (was <$was>) in $pd"
    boot_dom0less "$WORK/console.log" --expect "$RTC_RE" --expect 'DEVASSIGN-E2E-INFO rtc0 alarm raised no interrupt' \
        --fail "$RTC_IRQ_RE" --end-n 1 'DEVASSIGN-E2E-END' -- rtc ||
        e2e_die "wrong-spi: the boot did not show rtc0 without interrupt delivery (console: $WORK/console.log)"
    ! grep -aEq "$RTC_IRQ_RE" "$WORK/console.log" || e2e_die "wrong-spi: irq delivered despite SPI 12"
    grep -aE "$RTC_RE|rtc0 alarm raised|rtc0 /proc/interrupts" "$WORK/console.log" | tr -d '\r'
    owner rtc "$RTC_RE" "rtc0 date"
    ;;
two-domus)
    if [ -n "$MANUAL" ]; then
        manual_host_dtb rtc:/pl031@9010000 gpio:/pl061@9030000
    else
        cli_project "$WORK/p.devassign.json" rtc:/pl031@9010000 gpio:/pl061@9030000
        cli_export "$WORK/p.devassign.json" rtc gpio
    fi
    # Both guests run the same /init; each must see only its own device.
    boot_dom0less "$WORK/console.log" --expect "$RTC_RE" --expect "$RTC_IRQ_RE" --expect "$GPIO_RE" \
        --expect "$GPIO_IRQ_RE" --monitor-on 'DEVASSIGN-E2E-INFO gpio armed line 3' system_powerdown \
        --expect-n 2 'DEVASSIGN-E2E-END' --end-n 2 'DEVASSIGN-E2E-END' -- rtc gpio ||
        e2e_die "two-domus: markers missing (console: $WORK/console.log)"
    grep -aE "$RTC_RE|$RTC_IRQ_RE|$GPIO_RE|$GPIO_IRQ_RE" "$WORK/console.log" | tr -d '\r'
    owner rtc "$RTC_RE" "rtc0 date"
    owner rtc "$RTC_IRQ_RE" "rtc0 irq"
    owner gpio "$GPIO_RE" "9030000.pl061 gpiochip"
    owner gpio "$GPIO_IRQ_RE" "9030000.pl061 irq"
    ;;
rejected)
    if [ -n "$MANUAL" ]; then
        # Without devassign: hand Xen the double assignment. Xen 4.17 does not refuse it: it
        # logs the IRQ clash and the failed assignment for the second domain and boots both,
        # with the RTC's MMIO mapped into both (which is why devassign check must reject it).
        manual_host_dtb a:/pl031@9010000 b:/pl031@9010000
        boot_dom0less "$WORK/console.log" --expect 'IRQ 34 is already used by domain [0-9]+' \
            --expect 'Failed to assign device to d[0-9]+' -- a b ||
            e2e_die "rejected (manual): Xen did not report the double assignment"
        grep -aE 'IRQ 34 is already used|Unable to map IRQ|Failed to assign device' \
            "$WORK/console.log" | tr -d '\r'
    else
        P=$WORK/p.devassign.json
        cli_project "$P" a:/pl031@9010000 b:/pl061@9030000
        # devassign assign itself refuses a device that another domain owns ...
        if run_cli assign "$P" b /pl031@9010000 > "$WORK/assign.out" 2>&1; then
            e2e_log "note: devassign assign gave /pl031@9010000 to b as well"
        else
            e2e_log "devassign assign refused the second owner: $(tail -n1 "$WORK/assign.out")"
            # ... so make the double assignment the way a hand-edited or merged project file
            # carries it: domain b lists /pl031@9010000 instead of /pl061@9030000.
            sed -i 's|"/pl061@9030000"|"/pl031@9010000"|' "$P"
        fi
        [ "$(grep -c '"/pl031@9010000"' "$P")" -ge 2 ] ||
            e2e_die "could not put /pl031@9010000 into both domains of $P (project format changed?)"
        rc=0
        run_cli check "$P" > "$WORK/check.out" 2>&1 || rc=$?
        cat "$WORK/check.out"
        [ "$rc" -eq 1 ] || e2e_die "devassign check exited $rc, expected 1 (errors) for /pl031@9010000 in two domains"
        grep -q 'device-in-two-domains' "$WORK/check.out" ||
            e2e_die "devassign check did not report rule device-in-two-domains"
        rc=0
        run_cli export "$P" -o "$OUT" > "$WORK/export.out" 2>&1 || rc=$?
        cat "$WORK/export.out"
        [ "$rc" -ne 0 ] || e2e_die "devassign export without --force succeeded on a project with errors"
        if [ -e "$OUT" ] || compgen -G "$WORK/.out*" >/dev/null; then
            find "$OUT" "$WORK"/.out* 2>/dev/null >&2 || true
            e2e_die "devassign export failed (exit $rc) but left files behind ($OUT or $WORK/.out*)"
        fi
        echo "check exit 1, export exit $rc, nothing written"
    fi
    ;;
esac
echo "PASS e2e-dom0less $CASE${MANUAL:+ (manual)} in $((SECONDS - T0))s (boot ${E2E_BOOT_SECONDS:-0}s)"
