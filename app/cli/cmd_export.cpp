// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign export P -o DIR [--force]`: every export file of docs/exports.md, written atomically.
#include "analysis.h"
#include "cli.h"
#include "cliutil.h"
#include "exportjob.h"
#include "format.h"

namespace devassign::cli {

namespace {

const QString kCommand = QStringLiteral("export");

int refuse(QTextStream &err, const QString &file, const QString &problem)
{
    printError(err, kCommand, file, problem);
    return ExitBadInput;
}

} // namespace

int cmdExport(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write dom.cfg, partial DTBs, the dom0less host DTB, the "
                                                    "ImageBuilder config, an audit report and, when a domain uses "
                                                    "SCMI, scmi-policy.bin (docs/exports.md)."));
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
        return refuse(err, file, QStringLiteral("no export directory given; use -o DIR"));
    const auto loaded = loadProject(kCommand, file, err);
    if (!loaded)
        return ExitBadInput;

    ExportRequest request;
    request.model = loaded->model.get();
    request.project = &loaded->project;
    request.projectFile = file;
    request.outDir = dir;
    request.force = parser.isSet(QStringLiteral("force"));
    const ExportOutcome outcome = runExport(request);
    // The errors the export is judged by, as `check` prints them; then the refusal or the override.
    for (const Diagnostic &d : outcome.analysis.diagnostics)
        if (d.severity == Severity::Error && !d.acknowledged)
            err << format::oneLine(diagnosticLine(d)) << "\n";
    if (outcome.forced)
        printError(err, kCommand, file, QStringLiteral("warning: exporting despite %1 errors (--force, recorded in "
                                                       "the file headers)").arg(outcome.analysis.errorCount()));
    if (!outcome.ok()) {
        refuse(err, file, outcome.error);
        return outcome.status == ExportStatus::ErrorsRemain ? ExitFindings : ExitBadInput;
    }
    for (const QString &written : outcome.written)
        out << written << "\n";
    return ExitOk;
}

} // namespace devassign::cli
