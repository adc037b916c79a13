# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Shared functions of devassign's end-to-end boots (Xen 4.17 on QEMU's arm64 virt board).
# Source it from a bash script that runs with `set -euo pipefail`:
#
#   e2e_load_cache CACHE_DIR          paths of fetch.sh's unpacked tree (E2E_XEN, E2E_KERNEL, ...)
#   dump_virt_dtb OUT                 the DTB QEMU boots with, from the exact same machine options
#   make_domu_initramfs OUT           busybox guest whose /init prints the DEVASSIGN-E2E markers
#   make_dom0_initramfs OUT NAME DIR  Linux dom0 that runs `xl create /etc/xen/NAME/dom.cfg`
#   boot_qemu [opts] LOG DTB -- ARGS  boots Xen, waits for markers, always stops QEMU by its pid
#   e2e_dom0less_loaders DTB KERNEL RAMDISK PDTB...   `-device loader` args read from /chosen
#
# Guest markers (one line each; a domU prints them on its console, which Xen prefixes):
#   DEVASSIGN-E2E rtc0 date=YYYY-MM-DD time=HH:MM:SS      rtc0 exists and a date was read from it
#   DEVASSIGN-E2E gpio label=9030000.pl061 ngpio=N ...     a gpiochip labelled 9030000.pl061 exists
#   DEVASSIGN-E2E-ERROR ...                                a device is there but does not work
#   DEVASSIGN-E2E-INFO ... / DEVASSIGN-E2E-END             progress, end of /init
# dom0 (xl path) relays guest lines as `DEVASSIGN-E2E-RELAY <log>: <line>` and reports its own
# failures as `DEVASSIGN-E2E-DOM0-ERROR ...`.
#
# Env: E2E_TIMEOUT (seconds boot_qemu waits for the markers, default 120), E2E_QEMU (binary),
#      E2E_KEEP=1 (keep the work directory's QEMU logs even on success; they are always kept).

E2E_QEMU=${E2E_QEMU:-qemu-system-aarch64}
E2E_TIMEOUT=${E2E_TIMEOUT:-120}
# The one machine definition used for both the DTB dump and the boots. `-nic none`: without it
# QEMU wants the virtio-net option ROM (ipxe-qemu, not installed here) and refuses to start;
# the NIC would be a PCI device, so the DTB is the same either way.
# shellcheck disable=SC2054
E2E_MACHINE_ARGS=(-machine virt,gic-version=3,virtualization=on -cpu cortex-a57 -smp 2 -m 2048
                  -nic none)
E2E_RAM_END=$((0x40000000 + 2048 * 1024 * 1024))
# QEMU loads Xen at the start of RAM and its copy of the DTB at RAM + 128 MiB; boot modules must
# stay above that (0x48000000 is known to collide). One 2 MiB block is allowed for the DTB.
E2E_MODULE_MIN=$((0x48000000 + 0x200000))
# Lines that end a boot as failed at once.
E2E_FAIL_REGEXES=(
    'Kernel panic - not syncing'
    '\(XEN\) Panic on CPU'
    'Failed to execute /init'
    'Initramfs unpacking failed'
    'DEVASSIGN-E2E-ERROR'
    'DEVASSIGN-E2E-DOM0-ERROR'
)

E2E_QEMU_PID=""
E2E_EXIT_HOOKS=()

e2e_log() { echo "[e2e $(date +%H:%M:%S)] $*" >&2; }
e2e_die() { echo "[e2e] FAIL: $*" >&2; exit 1; }

# --- cleanup ---------------------------------------------------------------------------------------
e2e_stop_qemu() {
    local pid=$E2E_QEMU_PID i
    [ -n "$pid" ] || return 0
    E2E_QEMU_PID=""
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            e2e_log "QEMU (pid $pid) ignored SIGTERM for 5 s, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    # QEMU is our child: reap it (this also keeps its pid from being reused before now).
    wait "$pid" 2>/dev/null || true
}

e2e_at_exit() { E2E_EXIT_HOOKS+=("$*"); }

e2e__on_exit() {
    local rc=$? h
    e2e_stop_qemu
    for h in "${E2E_EXIT_HOOKS[@]}"; do eval "$h" || true; done
    return $rc
}
trap e2e__on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- inputs ----------------------------------------------------------------------------------------
e2e_need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || e2e_die "host tool '$t' is missing (see scripts/install-deps.sh)"
    done
}

e2e_load_cache() {
    local cache=$1
    [ -f "$cache/.e2e-fetch-v1" ] && [ -f "$cache/e2e.env" ] ||
        e2e_die "no unpacked cache in $cache: run tests/e2e/fetch.sh $cache first"
    cache=$(cd "$cache" && pwd -P)
    # shellcheck disable=SC1091
    . "$cache/e2e.env"
    E2E_XEN=$cache/$E2E_REL_XEN
    E2E_KERNEL=$cache/$E2E_REL_KERNEL
    E2E_MODDIR=$cache/$E2E_REL_MODDIR
    E2E_BUSYBOX=$cache/$E2E_REL_BUSYBOX
    E2E_USERLAND=$cache/$E2E_REL_USERLAND
    local f
    for f in "$E2E_XEN" "$E2E_KERNEL" "$E2E_BUSYBOX"; do
        [ -f "$f" ] || e2e_die "cache $cache lacks $f: delete it and run fetch.sh again"
    done
}

# Hex of a number, for messages and QEMU properties.
e2e_hex() { printf '0x%x' "$1"; }
# e2e_dom0_clock_flags DTB NAME: xen,dom0-bootargs of DTB, which must hold the flags rule
# dom0-gates-clocks exports (clk_ignore_unused pd_ignore_unused); NAME is the file messages name.
e2e_dom0_clock_flags() {
    local args flag
    args=$(fdtget -t s "$1" /chosen xen,dom0-bootargs 2>/dev/null) ||
        e2e_die "$2 has no /chosen xen,dom0-bootargs (rule dom0-gates-clocks)"
    for flag in clk_ignore_unused pd_ignore_unused; do
        case " $args " in
            *" $flag "*) ;;
            *) e2e_die "$2: xen,dom0-bootargs \"$args\" lacks $flag (rule dom0-gates-clocks)" ;;
        esac
    done
    printf '%s\n' "$args"
}
e2e_fsize() { stat -c %s "$1"; }

# --- DTB -------------------------------------------------------------------------------------------
dump_virt_dtb() {
    local out=$1 log
    log=$(mktemp)
    if ! timeout 60 "$E2E_QEMU" "${E2E_MACHINE_ARGS[@]}" -nographic \
            -machine dumpdtb="$out" </dev/null >"$log" 2>&1 || [ ! -s "$out" ]; then
        cat "$log" >&2
        rm -f "$log"
        e2e_die "QEMU could not dump its DTB to $out"
    fi
    rm -f "$log"
}

# --- initramfs -------------------------------------------------------------------------------------
# A root with busybox at /bin/busybox, mode 0755 whatever the source's mode (cp over an existing
# file would keep the old mode; a non-executable busybox panics the guest with error -13).
e2e__busybox_root() {
    local root=$1
    rm -rf "$root"
    mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc}
    install -m 0755 "$E2E_BUSYBOX" "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"
}

e2e__pack() {
    local root=$1 out=$2
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
        gzip -1 > "$out.tmp"
    mv "$out.tmp" "$out"
}

# The /init of every domU: mounts, lists, reads rtc0, looks for the PL061 gpiochip, powers off.
e2e__write_domu_init() {
    cat > "$1" <<'EOF'
#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "DEVASSIGN-E2E-INFO init up: $(uname -r)"
echo "DEVASSIGN-E2E-INFO amba devices: $(ls /sys/bus/amba/devices 2>/dev/null | tr '\n' ' ')"
# rtc0: a date read through the driver (sysfs), plus what hwclock's ioctl says.
if [ -e /sys/class/rtc/rtc0 ]; then
    name=$(cat /sys/class/rtc/rtc0/name 2>/dev/null)
    d=$(cat /sys/class/rtc/rtc0/date 2>/dev/null)
    t=$(cat /sys/class/rtc/rtc0/time 2>/dev/null)
    hw=$(hwclock -r -f /dev/rtc0 2>&1)
    echo "DEVASSIGN-E2E-INFO rtc0 name=$name hwclock: $hw"
    if echo "$d" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'; then
        echo "DEVASSIGN-E2E rtc0 date=$d time=$t"
    else
        echo "DEVASSIGN-E2E-ERROR rtc0 exists but reading its date failed: '$d'"
    fi
    # Interrupt delivery: an alarm 2 s ahead must raise the RTC's interrupt in this guest.
    # The count is summed over the CPU columns of the rtc-pl031 line of /proc/interrupts.
    if [ -e /sys/class/rtc/rtc0/wakealarm ]; then
        echo 0 > /sys/class/rtc/rtc0/wakealarm
        echo +2 > /sys/class/rtc/rtc0/wakealarm
        sleep 4
        line=$(grep rtc-pl031 /proc/interrupts | head -n1)
        echo "DEVASSIGN-E2E-INFO rtc0 /proc/interrupts: $line"
        n=$(echo "$line" | awk '{ s = 0; for (i = 2; i <= NF; i++) { if ($i ~ /^[0-9]+$/) s += $i; else break } print s + 0 }')
        if [ -n "$line" ] && [ "$n" -ge 1 ]; then
            echo "DEVASSIGN-E2E rtc0 irq delivered count=$n"
        else
            echo "DEVASSIGN-E2E-INFO rtc0 alarm raised no interrupt (count=${n:-none})"
        fi
    else
        echo "DEVASSIGN-E2E-INFO rtc0 has no wakealarm"
    fi
else
    echo "DEVASSIGN-E2E-INFO no rtc0"
fi
# PL061: the legacy sysfs chip carries the label; the character device is /dev/gpiochipN.
found=""
for c in /sys/class/gpio/gpiochip*; do
    [ -e "$c/label" ] || continue
    label=$(cat "$c/label")
    echo "DEVASSIGN-E2E-INFO $(basename "$c") label=$label"
    if [ "$label" = 9030000.pl061 ]; then
        found=1
        base=$(cat "$c/base")
        echo "DEVASSIGN-E2E gpio label=$label ngpio=$(cat "$c/ngpio") base=$base cdev=$(ls /dev/gpiochip* 2>/dev/null | tr '\n' ' ')"
        # Interrupt delivery: QEMU virt wires its power button (gpio-keys) to PL061 line 3. Arm an
        # edge interrupt on that line through sysfs, say so, and wait for the harness to press the
        # button (QEMU monitor `system_powerdown`): the line's gpiolib IRQ must count.
        g=$((base + 3))
        if echo "$g" > /sys/class/gpio/export 2>/dev/null && echo both > /sys/class/gpio/gpio$g/edge 2>/dev/null; then
            echo "DEVASSIGN-E2E-INFO gpio armed line 3 (gpio$g)"
            n=0; i=0
            while [ $i -lt 20 ]; do
                sleep 0.5
                n=$(grep gpiolib /proc/interrupts | head -n1 | awk '{ s = 0; for (i = 2; i <= NF; i++) { if ($i ~ /^[0-9]+$/) s += $i; else break } print s + 0 }')
                [ "${n:-0}" -ge 1 ] && break
                i=$((i + 1))
            done
            echo "DEVASSIGN-E2E-INFO gpio /proc/interrupts: $(grep -E 'gpiolib|pl061' /proc/interrupts | tr -s ' ' | tr '\n' ';')"
            if [ "${n:-0}" -ge 1 ]; then
                echo "DEVASSIGN-E2E gpio irq delivered line=3 count=$n"
            else
                echo "DEVASSIGN-E2E-INFO gpio line 3 raised no interrupt"
            fi
        else
            echo "DEVASSIGN-E2E-INFO gpio could not arm line 3 through sysfs"
        fi
    fi
done
[ -n "$found" ] || echo "DEVASSIGN-E2E-INFO no 9030000.pl061 gpiochip"
# make_domu_initramfs --dt-dump: the guest's view of what Xen copied from the partial DTB.
# Every property under /proc/device-tree/passthrough as hex (od -v: no '*' runs), cut into
# 64-digit lines (Xen's console splits long guest lines), then every phandle of the tree.
if [ -e /etc/e2e-dt-dump ]; then
    if [ -d /proc/device-tree/passthrough ]; then
        cd /proc/device-tree
        find passthrough -type f | sort | while read -r f; do
            echo "DEVASSIGN-E2E-DTP $f"
            od -An -v -tx1 "$f" | tr -d ' \n' | sed 's/.\{64\}/&\n/g' | sed 's/^/DEVASSIGN-E2E-DTV /'
            echo
        done
        find . -name phandle -type f | sort | while read -r f; do
            echo "DEVASSIGN-E2E-DTH ${f#./} $(od -An -v -tx1 "$f" | tr -d ' \n')"
        done
        cd /
        echo "DEVASSIGN-E2E-DT-DONE"
    else
        echo "DEVASSIGN-E2E-INFO no /proc/device-tree/passthrough"
    fi
fi
echo "DEVASSIGN-E2E-END"
sync
poweroff -f
EOF
    chmod 0755 "$1"
}

make_domu_initramfs() {     # make_domu_initramfs OUT [--dt-dump]
    local out=$1 root
    root=$(mktemp -d "${TMPDIR:-/tmp}/e2e-domu-root.XXXXXX")
    e2e__busybox_root "$root"
    e2e__write_domu_init "$root/init"
    [ "${2:-}" != --dt-dump ] || : > "$root/etc/e2e-dt-dump"
    e2e__pack "$root" "$out"
    rm -rf "$root"
}

# dom0 for the xl path. DIR holds what goes to /etc/xen/NAME/ on the target (dom.cfg, the partial
# DTB, the guest kernel and ramdisk under the basenames dom.cfg names).
make_dom0_initramfs() {
    local out=$1 name=$2 dir=$3 root ul=$E2E_USERLAND m
    [ -d "$ul/usr/lib/xen-4.17/bin" ] || e2e_die "no xl userland in the cache"
    root=$(mktemp -d "${TMPDIR:-/tmp}/e2e-dom0-root.XXXXXX")
    e2e__busybox_root "$root"
    mkdir -p "$root"/{lib,usr/lib,etc/xen,var/run/xen,var/lib/xen,var/log/xen/console} \
             "$root"/{var/lib/xenstored,run/xen,lib/modules}
    # Libraries and the Xen tools (xl itself is called from /usr/lib/xen-4.17/bin).
    cp -a "$ul/lib/." "$root/lib/"
    cp -a "$ul/usr/lib/aarch64-linux-gnu" "$root/usr/lib/"
    rm -rf "$root/usr/lib/aarch64-linux-gnu/gconv"
    cp -a "$ul/usr/lib/xen-4.17" "$root/usr/lib/"
    [ -d "$ul/etc/xen" ] && cp -a "$ul/etc/xen/." "$root/etc/xen/"
    for m in xen-evtchn.ko xen-privcmd.ko xenfs/xenfs.ko xen-gntdev.ko xen-gntalloc.ko; do
        install -m 0644 "$E2E_MODDIR/kernel/drivers/xen/$m" "$root/lib/modules/"
    done
    mkdir -p "$root/etc/xen/$name"
    cp -L "$dir"/* "$root/etc/xen/$name/"
    printf '%s\n' "$name" > "$root/etc/e2e-guest"
    cat > "$root/init" <<'EOF'
#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/lib/xen-4.17/bin
export LD_LIBRARY_PATH=/usr/lib/aarch64-linux-gnu:/lib/aarch64-linux-gnu
fail() { echo "DEVASSIGN-E2E-DOM0-ERROR $*"; sleep 1; poweroff -f; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /proc/xen
mount -t devpts devpts /dev/pts
echo "DEVASSIGN-E2E-INFO dom0 up: $(uname -r)"
echo "DEVASSIGN-E2E-INFO dom0 cmdline: $(cat /proc/cmdline)"
for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc; do
    insmod /lib/modules/$m.ko || fail "insmod $m"
done
mount -t xenfs xenfs /proc/xen || fail "mount xenfs"
xenstored --pid-file /run/xenstored.pid || fail "xenstored"
xen-init-dom0 || fail "xen-init-dom0"
xenconsoled --log=guest --log-dir=/var/log/xen/console || fail "xenconsoled"
name=$(cat /etc/e2e-guest)
cfg=/etc/xen/$name/dom.cfg
echo "DEVASSIGN-E2E-INFO dom0 runs: xl create $cfg"
ls -l /etc/xen/$name
if ! xl create "$cfg" > /tmp/xl.log 2>&1; then
    cat /tmp/xl.log
    fail "xl create $cfg failed"
fi
cat /tmp/xl.log
xl list
# Relay the guest console log (written by xenconsoled) to dom0's console, once per line.
# Poll gently: every fork costs dom0 time that the booting guest needs (TCG, 2 pCPUs).
i=0
done_=""
while [ $i -lt 120 ]; do
    sleep 1
    if grep -qs 'DEVASSIGN-E2E-END' /var/log/xen/console/guest-*.log; then done_=1; break; fi
    i=$((i + 1))
done
for log in /var/log/xen/console/guest-*.log; do
    [ -f "$log" ] || continue
    tr -d '\r' < "$log" | grep 'DEVASSIGN-E2E' | while IFS= read -r line; do
        echo "DEVASSIGN-E2E-RELAY $(basename "$log"): $line"
    done
done
[ -n "$done_" ] || {
    for log in /var/log/xen/console/guest-*.log; do echo "== $log"; tail -n 40 "$log"; done
    fail "guest did not finish within 120 s"
}
echo "DEVASSIGN-E2E-DOM0-DONE"
sleep 1
poweroff -f
EOF
    chmod 0755 "$root/init"
    e2e__pack "$root" "$out"
    rm -rf "$root"
}

# --- QEMU ------------------------------------------------------------------------------------------
# boot_qemu [--timeout S] [--expect RE]... [--expect-n N RE]... [--fail RE]... [--end-n N RE]
#           LOG DTB -- [args]
# Starts Xen under QEMU in the background (console to LOG), waits until every --expect regex
# (grep -E) matches a line of LOG (--expect-n: at least N lines), then stops QEMU by its own pid.
# --end-n N RE: once N lines match RE (e.g. every guest printed its end marker), the expected
# lines must all be there already: fail at once instead of waiting for the timeout. Returns 1, with the last 40 console
# lines, when a --fail regex or a built-in failure line shows up, QEMU exits, or the time is up.
boot_qemu() {
    local timeout=$E2E_TIMEOUT expects=() counts=() fails=("${E2E_FAIL_REGEXES[@]}")
    local end_re="" end_n=0 mon_res=() mon_cmds=() mon_sent=() mon_args=() mon_sock=""
    while [ $# -gt 0 ]; do
        case $1 in
            --timeout) timeout=$2; shift 2 ;;
            --expect) expects+=("$2"); counts+=(1); shift 2 ;;
            --expect-n) counts+=("$2"); expects+=("$3"); shift 3 ;;
            --fail) fails+=("$2"); shift 2 ;;
            --end-n) end_n=$2; end_re=$3; shift 3 ;;
            --monitor-on) mon_res+=("$2"); mon_cmds+=("$3"); shift 3 ;;
            *) break ;;
        esac
    done
    [ $# -ge 2 ] || e2e_die "boot_qemu: need LOG DTB"
    local log=$1 dtb=$2
    shift 2
    [ "${1:-}" != "--" ] || shift
    [ -n "${E2E_XEN:-}" ] || e2e_die "boot_qemu: e2e_load_cache first"
    [ -z "$E2E_QEMU_PID" ] || e2e_die "boot_qemu: a QEMU is already running (pid $E2E_QEMU_PID)"

    : > "$log"
    if [ ${#mon_res[@]} -gt 0 ]; then
        mon_sock=$log.monitor
        rm -f "$mon_sock"
        mon_args=(-monitor "unix:$mon_sock,server=on,wait=off")
    fi
    local start=$SECONDS pdeath=()
    # setpriv execs QEMU (so $! stays QEMU's own pid) with a parent-death signal: even if this
    # script is SIGKILLed (a CI timeout), QEMU goes with it instead of running on forever.
    if setpriv --help 2>/dev/null | grep -q -- --pdeathsig; then
        pdeath=(setpriv --pdeathsig KILL --)
    fi
    "${pdeath[@]}" "$E2E_QEMU" "${E2E_MACHINE_ARGS[@]}" -nographic -no-reboot -dtb "$dtb" \
        -kernel "$E2E_XEN" "${mon_args[@]}" "$@" </dev/null >>"$log" 2>&1 &
    E2E_QEMU_PID=$!
    e2e_log "QEMU pid $E2E_QEMU_PID, console $log, waiting up to ${timeout}s"

    local status="" re elapsed i
    e2e__all_seen() {
        local j
        for j in "${!expects[@]}"; do
            [ "$(grep -aEc -- "${expects[j]}" "$log" || true)" -ge "${counts[j]}" ] || return 1
        done
    }
    while :; do
        if e2e__all_seen; then status=ok; break; fi
        # --monitor-on RE CMD: once a line matches RE, send CMD to QEMU's monitor (once).
        for i in "${!mon_res[@]}"; do
            [ -z "${mon_sent[i]:-}" ] || continue
            grep -aEq -- "${mon_res[i]}" "$log" || continue
            mon_sent[i]=1
            e2e_log "console matched /${mon_res[i]}/: QEMU monitor <- ${mon_cmds[i]}"
            e2e_monitor "$mon_sock" "${mon_cmds[i]}" || e2e_log "warning: monitor command failed"
        done
        # Each failure check looks again for the expected lines: QEMU may have written both
        # since the check above.
        if [ -n "$end_re" ] && [ "$(grep -aEc -- "$end_re" "$log" || true)" -ge "$end_n" ]; then
            if e2e__all_seen; then status=ok; else status="the run ended (/$end_re/ x$end_n) without the expected lines"; fi
            break
        fi
        for re in "${fails[@]}"; do
            if grep -aEq -- "$re" "$log"; then
                if e2e__all_seen; then status=ok; break 2; fi
                status="failure line /$re/: $(grep -aE -m1 -- "$re" "$log" | tr -d '\r')"
                break 2
            fi
        done
        if ! kill -0 "$E2E_QEMU_PID" 2>/dev/null; then
            status="QEMU exited before the expected output"
            break
        fi
        elapsed=$((SECONDS - start))
        if [ "$elapsed" -ge "$timeout" ]; then
            status="timeout after ${timeout}s"
            break
        fi
        sleep 0.25
    done
    # Let a failing boot print a little more context before it is stopped.
    [ "$status" = ok ] || sleep 1
    e2e_stop_qemu
    E2E_BOOT_SECONDS=$((SECONDS - start))
    if [ "$status" = ok ]; then
        e2e_log "all markers seen after ${E2E_BOOT_SECONDS}s; QEMU stopped"
        return 0
    fi
    echo "[e2e] boot failed: $status (after ${E2E_BOOT_SECONDS}s)" >&2
    for i in "${!expects[@]}"; do
        [ "$(grep -aEc -- "${expects[i]}" "$log" || true)" -ge "${counts[i]}" ] ||
            echo "[e2e]   missing: /${expects[i]}/ (x${counts[i]})" >&2
    done
    echo "[e2e] ---- last 40 lines of $log ----" >&2
    tail -n 40 "$log" | tr -d '\r' >&2
    echo "[e2e] ----" >&2
    return 1
}

# e2e_monitor SOCKET CMD: one human-monitor command to a running QEMU (python3, no socat needed).
e2e_monitor() {
    /usr/bin/python3 - "$1" "$2" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
time.sleep(0.2)
s.sendall(sys.argv[2].encode() + b"\n")
time.sleep(0.3)
s.close()
PY
}

# --- dom0less modules ------------------------------------------------------------------------------
# e2e__cells DTB NODE PROP DEFAULT
e2e__cells() {
    local v
    v=$(fdtget -t u "$1" "$2" "$3" 2>/dev/null) || v=$4
    echo "$v"
}

# e2e_dom0less_loaders HOSTDTB KERNEL RAMDISK DOMAIN=PARTIAL_DTB...
# For every /chosen node with compatible "xen,domain", reads each child's `reg` (with that node's
# #address-cells/#size-cells) and `compatible`, maps multiboot,kernel -> KERNEL,
# multiboot,ramdisk -> RAMDISK and multiboot,device-tree -> the PARTIAL_DTB given for the domain
# that /chosen node is (its node name, e.g. /chosen/rtc for domain rtc), checks the placement,
# and prints one `-device` `loader,...` pair per module (one word per line, for mapfile).
# With E2E_DOMMAP set, writes there one line `KERNEL_ADDR_HEX NODE ORDER` per domain (ORDER from 1,
# the order Xen 4.17 creates them in): e2e_domid_of maps it to the domid Xen logs.
e2e_dom0less_loaders() {
    local dtb=$1 kernel=$2 ramdisk=$3
    shift 3
    local -A pdtb_of=() used=()
    local spec node child compat ac sc cells addr size file kind i fsize
    local ranges=() n_dom=0 out=()
    for spec in "$@"; do
        case $spec in *=*) ;; *) e2e_die "e2e_dom0less_loaders: '$spec' is not DOMAIN=PARTIAL_DTB" ;; esac
        pdtb_of[${spec%%=*}]=${spec#*=}
    done
    [ -z "${E2E_DOMMAP:-}" ] || : > "$E2E_DOMMAP"
    for node in $(fdtget -l "$dtb" /chosen 2>/dev/null); do
        compat=$(fdtget "$dtb" "/chosen/$node" compatible 2>/dev/null || true)
        case " $compat " in *" xen,domain "*) ;; *) continue ;; esac
        n_dom=$((n_dom + 1))
        ac=$(e2e__cells "$dtb" "/chosen/$node" '#address-cells' 2)
        sc=$(e2e__cells "$dtb" "/chosen/$node" '#size-cells' 1)
        for child in $(fdtget -l "$dtb" "/chosen/$node"); do
            compat=$(fdtget "$dtb" "/chosen/$node/$child" compatible 2>/dev/null || true)
            case " $compat " in *" multiboot,module "*) ;; *) continue ;; esac
            # shellcheck disable=SC2207
            cells=($(fdtget -t u "$dtb" "/chosen/$node/$child" reg)) ||
                e2e_die "/chosen/$node/$child has no reg"
            [ "${#cells[@]}" -eq $((ac + sc)) ] ||
                e2e_die "/chosen/$node/$child: reg has ${#cells[@]} cells, expected $ac+$sc"
            addr=0; size=0
            for ((i = 0; i < ac; i++)); do addr=$(((addr << 32) | cells[i])); done
            for ((i = ac; i < ac + sc; i++)); do size=$(((size << 32) | cells[i])); done
            case " $compat " in
                *" multiboot,kernel "*) kind=kernel; file=$kernel
                    [ -z "${E2E_DOMMAP:-}" ] || printf '%x %s %d\n' "$addr" "$node" "$n_dom" >> "$E2E_DOMMAP" ;;
                *" multiboot,ramdisk "*) kind=ramdisk; file=$ramdisk ;;
                *" multiboot,device-tree "*)
                    kind=device-tree
                    file=${pdtb_of[$node]:-}
                    [ -n "$file" ] || e2e_die "/chosen/$node/$child: no partial DTB given for domain '$node' (have: ${!pdtb_of[*]})"
                    [ -z "${used[$node]:-}" ] || e2e_die "/chosen/$node has two multiboot,device-tree modules"
                    used[$node]=1
                    ;;
                *) e2e_die "/chosen/$node/$child: unknown module kind '$compat'" ;;
            esac
            fsize=$(e2e_fsize "$file")
            [ "$size" -ge "$fsize" ] ||
                e2e_die "/chosen/$node/$child ($kind): reg size $size < size $fsize of $file"
            [ "$size" -eq "$fsize" ] ||
                e2e_log "warning: /chosen/$node/$child ($kind): reg size $size != file size $fsize"
            [ $((addr % 4096)) -eq 0 ] || e2e_die "/chosen/$node/$child: $(e2e_hex "$addr") not page aligned"
            [ "$addr" -ge "$E2E_MODULE_MIN" ] && [ $((addr + size)) -le "$E2E_RAM_END" ] ||
                e2e_die "/chosen/$node/$child: [$(e2e_hex "$addr"), +$(e2e_hex "$size")) must lie in [$(e2e_hex "$E2E_MODULE_MIN"), $(e2e_hex "$E2E_RAM_END")) (QEMU puts Xen and its DTB below)"
            ranges+=("$addr $((addr + size)) /chosen/$node/$child")
            e2e_log "module /chosen/$node/$child $kind at $(e2e_hex "$addr") size $size <- $file"
            out+=(-device "loader,file=$file,addr=$(e2e_hex "$addr"),force-raw=on")
        done
    done
    [ "$n_dom" -gt 0 ] || e2e_die "$dtb has no /chosen node with compatible \"xen,domain\""
    # No two modules may overlap.
    local a b
    for a in "${ranges[@]}"; do
        for b in "${ranges[@]}"; do
            [ "$a" != "$b" ] || continue
            # shellcheck disable=SC2086
            set -- $a; local s1=$1 e1=$2 n1=$3
            # shellcheck disable=SC2086
            set -- $b; local s2=$1 e2=$2 n2=$3
            [ "$s1" -ge "$e2" ] || [ "$s2" -ge "$e1" ] || e2e_die "modules $n1 and $n2 overlap"
        done
    done
    printf '%s\n' "${out[@]}"
}

# e2e_domid_of LOG DOMMAP NODE -> the domid Xen gave /chosen/NODE: from Xen's own line
# `Loading dN kernel from boot module @ ADDR` matched to NODE's kernel module address; if Xen did
# not print it, the creation order (Xen 4.17 create_domUs: /chosen order, domids from 1).
e2e_domid_of() {
    local log=$1 map=$2 want=$3 addr node order id
    while read -r addr node order; do
        [ "$node" = "$want" ] || continue
        id=$(tr -d '\r' < "$log" | sed -n "s/.*Loading d\([0-9]*\) kernel from boot module @ 0*\($addr\)\$/\1/p" | head -n1)
        echo "${id:-$order}"
        return 0
    done < "$map"
    e2e_die "no /chosen/$want domain in $map"
}

# e2e_owner_check LOG DOMMAP NODE RE LABEL: lines matching RE come from exactly DOM<id of NODE>.
e2e_owner_check() {
    local log=$1 map=$2 node=$3 re=$4 label=$5 id doms
    id=$(e2e_domid_of "$log" "$map" "$node")
    doms=$(e2e_doms_of "$log" "$re")
    [ "$doms" = "DOM$id " ] || e2e_die "$label: from '${doms% }', expected only DOM$id (domain $node)"
    echo "$label from DOM$id (domain $node)"
}

# Which DOMn printed a marker first (dom0less console), e.g. `e2e_dom_of LOG 'DEVASSIGN-E2E rtc0'`.
e2e_doms_of() {
    grep -aE -- "$2" "$1" | sed -n 's/.*(XEN) *\(DOM[0-9]*\|d[0-9]*\).*/\1/p' | sort -u | tr '\n' ' '
}

# Shared command line of the e2e case scripts: [--manual] [--cache DIR] CASE WORKDIR.
# Usage text is the script's own header comment. Sets MANUAL, CACHE, CASE and WORK.
e2e_parse_args() {
    local script=$1 cases=$2
    shift 2
    e2e_usage() { awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$script" >&2; exit 2; }
    MANUAL=""
    CACHE=${DEVASSIGN_E2E_CACHE:-}
    while [ $# -gt 0 ]; do
        case $1 in
            --manual) MANUAL=1; shift ;;
            --cache) CACHE=$2; shift 2 ;;
            -h|--help) e2e_usage ;;
            -*) echo "unknown option $1" >&2; e2e_usage ;;
            *) break ;;
        esac
    done
    [ $# -eq 2 ] || e2e_usage
    CASE=$1
    case " $cases " in *" $CASE "*) ;; *) echo "unknown case $CASE" >&2; e2e_usage ;; esac
    mkdir -p "$2"
    WORK=$(cd "$2" && pwd -P)
    CACHE=${CACHE:-$WORK/cache}
}

# What every case needs before it builds anything: host tools, the devassign CLI in CLI mode
# (DEVASSIGN, default `devassign` in PATH), and the unpacked guest packages in CACHE.
e2e_prepare() {
    e2e_need "$E2E_QEMU" dtc fdtget fdtput cpio gzip
    DEVASSIGN=${DEVASSIGN:-devassign}
    if [ -z "$MANUAL" ]; then
        command -v "$DEVASSIGN" >/dev/null 2>&1 || e2e_die "devassign CLI '$DEVASSIGN' not found (set DEVASSIGN, or use --manual)"
    fi
    "$HERE/fetch.sh" "$CACHE" >/dev/null
    e2e_load_cache "$CACHE"
}
