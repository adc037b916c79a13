#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# host_extract.py HOST.dtb OUT.dtb NODE...: the host DTB cut down to what dt-validate needs to judge
# NODE... as the board has them (tst_dtschema: "the host DTB has the same error"). Kept: the
# nodes' subtrees and their ancestors (with compatible, ranges and cells), and every phandle
# holder reduced to its phandle and #*-cells (dt-schema decodes phandle arrays with them).
# Validating a whole board takes minutes; this takes seconds.
import sys
import libfdt

src, dst, keep = sys.argv[1], sys.argv[2], sys.argv[3:]
fdt = libfdt.Fdt(bytearray(open(src, 'rb').read()))


def walk(off, path, out):
    child = fdt.first_subnode(off, libfdt.QUIET_NOTFOUND)
    while child >= 0:
        p = (path if path != '/' else '') + '/' + fdt.get_name(child)
        out.append(p)
        walk(child, p, out)
        child = fdt.next_subnode(child, libfdt.QUIET_NOTFOUND)


def props(off):
    names = []
    p = fdt.first_property_offset(off, libfdt.QUIET_NOTFOUND)
    while p >= 0:
        names.append(fdt.get_property_by_offset(p).name)
        p = fdt.next_property_offset(p, libfdt.QUIET_NOTFOUND)
    return names


paths = []
walk(0, '/', paths)
inside = lambda p: any(p == k or p.startswith(k + '/') for k in keep)
above = lambda p: any(k.startswith(p + '/') for k in keep)
holders = set(p for p in paths if 'phandle' in props(fdt.path_offset(p)))
holder_parents = set(q for p in holders for q in paths if p.startswith(q + '/'))
drop = [p for p in paths if not (inside(p) or above(p) or p in holders or p in holder_parents)]
for p in sorted(drop, key=lambda x: -x.count('/')):
    off = fdt.path_offset(p, libfdt.QUIET_NOTFOUND)
    if off >= 0:
        fdt.del_node(off)
for p in paths:
    if inside(p) or p in drop:
        continue
    off = fdt.path_offset(p)
    for name in props(off):
        if name == 'phandle' or name.startswith('#') or (above(p) and name in ('ranges', 'dma-ranges', 'compatible')):
            continue
        fdt.delprop(off, name)
fdt.pack()
open(dst, 'wb').write(fdt.as_bytearray())
