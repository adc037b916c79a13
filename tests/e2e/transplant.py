#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Graft device nodes of a real board DTB into QEMU virt's host DTB, and compare a guest's
/proc/device-tree/passthrough dump with an exported partial DTB. pylibfdt only (python3-libfdt).

  transplant.py graft BOARD.dtb VIRT.dtb OUT.dtb NODE... [--report FILE]
  transplant.py compare PARTIAL.dtb CONSOLE.log [--dom N | --relay NAME] [--host HOST.dtb NODE...]
  transplant.py disable-grafted HOST.dtb REPORT KEEP_NODE...   (xl: xen,passthrough on providers)

graft copies each NODE with its subtree, every ancestor (with all its properties: buses keep
`ranges`, `#*-cells`, `compatible`) and the closure of every phandle the copied nodes name
(clocks, resets, power-domains, pinctrl-N, phys, syscons, fsl,usbmisc, ...), each at the same
path. Interrupts whose parent is the board's GIC go to virt's GIC; SPIs virt lacks (it has 256)
or that QEMU devices use are renumbered. When a copied `reg` would land on QEMU's RAM or devices,
the top-level bus's `ranges` are shifted by SHIFT (64 GiB).
"""
import re
import sys

import libfdt

SHIFT = 0x10_0000_0000
VIRT_NR_SPIS = 256          # hw/arm/virt.c: NUM_IRQS = 256 SPIs on the GIC
# SPIs QEMU virt uses without an `interrupts` property in its DTB (hw/arm/virt.c a15irqmap):
# PCIe INTx 3-6 (interrupt-map), secure UART 8, ACPI GED 9, SMMUv3 74-77, platform bus 112-175.
VIRT_HIDDEN_SPIS = set(range(3, 7)) | {8, 9} | set(range(74, 78)) | set(range(112, 176))
# Physical ranges a grafted device may not use: everything below the end of QEMU's RAM (flash,
# GIC, UART, RTC, GPIO, virtio, platform bus, PCIe windows, 2 GiB RAM from 0x40000000) and
# virt's high regions (GICv3 redistributors, PCIe ECAM/MMIO from 256 GiB).
FORBIDDEN = [(0, 0xC000_0000), (0x40_0000_0000, 1 << 64)]

# Phandle-valued properties: name -> the provider's "#cells" property (None: bare phandles).
PHANDLE_CELLS = {
    'clocks': '#clock-cells', 'assigned-clocks': '#clock-cells',
    'assigned-clock-parents': '#clock-cells', 'resets': '#reset-cells',
    'power-domains': '#power-domain-cells', 'phys': '#phy-cells', 'dmas': '#dma-cells',
    'iommus': '#iommu-cells', 'mboxes': '#mbox-cells', 'interconnects': '#interconnect-cells',
    'thermal-sensors': '#thermal-sensor-cells', 'pwms': '#pwm-cells', 'io-channels': '#io-channel-cells',
    'nvmem-cells': None, 'phy-handle': None, 'memory-region': None, 'sram': None,
    'interrupt-parent': None, 'msi-parent': '#msi-cells', 'hwlocks': '#hwlock-cells',
    'access-controllers': '#access-controller-cells', 'remote-endpoint': None,
    'interrupt-affinity': None, 'cpu': None, 'extcon': None, 'usb-phy': None,
}
# Properties of the form <&target fixed-arg...>: phandle, then this many cells.
PHANDLE_FIXED = {'fsl,usbmisc': 1, 'ti,syscon-efuse': 3, 'ti,syscon-pcie-id': 1,
                 'ti,syscon-pcie-mode': 1, 'rockchip,grf': 0, 'rockchip,php-grf': 0,
                 'rockchip,pipe-grf': 0, 'rockchip,pipe-phy-grf': 0, 'renesas,sysc': 0,
                 'fsl,gpr': 0, 'syscon': 0, 'ti,ctrl-mmr': 0}


# Not grafted: the board's IOMMU is hardware QEMU lacks, and Xen 4.17 would probe an SMMU node
# (arm,mmu-500, ...) at its MMIO and fault. Without them devassign sees an unprotected device.
DROPPED = {'iommus', 'iommu-map', 'iommu-map-mask'}


def is_phandle_prop(name):
    if name in PHANDLE_CELLS or name in PHANDLE_FIXED or re.fullmatch(r'pinctrl-[0-9]+', name):
        return True
    if name.endswith('-gpios') or name == 'gpios' or name.endswith(',syscon') or name.endswith('-syscon') \
            or name.endswith('-supply'):
        return True
    return False


def cells_of(fdt, off, prop, default):
    try:
        return int.from_bytes(fdt.getprop(off, prop)[:4], 'big')
    except libfdt.FdtException:
        return default


def u32s(b):
    return [int.from_bytes(b[i:i + 4], 'big') for i in range(0, len(b) - len(b) % 4, 4)]


def be(vals):
    return b''.join(v.to_bytes(4, 'big') for v in vals)


class Tree:
    """Read-only view of a DTB: paths, properties in order, phandles."""

    def __init__(self, data):
        self.fdt = libfdt.Fdt(data)
        self.nodes = {}       # path -> [(name, bytes)]
        self.children = {}    # path -> [child path]
        self.by_phandle = {}
        self._walk(0, '/')

    def _walk(self, off, path):
        props = []
        p = self.fdt.first_property_offset(off, libfdt.QUIET_NOTFOUND)
        while p >= 0:
            pr = self.fdt.get_property_by_offset(p)
            props.append((pr.name, bytes(pr)))
            p = self.fdt.next_property_offset(p, libfdt.QUIET_NOTFOUND)
        self.nodes[path] = props
        self.children[path] = []
        ph = self.prop(path, 'phandle')
        if ph is not None:
            self.by_phandle[u32s(ph)[0]] = path
        c = self.fdt.first_subnode(off, libfdt.QUIET_NOTFOUND)
        while c >= 0:
            cp = (path.rstrip('/') + '/' + self.fdt.get_name(c))
            self.children[path].append(cp)
            self._walk(c, cp)
            c = self.fdt.next_subnode(c, libfdt.QUIET_NOTFOUND)

    def prop(self, path, name):
        for n, v in self.nodes.get(path, []):
            if n == name:
                return v
        return None

    def cells(self, path, name, default):
        v = self.prop(path, name)
        return u32s(v)[0] if v else default

    def subtree(self, path):
        out = [path]
        for c in self.children[path]:
            out += self.subtree(c)
        return out

    def int_parent(self, path):
        p = path
        while True:
            v = self.prop(p, 'interrupt-parent')
            if v:
                return self.by_phandle.get(u32s(v)[0])
            if p == '/':
                return None
            p = parent(p)

    def is_gic(self, path):
        c = self.prop(path, 'compatible') or b''
        return self.prop(path, 'interrupt-controller') is not None and b'arm,gic' in c or \
            b'arm,cortex-a15-gic' in c or b'arm,gic-400' in c

    def phandle_refs(self, path, name, value):
        """[(target path, phandle cell index, args)] of a phandle-valued property."""
        cells = u32s(value)
        out = []
        i = 0
        if name in PHANDLE_FIXED:
            n = PHANDLE_FIXED[name]
            while i < len(cells):
                out.append((self.by_phandle.get(cells[i]), i, cells[i + 1:i + 1 + n]))
                i += 1 + n
            return out
        cprop = PHANDLE_CELLS.get(name, '#gpio-cells' if 'gpio' in name else None)
        if name.endswith(',syscon') or name.endswith('-syscon'):
            return [(self.by_phandle.get(cells[0]), 0, cells[1:])] if cells else []
        while i < len(cells):
            t = self.by_phandle.get(cells[i])
            n = self.cells(t, cprop, 0) if (t and cprop) else 0
            out.append((t, i, cells[i + 1:i + 1 + n]))
            i += 1 + n
        return out


def parent(path):
    p = path.rsplit('/', 1)[0]
    return p or '/'


def ancestors(path):
    out = []
    while path != '/':
        path = parent(path)
        out.append(path)
    return out


def die(msg):
    print('transplant: ' + msg, file=sys.stderr)
    sys.exit(1)


def graft(board_f, virt_f, out_f, nodes, report_f=None):
    board = Tree(open(board_f, 'rb').read())
    virt = Tree(open(virt_f, 'rb').read())
    vgic = [p for p in virt.nodes if virt.is_gic(p)]
    if len(vgic) != 1:
        die('virt DTB: expected one GIC, found %s' % vgic)
    vgic = vgic[0]
    vgic_ph = u32s(virt.prop(vgic, 'phandle'))[0]
    for n in nodes:
        if n not in board.nodes:
            die('%s has no node %s' % (board_f, n))

    # 1. The closure: requested subtrees, their ancestors, every phandle target (+ subtree).
    copy = set()
    todo = []
    for n in nodes:
        todo += board.subtree(n)
    bgics = set()
    while todo:
        p = todo.pop()
        if p in copy or p == '/':
            continue
        if board.is_gic(p):
            bgics.add(p)
            continue
        copy.add(p)
        todo += ancestors(p)
        for name, val in board.nodes[p]:
            if not is_phandle_prop(name) or name in DROPPED:
                continue
            for t, _, _ in board.phandle_refs(p, name, val):
                if t is None:
                    die('%s %s: a phandle that points nowhere in %s' % (p, name, board_f))
                if board.is_gic(t):
                    bgics.add(t)
                elif t not in copy:
                    # A pin group's settings are its children; other providers come alone
                    # (their own children follow only when something names them).
                    todo += board.subtree(t) if name.startswith('pinctrl-') else [t]
        # interrupts-extended: phandle + #interrupt-cells
        ie = board.prop(p, 'interrupts-extended')
        if ie:
            c = u32s(ie)
            i = 0
            while i < len(c):
                t = board.by_phandle.get(c[i])
                if t is None:
                    die('%s interrupts-extended: dangling phandle' % p)
                if board.is_gic(t):
                    bgics.add(t)
                else:
                    todo.append(t)
                i += 1 + board.cells(t, '#interrupt-cells', 1)
        ip = board.int_parent(p)
        if board.prop(p, 'interrupts') and ip and not board.is_gic(ip):
            todo.append(ip)
    clash = sorted(p for p in copy if p in virt.nodes and p != '/')
    if clash:
        die('board nodes would replace virt nodes at the same path: %s' % ', '.join(clash))
    vph = set(virt.by_phandle) | {65000}
    bad = sorted(ph for ph, p in board.by_phandle.items() if p in copy and ph in vph)
    if bad:
        die('board phandles %s collide with virt/Xen phandles' % bad)

    # 2. SPIs: QEMU's own (DTB + hidden ones) are taken; board SPIs map to a free one if needed.
    used = set(VIRT_HIDDEN_SPIS)
    for p, props in virt.nodes.items():
        iv = virt.prop(p, 'interrupts')
        if iv and virt.int_parent(p) == vgic:
            c = u32s(iv)
            used |= {c[i + 1] for i in range(0, len(c) - 2, 3) if c[i] == 0}
    spi_map = {}
    free = (s for s in range(32, VIRT_NR_SPIS) if s not in used)

    def spi(board_spi):
        if board_spi not in spi_map:
            if board_spi < VIRT_NR_SPIS and board_spi not in used and board_spi not in spi_map.values():
                spi_map[board_spi] = board_spi
            else:
                n = next(s for s in free if s not in spi_map.values())
                spi_map[board_spi] = n
        return spi_map[board_spi]

    def gic_spec(cells, gic):
        nc = board.cells(gic, '#interrupt-cells', 3)
        if nc < 3:
            die('board GIC %s has #interrupt-cells %d' % (gic, nc))
        out = []
        for i in range(0, len(cells), nc):
            t, n, f = cells[i:i + 3]
            out += [t, spi(n) if t == 0 else n, f]     # a 4th cell (PPI partition) is dropped
        return out

    # 3. Properties of each copied node, rewritten for virt.
    props_out = {}
    dropped = []
    for p in sorted(copy):
        props = []
        ip = board.int_parent(p)
        for name, val in board.nodes[p]:
            if name in DROPPED:
                dropped.append('%s %s' % (p, name))
                continue
            if name == 'interrupt-parent' and board.by_phandle.get(u32s(val)[0]) in bgics:
                val = be([vgic_ph])
            elif name == 'interrupts' and ip in bgics:
                val = be(gic_spec(u32s(val), ip))
            elif name == 'interrupts-extended':
                c = u32s(val)
                o = []
                i = 0
                while i < len(c):
                    t = board.by_phandle[c[i]]
                    n = board.cells(t, '#interrupt-cells', 1)
                    o += [vgic_ph] + gic_spec(c[i + 1:i + 1 + n], t) if t in bgics else c[i:i + 1 + n]
                    i += 1 + n
                val = be(o)
            elif is_phandle_prop(name):
                for t, idx, _ in board.phandle_refs(p, name, val):
                    if t in bgics:
                        c = u32s(val)
                        c[idx] = vgic_ph
                        val = be(c)
            props.append([name, val])
        if board.prop(p, 'interrupts') and ip in bgics and board.prop(p, 'interrupt-parent') is None \
                and virt.int_parent('/') != vgic:
            props.append(['interrupt-parent', be([vgic_ph])])
        props_out[p] = props

    # 4. MMIO: translate each copied reg to a CPU address; shift top buses that collide.
    b_ac, b_sc = board.cells('/', '#address-cells', 2), board.cells('/', '#size-cells', 1)
    v_ac, v_sc = virt.cells('/', '#address-cells', 2), virt.cells('/', '#size-cells', 2)

    def num(c):
        v = 0
        for x in c:
            v = (v << 32) | x
        return v

    def split(v, n):
        return [(v >> (32 * (n - 1 - i))) & 0xffffffff for i in range(n)]

    def translate(path, addr):
        """CPU address of a child address of bus `path` (through every ancestor's ranges)."""
        while path != '/':
            r = board.prop(path, 'ranges')
            if r is None:
                return None
            ca = board.cells(path, '#address-cells', 2)
            cs = board.cells(path, '#size-cells', 1)
            pa = board.cells(parent(path), '#address-cells', 2)
            c = u32s(r)
            if c:
                w = ca + pa + cs
                for i in range(0, len(c), w):
                    cb, pb, sz = num(c[i:i + ca]), num(c[i + ca:i + ca + pa]), num(c[i + ca + pa:i + w])
                    if cb <= addr < cb + sz:
                        addr = addr - cb + pb
                        break
                else:
                    return None
            path = parent(path)
        return addr

    regions = []
    for p in sorted(copy):
        reg = board.prop(p, 'reg')
        if not reg or board.prop(parent(p), 'ranges') is None and parent(p) != '/':
            continue
        ac = board.cells(parent(p), '#address-cells', 2)
        sc = board.cells(parent(p), '#size-cells', 1)
        c = u32s(reg)
        for i in range(0, len(c), ac + sc):
            a = translate(parent(p), num(c[i:i + ac]))
            if a is not None:
                regions.append((p, a, num(c[i + ac:i + ac + sc])))
    shift_top = set()
    for p, a, sz in regions:
        if any(a < hi and a + max(sz, 1) > lo for lo, hi in FORBIDDEN):
            shift_top.add('/' + p.split('/')[1])
    for top in sorted(shift_top):
        # A top-level node's own reg is in the root's address space: it moves by SHIFT too.
        for e in props_out[top]:
            if e[0] == 'reg':
                c = u32s(e[1])
                o = []
                for i in range(0, len(c), b_ac + b_sc):
                    o += split(num(c[i:i + b_ac]) + SHIFT, b_ac) + c[i + b_ac:i + b_ac + b_sc]
                e[1] = be(o)
        if board.prop(top, 'ranges') is None:
            continue
        ca = board.cells(top, '#address-cells', 2)
        cs = board.cells(top, '#size-cells', 1)
        r = u32s(board.prop(top, 'ranges'))
        if not r:
            size = min((1 << (32 * cs)) - 1, SHIFT)
            new = [0] * ca + split(SHIFT, b_ac) + split(size, cs)
        else:
            new = []
            w = ca + b_ac + cs
            for i in range(0, len(r), w):
                new += r[i:i + ca] + split(num(r[i + ca:i + ca + b_ac]) + SHIFT, b_ac) + r[i + ca + b_ac:i + w]
        for e in props_out[top]:
            if e[0] == 'ranges':
                e[1] = be(new)
    if (b_ac, b_sc) != (v_ac, v_sc):
        for top in [p for p in copy if parent(p) == '/']:
            for e in props_out[top]:
                if e[0] == 'reg':
                    c = u32s(e[1])
                    o = []
                    for i in range(0, len(c), b_ac + b_sc):
                        o += split(num(c[i:i + b_ac]), v_ac) + split(num(c[i + b_ac:i + b_ac + b_sc]), v_sc)
                    e[1] = be(o)
                elif e[0] == 'ranges' and top not in shift_top and e[1]:
                    die('%s: ranges with board root cells %d/%d != virt %d/%d' % (top, b_ac, b_sc, v_ac, v_sc))

    # 5. Write: virt's tree plus the copied nodes, parents first, properties in board order.
    data = bytearray(open(virt_f, 'rb').read())
    fdt = libfdt.Fdt(data)
    fdt.resize(len(data) + 64 * 1024 + sum(len(v) + len(n) + 16 for ps in props_out.values() for n, v in ps)
               + 64 * len(props_out))
    # libfdt inserts a new property or subnode first: add them in reverse to keep board order.
    for p in sorted(copy, key=lambda x: (x.count('/'), -board_order(board, x))):
        off = fdt.path_offset(parent(p))
        fdt.add_subnode(off, p.rsplit('/', 1)[1])
        off = fdt.path_offset(p)
        for name, val in reversed(props_out[p]):
            fdt.setprop(off, name, val)
    fdt.pack()
    open(out_f, 'wb').write(fdt.as_bytearray())
    lines = ['copied %s' % p for p in sorted(copy)]
    lines += ['gic %s -> %s (phandle %#x)' % (g, vgic, vgic_ph) for g in sorted(bgics)]
    lines += ['spi %d -> %d' % (a, b) for a, b in sorted(spi_map.items())]
    lines += ['dropped %s' % d for d in dropped]
    lines += ['shift %s +%#x' % (t, SHIFT) for t in sorted(shift_top)]
    for p, a, sz in regions:
        top = '/' + p.split('/')[1]
        lines.append('mmio %s %#x+%#x' % (p, a + (SHIFT if top in shift_top else 0), sz))
    rep = '\n'.join(lines) + '\n'
    if report_f:
        open(report_f, 'w').write(rep)
    sys.stdout.write(rep)


def board_order(board, path):
    par = parent(path)
    return board.children[par].index(path)


# --- compare ---------------------------------------------------------------------------------------
GUEST_GIC = '<guest GIC, phandle 65000>'


def guest_dump(console, dom=None, relay=None):
    """Parse DEVASSIGN-E2E-DTP/DTV/DTH lines -> ({relpath: bytes}, {phandle: path}, done)."""
    props, phandles, cur, done = {}, {}, None, False
    for raw in open(console, 'rb').read().decode('utf-8', 'replace').splitlines():
        line = raw.replace('\r', '')
        if relay is not None:
            m = re.search(r'DEVASSIGN-E2E-RELAY guest-%s\.log: (.*)$' % re.escape(relay), line)
        else:
            m = re.search(r'\(XEN\) DOM%s: (.*)$' % (dom if dom is not None else r'[0-9]+'), line)
        if not m:
            continue
        body = m.group(1).rstrip()
        if body.startswith('DEVASSIGN-E2E-DTP '):
            cur = body.split(' ', 1)[1]
            props[cur] = ''
        elif body.startswith('DEVASSIGN-E2E-DTV') and cur is not None:
            props[cur] += body[len('DEVASSIGN-E2E-DTV'):].strip()
        elif body.startswith('DEVASSIGN-E2E-DTH '):
            _, path, hx = body.split(' ')
            node = path[2:] if path.startswith('./') else path
            node = node[:-len('/phandle')] if node.endswith('/phandle') else ''
            phandles[int(hx, 16)] = '/' + node
        elif body.startswith('DEVASSIGN-E2E-DT-DONE'):
            done = True
    return {k: bytes.fromhex(v) for k, v in props.items()}, phandles, done


def eff_irqs(tree, path):
    """A node's interrupt specifiers as [(parent, cells)], from `interrupts-extended` or from
    `interrupts` with the inherited interrupt-parent; a GIC parent (a GIC node, or Xen's guest
    GIC phandle 65000) is 'GIC'."""
    def parent_id(ph):
        t = tree.by_phandle.get(ph)
        if ph == 65000 and t is None or t is not None and tree.is_gic(t):
            return 'GIC'
        return t or 'dangling %#x' % ph

    def ncells(ph):
        t = tree.by_phandle.get(ph)
        return tree.cells(t, '#interrupt-cells', 3) if t else 3
    ie = tree.prop(path, 'interrupts-extended')
    out = []
    if ie:
        c = u32s(ie)
        i = 0
        while i < len(c):
            n = ncells(c[i])
            out.append((parent_id(c[i]), tuple(c[i + 1:i + 1 + n])))
            i += 1 + n
        return out
    iv = tree.prop(path, 'interrupts')
    if not iv:
        return out
    p = path
    ph = None
    while True:
        v = tree.prop(p, 'interrupt-parent')
        if v:
            ph = u32s(v)[0]
            break
        if p == '/':
            break
        p = parent(p)
    n = ncells(ph) if ph is not None else 3
    c = u32s(iv)
    return [(parent_id(ph) if ph is not None else 'none', tuple(c[i:i + n])) for i in range(0, len(c), n)]


def fmt_val(v):
    if len(v) % 4 == 0 and v:
        return '<' + ' '.join('%#x' % x for x in u32s(v)) + '>'
    return repr(v)


def compare(partial_f, console, dom=None, relay=None, host=None, assigned=()):
    t = Tree(open(partial_f, 'rb').read())
    if '/passthrough' not in t.nodes:
        die('%s has no /passthrough' % partial_f)
    want = {}
    for p in t.subtree('/passthrough'):
        for name, val in t.nodes[p]:
            if name.startswith('xen,'):
                continue
            want[(p.lstrip('/') + '/' + name)] = (p, name, val)
    got, gph, done = guest_dump(console, dom, relay)
    if not done:
        die('the guest did not finish its /proc/device-tree/passthrough dump (no DEVASSIGN-E2E-DT-DONE)')
    errors = []
    for key in sorted(set(want) | set(got)):
        if key not in want:
            if key.endswith('/name'):
                continue        # Linux adds a "name" property to every node of an FDT
            errors.append('guest has %s, the partial DTB does not (%s)' % (key, fmt_val(got[key])))
            continue
        p, name, val = want[key]
        if key not in got:
            errors.append('partial DTB has %s = %s, the guest does not' % (key, fmt_val(val)))
            continue
        g = got[key]
        if is_phandle_prop(name) and name != 'phandle':
            # Compare by what the phandles point to (the partial DTB's node vs the guest's).
            def target(ph, tree_map, rel):
                if ph == 65000:
                    return GUEST_GIC
                return rel.get(ph, 'dangling phandle %#x' % ph)
            wl = [(target(u32s(val)[i], None, t.by_phandle), a) for tp, i, a in t.phandle_refs(p, name, val)]
            gl = []
            gc = u32s(g)
            for _, i, a in t.phandle_refs(p, name, val):
                if i < len(gc):
                    ph = gc[i]
                    gl.append((GUEST_GIC if ph == 65000 and gph.get(ph, '').split('/')[-1].startswith('interrupt-controller')
                               else gph.get(ph, 'dangling phandle %#x' % ph), a))
            if len(g) != len(val) or [a for _, a in wl] != [a for _, a in gl] or \
                    [w for w, _ in wl] != [x for x, _ in gl]:
                errors.append('%s: partial DTB %s -> %s, guest %s -> %s' % (key, fmt_val(val), wl, fmt_val(g), gl))
            continue
        if g != val:
            errors.append('%s: partial DTB %s, guest %s' % (key, fmt_val(val), fmt_val(g)))
    # The exported copy of each assigned host node keeps the host's interrupt specifiers (every
    # one, repeats included) and compatible: the host DTB (the graft) is the expected value.
    if host:
        h = Tree(open(host, 'rb').read())
        for hp in assigned:
            copies = [p for p in t.subtree('/passthrough') if t.prop(p, 'xen,path') == hp.encode() + b'\0']
            if not copies and not any(t.prop(p, 'xen,path') is not None for p in t.subtree('/passthrough')):
                # An xl-only partial DTB carries no xen,* (xl maps from dom.cfg): the copy is the
                # node with the host node's name before '@' and its compatible.
                base = hp.rsplit('/', 1)[1].split('@')[0]
                copies = [p for p in t.subtree('/passthrough') if p.rsplit('/', 1)[1].split('@')[0] == base
                          and t.prop(p, 'compatible') == h.prop(hp, 'compatible')]
            if len(copies) != 1:
                errors.append('partial DTB: %d nodes with xen,path = "%s", expected 1' % (len(copies), hp))
                continue
            # The node and each of its children: a child's copy carries xen,path (when Xen maps
            # it) or is the sibling with the same name before '@', in the same order (devassign
            # renames unit addresses it relocates).
            pairs = []

            def match(hn, pn):
                pairs.append((hn, pn))
                used = set()
                for hc in h.children[hn]:
                    base = hc.rsplit('/', 1)[1].split('@')[0]
                    cands = [pc for pc in t.children[pn] if pc not in used and
                             t.prop(pc, 'xen,path') == hc.encode() + b'\0']
                    cands = cands or [pc for pc in t.children[pn] if pc not in used and
                                      t.prop(pc, 'xen,path') is None and
                                      pc.rsplit('/', 1)[1].split('@')[0] == base]
                    if not cands:
                        errors.append('partial DTB: %s has no copy of host %s' % (pn, hc))
                        continue
                    used.add(cands[0])
                    match(hc, cands[0])
            match(hp, copies[0])
            for hd, pd in pairs:
                hi, pi = eff_irqs(h, hd), eff_irqs(t, pd)
                if hi != pi:
                    errors.append('%s interrupts: host %s %s, partial DTB %s %s' % (pd, hd, hi, pd, pi))
                for name in ('compatible',):
                    hv, pv = h.prop(hd, name), t.prop(pd, name)
                    if hv != pv:
                        errors.append('%s %s: host %s, partial DTB %s' % (pd, name,
                                      fmt_val(hv) if hv is not None else 'absent',
                                      fmt_val(pv) if pv is not None else 'absent'))
    n = len(want)
    if errors:
        xen_extra = [e for e in errors if re.match(r'guest has \S*/xen,', e)]
        if relay is not None and xen_extra:
            print('NOTE %d xen,* properties reached the xl guest: libxl copies the partial DTB\'s '
                  '/passthrough verbatim (Xen\'s dom0less builder drops xen,*)' % len(xen_extra))
        for e in errors:
            print('DIFF ' + e)
        print('transplant compare: %d of %d properties differ' % (len(errors), n))
        return 1
    print('transplant compare: all %d properties of /passthrough (xen,* excluded) equal in the guest' % n)
    return 0


def mark_passthrough(host_f, report_f, keep):
    """xl: every grafted provider node (not the assigned ones) gets xen,passthrough, so Xen hides
    it from dom0 (status = "disabled" in dom0's tree): it is board hardware QEMU does not have."""
    data = bytearray(open(host_f, 'rb').read())
    fdt = libfdt.Fdt(data)
    fdt.resize(len(data) + 16 * 1024)
    copied = [l.split(' ', 1)[1] for l in open(report_f).read().splitlines() if l.startswith('copied ')]
    t = Tree(bytes(data))
    n = 0
    for p in copied:
        if any(p == k or p.startswith(k + '/') or k.startswith(p + '/') for k in keep):
            continue
        if t.prop(p, 'compatible') is None or t.prop(p, 'reg') is None:
            continue
        fdt.setprop(fdt.path_offset(p), 'xen,passthrough', b'')
        n += 1
    fdt.pack()
    open(host_f, 'wb').write(fdt.as_bytearray())
    print('xen,passthrough on %d grafted provider nodes' % n)


def main(argv):
    if len(argv) >= 5 and argv[1] == 'graft':
        rest = argv[2:]
        rep = None
        if '--report' in rest:
            i = rest.index('--report')
            rep = rest[i + 1]
            del rest[i:i + 2]
        graft(rest[0], rest[1], rest[2], rest[3:], rep)
        return 0
    if len(argv) >= 4 and argv[1] == 'compare':
        dom = relay = host = None
        rest = argv[4:]
        while rest and rest[0].startswith('--'):
            if rest[0] == '--dom':
                dom = rest[1]
            elif rest[0] == '--relay':
                relay = rest[1]
            elif rest[0] == '--host':
                host = rest[1]
            rest = rest[2:]
        return compare(argv[2], argv[3], dom, relay, host, rest)
    if len(argv) >= 4 and argv[1] == 'disable-grafted':
        mark_passthrough(argv[2], argv[3], argv[4:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
