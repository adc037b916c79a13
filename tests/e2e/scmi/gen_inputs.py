#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The e2e test's stand-in for `devassign export` (tests/e2e/e2e-scmi.sh).

    gen_inputs.py SPEC.json VIRT.dtb OUT --kernel IMAGE --ramdisk CPIO [--rogue IMAGE]

Writes what the export will write, under the same names:
    OUT/scmi-policy.bin            the policy blob (docs/scmi-policy.md), from SPEC's "policy"
    OUT/<domain>/passthrough.dtb   per Linux guest: /passthrough with the SCMI shmem node, the
                                   /passthrough/firmware/scmi node (arm,scmi-smc, arm,smc-id,
                                   protocol@11/@14/@16) and the consumer device
    OUT/dom0less/host.dtb          QEMU's DTB + /chosen: xen,xen-bootargs, the policy module
                                   (compatible "multiboot,module", "devassign,scmi-policy") and
                                   one xen,domain node per policy domain, in key order
Module addresses start at 0x50000000, 2 MiB aligned. Standard library + dtc only.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mkpolicy  # noqa: E402

XEN_BOOTARGS = "console=dtuart dtuart=/pl011@9000000 bootscrub=0 guest_loglvl=all" + os.environ.get("SCMI_XEN_EXTRA_ARGS", "")
LINUX_BOOTARGS = "console=ttyAMA0 rdinit=/init quiet loglevel=4"


def dtc(dts, out):
    with open(out + ".dts", "w") as f:
        f.write(dts)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, out + ".dts"], check=True)


def partial_dts(dom, consumer):
    gpa, size = dom["shmem"]["address"], dom["shmem"]["size"]
    protos = {p["id"] for p in dom["protocols"]}
    nodes = []
    if 0x11 in protos:
        nodes.append("scmi_pd: protocol@11 { reg = <0x11>; #power-domain-cells = <1>; };")
    if 0x14 in protos:
        nodes.append("scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };")
    if 0x16 in protos:
        nodes.append("scmi_reset: protocol@16 { reg = <0x16>; #reset-cells = <1>; };")
    clocks = ", ".join("<&scmi_clk %d>" % c for c in consumer["clocks"])
    resets = ", ".join("<&scmi_reset %d>" % r for r in consumer["resets"])
    power = ", ".join("<&scmi_pd %d>" % p for p in consumer["power"])
    return """/dts-v1/;
/ {
    #address-cells = <2>;
    #size-cells = <2>;
    passthrough {
        compatible = "simple-bus";
        ranges;
        #address-cells = <2>;
        #size-cells = <2>;
        scmi_shm: scmi-shmem@%(gpa)x {
            compatible = "arm,scmi-shmem";
            reg = <0x0 0x%(gpa)x 0x0 0x%(size)x>;
        };
        firmware {
            compatible = "simple-bus";
            scmi {
                compatible = "arm,scmi-smc";
                arm,smc-id = <0x%(smc)x>;
                shmem = <&scmi_shm>;
                #address-cells = <1>;
                #size-cells = <0>;
                %(nodes)s
            };
        };
        scmi-consumer {
            /* dwc3-of-simple: takes all its clocks, resets and its power domain, no MMIO */
            compatible = "allwinner,sun50i-h6-dwc3";
            clocks = %(clocks)s;
            resets = %(resets)s;
            power-domains = %(power)s;
            assigned-clocks = <&scmi_clk %(first)d>;
            assigned-clock-rates = <%(rate)d>;
        };
    };
};
""" % dict(gpa=gpa, size=size, smc=dom["smc_id"], nodes="\n                ".join(nodes),
           clocks=clocks, resets=resets, power=power, first=consumer["clocks"][0],
           rate=consumer["rate"])


class Placer:
    def __init__(self, base=0x50000000):
        self.next = base

    def place(self, size):
        addr = self.next
        self.next = (addr + size + 0x1FFFFF) & ~0x1FFFFF
        return addr


def main(argv):
    args, opts, i = [], {}, 1
    while i < len(argv):
        if argv[i].startswith("--"):
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            args.append(argv[i])
            i += 1
    spec_path, virt_dtb, out = args
    with open(spec_path) as f:
        spec = json.load(f)
    policy = spec["policy"]
    os.makedirs(os.path.join(out, "dom0less"), exist_ok=True)
    blob = mkpolicy.build(policy)
    with open(os.path.join(out, "scmi-policy.bin"), "wb") as f:
        f.write(blob)
    placer = Placer()
    chosen = ['#address-cells = <1>;', '#size-cells = <1>;',
              'xen,xen-bootargs = "%s";' % XEN_BOOTARGS]
    addr = placer.place(len(blob))
    chosen.append('scmi-policy@%x { compatible = "multiboot,module", "devassign,scmi-policy"; '
                  'reg = <0x%x 0x%x>; };' % (addr, addr, len(blob)))
    ksize = os.path.getsize(opts["kernel"])
    rsize = os.path.getsize(opts["ramdisk"])
    for dom in sorted(policy["domains"], key=lambda d: d["key"]):
        name = dom["name"]
        mods = []
        if name in spec["consumers"]:
            pdtb = os.path.join(out, name, "passthrough.dtb")
            os.makedirs(os.path.dirname(pdtb), exist_ok=True)
            dtc(partial_dts(dom, spec["consumers"][name]), pdtb)
            k, r, d = placer.place(ksize), placer.place(rsize), placer.place(os.path.getsize(pdtb))
            mods.append('module@%x { compatible = "multiboot,kernel", "multiboot,module"; '
                        'reg = <0x%x 0x%x>; bootargs = "%s"; };' % (k, k, ksize, LINUX_BOOTARGS))
            mods.append('module@%x { compatible = "multiboot,ramdisk", "multiboot,module"; '
                        'reg = <0x%x 0x%x>; };' % (r, r, rsize))
            mods.append('module@%x { compatible = "multiboot,device-tree", "multiboot,module"; '
                        'reg = <0x%x 0x%x>; };' % (d, d, os.path.getsize(pdtb)))
            body = 'memory = <0x0 0x40000>; cpus = <1>; vpl011;'
        else:
            rsz = os.path.getsize(opts["rogue"])
            k = placer.place(rsz)
            mods.append('module@%x { compatible = "multiboot,kernel", "multiboot,module"; '
                        'reg = <0x%x 0x%x>; };' % (k, k, rsz))
            body = 'memory = <0x0 0x4000>; cpus = <2>;'
        chosen.append('%s { compatible = "xen,domain"; #address-cells = <1>; #size-cells = <1>; '
                      '%s %s };' % (name, body, " ".join(mods)))
    host = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", virt_dtb], check=True,
                          capture_output=True, text=True).stdout
    host += "\n/ {\n\tchosen {\n\t\t" + "\n\t\t".join(chosen) + "\n\t};\n};\n"
    dtc(host, os.path.join(out, "dom0less", "host.dtb"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
