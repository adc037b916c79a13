// SPDX-License-Identifier: GPL-2.0-or-later
// The xl host DTB: what Xen and dom0 boot from when domains are started later with `xl create`.
// Only the host DTB knows which nodes dom0 must leave alone: with a dom0, Xen gives dom0 every node
// without `xen,passthrough`, and `xl create` then fails to route the device's IRQ ("IRQ 34 is
// already used by domain 0", libxl "failed give domain access to irq 34: Device or resource busy":
// dt_device_for_passthrough in handle_device, xen/arch/arm/domain_build.c; seen in tests/e2e/e2e-xl.sh).
// So the host DTB gets the marks of the xl domains' devices and Xen's command line; the domains
// themselves are made by xl from dom.cfg, not from /chosen.

#include "exporters.h"
#include "export/exportutil.h"
#include "export/hostdtb.h"

#include <libfdt.h>

namespace devassign {

using namespace exportutil;

namespace {

// Xen gives dom0 the xl domains' device nodes with status = "disabled" (write_properties in
// xen/arch/arm/domain_build.c); Linux then switches their unused clocks and power domains off
// (clk_disable_unused, genpd_power_off_unused) unless dom0 boots with these (rule dom0-gates-clocks).
const char kKeepClocks[] = "clk_ignore_unused pd_ignore_unused";

QString stringProperty(const void *fdt, int node, const char *name, bool *present)
{
    int len = 0;
    const char *v = static_cast<const char *>(fdt_getprop(fdt, node, name, &len));
    *present = v != nullptr;
    return v && len > 0 ? QString::fromUtf8(v, qstrnlen(v, size_t(len))) : QString();
}

// dom0's command line is xen,dom0-bootargs, else the host's /chosen bootargs when Xen takes its
// own from xen,xen-bootargs (xen/arch/arm/bootfdt.c, early_print_info / process_chosen_node).
// The flags are added to whichever applies, once.
bool keepDom0Clocks(void *fdt, int chosen, const ExportContext &ctx, const QString &file, QString *error)
{
    bool needed = false;
    for (const DomainPlan &dp : ctx.analysis->domains)
        needed = needed || (dp.config.xl && !dp.devices.isEmpty());
    if (!needed)
        return true;
    bool hasDom0Args = false, hasBootargs = false, hasXenArgs = false;
    QString args = stringProperty(fdt, chosen, "xen,dom0-bootargs", &hasDom0Args);
    const QString bootargs = stringProperty(fdt, chosen, "bootargs", &hasBootargs);
    stringProperty(fdt, chosen, "xen,xen-bootargs", &hasXenArgs);
    if (!hasDom0Args && hasBootargs && hasXenArgs)
        args = bootargs;
    for (const QString &flag : QString::fromLatin1(kKeepClocks).split(QLatin1Char(' ')))
        if (!args.split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(flag))
            args = args.isEmpty() ? flag : args + QLatin1Char(' ') + flag;
    const int rc = fdt_setprop_string(fdt, chosen, "xen,dom0-bootargs", args.toUtf8().constData());
    return rc == 0 || hostDtbFailure(file, QStringLiteral("/chosen xen,dom0-bootargs"), rc, error);
}

} // namespace

QByteArray xlHostDtb(const ExportContext &ctx, QString *error)
{
    QString local;
    QString *err = error ? error : &local;
    if (!ctx.model || !ctx.project || !ctx.analysis) {
        *err = QStringLiteral("xl host DTB: no model, project or analysis");
        return {};
    }
    const QString file = QStringLiteral("xl host DTB");
    return editedHostDtb(ctx, file, [&](void *fdt, QString *e) {
        if (!markPassthrough(fdt, ctx, [](const DomainConfig &d) { return d.xl; }, file, e))
            return false;
        const int chosen = chosenNode(fdt);
        if (chosen < 0)
            return hostDtbFailure(file, QStringLiteral("/chosen"), chosen, e);
        return setXenBootargs(fdt, chosen, ctx, file, e) && keepDom0Clocks(fdt, chosen, ctx, file, e);
    }, err);
}

} // namespace devassign
