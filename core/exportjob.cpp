// SPDX-License-Identifier: GPL-2.0-or-later
#include "exportjob.h"

#include "inputfile.h"

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
            const Result<qint64> size = regularFileSize(path);
            if (size) {
                sizes->insert(path, quint64(*size));
                continue;
            }
            if (allFound && error)
                *error = QFileInfo::exists(path)
                    ? QStringLiteral("domain '%1': %2 %3: %4").arg(d.name, what, stored, size.error())
                    : stored == path
                    // An imported dom.cfg's path on the target: say how to point at the file here.
                    ? QStringLiteral("domain '%1': %2 %3 not found; give the file on this machine with "
                                     "devassign domain set P %1 --%2 FILE")
                          .arg(d.name, what, stored)
                    : QStringLiteral("domain '%1': %2 %3 not found (%4)").arg(d.name, what, stored, path);
            allFound = false;
        }
    }
    return allFound;
}

QStringList exportInputs(const Project &project, const QString &projectFile, const HostModel *model)
{
    QStringList inputs;
    if (!projectFile.isEmpty())
        inputs << projectFile;
    if (model)
        inputs << model->sourceName();
    for (const DomainConfig &d : project.domains)
        for (const QString &stored : {d.kernel, d.ramdisk})
            if (!stored.isEmpty())
                inputs << resolveProjectPath(projectFile, stored);
    return inputs;
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
                      QStringLiteral("%1; nothing written (fix or acknowledge them, or %2)")
                          .arg(errors == 1 ? QStringLiteral("1 error remains") : QStringLiteral("%1 errors remain").arg(errors))
                          .arg(request.forceHint));
    outcome.forced = errors > 0;

    const QString projectFile = request.projectFile.isEmpty() ? QString() : QFileInfo(request.projectFile).absoluteFilePath();
    ExportContext ctx(request.model, request.project, &outcome.analysis, projectFile);
    ctx.forced = outcome.forced;
    QString error;
    if (!readModuleFileSizes(*request.project, ctx.projectFile, &ctx.fileSizes, &error))
        return failed(outcome, ExportStatus::Failed, error);
    const QStringList inputs = exportInputs(*request.project, ctx.projectFile, request.model);
    if (const Status allowed = checkExportDirectory(request.outDir, inputs); !allowed)
        return failed(outcome, ExportStatus::Failed, allowed.error());

    outcome.files = exportProject(ctx, &error);
    if (outcome.files.isEmpty())
        return failed(outcome, ExportStatus::Failed, error.isEmpty() ? QStringLiteral("nothing to export") : error);
    if (const Status written = writeExportAtomically(outcome.files, request.outDir, inputs); !written)
        return failed(outcome, ExportStatus::Failed, written.error());
    for (const ExportFile &f : outcome.files)
        outcome.written << QDir(request.outDir).filePath(f.path);
    outcome.written << QDir(request.outDir).filePath(kManifestName);
    outcome.status = ExportStatus::Written;
    return outcome;
}

} // namespace devassign
