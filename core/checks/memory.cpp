// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of regions and the guest memory map (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
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

// Enabled host devices outside `domain` with a region inside [base, base + size), except the
// node's own ancestors and descendants.
QStringList neighboursIn(const CheckInput &in, const Node &self, const QString &domain, quint64 base, quint64 size)
{
    int domainIndex = -1;
    for (int i = 0; i < in.project.domains.size() && domainIndex < 0; ++i)
        if (in.project.domains[i].name == domain)
            domainIndex = i;
    QStringList out;
    for (const Node &other : in.model.nodes()) {
        if (!other.isDevice() || !other.enabled)
            continue;
        const bool inPages = std::any_of(other.regions.cbegin(), other.regions.cend(), [&](const Region &r) {
            return r.cpuAddressable && overlaps(base, size, r.address, std::max<quint64>(r.size, 1));
        });
        if (!inPages || isAncestorOrSelf(in.model, other, self) || isAncestorOrSelf(in.model, self, other)
            || in.coveredByDomain(other, domainIndex))
            continue;
        out.append(other.path);
    }
    return out;
}

void checkRegionNotCpuAddressable(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (int i = 0; i < n.regions.size(); ++i) {
            const Region &r = n.regions[i];
            if (!r.cpuAddressable)
                report({dp.config.name, n.path}, {{QStringLiteral("reason"), r.problem}, {QStringLiteral("region"), QStringLiteral("#%1 (bus address %2, size %3)").arg(i).arg(hex(r.busAddress), hex(r.size))}});
        }
    });
}

// One finding per register region of a mapped device (or SCMI channel) that is not whole pages.
void reportUnalignedRegions(const CheckInput &in, const DomainPlan &dp, const DevicePlan &dev, Reporter &report)
{
    const Node *n = in.nodeOf(dev);
    if (!n)
        return;
    for (const GuestRegion &r : dev.regions) {
        if (r.hostAddress % xen::kPageSize == 0 && r.size % xen::kPageSize == 0)
            continue;
        const quint64 start = pageDown(r.hostAddress);
        const quint64 size = pageUp(r.hostAddress + std::max<quint64>(r.size, 1)) - start;
        QString pages = QStringLiteral("%1 (%2 page%3)").arg(span(start, size)).arg(size / xen::kPageSize)
                            .arg(size / xen::kPageSize == 1 ? "" : "s");
        const QStringList neighbours = neighboursIn(in, *n, dp.config.name, start, size);
        if (!neighbours.isEmpty())
            pages += QStringLiteral(", which also hold %1,").arg(neighbours.join(QStringLiteral(", ")));
        report({dp.config.name, n->path}, {{QStringLiteral("pages"), pages}, {QStringLiteral("region"), QStringLiteral("%1 (size %2)").arg(hex(r.hostAddress), hex(r.size))}}, neighbours);
    }
}

void checkMmioUnaligned(const CheckInput &in, const DomainPlan &dp, const DomainFacts &, Reporter &report)
{
    for (const DevicePlan &dev : dp.devices)
        reportUnalignedRegions(in, dp, dev, report);
    for (const DevicePlan &shm : dp.scmiShmem)
        reportUnalignedRegions(in, dp, shm, report);
}

void checkGuestMapClash(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    for (const Relocation &r : facts.relocations)
        if (r.placed)
            report({r.domain, r.node}, {{QStringLiteral("clash"), r.clash}, {QStringLiteral("placement"), QStringLiteral("host %1 at guest %2").arg(span(r.host, r.size), hex(r.guest))}});
}

void checkGuestMapNoRoom(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    for (const Relocation &r : facts.relocations)
        if (!r.placed)
            report({r.domain, r.node}, {{QStringLiteral("clash"), r.clash}, {QStringLiteral("window"), span(r.host, r.size)}});
}

void checkDirectMapWithoutStaticMem(const CheckInput &in, Reporter &report)
{
    for (const DomainConfig &d : in.project.domains)
        if (d.directMap && d.staticMemory.isEmpty())
            report({d.name, QString()}, {});
}

} // namespace

QVector<Check> memoryChecks()
{
    return {
        {"region-not-cpu-addressable", checkRegionNotCpuAddressable},
        {"mmio-unaligned", nullptr, checkMmioUnaligned},
        {"guest-map-clash", nullptr, checkGuestMapClash},
        {"guest-map-no-room", nullptr, checkGuestMapNoRoom},
        {"direct-map-without-static-mem", checkDirectMapWithoutStaticMem},
    };
}

} // namespace devassign::checks
