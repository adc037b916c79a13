// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The HTML audit report with its pictures: the Audit, Memory map and IRQ map drawings
// (picturedrawing.h) rendered as SVG and inlined in core/reporthtml.h's page. Used by
// `devassign report` (headless, on Qt's offscreen platform) and the studio's File ▸ Export Audit
// Report…. Needs a QGuiApplication (fonts); no widgets.

#include "reporthtml.h"
#include "result.h"

namespace devassign {

// The <svg> element of an SVG document: what follows the XML prolog and any comments before it.
QByteArray inlineSvg(const QByteArray &document);

// The page for `ctx` (model, project, analysis) with the three pictures drawn.
QByteArray auditReportPage(const ExportContext &ctx, const QByteArray &projectBytes, bool unsaved);
// The same written to `file` atomically (core/atomicfile.h), refused when `file` is one of `inputs`
// (the project, the host DTB). One-line error naming the file.
Status writeAuditReport(const ExportContext &ctx, const QByteArray &projectBytes, bool unsaved, const QString &file,
    const QStringList &inputs);

} // namespace devassign
