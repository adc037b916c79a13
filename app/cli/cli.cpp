// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli.h"
#include "cliutil.h"
#include "format.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace devassign::cli {

namespace {

using Runner = int (*)(const QStringList &, QTextStream &, QTextStream &);

struct Entry {
    const char *name;
    Runner run;
};

// The functions behind the names of commandDocs(), in the same order.
const Entry kRunners[] = {
    {"inspect", cmdInspect}, {"new", cmdNew},       {"import", cmdImport},     {"domain", cmdDomain},
    {"assign", cmdAssign},   {"unassign", cmdUnassign}, {"dependency", cmdDependency}, {"ack", cmdAck},
    {"rehost", cmdRehost},   {"platform", cmdPlatform}, {"scmi", cmdScmi},     {"policy", cmdPolicy},
    {"check", cmdCheck},     {"export", cmdExport}, {"report", cmdReport},
};

// Where the installed documentation is: <prefix>/share/doc/devassign beside <prefix>/bin, else
// (a build run in place) the source tree's docs/, as the studio's help finds it.
QString documentationFolder()
{
    const QString installed = QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/doc/devassign"));
    if (QCoreApplication::instance() && QFileInfo(installed + QStringLiteral("/cli.md")).isFile())
        return installed;
    return QStringLiteral(DEVASSIGN_DOCS_DIR);
}

void usage(QTextStream &s)
{
    s << "Usage: devassign COMMAND [ARGS...]\n\nCommands:\n";
    for (const CommandDoc &c : commandDocs())
        s << "  " << c.name.leftJustified(10) << " " << c.summary << "\n";
    s << "\n`devassign COMMAND --help` describes each command; devassign(1) and docs/cli.md describe them all.\n"
      << "The docs/*.md files named in the help are in " << documentationFolder() << "/.\n";
}

} // namespace

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() < 2) {
        usage(err);
        return ExitBadInput;
    }
    const QString command = args.at(1);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        usage(out);
        return ExitOk;
    }
    if (command == QLatin1String("--version")) {
        out << "devassign " << DEVASSIGN_VERSION << "\n";
        return ExitOk;
    }
    for (const Entry &c : kRunners)
        if (command == QLatin1String(c.name))
            return c.run(args.mid(1), out, err);
    err << "devassign: unknown command '" << format::oneLine(command) << "' (devassign --help lists them)\n";
    return ExitBadInput;
}

} // namespace devassign::cli
