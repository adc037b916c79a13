// SPDX-License-Identifier: GPL-2.0-or-later
// Golden files: every exported file of several board projects against tests/data/golden/<case>/.
// Regenerate with DEVASSIGN_UPDATE_GOLDEN=1 (then review the diff in git).

#include "dtsource.h"
#include "exporters.h"
#include "goldenprojects.h"

#include <QDir>
#include <QFile>
#include <QtTest>

extern "C" {
#include <libfdt.h>
}

using namespace devassign;

namespace {

QString goldenDir(const QString &caseName)
{
    return QStringLiteral(DEVASSIGN_SOURCE_DIR "/tests/data/golden/") + caseName;
}

// The version changes with every release: golden text files carry a placeholder instead. The
// cause/fix sentences of diagnostics belong to core/rules.json (checked by the analysis tests);
// audit.md goldens keep the rule, node and acknowledgement of each row, not the wording (nor that
// of the SCMI "not forwardable" reason, which is the rule's message).
QByteArray normalized(const QString &path, const QByteArray &bytes)
{
    QByteArray out = bytes;
    out.replace("devassign " DEVASSIGN_VERSION " ", "devassign @VERSION@ ");
    out.replace("- devassign " DEVASSIGN_VERSION "\n", "- devassign @VERSION@\n");
    if (!path.endsWith(QLatin1String("audit.md")))
        return out;
    QList<QByteArray> lines = out.split('\n');
    for (QByteArray &line : lines) {
        // The reason an SCMI agent is not forwardable is the scmi-transport-not-forwardable message.
        static const QByteArray notForwardable = "- SCMI: needed but not forwardable: ";
        if (line.startsWith(notForwardable))
            line = notForwardable + "(rules.json)";
        QList<QByteArray> cols = line.split('|');
        // "| severity | rule | node | cause | fix | acknowledged |" -> 8 pieces around the bars
        if (cols.size() == 8 && line.startsWith("| ") && !line.startsWith("| severity") && !line.startsWith("|---")) {
            cols[4] = " (rules.json) ";
            cols[5] = " (rules.json) ";
            line = cols.join('|');
        }
    }
    return lines.join('\n');
}

bool isText(const QString &path)
{
    return !path.endsWith(QLatin1String(".dtb"));
}

// "" when equal, else where the first difference is.
QString firstDifference(const QString &file, const QByteArray &expected, const QByteArray &actual)
{
    if (expected == actual)
        return {};
    if (!isText(file))
        return QStringLiteral("%1: binary contents differ (%2 bytes expected, %3 actual); see the .dts diff")
            .arg(file).arg(expected.size()).arg(actual.size());
    const QList<QByteArray> e = expected.split('\n');
    const QList<QByteArray> a = actual.split('\n');
    for (int i = 0; i < qMax(e.size(), a.size()); ++i)
        if (e.value(i) != a.value(i))
            return QStringLiteral("%1:%2:\n  expected: %3\n  actual:   %4")
                .arg(file).arg(i + 1).arg(QString::fromUtf8(e.value(i, "<end of file>")),
                                          QString::fromUtf8(a.value(i, "<end of file>")));
    return QStringLiteral("%1: differs").arg(file);
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDir base(dir);
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << base.relativeFilePath(it.next());
    out.sort();
    return out;
}

} // namespace

class TestGolden : public QObject {
    Q_OBJECT

private slots:
    void exports_data();
    void exports();
};

void TestGolden::exports_data()
{
    golden::addCaseRows();
}

void TestGolden::exports()
{
    QFETCH(int, index);
    const golden::Case c = golden::cases()[index];
    golden::Built b;
    golden::build(c, b);
    QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
    QString error;
    const QVector<ExportFile> files = exportProject(b.ctx, &error);
    QVERIFY2(!files.isEmpty(), qPrintable(error));

    // Every DTB is a complete FDT that dtc decompiles.
    for (const ExportFile &f : files)
        if (f.path.endsWith(QLatin1String(".dtb"))) {
            QVERIFY2(fdt_check_full(f.bytes.constData(), size_t(f.bytes.size())) == 0, qPrintable(f.path));
            QVERIFY2(!decompileDtb(f.bytes, &error).isEmpty(), qPrintable(f.path + QStringLiteral(": ") + error));
            if (f.path.endsWith(QLatin1String("/passthrough.dtb")))
                QCOMPARE(testsupport::xenPassthroughRuleProblems(f.bytes), QStringList());
        }

    const QString dir = goldenDir(c.name);
    if (qEnvironmentVariableIsSet("DEVASSIGN_UPDATE_GOLDEN")) {
        QVector<ExportFile> stored;
        for (const ExportFile &f : files)
            stored.append({f.path, isText(f.path) ? normalized(f.path, f.bytes) : f.bytes});
        // Plain files (no export manifest): the goldens are what the exporters produce.
        QDir(dir).removeRecursively();
        for (const ExportFile &f : stored) {
            QVERIFY(QDir().mkpath(QFileInfo(QDir(dir).filePath(f.path)).path()));
            QFile out(QDir(dir).filePath(f.path));
            QVERIFY(out.open(QIODevice::WriteOnly) && out.write(f.bytes) == f.bytes.size());
        }
        qInfo("golden files of %s rewritten", qPrintable(c.name));
        return;
    }
    QStringList produced;
    for (const ExportFile &f : files)
        produced << f.path;
    produced.sort();
    QCOMPARE(produced, filesUnder(dir));
    for (const ExportFile &f : files) {
        QFile g(dir + QLatin1Char('/') + f.path);
        QVERIFY2(g.open(QIODevice::ReadOnly), qPrintable(g.fileName()));
        const QByteArray actual = isText(f.path) ? normalized(f.path, f.bytes) : f.bytes;
        const QString diff = firstDifference(c.name + QLatin1Char('/') + f.path, g.readAll(), actual);
        QVERIFY2(diff.isEmpty(), qPrintable(diff + QStringLiteral("\n  (regenerate with DEVASSIGN_UPDATE_GOLDEN=1)")));
    }
}

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
