// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign export P -o DIR [--force]`: every export file of docs/exports.md, written atomically.
#include "analysis.h"
#include "cli.h"
#include "cliutil.h"
#include "exporters.h"

#include <QDir>
#include <QFileInfo>

namespace devassign::cli {

namespace {

const QString kCommand = QStringLiteral("export");

int fail(QTextStream &err, const QString &file, const QString &problem)
{
    err << "devassign export: " << file << ": " << problem << "\n";
    return ExitBadInput;
}

// Kernel and ramdisk sizes, keyed by the resolved absolute path (ExportContext::fileSizes): the
// dom0less module placement needs them. Returns a problem naming the missing file, or "".
QString readFileSizes(const LoadedProject &loaded, QMap<QString, quint64> *sizes)
{
    for (const DomainConfig &d : loaded.project.domains) {
        const QPair<const char *, QString> files[] = {{"kernel", d.kernel}, {"ramdisk", d.ramdisk}};
        for (const auto &[what, stored] : files) {
            if (stored.isEmpty())
                continue;
            const QString path = resolveProjectPath(loaded.file, stored);
            const QFileInfo info(path);
            if (!info.isFile())
                return QStringLiteral("domain '%1': %2 %3 not found (%4)")
                    .arg(d.name, QLatin1String(what), stored, path);
            sizes->insert(path, quint64(info.size()));
        }
    }
    return QString();
}

// writeExportAtomically replaces DIR as a whole: only allow that for a new or empty directory or
// a previous export (which always contains audit.md), never for, say, the user's home directory.
QString outputDirProblem(const QString &dir)
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

} // namespace

int cmdExport(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write dom.cfg, partial DTBs, the dom0less host DTB, the "
                                                    "ImageBuilder config and an audit report (docs/exports.md)."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Export directory (replaced as a whole when every file is written)."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("force"),
                      QStringLiteral("Export even though check reports errors (recorded in every file's header).")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;
    const QString file = parser.positionalArguments().front();
    const QString dir = parser.value(QStringLiteral("output"));
    if (dir.isEmpty())
        return fail(err, file, QStringLiteral("no export directory given; use -o DIR"));
    const auto loaded = loadProject(kCommand, file, true, err);
    if (!loaded)
        return ExitBadInput;

    const Analysis analysis = analyze(*loaded->model, loaded->project);
    const bool force = parser.isSet(QStringLiteral("force"));
    if (analysis.errorCount() > 0) {
        for (const Diagnostic &d : analysis.diagnostics)
            if (d.severity == Severity::Error && !d.acknowledged)
                err << diagnosticLine(d) << "\n";
        if (!force) {
            err << "devassign export: " << file << ": " << analysis.errorCount()
                << " errors remain; nothing written (fix or acknowledge them, or use --force)\n";
            return ExitFindings;
        }
        err << "devassign export: " << file << ": warning: exporting despite " << analysis.errorCount()
            << " errors (--force, recorded in the file headers)\n";
    }

    ExportContext ctx;
    ctx.model = loaded->model.get();
    ctx.project = &loaded->project;
    ctx.analysis = &analysis;
    ctx.projectFile = QFileInfo(file).absoluteFilePath();
    ctx.forced = force && analysis.errorCount() > 0;
    QString problem = readFileSizes(*loaded, &ctx.fileSizes);
    if (problem.isEmpty())
        problem = outputDirProblem(dir);
    if (!problem.isEmpty())
        return fail(err, file, problem);
    QString error;
    const QVector<ExportFile> files = exportProject(ctx, &error);
    if (files.isEmpty())
        return fail(err, file, error.isEmpty() ? QStringLiteral("nothing to export") : error);
    if (!writeExportAtomically(files, dir, &error))
        return fail(err, file, error);
    for (const ExportFile &f : files)
        out << QDir(dir).filePath(f.path) << "\n";
    return ExitOk;
}

} // namespace devassign::cli
