// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign check P [--json]`: every safety rule over the project (docs/cli.md, docs/rules.md).
#include "analysis.h"
#include "cli.h"
#include "cliutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace devassign::cli {

QString diagnosticLine(const Diagnostic &d)
{
    QString location = d.domain + d.node;
    if (!d.domain.isEmpty() && !d.node.isEmpty() && !d.node.startsWith(QLatin1Char('/')))
        location = d.domain + QLatin1Char('/') + d.node;
    if (location.isEmpty())
        location = QStringLiteral("project");
    QString line = QStringLiteral("%1[%2] %3: %4").arg(severityName(d.severity), d.rule, location, d.message);
    if (!d.fix.isEmpty())
        line += QStringLiteral("  fix: ") + d.fix;
    if (d.acknowledged)
        line += QStringLiteral("  (acknowledged)");
    return line;
}

// "1 error", "2 errors", "0 warnings".
QString counted(int n, const char *noun)
{
    return QStringLiteral("%1 %2%3").arg(n).arg(QLatin1String(noun), n == 1 ? QString() : QStringLiteral("s"));
}

QString summaryLine(const Analysis &a)
{
    return QStringLiteral("%1, %2 (%3 acknowledged)")
        .arg(counted(a.errorCount(), "error"), counted(a.count(Severity::Warning), "warning"))
        .arg(a.acknowledgedCount());
}

namespace {

QJsonObject diagnosticToJson(const Diagnostic &d)
{
    QJsonObject params;
    for (const auto &[name, value] : d.params)
        params.insert(name, value);
    return QJsonObject{{QStringLiteral("rule"), d.rule},
                       {QStringLiteral("severity"), severityName(d.severity)},
                       {QStringLiteral("message"), d.message},
                       {QStringLiteral("fix"), d.fix},
                       {QStringLiteral("domain"), d.domain},
                       {QStringLiteral("node"), d.node},
                       {QStringLiteral("related"), QJsonArray::fromStringList(d.related)},
                       {QStringLiteral("acknowledged"), d.acknowledged},
                       {QStringLiteral("source"), d.source},
                       {QStringLiteral("params"), params}};
}

QJsonObject analysisToJson(const Analysis &a)
{
    QJsonArray diagnostics;
    for (const Diagnostic &d : a.diagnostics)
        diagnostics.append(diagnosticToJson(d));
    return QJsonObject{{QStringLiteral("diagnostics"), diagnostics},
                       {QStringLiteral("errors"), a.errorCount()},
                       {QStringLiteral("warnings"), a.count(Severity::Warning)},
                       {QStringLiteral("acknowledged"), a.acknowledgedCount()},
                       {QStringLiteral("host_dtb_changed"), a.hostDtbChanged}};
}

} // namespace

int cmdCheck(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run every safety rule on a project. Exit 0: no errors, "
                                                    "1: errors, 2: bad input."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The *.devassign.json file."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object (docs/cli.md).")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;
    const auto loaded = loadProject(QStringLiteral("check"), parser.positionalArguments().front(), err);
    if (!loaded)
        return ExitBadInput;
    const Analysis analysis = analyze(*loaded->model, loaded->project);
    if (parser.isSet(QStringLiteral("json"))) {
        out << QJsonDocument(analysisToJson(analysis)).toJson(QJsonDocument::Indented);
    } else {
        for (const Diagnostic &d : analysis.diagnostics)
            out << diagnosticLine(d) << "\n";
        out << summaryLine(analysis) << "\n";
    }
    return analysis.errorCount() > 0 ? ExitFindings : ExitOk;
}

} // namespace devassign::cli
