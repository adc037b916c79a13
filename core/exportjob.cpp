// SPDX-License-Identifier: GPL-2.0-or-later
#include "exportjob.h"

#include <QDir>
#include <QFileInfo>

namespace devassign {

namespace {

ExportOutcome failed(ExportOutcome outcome, ExportStatus status, const QString &error)
{
    outcome.status = status;
    outcome.error = error;
    outcome.files.clear();
    return outcome;
}

} // namespace

bool readModuleFileSizes(const Project &project, const QString &projectFile, QMap<QString, quint64> *sizes,
                         QString *error)
{
    bool allFound = true;
    for (const DomainConfig &d : project.domains) {
        const QPair<QLatin1String, QString> modules[] = {{QLatin1String("kernel"), d.kernel},
                                                         {QLatin1String("ramdisk"), d.ramdisk}};
        for (const auto &[what, stored] : modules) {
            if (stored.isEmpty())
                continue;
            const QString path = resolveProjectPath(projectFile, stored);
            const QFileInfo info(path);
            if (info.isFile()) {
                sizes->insert(path, quint64(info.size()));
                continue;
            }
            if (allFound && error)
                *error = QStringLiteral("domain '%1': %2 %3 not found (%4)").arg(d.name, what, stored, path);
            allFound = false;
        }
    }
    return allFound;
}

QString checkExportDirectory(const QString &dir)
{
    const QFileInfo info(dir);
    if (!info.exists())
        return QString();
    if (!info.isDir())
        return QStringLiteral("%1 exists and is not a directory").arg(dir);
    const QDir d(dir);
    if (d.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden) || d.exists(QStringLiteral("audit.md")))
        return QString();
    return QStringLiteral("%1 is not empty and holds no previous devassign export (no audit.md); "
                          "export into a new or empty directory")
        .arg(dir);
}

ExportOutcome runExport(const ExportRequest &request)
{
    ExportOutcome outcome;
    if (!request.model || !request.project)
        return failed(outcome, ExportStatus::Failed, QStringLiteral("nothing to export: no host DTB loaded"));
    outcome.analysis = analyze(*request.model, *request.project);
    const int errors = outcome.analysis.errorCount();
    if (errors > 0 && !request.force)
        return failed(outcome, ExportStatus::ErrorsRemain,
                      QStringLiteral("%1 errors remain; nothing written (fix or acknowledge them, or %2)")
                          .arg(errors)
                          .arg(request.forceHint));
    outcome.forced = errors > 0;

    ExportContext ctx;
    ctx.model = request.model;
    ctx.project = request.project;
    ctx.analysis = &outcome.analysis;
    ctx.projectFile = request.projectFile.isEmpty() ? QString() : QFileInfo(request.projectFile).absoluteFilePath();
    ctx.forced = outcome.forced;
    QString error;
    if (!readModuleFileSizes(*request.project, ctx.projectFile, &ctx.fileSizes, &error))
        return failed(outcome, ExportStatus::Failed, error);
    if (const QString problem = checkExportDirectory(request.outDir); !problem.isEmpty())
        return failed(outcome, ExportStatus::Failed, problem);

    outcome.files = exportProject(ctx, &error);
    if (outcome.files.isEmpty())
        return failed(outcome, ExportStatus::Failed, error.isEmpty() ? QStringLiteral("nothing to export") : error);
    if (!writeExportAtomically(outcome.files, request.outDir, &error))
        return failed(outcome, ExportStatus::Failed, error);
    for (const ExportFile &f : outcome.files)
        outcome.written << QDir(request.outDir).filePath(f.path);
    outcome.status = ExportStatus::Written;
    return outcome;
}

} // namespace devassign
