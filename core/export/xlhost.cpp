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
        return setXenBootargs(fdt, chosen, ctx, file, e)
            && keepDom0Clocks(fdt, chosen, ctx, [](const DomainConfig &d) { return d.xl; }, file, e);
    }, err);
}

} // namespace devassign
