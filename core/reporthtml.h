// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The HTML audit report (`devassign report`, the studio's File ▸ Export Audit Report…): one
// self-contained page for an integrator's review and for print to PDF, with the target platform,
// the inputs' SHA-256, the safety pictures, every diagnostic with its cause and fix, and why each
// assigned device is safe or what was acknowledged for it (docs/exports.md, "The audit report").
// audit.md (core/export/audit.cpp) stays the diff-friendly text of the same decisions.
//
// The page is text only here (QtCore); the pictures come drawn, as <svg> elements, from
// render/auditreport.h (QtGui). Every value from the project or the DTB goes through
// format::htmlText; nothing on the page loads anything from elsewhere.

#include "exporters.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace devassign {

struct ReportPicture {
    QString id; // the section's id: "audit", "memory", "irq"
    QString title; // "Audit"
    QString caption; // one sentence: what the picture shows
    QByteArray svg; // one <svg> element (no XML prolog), made by devassign's own painter
    bool wide = false; // wider than tall: printed on a landscape page
};

struct ReportInputs {
    QByteArray projectBytes; // the project as its file holds it (or as it would be saved)
    bool unsaved = false; // the studio's project has changes not saved to ctx.projectFile
    QVector<ReportPicture> pictures;
    QString legendHtml; // devassign's own legend of the pictures' colours (trusted HTML)
};

// The whole page, UTF-8. `ctx` needs model, project and analysis.
QByteArray auditReportHtml(const ExportContext &ctx, const ReportInputs &inputs);

} // namespace devassign
