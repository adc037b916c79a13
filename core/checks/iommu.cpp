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

// Whether a child device planned with `dev` is protected by an IOMMU Xen drives: `dev` is then the
// glue around the real bus master (ZynqMP's usb@ff9d0000 wrapper and its dwc3), not a master itself.
bool wrapsAProtectedMaster(const DomainPlan &dp, const DevicePlan &dev)
{
    for (const DevicePlan &child : dp.devices)
        if (child.iommuProtected && !child.parentDevice.isEmpty()
            && child.hostPath.startsWith(dev.hostPath + QLatin1Char('/')))
            return true;
    return false;
}

// What the model found: bus-master evidence in the node's own properties (iommus, dma-coherent,
// #dma-cells; not a DMA client's dmas), or only a name or compatible that sounds like a master (a guess).
enum class DmaFinding { None, Evidence, Guess };
DmaFinding dmaFinding(const DomainPlan &dp, const DevicePlan &dev, const Node &n)
{
    if (dev.iommuProtected || !n.dma.likely)
        return DmaFinding::None;
    if (!n.dma.byClassOnly)
        return DmaFinding::Evidence;
    return wrapsAProtectedMaster(dp, dev) ? DmaFinding::None : DmaFinding::Guess;
}

void checkDmaWithoutIommu(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (dmaFinding(dp, dev, n) == DmaFinding::Evidence)
            report({dp.config.name, n.path}, {{QStringLiteral("iommu"), xen::iommuVerdict(n, in.project.platform.xen)},
                                              {QStringLiteral("dma"), n.dma.reasons().join(QStringLiteral(", "))}});
    });
}

// How an unprotected device goes to the domain, per target: dom0less needs
// xen,force-assign-without-iommu beside xen,path (handle_passthrough_prop, domain_build.c); xl
// passes it with iomem and irqs only, as Xen refuses dtdev for it (iommu_do_dt_domctl: -EINVAL).
QString forcedHow(const DomainConfig &d)
{
    const QString dom0less = QStringLiteral("devassign emits xen,force-assign-without-iommu, which dom0less requires for it");
    const QString xl = QStringLiteral("xl gets it through iomem and irqs only (no dtdev, which Xen refuses for it)");
    if (d.dom0less && d.xl)
        return dom0less + QStringLiteral("; ") + xl;
    return d.xl ? xl : dom0less;
}

void checkDmaGuessedWithoutIommu(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (dmaFinding(dp, dev, n) == DmaFinding::Guess)
            report({dp.config.name, n.path}, {{QStringLiteral("iommu"), xen::iommuVerdict(n, in.project.platform.xen)},
                                              {QStringLiteral("dma"), n.dma.reasons().join(QStringLiteral(", "))},
                                              {QStringLiteral("how"), forcedHow(dp.config)}});
    });
}

void checkPassedWithoutIommu(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dev.iommuProtected && dmaFinding(dp, dev, n) == DmaFinding::None)
            report({dp.config.name, n.path}, {{QStringLiteral("iommu"), xen::iommuVerdict(n, in.project.platform.xen)},
                                              {QStringLiteral("how"), forcedHow(dp.config)}});
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
            if (l.iommuEnabled && xen::drivesIommu(l, in.project.platform.xen))
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
    const QVector<HostDevice> &host = in.hostDevices();
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        QSet<QString> reported;
        for (const IommuLink &l : n.iommu.links) {
            if (!l.iommuEnabled || !xen::drivesIommu(l, in.project.platform.xen))
                continue;
            for (const HostDevice &h : host) {
                if (h.xenOwned)
                    continue; // Xen's own (the GIC, IOMMUs it drives, its console UART): no dom0 context
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
        }
    });
}

} // namespace

QVector<Check> iommuChecks()
{
    return {
        {"dma-without-iommu", checkDmaWithoutIommu},
        {"dma-guessed-without-iommu", checkDmaGuessedWithoutIommu},
        {"passed-without-iommu", checkPassedWithoutIommu},
        {"xl-dtdev-unprotected", checkXlDtdevUnprotected},
        {"stream-id-split", checkStreamIdSplit},
        {"stream-id-dom0", checkStreamIdDom0},
    };
}

} // namespace devassign::checks
