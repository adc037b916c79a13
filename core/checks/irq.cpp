// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of interrupts (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
#include "checks/check.h"

#include "bindings.h"

#include "format.h"
#include "planner.h"
#include "scmi.h"
#include "xenrelease.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace devassign::checks {

namespace {

using format::hex;
using format::span;

// The distinct GIC ids a device passes through, in order (a device may list one twice: the partial
// DTB keeps both specifiers, a rule reports the id once).
QVector<quint32> distinctIrqs(const DevicePlan &dev)
{
    QVector<quint32> ids;
    for (const Interrupt &i : dev.interrupts)
        if (!ids.contains(*i.irq))
            ids.append(*i.irq);
    return ids;
}

void checkIrqShared(const CheckInput &in, Reporter &report)
{
    QVector<QPair<QString, Owner>> uses;
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        for (quint32 irq : distinctIrqs(dev))
            uses.append({QString::number(irq), {dp.config.name, n.path}});
    });
    reportSplit(report, uses, QStringLiteral("irq"));
}

// At boot Xen routes every GIC SPI of a dom0 device to dom0 (handle_device ->
// map_device_irqs_to_domain) and keeps the IRQs of its own devices (SMMU); route_irq_to_guest
// (xen/arch/arm/irq.c) then refuses the guest: "IRQ %u is already used by domain %u" / "... by Xen".
void checkIrqSharedDom0(const CheckInput &in, Reporter &report)
{
    const QVector<HostDevice> &host = in.hostDevices();
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        for (quint32 irq : distinctIrqs(dev))
            for (const HostDevice &h : host) {
                // Xen's console UART: its driver takes the first interrupt; the node is no
                // dom0 device (DOMID_XEN), so its other interrupts are nobody's.
                bool uses = false;
                const qsizetype used = h.xenConsole ? std::min<qsizetype>(1, h.node->interrupts.size()) : h.node->interrupts.size();
                for (qsizetype k = 0; k < used; ++k) {
                    const Interrupt &hi = h.node->interrupts.at(k);
                    uses = uses || (hi.gic && hi.irq && *hi.irq == irq);
                }
                if (!uses)
                    continue;
                const QString owner = h.xenOwned ? QStringLiteral("Xen") : QStringLiteral("dom0");
                const QString sharer = QStringLiteral("%1 (%2)").arg(
                    h.node->path, h.xenOwned ? QStringLiteral("used by Xen itself") : QStringLiteral("stays with dom0"));
                report({dp.config.name, n.path}, {{QStringLiteral("sharer"), sharer}, {QStringLiteral("irq"), QString::number(irq)}},
                       {h.node->path, owner});
            }
    });
}

void checkIrqPpi(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        QStringList reported;
        for (const Interrupt &i : n.interrupts) {
            const QString ppi = QStringLiteral("PPI %1 (GIC id %2)").arg(i.number).arg(i.irq.value_or(i.number + 16));
            if (i.gic && i.type == IrqType::Ppi && !reported.contains(ppi)) {
                reported.append(ppi);
                report({dp.config.name, n.path}, {{QStringLiteral("interrupt"), ppi}});
            }
        }
    });
}

void reportIrqsNotOnGic(const DomainPlan &dp, const Node &n, Reporter &report)
{
    for (const Interrupt &i : n.interrupts)
        if (!i.gic) {
            const QString where = i.controller.isEmpty() ? QStringLiteral("an unknown controller") : i.controller;
            report({dp.config.name, n.path}, {{QStringLiteral("controller"), QStringLiteral("%1 (specifier %2)").arg(where).arg(i.number)}}, {i.controller});
        }
}

// The descendants of `n` that are copied into the guest with it (the partial DTB copies every one)
// without being planned as devices of their own: an I2C bus's PMIC or a PHY, whose interrupt on a
// GPIO controller the guest tree loses all the same.
void reportCopiedDescendants(const CheckInput &in, const DomainPlan &dp, const QSet<QString> &planned, const Node &n,
                             Reporter &report)
{
    for (int c : n.children) {
        const Node &child = in.model.nodes()[c];
        // A child device is reported as a device; a node whose interrupts all go to controllers
        // the domain has keeps them in the partial DTB (interruptsStayInGuest, core/planner.h).
        if (!planned.contains(child.path) && !interruptsStayInGuest(in.model, dp.config.devices, child))
            reportIrqsNotOnGic(dp, child, report);
        reportCopiedDescendants(in, dp, planned, child, report);
    }
}

void checkIrqNotGic(const CheckInput &in, Reporter &report)
{
    for (const DomainPlan &dp : in.analysis.domains) {
        QSet<QString> planned;
        for (const DevicePlan &dev : dp.devices)
            planned.insert(dev.hostPath);
        for (const DevicePlan &dev : dp.devices)
            if (const Node *n = in.nodeOf(dev)) {
                reportIrqsNotOnGic(dp, *n, report);
                if (dev.parentDevice.isEmpty())
                    reportCopiedDescendants(in, dp, planned, *n, report);
            }
    }
}

void checkIrqVpl011Clash(const CheckInput &in, Reporter &report)
{
    // A direct-mapped domU's vPL011 takes the host UART's IRQ instead (create_domUs), not SPI 32.
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dp.config.vpl011 || dp.config.directMap)
            return;
        if (distinctIrqs(dev).contains(xen::kVpl011Irq))
            report({dp.config.name, n.path}, {});
    });
}

void checkIrqVirtioClash(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dp.config.xl)
            return;
        for (quint32 irq : distinctIrqs(dev))
            if (irq >= xen::kVirtioFirstIrq && irq <= xen::kVirtioLastIrq)
                report({dp.config.name, n.path}, {{QStringLiteral("irq"), QString::number(irq)}});
    });
}

// The GIC ids an interrupt-map names on the host GIC (3-cell specifiers <type number flags>:
// SPI n -> n + 32, PPI n -> n + 16, eSPI n -> n + 4096, arm,gic-v3.yaml), in map order; `parsed`
// false when the map does not parse or names another controller.
QVector<quint32> interruptMapGicIds(const HostModel &model, const Node &n, bool *parsed)
{
    QVector<bindings::InterruptMapEntry> entries;
    *parsed = bindings::interruptMapEntries(model, n, &entries);
    QVector<quint32> ids;
    for (const bindings::InterruptMapEntry &e : entries) {
        if (e.parent != model.gic() || e.parentSpecifier.size() != 3 || e.parentSpecifier[0] > 2) {
            *parsed = false;
            continue;
        }
        static constexpr quint32 kBase[] = {32, 16, 4096};
        const quint32 id = e.parentSpecifier[1] + kBase[e.parentSpecifier[0]];
        if (!ids.contains(id))
            ids.append(id);
    }
    return ids;
}

// Xen routes a passed-through node's own interrupts only: xl's `irqs` (which devassign fills from
// the node's `interrupts`) and, for dom0less, handle_device_interrupts on the xen,path node
// (xen/arch/arm/domain_build.c). Its interrupt-map (a PCI host bridge's INTx, an interrupt nexus)
// is never routed for a guest; Xen parses interrupt-map only for dom0 (map_device_children).
void checkIrqMapNotRouted(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        if (!n.property(QLatin1String("interrupt-map")))
            return;
        bool parsed = false;
        QStringList unrouted;
        for (quint32 id : interruptMapGicIds(in.model, n, &parsed))
            if (!dp.irqs.contains(id))
                unrouted.append(QString::number(id));
        if (!unrouted.isEmpty() || !parsed)
            report({dp.config.name, n.path},
                   {{QStringLiteral("irqs"), unrouted.isEmpty() ? QStringLiteral("its interrupts")
                                                                : QStringLiteral("GIC interrupts %1").arg(unrouted.join(QStringLiteral(", ")))}});
    });
}

} // namespace

QVector<Check> irqChecks()
{
    return {
        {"irq-shared", checkIrqShared},
        {"irq-shared-dom0", checkIrqSharedDom0},
        {"irq-ppi", checkIrqPpi},
        {"irq-not-gic", checkIrqNotGic},
        {"irq-vpl011-clash", checkIrqVpl011Clash},
        {"irq-virtio-clash", checkIrqVirtioClash},
        {"irq-map-not-routed", checkIrqMapNotRouted},
    };
}

} // namespace devassign::checks
