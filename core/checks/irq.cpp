// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of interrupts (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
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

void checkIrqShared(const CheckInput &in, Reporter &report)
{
    QVector<QPair<QString, Owner>> uses;
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        for (const Interrupt &i : dev.interrupts)
            uses.append({QString::number(*i.irq), {dp.config.name, n.path}});
    });
    reportSplit(report, uses, QStringLiteral("irq"));
}

// At boot Xen routes every GIC SPI of a dom0 device to dom0 (handle_device ->
// map_device_irqs_to_domain) and keeps the IRQs of its own devices (SMMU); route_irq_to_guest
// (xen/arch/arm/irq.c) then refuses the guest: "IRQ %u is already used by domain %u" / "... by Xen".
void checkIrqSharedDom0(const CheckInput &in, Reporter &report)
{
    const QVector<HostDevice> host = hostDevicesOutsideDomains(in);
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        for (const Interrupt &i : dev.interrupts)
            for (const HostDevice &h : host) {
                bool uses = false;
                for (const Interrupt &hi : h.node->interrupts)
                    uses = uses || (hi.gic && hi.irq && *hi.irq == *i.irq);
                if (!uses)
                    continue;
                const QString owner = h.xenOwned ? QStringLiteral("Xen") : QStringLiteral("dom0");
                report({dp.config.name, n.path}, {{QStringLiteral("sharer"), QStringLiteral("%1 (%2)").arg(h.node->path, h.xenOwned ? QStringLiteral("used by Xen itself")
                                                                                 : QStringLiteral("stays with dom0"))}, {QStringLiteral("irq"), QString::number(*i.irq)}}, {h.node->path, owner});
            }
    });
}

void checkIrqPpi(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const Interrupt &i : n.interrupts)
            if (i.gic && i.type == IrqType::Ppi)
                report({dp.config.name, n.path}, {{QStringLiteral("interrupt"), QStringLiteral("PPI %1 (GIC id %2)").arg(i.number).arg(i.irq.value_or(i.number + 16))}});
    });
}

void checkIrqNotGic(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const Interrupt &i : n.interrupts)
            if (!i.gic) {
                const QString where = i.controller.isEmpty() ? QStringLiteral("an unknown controller") : i.controller;
                report({dp.config.name, n.path}, {{QStringLiteral("controller"), QStringLiteral("%1 (specifier %2)").arg(where).arg(i.number)}}, {i.controller});
            }
    });
}

void checkIrqVpl011Clash(const CheckInput &in, Reporter &report)
{
    // A direct-mapped domU's vPL011 takes the host UART's IRQ instead (create_domUs), not SPI 32.
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dp.config.vpl011 || dp.config.directMap)
            return;
        for (const Interrupt &i : dev.interrupts)
            if (*i.irq == xen::kVpl011Irq)
                report({dp.config.name, n.path}, {});
    });
}

void checkIrqVirtioClash(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dp.config.xl)
            return;
        for (const Interrupt &i : dev.interrupts)
            if (*i.irq >= xen::kVirtioFirstIrq && *i.irq <= xen::kVirtioLastIrq)
                report({dp.config.name, n.path}, {{QStringLiteral("irq"), QString::number(*i.irq)}});
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
    };
}

} // namespace devassign::checks
