#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The host DT of e2e-scmi.sh's 'guests' case when its inputs come from `devassign export`.

    host_dts.py SPEC.json VIRT.dtb > HOST.dts

QEMU's DTB plus what a board with SCMI firmware would describe (Linux binding
firmware/arm,scmi.yaml): /firmware/scmi, an arm,scmi-smc agent with the protocols the simulated
platform implements (power domain @11, clock @14, reset @16; docs/hypervisor.md §3), and one
consumer per SPEC "consumers" entry, /scmi-consumer-<domain>, with its clocks, power domain,
resets and assigned rate: the device each guest gets. /chosen gets the Xen command line of
gen_inputs.py. devassign derives the policy, the partial DTBs and the dom0less host DTB from it.
"""
import json
import os
import subprocess
import sys

XEN_BOOTARGS = ("console=dtuart dtuart=/pl011@9000000 bootscrub=0 guest_loglvl=all"
                + os.environ.get("SCMI_XEN_EXTRA_ARGS", ""))


def consumer(name, c):
    cells = lambda ph, ids: ", ".join("<&%s %d>" % (ph, i) for i in ids)  # noqa: E731
    return """    scmi-consumer-%s {
        /* dwc3-of-simple: takes all its clocks, resets and its power domain, no MMIO */
        compatible = "allwinner,sun50i-h6-dwc3";
        clocks = %s;
        resets = %s;
        power-domains = %s;
        assigned-clocks = <&scmi_clk %d>;
        assigned-clock-rates = <%d>;
    };
""" % (name, cells("scmi_clk", c["clocks"]), cells("scmi_reset", c["resets"]), cells("scmi_pd", c["power"]),
       c["clocks"][0], c["rate"])


def main(argv):
    spec_path, virt_dtb = argv[1:3]
    with open(spec_path) as f:
        spec = json.load(f)
    host = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", virt_dtb], check=True,
                          capture_output=True, text=True).stdout
    extra = ["/ {", "    chosen { xen,xen-bootargs = \"%s\"; };" % XEN_BOOTARGS, """    firmware {
        scmi {
            compatible = "arm,scmi-smc";
            arm,smc-id = <0x82000010>;
            #address-cells = <1>;
            #size-cells = <0>;
            scmi_pd: protocol@11 { reg = <0x11>; #power-domain-cells = <1>; };
            scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
            scmi_reset: protocol@16 { reg = <0x16>; #reset-cells = <1>; };
        };
    };"""]
    for name in sorted(spec["consumers"]):
        extra.append(consumer(name, spec["consumers"][name]))
    extra.append("};")
    sys.stdout.write(host + "\n" + "\n".join(extra) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
