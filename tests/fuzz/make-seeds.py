#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates the checked-in seed corpora of the libFuzzer targets (tests/fuzz/README.md):
#   corpus/project/   project files: the JSON examples of docs/project-format.md plus corners
#   corpus/pipeline/  fuzz_pipeline inputs: u16 LE spec length | project spec | host DTB, on the
#                     small QEMU virt DTBs and the seed trees in seeds/*.dts (compiled with dtc)
#   corpus/xlimport/  dom.cfg files: every golden export's dom.cfg plus hand-written corners
#   corpus/scmipolicy/ fix-CRC byte | SCMI policy blob: every golden scmi-policy.bin and the
#                     hypervisor's seed blobs, each as it is (byte 0x00) and with its CRC fixed (0x01)
# fuzz_hostmodel's seeds are made at run time by run-fuzz.sh (the board DTBs of tests/data).
# Usage: tests/fuzz/make-seeds.py   (deterministic: the same tree gives the same files)
import json, pathlib, re, struct, subprocess, sys, tempfile

here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent


def write(directory, name, data):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def project_seeds():
    out = here / "corpus" / "project"
    for old in out.glob("*"):
        old.unlink()
    doc = (root / "docs" / "project-format.md").read_text()
    for i, block in enumerate(re.findall(r"```json\n(.*?)```", doc, re.S)):
        write(out, f"doc-{i}.json", block.encode())
    corners = {
        "unknown-keys": {"format": "devassign-project", "version": 1, "future": [1, {"a": None}],
                          "host": {"dtb": "virt.dtb", "extra": "kept"},
                          "domains": [{"name": "d", "devices": ["/pl031@9010000"], "x-key": True,
                                       "dependency_decisions": {"/apb-pclk": "stub"}}],
                          "acknowledgements": [{"rule": "dma-without-iommu", "node": "/pl031@9010000",
                                                "domain": "d", "note": "accepted", "more": 1}]},
        "numbers": {"format": "devassign-project", "version": 1, "host": {"dtb": "v.dtb"},
                    "domains": [{"name": "n", "memory_kib": "0x40000", "vcpus": 128,
                                 "static_memory": [{"address": "0x50000000", "size": "0x10000000"}],
                                 "targets": ["xl"], "xl_dir": "/srv/n"}]},
        "escapes": {"format": "devassign-project", "version": 1, "host": {"dtb": "d\u00e9j\u00e0 \"v\".dtb"},
                    "xen_bootargs": "console=dtuart \\ \"q\"",
                    "domains": [{"name": "e", "bootargs": "a\u2028b", "kernel": "k\\\"", "ramdisk": "\u0000"}]},
    }
    for name, obj in corners.items():
        write(out, name + ".json", json.dumps(obj, indent=1, ensure_ascii=False).encode())


def fdt_nodes(dtb):
    """(index, has_reg) of every node, in the order HostModel numbers them (tree order)."""
    magic, total, off_struct, off_strings = struct.unpack(">IIII", dtb[:16])
    assert magic == 0xD00DFEED
    nodes, i, strings = [], off_struct, dtb[off_strings:]
    while True:
        tag = struct.unpack(">I", dtb[i:i + 4])[0]
        i += 4
        if tag == 1:  # FDT_BEGIN_NODE
            end = dtb.index(b"\0", i)
            nodes.append(False)
            i = (end + 4) & ~3
        elif tag == 3:  # FDT_PROP
            length, nameoff = struct.unpack(">II", dtb[i:i + 8])
            name = strings[nameoff:strings.index(b"\0", nameoff)]
            if name == b"reg" and nodes:
                nodes[-1] = True
            i = (i + 8 + length + 3) & ~3
        elif tag in (2, 4):  # FDT_END_NODE, FDT_NOP
            continue
        else:
            return nodes


def text(s):
    b = s.encode("latin-1")
    return bytes([len(b)]) + b


def domain(name_choice, flags, gic, vcpus, mem_mib, kernel, bootargs, devices, decisions=()):
    spec = bytes([name_choice, flags, gic, vcpus]) + struct.pack("<H", mem_mib) + bytes([0, kernel])
    spec += text(bootargs)
    if flags & 0x80:
        spec += text("/srv/xen")
    spec += bytes([0])  # no static memory
    spec += bytes([len(devices)]) + b"".join(struct.pack("<H", d) for d in devices)
    spec += bytes([len(decisions)]) + b"".join(struct.pack("<HB", n, a) for n, a in decisions)
    return spec


def pipeline_seed(dtb, variant):
    devices = [i for i, has_reg in enumerate(fdt_nodes(dtb)) if has_reg]
    pick = lambda k, step: [devices[(k + j * step) % len(devices)] for j in range(3)] if devices else []
    if variant == 0:    # one dom0less + xl domain, three devices, DTS decompiled
        spec = bytes([0x02, 0]) + domain(0, 0x07, 2, 1, 256, 1, "console=ttyAMA0 rdinit=/init", pick(1, 5))
    elif variant == 1:  # two domains, xl only and dom0less with direct map, a dependency stubbed
        spec = bytes([0x00, 1]) + domain(1, 0x02, 0, 2, 128, 0, "quiet \"x\"", pick(3, 7), [(2, 1)])
        spec += domain(2, 0x19, 1, 1, 64, 0, "", pick(4, 3))
    else:               # forced, Xen command line given, acknowledgements
        spec = bytes([0x11]) + text("console=dtuart bootscrub=0") + bytes([0])
        spec += domain(3, 0x27, 3, 4, 512, 1, "root=/dev/ram", pick(0, 11))
    spec += bytes([1, 0, 1]) + struct.pack("<H", devices[0] if devices else 0)  # one acknowledgement
    spec += struct.pack("<II", 8 << 20, 3 << 20)  # kernel and ramdisk sizes
    return struct.pack("<H", len(spec)) + spec + dtb


def pipeline_seeds():
    out = here / "corpus" / "pipeline"
    for old in out.glob("*"):
        old.unlink()
    hosts = {p.stem: p.read_bytes() for p in sorted((root / "tests" / "data").glob("virt-*.dtb"))}
    with tempfile.TemporaryDirectory() as tmp:
        for dts in sorted(list(here.glob("seeds/*.dts")) + [root / "tests" / "data" / "scmi-smc-board.dts"]):
            dtb = pathlib.Path(tmp) / (dts.stem + ".dtb")
            subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb), str(dts)], check=True)
            hosts[dts.stem] = dtb.read_bytes()
    for name, dtb in hosts.items():
        for variant in range(3):
            write(out, f"{name}-{variant}.bin", pipeline_seed(dtb, variant))


def xlimport_seeds():
    out = here / "corpus" / "xlimport"
    for old in out.glob("*"):
        old.unlink()
    for cfg in sorted((root / "tests" / "data" / "golden").glob("*/*/dom.cfg")):
        write(out, f"golden-{cfg.parent.parent.name}-{cfg.parent.name}.cfg", cfg.read_bytes())
    corners = {
        # the domU config that booted under a real dom0 (../shared/notes/e2e-xl-dom0.md)
        "e2e-dom0": 'name = "guest"\ntype = "pvh"\nuuid = "5b1e3c52-8d0a-4f7e-9a61-2c4d8e0f1a23"\n'
                    'kernel = "/guest/Image"\nramdisk = "/guest/initrd.cpio.gz"\n'
                    'extra = "console=hvc0 rdinit=/init"\nmemory = 256\nvcpus = 1\n'
                    'device_tree = "/guest/p.dtb"\niomem = [ "0x9010,1" ]\nirqs = [ 34 ]\n',
        "unmapped": 'name = "d"\niomem = [ "9050,2@9050", "a000,1", "9030,1" ]\nirqs = [ 34, 999, 48 ]\n'
                    'dtdev = [ "/nope", "/pl031@9010000" ]\nvuart = "sbsa_uart"\ngic_version = "v3"\n',
        "scmi-shmem": 'name = "s"\niomem = [ "e000,1@22001", "e001,1" ]\n',
        "cmdline": 'name = "c"\nroot = "/dev/vda"\nextra = "quiet"\ncmdline = "x"\nmemory = 0x40\n',
        "escapes": 'name = "e"\nextra = "a\\"b\\\\c\\x41"\nkernel = \'/k k/Image\'\nvcpus = 128\n',
        "append": 'name = "a"\niomem = [ "9010,1" ]\niomem += [ "9000,1" ]\n',
    }
    for name, text in corners.items():
        write(out, name + ".cfg", text.encode())


def scmipolicy_seeds():
    out = here / "corpus" / "scmipolicy"
    for old in out.glob("*"):
        old.unlink()
    blobs = [(f"golden-{b.parent.name}", b) for b in sorted((root / "tests" / "data" / "golden").glob("*/scmi-policy.bin"))]
    blobs += [(f"hv-{b.name}", b) for b in sorted((root / "hypervisor" / "tests" / "seeds" / "policy").glob("*"))]
    for name, blob in blobs:
        data = blob.read_bytes()
        write(out, name + "-0.bin", b"\x00" + data)
        write(out, name + "-1.bin", b"\x01" + data)


if __name__ == "__main__":
    project_seeds()
    pipeline_seeds()
    xlimport_seeds()
    scmipolicy_seeds()
    print("seeds written to", here / "corpus", file=sys.stderr)
