// SPDX-License-Identifier: GPL-2.0-or-later
// `devassign policy dump FILE [--json] [--full]`: validates an SCMI policy blob
// (docs/scmi-policy.md) with core's reader and prints it; a malformed blob exits 2 with the
// reason of §7 on one line.
#include "cli.h"
#include "cliutil.h"
#include "format.h"
#include "inputfile.h"
#include "inputlimits.h"
#include "scmipolicy.h"

#include <QJsonDocument>

namespace devassign::cli {

namespace {

QString idList(const QVector<quint32> &ids)
{
    QStringList parts;
    for (quint32 id : ids)
        parts.append(QString::number(id));
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QLatin1Char(' '));
}

void printPolicy(QTextStream &out, const ScmiPolicy &policy)
{
    out << "SCMI policy " << policy.versionMajor << "." << policy.versionMinor << ", " << policy.domains.size()
        << (policy.domains.size() == 1 ? " domain\n" : " domains\n");
    for (const ScmiPolicyDomain &d : policy.domains) {
        out << "domain " << d.name << ": key " << d.key << ", smc-id " << format::hex(d.smcId) << ", channel "
            << format::span(d.shmemGpa, d.shmemSize) << "\n";
        for (const ScmiPolicyProtocol &p : d.protocols) {
            QVector<quint32> messages;
            for (quint32 m = 0; m < 64; ++m)
                if (p.messages >> m & 1)
                    messages.append(m);
            out << "  protocol " << format::hex(p.id) << ": messages " << idList(messages) << "; resources "
                << idList(p.resources) << "; shared " << idList(p.shared);
            if (p.id == scmi::kPinctrl)
                out << "; groups " << idList(p.groups) << "; functions " << idList(p.functions);
            out << "\n";
        }
    }
}

int cmdPolicyDump(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Validate an SCMI policy blob (docs/scmi-policy.md) and print it."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The blob, e.g. EXPORT/scmi-policy.bin."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the JSON view of docs/scmi-policy.md §9.")});
    parser.addOption({QStringLiteral("full"), QStringLiteral("With --json: also each domain's shmem and pin control's "
                                                             "groups and functions.")});
    if (!parseArgs(parser, args, 1, 1, out, err))
        return parser.isSet(QStringLiteral("help")) ? ExitOk : ExitBadInput;
    const QString command = args.value(0);
    const QString file = parser.positionalArguments().at(0);
    if (parser.isSet(QStringLiteral("full")) && !parser.isSet(QStringLiteral("json"))) {
        printError(err, command, QStringLiteral("--full adds to the JSON view: give it with --json"));
        return ExitBadInput;
    }
    const Result<QByteArray> bytes = readInputFile(file, limits::kMaxScmiPolicyBytes, QStringLiteral("SCMI policy"));
    if (!bytes) {
        printError(err, command, bytes.error());
        return ExitBadInput;
    }
    const Result<ScmiPolicy> policy = parseScmiPolicy(*bytes);
    if (!policy) {
        printError(err, command, file, policy.error());
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("json")))
        out << QJsonDocument(scmiPolicyJson(*policy, parser.isSet(QStringLiteral("full")))).toJson(QJsonDocument::Compact)
            << "\n";
    else
        printPolicy(out, *policy);
    return ExitOk;
}

} // namespace

int cmdPolicy(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString verb = args.value(1);
    const QStringList rest = QStringList{QStringLiteral("policy ") + verb} + args.mid(2);
    if (verb == QLatin1String("dump"))
        return cmdPolicyDump(rest, out, err);
    if (verb == QLatin1String("--help") || verb == QLatin1String("-h")) {
        out << commandUsage(QStringLiteral("policy"));
        return ExitOk;
    }
    printError(err, QStringLiteral("policy"), verb.isEmpty() ? QStringLiteral("needs a verb: dump")
                                                             : QStringLiteral("unknown verb '%1' (dump)").arg(verb));
    return ExitBadInput;
}

} // namespace devassign::cli
