// SPDX-License-Identifier: GPL-2.0-or-later
#include "pictures.h"

#include "format.h"
#include "planner.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>

namespace devassign::pictures {

namespace {

// Every node the plan gives a guest (named devices, their child devices, SCMI shmem channels),
// with its domain. What is not in here and is enabled stays with dom0 (handle_node in
// xen/arch/arm/domain_build.c gives dom0 every node not marked xen,passthrough).
QHash<QString, QString> plannedOwners(const Analysis &analysis)
{
    QHash<QString, QString> owners;
    for (const DomainPlan &dp : analysis.domains)
        for (const DevicePlan &dev : dp.devices + dp.scmiShmem)
            if (!owners.contains(dev.hostPath))
                owners.insert(dev.hostPath, dp.config.name);
    return owners;
}

// Who has a node that no domain has: Xen for what it keeps (the GIC, its IOMMUs, its console
// UART: handle_node gives dom0 none of them), else dom0.
QString unplannedOwner(const Analysis &analysis, const QString &path)
{
    return analysis.xenDevices.contains(path) ? kXen : kDom0;
}

const DevicePlan *devicePlanOf(const Analysis &analysis, const QString &domain, const QString &node)
{
    if (const DomainPlan *dp = analysis.domain(domain))
        for (const DevicePlan &dev : dp->devices)
            if (dev.hostPath == node)
                return &dev;
    return nullptr;
}

bool isMemoryNode(const Node &n)
{
    const Property *type = n.property(QStringLiteral("device_type"));
    return type && stringListOf(type->value).value(0) == QLatin1String("memory");
}

bool isUnderReservedMemory(const Node &n)
{
    return n.path.startsWith(QLatin1String("/reserved-memory/"));
}

// The rules whose findings are a resource two devices share (docs/rules.md), and what it is.
std::optional<LinkKind> linkKindOf(const QString &rule)
{
    static const QHash<QString, LinkKind> kinds = {
        {QStringLiteral("shared-page"), LinkKind::Page},
        {QStringLiteral("shared-page-dom0"), LinkKind::Page},
        {QStringLiteral("shared-page-gic-iommu"), LinkKind::Page},
        {QStringLiteral("irq-shared"), LinkKind::Irq},
        {QStringLiteral("irq-shared-dom0"), LinkKind::Irq},
        {QStringLiteral("stream-id-split"), LinkKind::StreamId},
        {QStringLiteral("stream-id-dom0"), LinkKind::StreamId},
        {QStringLiteral("scmi-resource-shared"), LinkKind::Scmi},
        {QStringLiteral("dependency-not-in-domain"), LinkKind::Clock},
    };
    const auto it = kinds.constFind(rule);
    return it == kinds.constEnd() ? std::nullopt : std::optional<LinkKind>(*it);
}

// dependency-not-in-domain is a shared clock only when the planned dependency is a clock
// (clocks, assigned-clocks…); pinctrl, regulators and resets are not drawn.
bool isClockDependency(const Analysis &analysis, const Diagnostic &d, const QString &provider)
{
    if (const DevicePlan *dev = devicePlanOf(analysis, d.domain, d.node))
        for (const DependencyPlan &dep : dev->dependencies)
            if (dep.provider == provider && dep.property.contains(QLatin1String("clock")))
                return true;
    return false;
}

// The column a sharer named in a diagnostic's related locations stands in: the domain the plan
// gives it, else Xen for the host GIC and the IOMMUs (shared-page-gic-iommu, "used by Xen" IRQs),
// else dom0. `next` is the location after the path in `related` (checks put the sharer's owner there).
QString columnOf(const QHash<QString, QString> &owners, const QString &rule, const QString &path, const QString &next)
{
    if (const auto it = owners.constFind(path); it != owners.constEnd())
        return *it;
    if (rule == QLatin1String("shared-page-gic-iommu") || next == kXen)
        return kXen;
    return kDom0;
}

} // namespace

QString linkKindName(LinkKind kind)
{
    switch (kind) {
    case LinkKind::Page: return QStringLiteral("page");
    case LinkKind::Irq: return QStringLiteral("irq");
    case LinkKind::Clock: return QStringLiteral("clock");
    case LinkKind::StreamId: return QStringLiteral("stream id");
    case LinkKind::Scmi: return QStringLiteral("scmi");
    }
    return QString();
}

// SCMI protocol ids: Arm SCMI specification (DEN0056), section 4 (0x10 base … 0x19 pinctrl).
QString scmiProtocolName(quint32 protocol)
{
    switch (protocol) {
    case 0x11: return QStringLiteral("power domain");
    case 0x12: return QStringLiteral("system power");
    case 0x13: return QStringLiteral("performance");
    case 0x14: return QStringLiteral("clock");
    case 0x15: return QStringLiteral("sensor");
    case 0x16: return QStringLiteral("reset");
    case 0x17: return QStringLiteral("voltage");
    case 0x18: return QStringLiteral("power capping");
    case 0x19: return QStringLiteral("pin control");
    default: return QStringLiteral("protocol 0x%1").arg(protocol, 0, 16);
    }
}

const AuditCard *AuditPicture::card(const QString &node) const
{
    for (const AuditCard &c : cards)
        if (c.node == node)
            return &c;
    return nullptr;
}

AuditPicture auditPicture(const HostModel &model, const Project &project, const Analysis &analysis)
{
    const xen::Release release = project.platform.xen;
    const QHash<QString, QString> owners = plannedOwners(analysis);
    AuditPicture picture;
    picture.columns.append(kDom0);
    for (const DomainConfig &d : project.domains)
        picture.columns.append(d.name);

    auto addCard = [&](const QString &column, const QString &path) {
        const Node *n = model.node(path);
        if (!n || picture.card(path))
            return;
        AuditCard card;
        card.column = column;
        card.node = path;
        card.protection = xen::protectionOf(*n, release);
        card.verdict = xen::iommuVerdict(*n, release);
        if (const DevicePlan *dev = devicePlanOf(analysis, column, path))
            card.forced = dev->forceWithoutIommu;
        card.acknowledged = project.isAcknowledged(QStringLiteral("dma-without-iommu"), path, column)
            || project.isAcknowledged(QStringLiteral("dma-guessed-without-iommu"), path, column);
        for (const ScmiResource &r : n->scmi)
            card.scmi.append(QStringLiteral("%1 %2").arg(scmiProtocolName(r.protocol)).arg(r.id));
        picture.cards.append(card);
    };
    for (const DomainPlan &dp : analysis.domains)
        for (const DevicePlan &dev : dp.devices)
            addCard(dp.config.name, dev.hostPath);

    for (const Diagnostic &d : analysis.diagnostics) {
        const std::optional<LinkKind> kind = linkKindOf(d.rule);
        if (!kind || d.node.isEmpty())
            continue;
        for (int i = 0; i < d.related.size(); ++i) {
            const QString &path = d.related.at(i);
            if (!path.startsWith(QLatin1Char('/')) || path == d.node)
                continue;
            if (*kind == LinkKind::Clock && !isClockDependency(analysis, d, path))
                continue;
            const QString column = columnOf(owners, d.rule, path, d.related.value(i + 1));
            if (column == kXen && !picture.columns.contains(kXen))
                picture.columns.append(kXen);
            addCard(column, path);
            picture.links.append({*kind, d.rule, d.severity, d.acknowledged, d.node, path, d.message});
        }
    }
    return picture;
}

// ---- memory map ------------------------------------------------------------------------------------

QVector<SharedRange> sharedPages(const QVector<HostRegion> &regions)
{
    struct Span {
        quint64 lo, hi;
        const HostRegion *region;
    };
    QVector<Span> spans;
    for (const HostRegion &r : regions) {
        // A region that ends in the last page of the 64-bit space has no page end: not drawn as shared.
        const quint64 end = r.address + r.size;
        if (r.kind != HostRegionKind::Device || r.size == 0 || end < r.address || pageUp(end) < end)
            continue;
        spans.append({pageDown(r.address), pageUp(end), &r});
    }
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.lo < b.lo; });

    // Every overlap of two page ranges of different owners, then merged where they touch.
    QMap<quint64, SharedRange> byStart;
    for (int a = 0; a < spans.size(); ++a)
        for (int b = a + 1; b < spans.size() && spans[b].lo < spans[a].hi; ++b) {
            if (spans[a].region->owner == spans[b].region->owner)
                continue;
            const quint64 lo = spans[b].lo;
            const quint64 hi = std::min(spans[a].hi, spans[b].hi);
            SharedRange &s = byStart[lo];
            s.address = lo;
            s.size = std::max(s.size, hi - lo);
            for (const HostRegion *r : {spans[a].region, spans[b].region}) {
                if (!s.owners.contains(r->owner))
                    s.owners.append(r->owner);
                if (!s.nodes.contains(r->what))
                    s.nodes.append(r->what);
            }
        }
    QVector<SharedRange> out;
    for (SharedRange s : byStart) {
        s.owners.sort();
        s.nodes.sort();
        if (!out.isEmpty() && out.last().address + out.last().size >= s.address) {
            SharedRange &prev = out.last();
            prev.size = std::max(prev.address + prev.size, s.address + s.size) - prev.address;
            for (const QString &o : s.owners)
                if (!prev.owners.contains(o))
                    prev.owners.append(o);
            for (const QString &n : s.nodes)
                if (!prev.nodes.contains(n))
                    prev.nodes.append(n);
            prev.owners.sort();
            prev.nodes.sort();
            continue;
        }
        out.append(s);
    }
    return out;
}

namespace {

QVector<HostRegion> hostRegions(const HostModel &model, const Project &project, const Analysis &analysis,
                                const QVector<BootModule> &modules)
{
    QVector<HostRegion> host;
    const QVector<MemoryRange> banks = hostRamBanks(model, project);
    for (int i = 0; i < banks.size(); ++i)
        host.append({HostRegionKind::Ram, QStringLiteral("RAM bank %1").arg(i), QString(), banks[i].address, banks[i].size});
    for (const ReservedRange &r : hostReservedRanges(model))
        host.append({HostRegionKind::Reserved, r.what, QString(), r.address, r.size});
    // Xen gives a static-memory domain exactly these banks (docs/misc/arm/device-tree/booting.txt,
    // "Static Allocation"); the export places the boot modules clear of them.
    for (const DomainConfig &d : project.domains)
        for (int i = 0; i < d.staticMemory.size(); ++i)
            if (d.staticMemory[i].size > 0 && d.staticMemory[i].address + d.staticMemory[i].size > d.staticMemory[i].address)
                host.append({HostRegionKind::StaticMemory, QStringLiteral("xen,static-mem bank %1 of %2").arg(i).arg(d.name),
                             d.name, d.staticMemory[i].address, d.staticMemory[i].size});
    for (const BootModule &m : modules)
        if (m.size > 0 && m.address + m.size > m.address)
            host.append({HostRegionKind::BootModule, QStringLiteral("%1 %2").arg(m.kind, m.file),
                         m.domain.isEmpty() ? kXen : m.domain, m.address, m.size});
    const QHash<QString, QString> owners = plannedOwners(analysis);
    for (const Node &n : model.nodes()) {
        if (n.regions.isEmpty() || isMemoryNode(n) || isUnderReservedMemory(n))
            continue;
        const QString owner = owners.value(n.path);
        if (owner.isEmpty() && !n.enabled)
            continue; // a disabled node is nobody's
        for (const Region &r : n.regions)
            if (r.cpuAddressable && r.size > 0 && r.address + r.size > r.address) // hostile: no wrap past 2^64
                host.append({HostRegionKind::Device, n.path, owner.isEmpty() ? unplannedOwner(analysis, n.path) : owner,
                             r.address, r.size});
    }
    std::stable_sort(host.begin(), host.end(),
                     [](const HostRegion &a, const HostRegion &b) { return a.address < b.address; });
    return host;
}

GuestMap guestMapOf(const DomainPlan &dp)
{
    GuestMap map;
    map.domain = dp.config.name;
    map.directMap = dp.config.directMap;
    if (!map.directMap) {
        // The RAM slots are drawn as layout; the RAM the domain has on top: Xen fills bank 0 first,
        // then bank 1 (allocate_memory for a domU, xen/arch/arm/domain_build.c).
        quint64 left = dp.config.memoryKiB * 1024;
        QVector<GuestEntry> ram;
        for (const xen::GuestMapEntry &e : xen::guestMemoryMap(dp.config)) {
            const QString name = QString::fromLatin1(e.name);
            if (!name.startsWith(QLatin1String("RAM bank"))) {
                map.entries.append({name, e.base, e.size, false, 0, QString()});
                continue;
            }
            map.entries.append({name.mid(4) + QStringLiteral(" slot (guest RAM up to %1)").arg(format::memoryText(e.size / 1024)),
                                e.base, e.size, false, 0, QString()});
            const quint64 used = std::min<quint64>(left, e.size);
            left -= used;
            if (used > 0)
                ram.append({QStringLiteral("RAM %1 (%2)").arg(format::memoryText(used / 1024), name.mid(4)), e.base, used,
                            false, 0, QString()});
        }
        map.entries += ram;
    }
    const int layout = map.entries.size();
    for (const DevicePlan &dev : dp.devices + dp.scmiShmem)
        for (const MmioMapping &m : dev.mmio)
            map.entries.append({dev.hostPath, m.guestAddress, m.size, true, m.hostAddress, QString()});
    // A device window must not overlap Xen's layout nor another window (the planner relocates
    // clashing windows, guest-map-clash; one it could not place stays a clash, guest-map-no-room).
    for (int i = layout; i < map.entries.size(); ++i) {
        GuestEntry &w = map.entries[i];
        QStringList with;
        for (int j = 0; j < map.entries.size(); ++j) {
            const GuestEntry &o = map.entries.at(j);
            if (j != i && overlaps(w.address, w.size, o.address, o.size) && !(o.device && o.what == w.what))
                with.append(o.what);
        }
        w.clash = with.join(QStringLiteral(", "));
    }
    std::stable_sort(map.entries.begin(), map.entries.end(),
                     [](const GuestEntry &a, const GuestEntry &b) { return a.address < b.address; });
    return map;
}

} // namespace

MemoryPicture memoryPicture(const HostModel &model, const Project &project, const Analysis &analysis,
                            const QVector<BootModule> &modules)
{
    MemoryPicture picture;
    picture.host = hostRegions(model, project, analysis, modules);
    picture.shared = sharedPages(picture.host);
    for (const DomainConfig &d : project.domains)
        if (const DomainPlan *dp = analysis.domain(d.name))
            picture.guests.append(guestMapOf(*dp));
    return picture;
}

// ---- IRQ map --------------------------------------------------------------------------------------

QVector<IrqLine> irqPicture(const HostModel &model, const Project &project, const Analysis &analysis)
{
    const QHash<QString, QString> owners = plannedOwners(analysis);
    QMap<quint32, IrqLine> lines;
    for (const Node &n : model.nodes()) {
        const QString planned = owners.value(n.path);
        if (planned.isEmpty() && !n.enabled)
            continue; // a disabled node is nobody's
        const QString owner = planned.isEmpty() ? unplannedOwner(analysis, n.path) : planned;
        // Xen's console driver takes interrupt 0 only (platform_get_irq(dev, 0)); the rest are nobody's.
        const bool console = owner == kXen && n.path == analysis.xenConsole;
        for (const Interrupt &i : n.interrupts) {
            if (!i.gic || !i.irq || (i.type != IrqType::Spi && i.type != IrqType::Ppi && i.type != IrqType::Espi))
                continue;
            if (console && &i != &n.interrupts.front())
                continue;
            IrqLine &line = lines[*i.irq];
            line.irq = *i.irq;
            line.type = i.type;
            bool known = false;
            for (const IrqUser &u : line.users)
                known = known || (u.node == n.path && u.owner == owner);
            if (!known)
                line.users.append({owner, n.path});
        }
    }
    QVector<IrqLine> out;
    for (IrqLine line : lines) {
        QStringList distinct;
        bool guestUser = false;
        bool vpl011 = false;
        for (const IrqUser &u : line.users) {
            if (!distinct.contains(u.owner))
                distinct.append(u.owner);
            if (u.owner == kDom0 || u.owner == kXen)
                continue;
            guestUser = true;
            const DomainConfig *d = project.domain(u.owner);
            // GUEST_VPL011_SPI (xen/include/public/arch-arm.h) is the guest's SPI 0 (GIC id 32).
            vpl011 = vpl011 || (d && d->vpl011 && line.irq == xen::kVpl011Irq);
        }
        // PPIs are per CPU: dom0's many users of the timer PPIs are no clash, a guest's is (irq-ppi).
        if (line.type == IrqType::Ppi) {
            if (guestUser)
                line.clashes.append(QStringLiteral("PPI"));
        } else if (distinct.size() > 1) {
            line.clashes.append(QStringLiteral("shared"));
        }
        if (vpl011)
            line.clashes.append(QStringLiteral("vPL011"));
        out.append(line);
    }
    return out;
}

} // namespace devassign::pictures
