// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of IOMMU protection and DMA (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
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

void checkDmaWithoutIommu(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dev.iommuProtected && n.dma.likely)
            report({dp.config.name, n.path}, {{QStringLiteral("iommu"), xen::iommuVerdict(n)}, {QStringLiteral("dma"), n.dma.reasons.join(QStringLiteral(", "))}});
    });
}

void checkPassedWithoutIommu(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dev.iommuProtected && !n.dma.likely)
            report({dp.config.name, n.path}, {{QStringLiteral("iommu"), xen::iommuVerdict(n)}});
    });
}

void checkXlDtdevUnprotected(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (dp.config.xl && !dev.iommuProtected)
            report({dp.config.name, n.path}, {});
    });
}

void checkStreamIdSplit(const CheckInput &in, Reporter &report)
{
    QVector<QPair<QString, Owner>> uses;
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const IommuLink &l : n.iommu.links)
            if (l.iommuEnabled && l.xenDriver)
                for (quint32 sid : l.streamIds)
                    uses.append({l.iommu + QStringLiteral("\n%1 on %2").arg(hex(sid), l.iommu),
                                 {dp.config.name, n.path}});
    });
    reportSplit(report, uses, QStringLiteral("stream"));
}

// Xen's SMMU driver keeps one stream-map entry per stream id: arm_smmu_find_sme
// (xen/drivers/passthrough/arm/smmu.c) hands a second master with the same id the existing entry,
// and arm_smmu_domain_add_master points that entry's S2CR at the attaching domain's context bank;
// smmu-v3.c likewise has one stream table entry per id. Dom0's devices are attached at boot
// (handle_device -> iommu_assign_dt_device), so assigning the guest's device re-points dom0's.
void checkStreamIdDom0(const CheckInput &in, Reporter &report)
{
    const QVector<HostDevice> host = hostDevicesOutsideDomains(in);
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        QSet<QString> reported;
        for (const IommuLink &l : n.iommu.links) {
            if (!l.iommuEnabled || !l.xenDriver)
                continue;
            for (const HostDevice &h : host)
                for (const IommuLink &hl : h.node->iommu.links)
                    for (quint32 sid : l.streamIds) {
                        const QString value = QStringLiteral("%1 on %2").arg(hex(sid), l.iommu);
                        if (hl.iommu != l.iommu || !hl.streamIds.contains(sid)
                            || reported.contains(h.node->path + QLatin1Char('\n') + value))
                            continue;
                        reported.insert(h.node->path + QLatin1Char('\n') + value);
                        report({dp.config.name, n.path}, {{QStringLiteral("sharer"), h.node->path}, {QStringLiteral("stream"), value}}, {h.node->path, QStringLiteral("dom0")});
                    }
        }
    });
}

} // namespace

QVector<Check> iommuChecks()
{
    return {
        {"dma-without-iommu", checkDmaWithoutIommu},
        {"passed-without-iommu", checkPassedWithoutIommu},
        {"xl-dtdev-unprotected", checkXlDtdevUnprotected},
        {"stream-id-split", checkStreamIdSplit},
        {"stream-id-dom0", checkStreamIdDom0},
    };
}

} // namespace devassign::checks
