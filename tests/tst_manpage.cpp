// SPDX-License-Identifier: GPL-2.0-or-later
// The command line's three descriptions cannot drift (issue 12): `--help`, devassign(1) and
// docs/cli.md all come from cli::commandDocs() and the commands' own parsers.
//   - docs/cli.md's synopsis block is exactly the table's synopses, and every command has a section;
//   - `devassign --help` names every command the dispatcher runs, and each command's and verb's
//     `--help` starts with "Usage: devassign COMMAND [VERB]" (not the binary's path);
//   - the generated man pages hold every command's --help text, every option, and format without
//     warnings with man(1)/groff when they are installed.
#include "cli.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

using namespace devassign;

namespace {

struct Output {
    int code = -1;
    QString out;
    QString err;
};

Output runCli(const QStringList &args)
{
    Output r;
    QTextStream o(&r.out);
    QTextStream e(&r.err);
    r.code = cli::run(QStringList{QStringLiteral("devassign")} + args, o, e);
    o.flush();
    e.flush();
    return r;
}

QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}

// The lines of the first ``` block of docs/cli.md.
QStringList cliMdSynopsis()
{
    const QString md = readText(QStringLiteral(DEVASSIGN_SOURCE_DIR "/docs/cli.md"));
    const qsizetype start = md.indexOf(QLatin1String("```\n"));
    const qsizetype end = md.indexOf(QLatin1String("\n```"), start + 4);
    if (start < 0 || end < 0)
        return {};
    return md.mid(start + 4, end - start - 4).split(QLatin1Char('\n'));
}

// Every (command, verb) that has its own parser: ["inspect"], ["domain", "add"], ...
QList<QStringList> leafCommands()
{
    QList<QStringList> leaves;
    for (const cli::CommandDoc &c : cli::commandDocs()) {
        if (c.verbs.isEmpty())
            leaves << QStringList{c.name};
        for (const QString &v : c.verbs)
            leaves << QStringList{c.name, v};
    }
    return leaves;
}

// roff as genman writes it, read back to plain text: "\-" is "-", "\e" is "\", "\&" is nothing.
QString unroff(QString page)
{
    page.replace(QLatin1String("\\-"), QLatin1String("-"));
    page.replace(QLatin1String("\\&"), QString());
    page.replace(QLatin1String("\\e"), QLatin1String("\\"));
    return page;
}

QString manPage(const QString &name)
{
    return readText(QStringLiteral(DEVASSIGN_BUILD_DIR "/man/%1.1").arg(name));
}

} // namespace

class TestManPage : public QObject {
    Q_OBJECT
private slots:
    void cliMdSynopsisIsTheTable()
    {
        QStringList expected;
        for (const cli::CommandDoc &c : cli::commandDocs())
            expected << c.synopses;
        QCOMPARE(cliMdSynopsis(), expected);
        // Hand-checked anchors, so an empty table cannot pass: the commands are all there.
        for (const char *must : {"devassign import dom0less HOST.dtb", "devassign policy dump FILE",
                                 "devassign platform show P [--json]", "devassign dependency P NAME PROVIDER",
                                 "devassign report P -o audit.html", "devassign scmi share P"})
            QVERIFY2(expected.join(QLatin1Char('\n')).contains(QLatin1String(must)), must);
    }

    void everyCommandHasASectionInCliMd()
    {
        const QString md = readText(QStringLiteral(DEVASSIGN_SOURCE_DIR "/docs/cli.md"));
        for (const cli::CommandDoc &c : cli::commandDocs()) {
            const QRegularExpression heading(QStringLiteral("^## .*`%1[ `]").arg(QRegularExpression::escape(c.name)),
                                             QRegularExpression::MultilineOption);
            QVERIFY2(heading.match(md).hasMatch(), qPrintable(c.name));
        }
    }

    void topLevelHelpNamesEveryCommand()
    {
        const Output r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        // The dispatcher's names, read from the commands it accepts: each must run its own --help.
        for (const cli::CommandDoc &c : cli::commandDocs()) {
            QVERIFY2(r.out.contains(QStringLiteral("\n  %1 ").arg(c.name)), qPrintable(c.name));
            const Output sub = runCli({c.name, QStringLiteral("--help")});
            QVERIFY2(sub.code == 0, qPrintable(c.name + QLatin1Char(' ') + sub.err));
            QVERIFY2(sub.out.startsWith(QStringLiteral("Usage: devassign %1").arg(c.name)), qPrintable(sub.out));
        }
        QCOMPARE(runCli({QStringLiteral("nosuchcommand")}).code, 2);
    }

    void everyVerbsHelpNamesTheVerb()
    {
        for (const QStringList &leaf : leafCommands()) {
            const Output r = runCli(leaf + QStringList{QStringLiteral("--help")});
            QVERIFY2(r.code == 0, qPrintable(leaf.join(QLatin1Char(' '))));
            const QString usage = QStringLiteral("Usage: devassign %1 [options]").arg(leaf.join(QLatin1Char(' ')));
            QVERIFY2(r.out.startsWith(usage), qPrintable(r.out.section(QLatin1Char('\n'), 0, 0)));
            QVERIFY2(!r.out.contains(QLatin1String(DEVASSIGN_CLI)), "the binary's path in the help text");
        }
    }

    void parentCommandsListTheirVerbs()
    {
        const Output domain = runCli({QStringLiteral("domain"), QStringLiteral("--help")});
        QCOMPARE(domain.code, 0);
        for (const char *verb : {"add", "set", "remove", "rename", "list"})
            QVERIFY2(domain.out.contains(QStringLiteral("devassign domain %1 ").arg(QLatin1String(verb))), verb);
        const Output bad = runCli({QStringLiteral("domain"), QStringLiteral("frobnicate")});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.startsWith(QLatin1String("devassign domain: unknown verb 'frobnicate' (add, set, remove")));
        // Every error is one line (docs/cli.md): no usage block after it.
        QCOMPARE(bad.err.count(QLatin1Char('\n')), 1);
        for (const QStringList &wrong : {QStringList{QStringLiteral("frob")}, QStringList{QStringLiteral("import"), QStringLiteral("frob")},
                                         QStringList{QStringLiteral("platform"), QStringLiteral("frob")},
                                         QStringList{QStringLiteral("scmi"), QStringLiteral("frob")},
                                         QStringList{QStringLiteral("policy"), QStringLiteral("frob")}}) {
            const Output r = runCli(wrong);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.count(QLatin1Char('\n')) == 1 && r.err.contains(QLatin1String("frob")), qPrintable(r.err));
        }
    }

    void manPageHoldsEveryHelpText()
    {
        const QString page = manPage(QStringLiteral("devassign"));
        QVERIFY2(!page.isEmpty(), "build/man/devassign.1 missing: the man_pages target builds it");
        QVERIFY(page.startsWith(QLatin1String(".TH DEVASSIGN 1 ")));
        const QString text = unroff(page);
        for (const QStringList &leaf : leafCommands()) {
            const Output r = runCli(leaf + QStringList{QStringLiteral("--help")});
            QVERIFY2(text.contains(r.out.trimmed()), qPrintable(leaf.join(QLatin1Char(' '))));
        }
        for (const cli::CommandDoc &c : cli::commandDocs())
            for (const QString &s : c.synopses)
                QVERIFY2(text.contains(s), qPrintable(s));
        // A line that starts with "." or "'" would be read as a roff request.
        for (const QString &line : page.split(QLatin1Char('\n')))
            QVERIFY2(!line.startsWith(QLatin1Char('\'')), qPrintable(line));
    }

    void studioManPageHoldsItsOptions()
    {
        const QString text = unroff(manPage(QStringLiteral("devassign-studio")));
        QVERIFY(text.startsWith(QLatin1String(".TH DEVASSIGN-STUDIO 1 ")));
        for (const char *option : {"--screenshot <FILE>", "--size <WxH>", "--view <VIEW>", "--help", "--version"})
            QVERIFY2(text.contains(QLatin1String(option)), option);
    }

    void manFormatsThePagesWithoutWarnings()
    {
        const QString man = QStandardPaths::findExecutable(QStringLiteral("man"));
        if (man.isEmpty())
            QSKIP("man(1) is not installed");
        for (const QString &name : {QStringLiteral("devassign"), QStringLiteral("devassign-studio")}) {
            QProcess p;
            p.setProcessChannelMode(QProcess::SeparateChannels);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("MANWIDTH"), QStringLiteral("100"));
            p.setProcessEnvironment(env);
            p.start(man, {QStringLiteral("--warnings"), QStringLiteral("-l"), QStringLiteral(DEVASSIGN_BUILD_DIR "/man/") + name + QStringLiteral(".1")});
            QVERIFY(p.waitForFinished(30000));
            const QString err = QString::fromUtf8(p.readAllStandardError());
            QVERIFY2(p.exitCode() == 0 && err.isEmpty(), qPrintable(name + QLatin1String(": ") + err));
            const QString shown = QString::fromUtf8(p.readAllStandardOutput());
            QVERIFY2(shown.contains(QLatin1String("EXIT STATUS")), qPrintable(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestManPage)
#include "tst_manpage.moc"
