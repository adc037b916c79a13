// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli.h"
#include "cliutil.h"
#include "hostmodel.h"
#include "inspect.h"

namespace devassign::cli {

int cmdInspect(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show the host device tree as devassign models it."));
    parser.addPositionalArgument(QStringLiteral("host"), QStringLiteral("Host DTB or DTS file."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object {\"devices\": [...]} (docs/inspect-json.md).")});
    parser.addOption({QStringLiteral("node"), QStringLiteral("Only this node (repeatable)."), QStringLiteral("path")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;

    QString error;
    const QStringList paths = parser.values(QStringLiteral("node"));
    if (parser.isSet(QStringLiteral("json")) && paths.isEmpty()) {
        // Every device: streamed, so a large tree never sits in memory as a whole model.
        if (!writeInspectJson(parser.positionalArguments().front(), out, &error)) {
            printError(err, QStringLiteral("inspect"), error);
            return ExitBadInput;
        }
        return ExitOk;
    }
    const auto model = HostModel::load(parser.positionalArguments().front(), &error);
    if (!model) {
        printError(err, QStringLiteral("inspect"), error);
        return ExitBadInput;
    }
    for (const QString &p : paths)
        if (!model->node(p)) {
            printError(err, QStringLiteral("inspect"), model->sourceName(), QStringLiteral("no node ") + p);
            return ExitBadInput;
        }
    if (parser.isSet(QStringLiteral("json")))
        writeInspectJson(*model, paths, out);
    else
        out << inspectToTable(*model, paths);
    return ExitOk;
}

} // namespace devassign::cli
