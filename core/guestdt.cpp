// SPDX-License-Identifier: GPL-2.0-or-later
#include "guestdt.h"

#include "bindings.h"

#include <QSet>
#include <QVector>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>

#include <libfdt.h>

namespace devassign {

namespace {

// GUEST_ROOT_ADDRESS_CELLS / GUEST_ROOT_SIZE_CELLS (xen/include/public/arch-arm.h).
constexpr int kRootCells = 2;
constexpr quint64 kRam0Base = 0x40000000, kRam0Size = 0xc0000000;
constexpr quint64 kRam1Size = 0xfe00000000ULL;
constexpr quint64 kExtendedRegionMin = 64ULL << 20; // find_domU_holes: 64 MB at least

// Every call below mirrors one libfdt call of Xen; sizes are all that matter, so the values are
// placeholders of the right length. The first error is kept (NOSPACE when the buffer is too
// small: guestDtSizeByLibfdt then grows it up to 2 MiB). A corrupt partial DTB is not copied.
class FdtWriter {
public:
    explicit FdtWriter(qsizetype capacity) : m_buf(capacity, '\0')
    {
        m_ok = fdt_create(data(), int(capacity)) == 0 && fdt_finish_reservemap(data()) == 0;
    }
    void begin(const char *name) { check(fdt_begin_node(data(), name)); }
    void end() { check(fdt_end_node(data())); }
    void prop(const char *name, int len)
    {
        const QByteArray zero(len, '\0');
        check(fdt_property(data(), name, zero.constData(), len));
    }
    void prop(const char *name, const void *value, int len) { check(fdt_property(data(), name, value, len)); }
    void cell(const char *name) { prop(name, 4); }
    void string(const char *name, const char *value) { check(fdt_property_string(data(), name, value)); }
    qsizetype finish()
    {
        check(fdt_finish(data()));
        return m_ok ? qsizetype(fdt_totalsize(data())) : -1;
    }

private:
    void *data() { return m_buf.data(); }
    void check(int rc) { m_ok = m_ok && rc == 0; }
    QByteArray m_buf;
    bool m_ok = true;
};

// The same calls, counted instead of written: what analysis runs on every edit. libfdt's
// sequential writer (fdt_sw.c) puts the structure block after the 40-byte header aligned to a
// 16-byte reserve entry (48) and the reserve map's 16-byte terminator: FDT_BEGIN_NODE plus the name and its NUL padded to 4 bytes, 12 bytes
// plus the value padded to 4 per property, 4 for FDT_END_NODE and 4 for FDT_END. A property name
// goes into the strings block unless the block already holds it followed by NUL anywhere, i.e.
// as the tail of an earlier name (fdt_find_add_string_ / fdt_find_string_ search every offset),
// so only a name that is no earlier name's suffix grows it. tst_guestdt compares every count with
// FdtWriter's libfdt result.
class CountingWriter {
public:
    void begin(const char *name) { m_struct += 4 + padded(int(std::strlen(name)) + 1); }
    void end() { m_struct += 4; }
    void prop(const char *name, int len)
    {
        m_struct += 12 + padded(len);
        addString(name);
    }
    void prop(const char *name, const void *, int len) { prop(name, len); }
    void cell(const char *name) { prop(name, 4); }
    void string(const char *name, const char *value) { prop(name, int(std::strlen(value)) + 1); }
    qsizetype finish() const { return 48 + 16 + m_struct + 4 + qsizetype(m_table.size()); }

private:
    static qsizetype padded(int len) { return (qsizetype(len) + 3) & ~qsizetype(3); }
    void addString(const char *name)
    {
        // Most names come back many times through the same pointer (the partial DTB's strings
        // block, the literals below): those are answered without a search.
        if (m_seen.contains(name))
            return;
        m_seen.insert(name);
        const size_t length = std::strlen(name) + 1; // with its NUL, as libfdt compares
        if (std::string_view(m_table).find(std::string_view(name, length)) == std::string_view::npos)
            m_table.append(name, length);
    }
    qsizetype m_struct = 0;
    std::string m_table;          // the strings block as libfdt builds it
    QSet<const char *> m_seen;    // names already added, by pointer
};

constexpr int regBytes(int entries) { return entries * (kRootCells + kRootCells) * 4; }

// make_cpus_node: the first /cpus child with device_type "cpu" gives compatible and
// clock-frequency; one cpu@<vaffinity> per vCPU (AFF0 = id & 0xf, AFF1 = id >> 4).
template<typename Writer>
void cpusNode(Writer &w, const HostModel &model, int vcpus)
{
    const Node *cpu = model.firstCpu();
    const Property *compatible = cpu ? cpu->property(QLatin1String("compatible")) : nullptr;
    const int compatibleLen = compatible ? int(compatible->value.size()) : 0;
    const bool clock = cpu && cpu->property(QLatin1String("clock-frequency")) != nullptr;
    w.begin("cpus");
    w.cell("#address-cells");
    w.cell("#size-cells");
    for (int cpu = 0; cpu < vcpus; ++cpu) {
        const quint64 aff = quint64(cpu & 0xf) | (quint64(cpu >> 4) << 8);
        w.begin(QByteArray("cpu@" + QByteArray::number(aff, 16)).constData());
        w.prop("compatible", compatibleLen);
        w.string("device_type", "cpu");
        w.cell("reg");
        if (clock)
            w.cell("clock-frequency");
        w.string("enable-method", "psci");
        w.end();
    }
    w.end();
}

// make_memory_node: one bank per guest RAM bank (static memory: one per host bank).
template<typename Writer>
void memoryNode(Writer &w, const DomainConfig &d)
{
    int banks = 0;
    if (!d.staticMemory.isEmpty())
        banks = int(d.staticMemory.size());
    else
        banks = d.memoryKiB * 1024 > kRam0Size ? 2 : 1;
    const quint64 first = d.directMap && !d.staticMemory.isEmpty() ? d.staticMemory.front().address : kRam0Base;
    w.begin(QByteArray("memory@" + QByteArray::number(first, 16)).constData());
    w.string("device_type", "memory");
    w.prop("reg", regBytes(banks));
    w.end();
}

// The partial DTB's /aliases and /passthrough, copied node by node (scan_pfdt_node); the xen,*
// properties of /passthrough's subtree are not copied (handle_prop_pfdt).
template<typename Writer>
void copyNode(Writer &w, const void *pfdt, int node, bool passthrough)
{
    w.begin(fdt_get_name(pfdt, node, nullptr));
    int prop = 0;
    fdt_for_each_property_offset(prop, pfdt, node)
    {
        const char *name = nullptr;
        int len = 0;
        const void *value = fdt_getprop_by_offset(pfdt, prop, &name, &len);
        if (!value || !name)
            continue;
        const QByteArray n(name);
        if (passthrough && (n == "xen,reg" || n == "xen,path" || n == "xen,force-assign-without-iommu"))
            continue;
        w.prop(name, value, len);
    }
    int child = 0;
    fdt_for_each_subnode(child, pfdt, node) copyNode(w, pfdt, child, passthrough);
    w.end();
}

template<typename Writer>
void partialDtbNodes(Writer &w, const QByteArray &partialDtb)
{
    const void *pfdt = partialDtb.constData();
    if (partialDtb.size() < int(sizeof(fdt_header)) || fdt_check_full(pfdt, size_t(partialDtb.size())) != 0)
        return;
    int node = 0;
    fdt_for_each_subnode(node, pfdt, 0)
    {
        const QByteArray name(fdt_get_name(pfdt, node, nullptr));
        if (name == "aliases")
            copyNode(w, pfdt, node, false);
        else if (name == "passthrough")
            copyNode(w, pfdt, node, true);
    }
}

// make_hypervisor_node (xen,enhanced): grant table plus the extended regions find_domU_holes
// finds (the rest of each guest RAM bank when at least 64 MB; a 40-bit IPA space or more assumed).
template<typename Writer>
void hypervisorNode(Writer &w, const DomainConfig &d, xen::Release release)
{
    const QByteArray compatible = "xen,xen-" + xen::releaseName(release).toLatin1() + QByteArray("\0xen,xen\0", 9);
    const quint64 mem = d.memoryKiB * 1024;
    const quint64 inRam0 = std::min(mem, kRam0Size), inRam1 = mem - inRam0;
    int regions = 0;
    if (kRam0Size - inRam0 >= kExtendedRegionMin + (2 << 20))
        ++regions;
    if (kRam1Size - inRam1 >= kExtendedRegionMin + (2 << 20))
        ++regions;
    w.begin("hypervisor");
    w.prop("compatible", compatible.constData(), int(compatible.size()));
    w.prop("reg", regBytes(1 + regions));
    w.prop("interrupts", 12);
    w.cell("interrupt-parent");
    w.end();
}

bool hasHypervisorNode(const DomainConfig &d, xen::Release release)
{
    if (d.enhanced == QLatin1String("enabled") || d.enhanced == QLatin1String("no-xenstore"))
        return true;
    return d.enhanced == QLatin1String("legacy") && xen::enhancedLegacySupported(release);
}

bool timerHasClockFrequency(const HostModel &model)
{
    const Node *timer = model.archTimer();
    return timer && timer->property(QLatin1String("clock-frequency")) != nullptr;
}

// The guest tree as Xen's prepare_dtb_domU writes it, into `w`; its size, or -1 on any error.
template<typename Writer>
qsizetype writeGuestDt(Writer &w, const HostModel &model, const DomainConfig &d, const QByteArray &partialDtb,
                       xen::Release release)
{
    w.begin("");
    w.cell("#address-cells");
    w.cell("#size-cells");
    // make_chosen_node: bootargs; the initrd placeholders are written whenever the kernel module
    // has a size (4.17 tests kinfo->kernel_bootmodule there), so always.
    w.begin("chosen");
    if (!d.bootargs.isEmpty())
        w.prop("bootargs", int(d.bootargs.toUtf8().size()) + 1);
    w.prop("linux,initrd-start", 8);
    w.prop("linux,initrd-end", 8);
    w.end();
    // make_psci_node
    static const char psci[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    w.begin("psci");
    w.prop("compatible", psci, int(sizeof(psci)));
    w.string("method", "hvc");
    w.cell("cpu_off");
    w.cell("cpu_on");
    w.end();
    cpusNode(w, model, d.vcpus);
    memoryNode(w, d);
    partialDtbNodes(w, partialDtb);
    // make_gic_domU_node (GICv2 or GICv3: the same properties, two reg entries)
    w.begin("interrupt-controller@3001000");
    w.cell("#address-cells");
    w.cell("#interrupt-cells");
    w.prop("interrupt-controller", 0);
    w.string("compatible", "arm,gic-400");
    w.prop("reg", regBytes(2));
    w.cell("linux,phandle");
    w.cell("phandle");
    w.end();
    // make_timer_node
    w.begin("timer");
    w.string("compatible", "arm,armv8-timer");
    w.prop("interrupts", 36);
    w.cell("interrupt-parent");
    if (timerHasClockFrequency(model))
        w.cell("clock-frequency");
    w.end();
    if (d.vpl011) { // make_vpl011_uart_node
        w.begin("sbsa-uart@22000000");
        w.string("compatible", "arm,sbsa-uart");
        w.prop("reg", regBytes(1));
        w.prop("interrupts", 12);
        w.cell("interrupt-parent");
        w.cell("current-speed");
        w.end();
    }
    if (hasHypervisorNode(d, release))
        hypervisorNode(w, d, release);
    w.end();
    return w.finish();
}

} // namespace

GuestDtSize guestDtSize(const HostModel &model, const DomainConfig &d, const QByteArray &partialDtb,
                        xen::Release release)
{
    GuestDtSize size;
    CountingWriter w; // no 2 MiB cap: a bigger tree is simply reported as not fitting
    size.needed = writeGuestDt(w, model, d, partialDtb, release);
    size.buffer = xen::guestDtBufferBytes(release, partialDtb.size());
    return size;
}

GuestDtSize guestDtSizeByLibfdt(const HostModel &model, const DomainConfig &d, const QByteArray &partialDtb,
                                xen::Release release)
{
    // The tree is the partial DTB plus a few KiB of Xen's own nodes: start there and grow.
    constexpr qsizetype kMaxCapacity = 2 * 1024 * 1024;
    GuestDtSize size;
    for (qsizetype capacity = partialDtb.size() + 16 * 1024;; capacity *= 2) {
        FdtWriter w(std::min(capacity, kMaxCapacity));
        size.needed = writeGuestDt(w, model, d, partialDtb, release);
        if (size.needed >= 0 || capacity >= kMaxCapacity)
            break;
    }
    size.buffer = xen::guestDtBufferBytes(release, partialDtb.size());
    return size;
}

} // namespace devassign
