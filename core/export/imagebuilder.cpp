// SPDX-License-Identifier: GPL-2.0-or-later
// ImageBuilder config (scripts/uboot-script-gen of xen-project/imagebuilder): the dom0less
// domains for users who build their boot script with ImageBuilder. Variables: docs/exports.md.

#include "exporters.h"
#include "planner.h"
#include "export/exportutil.h"
#include "export/hostdtb.h"

extern "C" {
#include <libfdt.h>
}

namespace devassign {

using namespace exportutil;

namespace {

// ImageBuilder sources this file with bash: every value is one single-quoted shell word
// (format::shellWord), so nothing in it is expanded or ends the assignment.
QString shellQuoted(const QString &s)
{
    return format::shellWord(s);
}

// A command line read from the host DTB (/chosen's xen,xen-bootargs or bootargs) on one line:
// uboot-script-gen writes XEN_CMD and DOM0_CMD into a U-Boot script line (`fdt set /chosen
// xen,xen-bootargs "..."`), where a line feed would end that command and start another. A host
// tree has no control characters in a command line unless it was made to; each becomes the
// space that separates options. (A project's own values are refused when set: core/project.cpp.)
QString hostCommandLine(QString args)
{
    for (QChar &c : args)
        if (format::isControlCharacter(c))
            c = QLatin1Char(' ');
    return args;
}

} // namespace

QByteArray imageBuilderConfig(const ExportContext &ctx)
{
    QStringList lines;
    lines << QStringLiteral("# ") + generatedComment(ctx, format::CommentSyntax::Hash);
    if (ctx.forced)
        lines << QStringLiteral("# ") + forcedLine(ctx);
    lines << QStringLiteral("# ImageBuilder config (uboot-script-gen -c imagebuilder.cfg -d DIR): paths are relative to DIR;")
          << QStringLiteral("# put the host DTB, Xen and the domains' kernels/ramdisks there. ImageBuilder marks")
          << QStringLiteral("# DOMU_PASSTHROUGH_PATHS with xen,passthrough itself.");
    if (ctx.model && ctx.project) {
        const QVector<MemoryRange> banks = hostRamBanks(*ctx.model, *ctx.project);
        if (!banks.isEmpty()) {
            lines << QStringLiteral("MEMORY_START=%1").arg(shellQuoted(hex(banks.front().address)));
            lines << QStringLiteral("MEMORY_END=%1").arg(shellQuoted(hex(banks.front().address + banks.front().size)));
        }
    }
    const QString hostDtb = ctx.project ? baseName(ctx.project->hostDtb) : QString();
    lines << QStringLiteral("DEVICE_TREE=%1").arg(shellQuoted(hostDtb.isEmpty() ? QStringLiteral("host.dtb") : hostDtb));
    lines << QStringLiteral("XEN='xen'");
    if (ctx.model)
        lines << QStringLiteral("XEN_CMD=%1").arg(shellQuoted(hostCommandLine(xenBootargs(ctx))));
    QVector<const DomainPlan *> domus;
    if (ctx.analysis)
        for (const DomainPlan &p : ctx.analysis->domains)
            if (p.config.dom0less)
                domus.append(&p);
    bool passthrough = false;
    for (const DomainPlan *p : domus)
        passthrough = passthrough || !p->devices.isEmpty();
    // uboot-script-gen sets xen,dom0-bootargs to "$DOM0_CMD" whenever DOM0_KERNEL is set, so the
    // flags dom0less/host.dtb carries would be lost on a boot with a dom0 (rule dom0-gates-clocks).
    if (passthrough && ctx.model) {
        const void *fdt = ctx.model->blob().constData();
        lines << QStringLiteral("# read only when DOM0_KERNEL is set: dom0 must not switch off the domains' clocks")
              << QStringLiteral("DOM0_CMD=%1").arg(shellQuoted(hostCommandLine(dom0BootargsKeepingClocks(fdt, fdt_path_offset(fdt, "/chosen"), true))));
    }
    bool mediated = false;
    for (const DomainPlan *p : domus)
        mediated = mediated || (p->needsScmi && ctx.project && ctx.project->platform.scmiMediator);
    if (mediated)
        lines << QStringLiteral("# devassign's SCMI mediator needs scmi-policy.bin as a \"devassign,scmi-policy\" module")
              << QStringLiteral("# directly under /chosen, which ImageBuilder has no variable for (dom0less/host.dtb has it)");
    lines << QStringLiteral("NUM_DOMUS=%1").arg(domus.size());
    for (int i = 0; i < domus.size(); ++i) {
        const DomainConfig &d = domus[i]->config;
        const QString idx = QStringLiteral("[%1]").arg(i);
        lines << QString() << QStringLiteral("# domain %1").arg(format::commentText(d.name, format::CommentSyntax::Hash));
        if (!d.kernel.isEmpty())
            lines << QStringLiteral("DOMU_KERNEL%1=%2").arg(idx, shellQuoted(baseName(d.kernel)));
        if (!d.ramdisk.isEmpty())
            lines << QStringLiteral("DOMU_RAMDISK%1=%2").arg(idx, shellQuoted(baseName(d.ramdisk)));
        if (!domus[i]->devices.isEmpty()) {
            QStringList paths;
            for (const DevicePlan &dev : domus[i]->devices)
                paths << dev.hostPath;
            lines << QStringLiteral("DOMU_PASSTHROUGH_DTB%1=%2").arg(idx, shellQuoted(d.name + QStringLiteral("/passthrough.dtb")));
            lines << QStringLiteral("DOMU_PASSTHROUGH_PATHS%1=%2").arg(idx, shellQuoted(paths.join(QLatin1Char(' '))));
        }
        lines << QStringLiteral("DOMU_MEM%1=%2").arg(idx).arg((d.memoryKiB + 1023) / 1024); // MiB
        lines << QStringLiteral("DOMU_VCPUS%1=%2").arg(idx).arg(d.vcpus);
        if (!d.bootargs.isEmpty())
            lines << QStringLiteral("DOMU_CMD%1=%2").arg(idx, shellQuoted(d.bootargs));
        if (!d.staticMemory.isEmpty()) {
            QStringList banks;
            for (const MemoryRange &r : d.staticMemory)
                banks << hex(r.address) << hex(r.size);
            lines << QStringLiteral("DOMU_STATIC_MEM%1=%2").arg(idx, shellQuoted(banks.join(QLatin1Char(' '))));
        }
        // ImageBuilder defaults DOMU_DIRECT_MAP to 1 with static memory: always say it explicitly.
        if (d.directMap || !d.staticMemory.isEmpty())
            lines << QStringLiteral("DOMU_DIRECT_MAP%1=%2").arg(idx).arg(d.directMap ? 1 : 0);
        if (domus[i]->needsScmi && !ctx.project->platform.scmiMediator)
            lines << QStringLiteral("# domain %1 gets SCMI: its /chosen node needs xen,sci_type = \"scmi_smc\", which "
                                    "ImageBuilder has no variable for (dom0less/host.dtb has it)")
                         .arg(format::commentText(d.name, format::CommentSyntax::Hash));
        // ImageBuilder gives every domU a vPL011 unless DOMU_VPL011 is 0, and makes it enhanced
        // (xen,enhanced = "enabled") by default when a dom0 is loaded (its README: DOMU_VPL011,
        // DOMU_ENHANCED 0, 1 or 2). Say both explicitly, so the boot script matches
        // dom0less/host.dtb, where no vpl011 and no xen,enhanced mean neither.
        if (!d.vpl011)
            lines << QStringLiteral("DOMU_VPL011%1=0").arg(idx);
        if (d.enhanced == QLatin1String("legacy"))
            lines << QStringLiteral("# domain %1 has xen,enhanced = \"legacy\", which ImageBuilder has no value for "
                                    "(dom0less/host.dtb has it)")
                         .arg(format::commentText(d.name, format::CommentSyntax::Hash));
        else
            lines << QStringLiteral("DOMU_ENHANCED%1=%2")
                         .arg(idx)
                         .arg(d.enhanced == QLatin1String("enabled") ? 1 : d.enhanced == QLatin1String("no-xenstore") ? 2 : 0);
        // uboot-script-gen tests "1, or DOM0_KERNEL set and not 0" before "2": with a dom0, 2 is 1.
        if (d.enhanced == QLatin1String("no-xenstore"))
            lines << QStringLiteral("# ImageBuilder reads DOMU_ENHANCED=2 as 1 (\"enabled\") once DOM0_KERNEL is set; "
                                    "dom0less/host.dtb has xen,enhanced = \"no-xenstore\"");
    }
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

} // namespace devassign
