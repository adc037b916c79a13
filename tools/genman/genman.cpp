// SPDX-License-Identifier: GPL-2.0-or-later
// genman: writes devassign(1) and devassign-studio(1) from the programs' own command-line
// definitions, so the man pages, `--help` and docs/cli.md cannot drift apart:
//   - the command list, summaries and synopses come from cli::commandDocs() (app/cli/commands.cpp),
//     the table `devassign --help` prints and docs/cli.md's synopsis block must equal;
//   - each command's options are its QCommandLineParser's --help text, run in-process;
//   - devassign-studio's options are those of app/studio/studiooptions.cpp.
//
//   genman devassign OUT.1 | genman devassign-studio OUT.1 | genman synopsis
#include "cli.h"
#include "studiooptions.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

namespace {

using devassign::cli::CommandDoc;

// roff text: backslashes doubled, ASCII hyphens kept as such, no line read as a request.
QString roff(const QString &text)
{
    QString out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        line.replace(QLatin1Char('\\'), QLatin1String("\\e"));
        line.replace(QLatin1Char('-'), QLatin1String("\\-"));
        if (line.startsWith(QLatin1Char('.')) || line.startsWith(QLatin1Char('\'')))
            line.prepend(QLatin1String("\\&"));
        out += line;
        if (i + 1 < lines.size())
            out += QLatin1Char('\n');
    }
    return out;
}

QString helpOf(const QStringList &command)
{
    QString out;
    QString err;
    QTextStream o(&out);
    QTextStream e(&err);
    devassign::cli::run(QStringList{QStringLiteral("devassign")} + command + QStringList{QStringLiteral("--help")}, o, e);
    o.flush();
    return out.trimmed();
}

QString preformatted(const QString &text)
{
    return QStringLiteral(".PP\n.nf\n") + roff(text) + QStringLiteral("\n.fi\n");
}

QString header(const QString &name, const QString &summary)
{
    return QStringLiteral(".TH %1 1 \"\" \"devassign %2\" \"User Commands\"\n.SH NAME\n%3 \\- %4\n")
        .arg(name.toUpper(), QStringLiteral(DEVASSIGN_VERSION), roff(name), roff(summary));
}

QString commandSection(const CommandDoc &c)
{
    QString s = QStringLiteral(".SS %1\n%2\n").arg(roff(c.name), roff(c.summary));
    if (c.verbs.isEmpty())
        return s + preformatted(helpOf({c.name}));
    for (const QString &verb : c.verbs)
        s += preformatted(helpOf({c.name, verb}));
    return s;
}

QString devassignPage()
{
    QString page = header(QStringLiteral("devassign"),
                          QStringLiteral("device assignment for Xen on Arm: host DTB model, safety rules, exports"));
    page += QStringLiteral(".SH SYNOPSIS\n.nf\n");
    for (const CommandDoc &c : devassign::cli::commandDocs())
        page += roff(c.synopses.join(QLatin1Char('\n'))) + QLatin1Char('\n');
    page += QStringLiteral(".fi\n.SH DESCRIPTION\n");
    page += roff(QStringLiteral(
        "devassign reads a host device tree, keeps the domains and their devices in a project file "
        "(P, *.devassign.json), checks every assignment against the rules of the target Xen release, "
        "and writes what Xen consumes: xl dom.cfg, partial DTBs, the dom0less host DTB, an ImageBuilder "
        "config, the audit (audit.md, audit.html) and the SCMI mediator's policy blob. devassign-studio(1) "
        "is the same pipeline in a desktop IDE.")) + QLatin1Char('\n');
    page += QStringLiteral(".SH COMMANDS\n");
    for (const CommandDoc &c : devassign::cli::commandDocs())
        page += commandSection(c);
    page += QStringLiteral(".SH EXIT STATUS\n.TP\n0\nsuccess (check: no unacknowledged errors)\n"
                           ".TP\n1\nfindings: check found errors; export refused because errors remain\n"
                           ".TP\n2\nbad input: bad arguments, unreadable or corrupt files, a refused edit\n");
    page += QStringLiteral(".SH FILES\n") + roff(QStringLiteral("/usr/share/doc/devassign/: cli.md, rules.md, "
                                                               "exports.md, project-format.md, user-guide.md"))
        + QLatin1Char('\n');
    page += QStringLiteral(".SH SEE ALSO\ndevassign\\-studio(1), xl(1), xl.cfg(5), dtc(1)\n");
    return page;
}

QString studioPage()
{
    QString page = header(QStringLiteral("devassign-studio"),
                          QStringLiteral("the devassign desktop IDE: drag devices into Xen domains, see every risk, export"));
    QCommandLineParser parser;
    devassign::studio::describeStudioOptions(parser);
    QString help = parser.helpText();
    help = QStringLiteral("Usage: devassign-studio") + help.mid(help.indexOf(QLatin1String(" [options]")));
    page += QStringLiteral(".SH SYNOPSIS\n.nf\ndevassign\\-studio [options] [PROJECT|DTB]\n.fi\n");
    page += QStringLiteral(".SH DESCRIPTION\n");
    page += roff(QStringLiteral(
        "Opens a devassign project (*.devassign.json) or a host DTB/DTS. The host tree, the domains, the "
        "inspector, the diagnostics and the export preview follow every edit; Audit, Memory map and IRQ "
        "map show the safety picture. With --screenshot it renders one view into a PNG and exits, with "
        "no display needed (QT_QPA_PLATFORM=offscreen).")) + QLatin1Char('\n');
    page += QStringLiteral(".SH OPTIONS\n") + preformatted(help.trimmed());
    page += QStringLiteral(".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n2\nbad arguments or a file that cannot be opened\n");
    page += QStringLiteral(".SH SEE ALSO\ndevassign(1)\n");
    return page;
}

int write(const QString &file, const QString &text)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QTextStream(stderr) << "genman: " << file << ": " << f.errorString() << "\n";
        return 2;
    }
    f.write(text.toUtf8());
    return f.error() == QFileDevice::NoError ? 0 : 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString what = args.value(1);
    if (what == QLatin1String("devassign") && args.size() == 3)
        return write(args.at(2), devassignPage());
    if (what == QLatin1String("devassign-studio") && args.size() == 3)
        return write(args.at(2), studioPage());
    if (what == QLatin1String("synopsis") && args.size() == 2) {
        QTextStream out(stdout);
        for (const CommandDoc &c : devassign::cli::commandDocs())
            out << c.synopses.join(QLatin1Char('\n')) << "\n";
        return 0;
    }
    QTextStream(stderr) << "usage: genman devassign OUT.1 | genman devassign-studio OUT.1 | genman synopsis\n";
    return 2;
}
