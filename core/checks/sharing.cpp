// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of sharing pages and devices with dom0 and across domains (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
#include "checks/check.h"

#include "format.h"
#include "scmi.h"
#include "xenrelease.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace devassign::checks {

namespace {

using format::hex;
using format::span;

// The pages of `windows` that also hold a CPU-addressable register of `other`, as inclusive spans.
QStringList sharedPages(const QVector<MmioMapping> &windows, const Node &other)
{
    QStringList spans;
    for (const MmioMapping &w : windows)
        for (const Region &r : other.regions) {
            if (!r.cpuAddressable || !overlaps(w.hostAddress, w.size, r.address, std::max<quint64>(r.size, 1)))
                continue;
            const quint64 lo = std::max(w.hostAddress, pageDown(r.address));
            const quint64 hi = std::min(w.hostAddress + w.size, pageUp(r.address + std::max<quint64>(r.size, 1)));
            const QString s = span(lo, hi - lo);
            if (!spans.contains(s))
                spans.append(s);
        }
    return spans;
}

// The devices outside every domain whose registers share a page with each mapped device of a
// domain, grouped per mapped device: fn(domain, node, host devices, pages). The host device's own
// ancestors are skipped: a bus or multi-function parent whose reg covers the assigned child
// describes the same hardware block, not a second device (docs/rules.md).
template <typename Keep, typename Fn> void forEachPageSharedWithHost(const CheckInput &in, Keep keep, Fn fn)
{
    const QVector<HostDevice> &host = in.hostDevices();
    const HostRegionIndex &regions = in.hostRegions();
    in.forEachMapped([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        // The host devices with a register in one of the windows, in hostDevices() order.
        QVector<int> near;
        for (const MmioMapping &w : dev.mmio)
            regions.touching(w.hostAddress, w.hostAddress + (std::max<quint64>(w.size, 1) - 1), near);
        std::sort(near.begin(), near.end());
        near.erase(std::unique(near.begin(), near.end()), near.end());
        QVector<HostDevice> sharers;
        QStringList pages;
        for (const int i : near) {
            const HostDevice &h = host[i];
            if (!keep(h) || !h.node->hasReg)
                continue;
            const QStringList shared = sharedPages(dev.mmio, *h.node);
            if (shared.isEmpty() || isAncestorOrSelf(in.model, *h.node, n))
                continue;
            sharers.append(h);
            for (const QString &p : shared)
                if (!pages.contains(p))
                    pages.append(p);
        }
        if (!sharers.isEmpty()) {
            std::sort(pages.begin(), pages.end());
            fn(dp, n, sharers, pages.join(QStringLiteral(", ")));
        }
    });
}

void checkDeviceInTwoDomains(const CheckInput &in, Reporter &report)
{
    QHash<QString, QString> firstOwner;
    for (const DomainConfig &d : in.project.domains) {
        // The named nodes and the child devices planned with them (an ancestor's assignment
        // takes its children along, so naming the child in another domain clashes too).
        QStringList paths = d.devices;
        if (const DomainPlan *dp = in.analysis.domain(d.name))
            for (const DevicePlan &dev : dp->devices)
                if (!dev.parentDevice.isEmpty())
                    paths.append(dev.hostPath);
        for (const QString &path : paths) {
            const QString owner = firstOwner.value(path);
            if (owner.isEmpty())
                firstOwner.insert(path, d.name);
            else if (owner != d.name)
                report({d.name, path}, {{QStringLiteral("owner"), owner}}, {owner});
        }
    }
}

void checkSharedPage(const CheckInput &in, Reporter &report)
{
    const QVector<DomainPlan> &doms = in.analysis.domains;
    for (int a = 0; a < doms.size(); ++a)
        for (int b = a + 1; b < doms.size(); ++b)
            for (const DevicePlan &da : doms[a].devices + doms[a].scmiShmem)
                for (const DevicePlan &db : doms[b].devices + doms[b].scmiShmem) {
                    if (da.hostPath == db.hostPath)
                        continue; // device-in-two-domains
                    for (const MmioMapping &wa : da.mmio)
                        for (const MmioMapping &wb : db.mmio) {
                            if (!overlaps(wa.hostAddress, wa.size, wb.hostAddress, wb.size))
                                continue;
                            const quint64 lo = std::max(wa.hostAddress, wb.hostAddress);
                            const quint64 hi = std::min(wa.hostAddress + wa.size, wb.hostAddress + wb.size);
                            report({doms[b].config.name, db.hostPath}, {{QStringLiteral("sharer"), QStringLiteral("%1 in domain %2").arg(da.hostPath, doms[a].config.name)}, {QStringLiteral("pages"), span(lo, hi - lo)}}, {da.hostPath, doms[a].config.name});
                        }
                }
}

void checkSharedPageDom0(const CheckInput &in, Reporter &report)
{
    forEachPageSharedWithHost(
        in, [](const HostDevice &h) { return h.role.isEmpty(); },
        [&](const DomainPlan &dp, const Node &n, const QVector<HostDevice> &sharers, const QString &pages) {
            QStringList paths;
            for (const HostDevice &h : sharers)
                paths.append(h.node->path);
            report({dp.config.name, n.path}, {{QStringLiteral("sharers"), paths.join(QStringLiteral(", "))}, {QStringLiteral("pages"), pages}}, paths + QStringList{QStringLiteral("dom0")});
        });
}

void checkSharedPageGicIommu(const CheckInput &in, Reporter &report)
{
    forEachPageSharedWithHost(
        in, [](const HostDevice &h) { return !h.role.isEmpty(); },
        [&](const DomainPlan &dp, const Node &n, const QVector<HostDevice> &sharers, const QString &pages) {
            QStringList names;
            QStringList paths;
            for (const HostDevice &h : sharers) {
                names.append(QStringLiteral("%1 (%2)").arg(h.node->path, h.role));
                paths.append(h.node->path);
            }
            report({dp.config.name, n.path}, {{QStringLiteral("sharers"), names.join(QStringLiteral(", "))}, {QStringLiteral("pages"), pages}}, paths);
        });
}

} // namespace

QVector<Check> sharingChecks()
{
    return {
        {"device-in-two-domains", checkDeviceInTwoDomains},
        {"shared-page", checkSharedPage},
        {"shared-page-dom0", checkSharedPageDom0},
        {"shared-page-gic-iommu", checkSharedPageGicIommu},
    };
}

} // namespace devassign::checks
