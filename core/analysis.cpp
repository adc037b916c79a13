// SPDX-License-Identifier: GPL-2.0-or-later
// Analysis: per-domain plan + safety rules. First cut: the plan for 1:1 domains.

#include "analysis.h"

#include <algorithm>

namespace devassign {

namespace {
constexpr quint64 kPage = 0x1000;
quint64 pageDown(quint64 a) { return a & ~(kPage - 1); }
quint64 pageUp(quint64 a) { return (a + kPage - 1) & ~(kPage - 1); }
} // namespace

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Error: return QStringLiteral("error");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Info: return QStringLiteral("info");
    }
    return QString();
}

int Analysis::count(Severity s, bool includeAcknowledged) const
{
    int n = 0;
    for (const Diagnostic &d : diagnostics)
        if (d.severity == s && (includeAcknowledged || !d.acknowledged))
            ++n;
    return n;
}

const DomainPlan *Analysis::domain(const QString &name) const
{
    for (const DomainPlan &d : domains)
        if (d.config.name == name)
            return &d;
    return nullptr;
}

QVector<GuestMapEntry> guestMemoryMap(const DomainConfig &d)
{
    Q_UNUSED(d);
    return {
        {"virtio-mmio", 0x02000000, 0x00100000},
        {"GICv3 distributor", 0x03001000, 0x00010000},
        {"GICv3 redistributors", 0x03020000, 0x01000000},
        {"vPCI ECAM", 0x10000000, 0x10000000},
        {"ACPI tables", 0x20000000, 0x02000000},
        {"vPL011", 0x22000000, 0x00001000},
        {"vPCI MEM", 0x23000000, 0x10000000},
        {"grant table", 0x38000000, 0x01000000},
        {"magic pages", 0x39000000, 0x01000000},
        {"RAM bank 0", 0x40000000, 0xc0000000},
        {"vPCI prefetchable MEM", 0x100000000ULL, 0x100000000ULL},
        {"RAM bank 1", 0x200000000ULL, 0xfe00000000ULL},
    };
}

Analysis analyze(const HostModel &model, const Project &project)
{
    Analysis a;
    a.hostDtbChanged = !project.hostDtbSha256.isEmpty() && project.hostDtbSha256 != model.sha256();
    for (const DomainConfig &dc : project.domains) {
        DomainPlan dp;
        dp.config = dc;
        for (const QString &path : dc.devices) {
            const Node *n = model.node(path);
            if (!n)
                continue;
            DevicePlan dev;
            dev.hostPath = path;
            for (const Region &r : n->regions) {
                if (!r.cpuAddressable)
                    continue;
                dev.regions.append({r.address, r.address, r.size});
                dev.mmio.append({pageDown(r.address), pageDown(r.address),
                                 pageUp(r.address + r.size) - pageDown(r.address)});
            }
            for (const Interrupt &i : n->interrupts)
                if (i.gic && i.irq && (i.type == IrqType::Spi || i.type == IrqType::Espi)) {
                    dev.interrupts.append(i);
                    if (!dp.irqs.contains(*i.irq))
                        dp.irqs.append(*i.irq);
                }
            bool xen = false;
            for (const IommuLink &l : n->iommu.links)
                xen = xen || (l.iommuEnabled && l.xenDriver);
            dev.iommuProtected = n->iommu.isProtected && xen;
            dev.forceWithoutIommu = !dev.iommuProtected
                && (!n->dma.likely || project.isAcknowledged(QStringLiteral("dma-without-iommu"), path, dc.name));
            dp.scmi += n->scmi;
            dp.devices.append(dev);
        }
        std::sort(dp.irqs.begin(), dp.irqs.end());
        dp.needsScmi = !dp.scmi.isEmpty();
        a.domains.append(dp);
    }
    return a;
}

} // namespace devassign
