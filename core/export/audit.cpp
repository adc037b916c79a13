// SPDX-License-Identifier: GPL-2.0-or-later
// audit.md: what devassign decided and why, per domain, for an integrator's review.

#include "exporters.h"
#include "export/exportutil.h"
#include "scmipolicy.h"

namespace devassign {

using namespace exportutil;

namespace {

// Every value goes through these: node paths, names and DTB strings are shown literally and cannot
// start Markdown or HTML of their own (format.h).
QString code(const QString &s)
{
    return format::markdownCode(s);
}

QString text(const QString &s)
{
    return format::markdownText(s);
}

QString cell(const QString &formatted)
{
    return format::markdownCell(formatted);
}

// "yes", or "yes: NOTE" with the note the user gave when acknowledging (docs/project-format.md).
QString acknowledgedText(const ExportContext &ctx, const Diagnostic &d)
{
    if (!d.acknowledged)
        return QStringLiteral("no");
    const Acknowledgement *a = ctx.project ? ctx.project->acknowledgementFor(d.rule, d.node, d.domain) : nullptr;
    return a && !a->note.isEmpty() ? QStringLiteral("yes: ") + text(a->note) : QStringLiteral("yes");
}

QString targets(const DomainConfig &d)
{
    const QStringList t = d.targetNames();
    return t.isEmpty() ? QStringLiteral("none") : t.join(QStringLiteral(", "));
}

void deviceSection(QStringList &out, const ExportContext &ctx, const DomainConfig &domain, const DevicePlan &dev)
{
    out << QStringLiteral("#### %1").arg(code(dev.hostPath));
    if (ctx.model)
        if (const Node *n = ctx.model->node(dev.hostPath))
            if (!n->compatible.isEmpty())
                out << QStringLiteral("- compatible: %1").arg(code(n->compatible.join(QStringLiteral(", "))));
    out << QStringLiteral("- regions (host → guest, size):");
    for (const GuestRegion &r : dev.regions)
        out << QStringLiteral("  - %1 → %2, %3").arg(hex(r.hostAddress), hex(r.guestAddress), hex(r.size))
                   + (r.hostAddress == r.guestAddress ? QStringLiteral(" (1:1)") : QString());
    out << QStringLiteral("- MMIO pages mapped (host → guest, size):");
    for (const MmioMapping &m : dev.mmio)
        out << QStringLiteral("  - %1 → %2, %3").arg(hex(m.hostAddress), hex(m.guestAddress), hex(m.size));
    QStringList irqs;
    for (const Interrupt &i : dev.interrupts)
        irqs << QStringLiteral("%1 %2 (GIC id %3)").arg(irqTypeName(i.type)).arg(i.number)
                    .arg(i.irq ? QString::number(*i.irq) : QStringLiteral("?"));
    out << QStringLiteral("- interrupts: %1").arg(irqs.isEmpty() ? QStringLiteral("none") : irqs.join(QStringLiteral(", ")));
    QString iommu = dev.iommuProtected ? QStringLiteral("protected by an IOMMU that Xen drives")
                                       : QStringLiteral("NOT protected by an IOMMU");
    // dom0less marks it xen,force-assign-without-iommu; xl has no such flag and passes it with
    // iomem and irqs only, no dtdev (docs/exports.md).
    if (dev.forceWithoutIommu && domain.dom0less)
        iommu += QStringLiteral("; dom0less: assigned with xen,force-assign-without-iommu (%1)").arg(text(dev.forceWhy));
    if (!dev.iommuProtected && domain.xl)
        iommu += QStringLiteral("; xl: passed with iomem and irqs only, no dtdev");
    out << QStringLiteral("- IOMMU: %1").arg(iommu);
    if (ctx.model)
        if (const Node *n = ctx.model->node(dev.hostPath)) {
            const QString reason = n->iommu.reason(ctx.project->platform.xen);
            if (!reason.isEmpty())
                out << QStringLiteral("  - %1").arg(text(reason));
            for (const IommuLink &l : n->iommu.links) {
                QStringList ids;
                for (quint32 id : l.streamIds)
                    ids << hex(id);
                out << QStringLiteral("  - %1: stream ids %2%3").arg(code(l.iommu),
                                                                   ids.isEmpty() ? QStringLiteral("none") : ids.join(QStringLiteral(", ")),
                                                                   xen::drivesIommu(l, ctx.project ? ctx.project->platform.xen : xen::kDefaultRelease) ? QString() : QStringLiteral(" (no Xen driver)"));
            }
        }
    if (dev.dependencies.isEmpty()) {
        out << QStringLiteral("- dependencies: none");
    } else {
        out << QStringLiteral("- dependencies:");
        for (const DependencyPlan &dep : dev.dependencies) {
            QString line = QStringLiteral("  - %1 → %2: **%3**").arg(code(dep.property), code(dep.provider), dependencyActionName(dep.action));
            if (!dep.reason.isEmpty())
                line += QStringLiteral(" — ") + text(dep.reason);
            if (!dep.contextPath.isEmpty())
                line += QStringLiteral(" (with context %1)").arg(text(dep.contextPath.join(QStringLiteral(", "))));
            out << line;
        }
    }
    out << QString();
}

// Whether the domain's SCMI is really forwarded is the analysis' verdict: an agent whose transport
// Xen cannot forward is reported as scmi-transport-not-forwardable (its message says why).
void scmiLines(QStringList &out, const ExportContext &ctx, const QString &domain)
{
    if (ctx.project->platform.scmiMediator) {
        const std::optional<ScmiChannel> channel = scmiChannelOf(*ctx.analysis, domain);
        if (channel)
            out << QStringLiteral("- SCMI: through devassign's mediator, its own channel: arm,smc-id %1, shared memory "
                                  "page at guest %2; allowed messages and ids in scmi-policy.bin "
                                  "(`devassign policy dump`)")
                       .arg(hex(channel->smcId), hex(channel->shmemGpa));
        else
            out << QStringLiteral("- SCMI: needed, but only dom0less domains get a mediated channel (the policy keys on "
                                  "the domain id Xen gives them at boot)");
        return;
    }
    QStringList blocked;
    for (const Diagnostic &diag : ctx.analysis->diagnostics)
        if (diag.rule == QLatin1String("scmi-transport-not-forwardable") && diag.domain == domain)
            blocked << diag.message;
    if (blocked.isEmpty()) {
        out << QStringLiteral("- SCMI: forwarded to this domain (arm_sci / xen,sci_type = scmi_smc; Xen command "
                              "line scmi-smc-passthrough)");
        return;
    }
    for (const QString &reason : blocked)
        out << QStringLiteral("- SCMI: needed but not forwardable: %1").arg(text(reason));
    out << QStringLiteral("  - the export still asks for it (arm_sci / xen,sci_type = scmi_smc; Xen command line "
                          "scmi-smc-passthrough), but the guest's SCMI requests cannot reach the firmware");
}

void diagnosticsTable(QStringList &out, const ExportContext &ctx, const QString &domain)
{
    QStringList rows;
    for (const Diagnostic &d : ctx.analysis->diagnostics) {
        if (d.domain != domain)
            continue;
        rows << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |")
                    .arg(severityText(d.severity), cell(code(d.rule)),
                         cell(d.node.isEmpty() ? QStringLiteral("—") : code(d.node)), cell(text(d.message)),
                         cell(text(d.fix)), cell(acknowledgedText(ctx, d)));
    }
    if (rows.isEmpty()) {
        out << QStringLiteral("No diagnostics.") << QString();
        return;
    }
    out << QStringLiteral("| severity | rule | node | cause | fix | acknowledged |")
        << QStringLiteral("|---|---|---|---|---|---|") << rows << QString();
}

} // namespace

QByteArray auditReport(const ExportContext &ctx)
{
    QStringList out;
    out << QStringLiteral("<!-- %1 -->").arg(generatedComment(ctx, format::CommentSyntax::Html));
    out << QStringLiteral("# devassign audit: %1").arg(text(projectName(ctx))) << QString();
    out << QStringLiteral("- host DTB: %1 (sha256 %2)").arg(code(ctx.project ? ctx.project->hostDtb : QString()),
                                                            code(hostSha256(ctx)));
    out << QStringLiteral("- devassign %1").arg(versionString());
    if (ctx.analysis) {
        int acknowledged = 0;
        int warnings = 0;
        for (const Diagnostic &d : ctx.analysis->diagnostics) {
            acknowledged += d.severity == Severity::Error && d.acknowledged;
            warnings += d.severity == Severity::Warning;
        }
        out << QStringLiteral("- errors: %1 (plus %2 acknowledged), warnings: %3")
                   .arg(unfixedErrors(ctx))
                   .arg(acknowledged)
                   .arg(warnings);
        if (ctx.analysis->hostDtbChanged)
            out << QStringLiteral("- **the host DTB differs from the one the project was made for**");
    }
    if (ctx.forced)
        out << QStringLiteral("- **%1**").arg(forcedLine(ctx));
    out << QString();
    if (!ctx.analysis)
        return out.join(QLatin1Char('\n')).toUtf8();

    out << QStringLiteral("## Project-wide diagnostics") << QString();
    diagnosticsTable(out, ctx, QString());
    for (const DomainPlan &plan : ctx.analysis->domains) {
        const DomainConfig &d = plan.config;
        out << QStringLiteral("## Domain %1").arg(code(d.name)) << QString();
        out << QStringLiteral("- targets: %1").arg(targets(d));
        out << QStringLiteral("- memory: %1 MiB, vcpus: %2%3%4").arg((d.memoryKiB + 1023) / 1024).arg(d.vcpus)
                   .arg(d.directMap ? QStringLiteral(", direct-mapped") : QString(),
                        d.vpl011 ? QStringLiteral(", vPL011 on GIC id 32 (SPI 0, GUEST_VPL011_SPI)") : QString());
        QStringList irqs;
        for (quint32 i : plan.irqs)
            irqs << QString::number(i);
        out << QStringLiteral("- IRQs: %1").arg(irqs.isEmpty() ? QStringLiteral("none") : irqs.join(QStringLiteral(", ")));
        if (plan.nrSpis > 0)
            out << QStringLiteral("- nr_spis: %1").arg(plan.nrSpis);
        if (plan.needsScmi) {
            scmiLines(out, ctx, d.name);
            for (const DevicePlan &shm : plan.scmiShmem)
                for (const MmioMapping &m : shm.mmio)
                    out << QStringLiteral("  - shared memory %1: %2 → %3, %4 (xen,reg without xen,path; xl iomem)")
                               .arg(code(shm.hostPath), hex(m.hostAddress), hex(m.guestAddress), hex(m.size));
        }
        out << QString() << QStringLiteral("### Devices") << QString();
        if (plan.devices.isEmpty())
            out << QStringLiteral("No devices assigned.") << QString();
        for (const DevicePlan &dev : plan.devices)
            deviceSection(out, ctx, plan.config, dev);
        out << QStringLiteral("### Diagnostics") << QString();
        diagnosticsTable(out, ctx, d.name);
    }
    return out.join(QLatin1Char('\n')).toUtf8();
}

} // namespace devassign
