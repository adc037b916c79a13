// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of the project and its nodes (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
#include "checks/check.h"

#include "export/exportutil.h"
#include "exporters.h"
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

// ---- the checks, one per rule id ---------------------------------------------------------------
void checkNodeNotFound(const CheckInput &in, Reporter &report)
{
    for (const DomainConfig &d : in.project.domains)
        for (const QString &path : d.devices)
            if (!in.model.node(path))
                report({d.name, path}, {});
}

void checkDecisionNodeNotFound(const CheckInput &in, Reporter &report)
{
    for (const DomainConfig &d : in.project.domains)
        for (auto it = d.dependencyDecisions.cbegin(); it != d.dependencyDecisions.cend(); ++it)
            if (!in.model.node(it.key()))
                report({d.name, it.key()}, {{QStringLiteral("action"), dependencyActionName(it.value())}});
}

void checkHostDtbChanged(const CheckInput &in, Reporter &report)
{
    if (in.analysis.hostDtbChanged)
        report({QString(), QString()}, {{QStringLiteral("recorded"), in.project.hostDtbSha256}, {QStringLiteral("actual"), in.model.sha256()}});
}

void checkDeviceDisabled(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        if (!n.enabled)
            report({dp.config.name, n.path}, {{QStringLiteral("status"), n.status}});
    });
}

void checkDeviceWithoutResources(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        // A node whose only interrupts are GIC PPIs (/pmu, /timer) already has irq-ppi saying why
        // nothing can go through.
        const bool onlyPpis = !n.interrupts.isEmpty()
            && std::all_of(n.interrupts.cbegin(), n.interrupts.cend(),
                           [](const Interrupt &i) { return i.gic && i.type == IrqType::Ppi; });
        // A consumer of SCMI resources only (clocks, resets, power domains; e.g. dwc3-of-simple
        // glue) is what it seems: its resources are its SCMI ids, which the domain gets.
        const bool scmiOnly = !n.scmi.isEmpty() && dp.needsScmi;
        if (dev.parentDevice.isEmpty() && dev.regions.isEmpty() && dev.interrupts.isEmpty() && !onlyPpis && !scmiOnly)
            report({dp.config.name, n.path}, {});
    });
}

// The host GIC and everything under it (GICv3 ITS, GICv2m frames), and the IOMMUs Xen drives:
// Xen's own (handle_node in xen/arch/arm/domain_build.c gives them to no domain).
void checkDeviceKeptByXen(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        QString role;
        if (const Node *kept = xen::keptByXen(in.model, n, in.project.platform.xen, &role))
            report({dp.config.name, n.path},
                   {{QStringLiteral("role"), role}, {QStringLiteral("owner"), kept->isGic ? kept->path : n.compatible.value(0)}});
    });
}

// The UART Xen's console would use. devassign's host DTB marks it xen,passthrough, so Xen skips it
// and runs without a console (device_init, xen/arch/arm/device.c); with a host DTB that does not,
// Xen takes it and its IRQ and the domain fails to build (pl011.c, xen/arch/arm/irq.c).
void checkXenConsoleUart(const CheckInput &in, Reporter &report)
{
    ExportContext ctx(&in.model, &in.project, &in.analysis);
    QString how;
    const Node *uart = exportutil::xenConsoleUart(in.model, exportutil::xenBootargs(ctx), &how);
    if (!uart || !uart->enabled || !xen::drivesConsoleUart(*uart, in.project.platform.xen))
        return; // a UART Xen has no driver for: Xen runs without a console and leaves it alone
    if (exportutil::explicitXenBootargs(ctx).isEmpty())
        how += exportutil::stdoutPath(in.model).isEmpty() ? QStringLiteral(", devassign's default: the tree's first UART")
                                                          : QStringLiteral(", devassign's default from /chosen/stdout-path");
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        if (&n == uart)
            report({dp.config.name, n.path}, {{QStringLiteral("how"), how}});
    });
}

// A direct-mapped domU is tied to Xen's console UART (xen/arch/arm/domain_build.c, vpl011.c):
// - create_domUs sizes the domain's SPIs from serial_irq(SERHND_DTUART) unless nr_spis is
//   given, and panics ("Error getting IRQ number for this serial port 0") when Xen has no
//   console UART with an interrupt, vpl011 or not; with nr_spis and vpl011 the vPL011 node gets
//   interrupt 0 and set_interrupt's BUG_ON stops Xen.
// - domain_vpl011_init gives its vPL011 the UART's address (serial_vuart_info) and fails below
//   GUEST_PL011_SIZE, 4 KiB ("Can't re-use the Xen UART MMIO region as it is too small"). Xen
//   4.17's construct_domU overwrites that error and writes the vPL011 node anyway, so the guest
//   gets a console no emulation answers; releases that check the error stop at boot.
void checkVpl011DirectMapConsole(const CheckInput &in, Reporter &report)
{
    constexpr quint64 kGuestPl011Size = 0x1000; // GUEST_PL011_SIZE, xen/include/public/arch-arm.h
    QString reason;
    bool noSerialIrq = true; // serial_irq(SERHND_DTUART) < 0
    ExportContext ctx(&in.model, &in.project, &in.analysis);
    QString how;
    const Node *uart = exportutil::xenConsoleUart(in.model, exportutil::xenBootargs(ctx), &how);
    if (!uart || !uart->enabled)
        reason = QStringLiteral("Xen finds no console UART");
    else if (!xen::drivesConsoleUart(*uart, in.project.platform.xen))
        reason = QStringLiteral("Xen %1 has no driver for its console UART %2").arg(xen::releaseName(in.project.platform.xen), uart->path);
    else if (in.coveredByAnyDomain(*uart))
        reason = QStringLiteral("its console UART %1 is assigned to a domain, so Xen runs without a console").arg(uart->path);
    else if (uart->interrupts.isEmpty() || !uart->interrupts.front().gic || !uart->interrupts.front().irq)
        reason = QStringLiteral("its console UART %1 has no GIC interrupt").arg(uart->path); // the drivers take interrupt 0
    else if (noSerialIrq = false; uart->regions.isEmpty() || uart->regions.front().size < kGuestPl011Size)
        reason = QStringLiteral("its console UART %1 has %2 bytes of registers, less than the 4 KiB a PL011 takes")
                     .arg(uart->path)
                     .arg(uart->regions.isEmpty() ? 0 : uart->regions.front().size);
    if (reason.isEmpty())
        return;
    const QString outcome = noSerialIrq
        ? QStringLiteral("Xen panics at boot before it builds any domain (\"Error getting IRQ number for this serial port 0\"), "
                         "whether or not the domain has vpl011")
        : QStringLiteral("Xen cannot set the vPL011 up (\"Can't re-use the Xen UART MMIO region as it is too small\"); Xen 4.17 "
                         "ignores that and builds the domain with a vPL011 node no emulation answers, so the guest has no "
                         "console, and releases that check it stop at boot");
    for (const DomainPlan &dp : in.analysis.domains) {
        const DomainConfig &d = dp.config;
        if (d.dom0less && d.directMap && (d.vpl011 || (noSerialIrq && dp.nrSpis == 0)))
            report({d.name, QString()}, {{QStringLiteral("reason"), reason}, {QStringLiteral("outcome"), outcome}});
    }
}

// A PCI host bridge (device_type = "pci", PCI bus binding) reaches its devices through the windows
// of its `ranges`. Xen maps a passed-through node's `reg` only (xl iomem, which devassign fills
// from reg; dom0less xen,reg), so the windows stay unmapped and the copied `ranges` names host
// addresses the guest does not have. Counted as <child address (3 cells), parent address (the
// parent's #address-cells), size (the bridge's #size-cells)> entries.
void checkPciWindowsNotMapped(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        const Property *type = n.property(QLatin1String("device_type"));
        const Property *ranges = n.property(QLatin1String("ranges"));
        if (!type || type->value != QByteArrayLiteral("pci\0") || !ranges || ranges->value.isEmpty())
            return;
        const Node *parent = in.model.parentOf(n);
        const int entryCells = 3 + (parent ? in.model.addressCells(*parent) : 2) + in.model.sizeCells(n);
        const qsizetype cells = ranges->value.size() / 4;
        const QString windows = entryCells > 0 && cells % entryCells == 0
                                    ? QStringLiteral("%1 window(s)").arg(cells / entryCells)
                                    : QStringLiteral("its windows");
        report({dp.config.name, n.path}, {{QStringLiteral("windows"), windows}});
    });
}

void checkDom0lessWithoutKernel(const CheckInput &in, Reporter &report)
{
    for (const DomainConfig &d : in.project.domains)
        if (d.dom0less && d.kernel.isEmpty())
            report({d.name, QString()}, {});
}

// ImageBuilder's uboot-script-gen copies command lines and file names into the U-Boot script it
// writes, unescaped (its dt_set: `fdt set PATH VAR "DATA"`); imagebuilder.cfg leaves out a value
// U-Boot would read as syntax there (core/export/imagebuilder.cpp).
void checkImageBuilderUnsafeText(const CheckInput &in, Reporter &report)
{
    ExportContext ctx(&in.model, &in.project, &in.analysis);
    for (const UbootValue &v : imageBuilderUbootValues(ctx)) {
        if (!v.clash.isEmpty())
            continue; // left out for imagebuilder-file-name-clash
        QString what, meaning;
        if (ubootSyntaxCharacter(v.text, v.field, &what, &meaning) >= 0)
            report({v.domain, QString()}, {{QStringLiteral("variable"), v.variable},
                                           {QStringLiteral("origin"), v.origin},
                                           {QStringLiteral("character"), what},
                                           {QStringLiteral("meaning"), meaning}});
    }
}

void checkImageBuilderFileNameClash(const CheckInput &in, Reporter &report)
{
    ExportContext ctx(&in.model, &in.project, &in.analysis);
    for (const UbootValue &v : imageBuilderUbootValues(ctx))
        if (!v.clash.isEmpty())
            report({v.domain, QString()}, {{QStringLiteral("variable"), v.variable},
                                           {QStringLiteral("origin"), v.origin},
                                           {QStringLiteral("name"), v.text},
                                           {QStringLiteral("other"), v.clash}});
}

} // namespace

QVector<Check> projectChecks()
{
    return {
        {"node-not-found", checkNodeNotFound},
        {"decision-node-not-found", checkDecisionNodeNotFound},
        {"host-dtb-changed", checkHostDtbChanged},
        {"device-disabled", checkDeviceDisabled},
        {"device-without-resources", checkDeviceWithoutResources},
        {"device-kept-by-xen", checkDeviceKeptByXen},
        {"xen-console-uart", checkXenConsoleUart},
        {"vpl011-direct-map-console", checkVpl011DirectMapConsole},
        {"pci-windows-not-mapped", checkPciWindowsNotMapped},
        {"dom0less-without-kernel", checkDom0lessWithoutKernel},
        {"imagebuilder-unsafe-text", checkImageBuilderUnsafeText},
        {"imagebuilder-file-name-clash", checkImageBuilderFileNameClash},
    };
}

} // namespace devassign::checks
