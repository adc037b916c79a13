// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign report P -o audit.html`: the HTML audit report (core/reporthtml.h, render/auditreport.h;
// docs/cli.md, docs/exports.md "The audit report"), written atomically.
#include "analysis.h"
#include "auditreport.h"
#include "cli.h"
#include "cliutil.h"
#include "exportjob.h"
#include "inputfile.h"
#include "inputlimits.h"

#include <QGuiApplication>

namespace devassign::cli {

namespace {

const QString kCommand = QStringLiteral("report");

int refuse(QTextStream &err, const QString &file, const QString &problem)
{
    printError(err, kCommand, file, problem);
    return ExitBadInput;
}

} // namespace

bool commandNeedsGuiApplication(const QString &command)
{
    return command == kCommand;
}

int cmdReport(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write the HTML audit report: target platform and input hashes, every diagnostic with cause and fix, "
        "why each assigned device is safe, and the Audit, Memory map and IRQ map pictures (docs/exports.md)."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("The HTML file to write (replaced atomically)."), QStringLiteral("file")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;
    const QString file = parser.positionalArguments().front();
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty())
        return refuse(err, file, QStringLiteral("no report file given; use -o FILE.html"));
    // The pictures are painted with QtGui: main.cpp starts a QGuiApplication for this command.
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return refuse(err, file, QStringLiteral("the report needs a QGuiApplication to draw its pictures"));
    const auto loaded = loadProject(kCommand, file, err);
    if (!loaded)
        return ExitBadInput;
    // The bytes the project's SHA-256 is of: the file as it is now.
    const Result<QByteArray> bytes = readInputFile(file, limits::kMaxProjectBytes, QStringLiteral("project file"));
    if (!bytes) {
        printError(err, kCommand, bytes.error());
        return ExitBadInput;
    }

    const Analysis analysis = analyze(*loaded->model, loaded->project);
    ExportContext ctx(loaded->model.get(), &loaded->project, &analysis, file);
    readModuleFileSizes(loaded->project, file, &ctx.fileSizes, nullptr); // the boot modules on the memory map, where known
    if (const Status written = writeAuditReport(ctx, *bytes, false, output, {file, loaded->hostPath}); !written) {
        printError(err, kCommand, written.error());
        return ExitBadInput;
    }
    out << output << "\n";
    return ExitOk;
}

} // namespace devassign::cli
