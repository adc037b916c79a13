// SPDX-License-Identifier: GPL-2.0-or-later
#include "auditreport.h"

#include "atomicfile.h"
#include "picturedrawing.h"

#include <QFileInfo>

namespace devassign {

QByteArray inlineSvg(const QByteArray &document)
{
    const qsizetype start = document.indexOf("<svg");
    return start < 0 ? QByteArray() : document.mid(start).trimmed();
}

namespace {

ReportPicture reportPicture(const ExportContext &ctx, PictureKind kind, const QString &caption)
{
    // The boot modules where the export would place them, when their files' sizes are known.
    const Drawing drawing = pictureDrawing(kind, *ctx.model, *ctx.project, *ctx.analysis, {},
                                           dom0lessBootModules(ctx, nullptr));
    const QRectF bounds = drawing.bounds();
    return {pictureKindName(kind), pictureTitle(kind), caption, inlineSvg(drawingSvg(drawing, pictureTitle(kind))),
            bounds.width() > bounds.height()};
}

} // namespace

QByteArray auditReportPage(const ExportContext &ctx, const QByteArray &projectBytes, bool unsaved)
{
    ReportInputs in;
    in.projectBytes = projectBytes;
    in.unsaved = unsaved;
    // The studio's three views, as its Safety Picture dock shows them (the memory map's whole 4 GiB window).
    in.pictures = {
        reportPicture(ctx, PictureKind::Audit,
            QStringLiteral("Domains and dom0 as columns, each assigned device as a card with its IOMMU and "
                           "SCMI state; every shared page, IRQ, clock, stream id or SCMI resource as a link.")),
        reportPicture(ctx, PictureKind::Memory,
            QStringLiteral(
                "The host's physical map (RAM, reserved memory, static memory and boot modules, devices "
                "by owner; shared pages outlined) and each guest's map (Xen's layout and the mapped device windows), first 4 GiB.")),
        reportPicture(ctx, PictureKind::Irq,
            QStringLiteral("Every GIC interrupt by owner; a red badge marks a clash (shared, vPL011, PPI).")),
    };
    in.legendHtml = pictureLegendHtml();
    return auditReportHtml(ctx, in);
}

Status writeAuditReport(const ExportContext &ctx, const QByteArray &projectBytes, bool unsaved, const QString &file,
    const QStringList &inputs)
{
    if (const QString input = firstSameFile(file, inputs); !input.isEmpty())
        return fail(QStringLiteral("%1: is an input of the report (%2); write the report to another file")
                        .arg(file, input));
    return writeFileAtomically(file, auditReportPage(ctx, projectBytes, unsaved));
}

} // namespace devassign
