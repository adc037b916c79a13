// SPDX-License-Identifier: GPL-2.0-or-later
// Every CLI command given bad input (issue 11): a missing file, a directory, an empty file, a FIFO,
// /dev/zero, a truncated DTB, a non-DTB, a project of a newer format and a project whose host DTB
// changed. Each gives exactly one line on stderr that names the command and the file, exit 2, and
// writes nothing; none blocks on a FIFO or reads /dev/zero forever.

#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

namespace {

QByteArray readBytes(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString &file, const QByteArray &bytes)
{
    QFile f(file);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Every regular file under `dir` with its bytes (FIFOs and devices are not opened).
QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        out.insert(file, readBytes(file));
    }
    QDirIterator dirs(dir, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (dirs.hasNext())
        out.insert(dirs.next() + QLatin1Char('/'), QByteArray());
    return out;
}

QJsonObject projectJson(const QString &dtb, const QString &sha256, int version = 1)
{
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("devassign-project")},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("host"), QJsonObject{{QStringLiteral("dtb"), dtb}, {QStringLiteral("sha256"), sha256}}},
                       {QStringLiteral("domains"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("domU1")},
                                                                          {QStringLiteral("devices"), QJsonArray{QStringLiteral("/pl031@9010000")}}}}}};
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void deviceTreeArgument_data();
    void deviceTreeArgument();
    void projectArgument_data();
    void projectArgument();

private:
    void expectRefusal(const QStringList &args, const QString &named);

    QTemporaryDir m_dir;
    QString m_sha;
};

void TestBadInput::initTestCase()
{
    const QDir d(m_dir.path());
    const QByteArray virt = readBytes(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")));
    QVERIFY(writeBytes(d.filePath(QStringLiteral("virt.dtb")), virt));
    QVERIFY(writeBytes(d.filePath(QStringLiteral("other.dtb")), readBytes(testsupport::dataPath(QStringLiteral("virt-gicv2.dtb")))));
    QVERIFY(writeBytes(d.filePath(QStringLiteral("truncated.dtb")), virt.left(300)));
    QVERIFY(writeBytes(d.filePath(QStringLiteral("text.dtb")), "hello, not a tree\n"));
    QVERIFY(writeBytes(d.filePath(QStringLiteral("empty.x")), QByteArray()));
    QVERIFY(d.mkdir(QStringLiteral("adir")));
    QVERIFY(::mkfifo(QFile::encodeName(d.filePath(QStringLiteral("fifo.x"))).constData(), 0600) == 0);
    QVERIFY(writeBytes(d.filePath(QStringLiteral("Image")), QByteArray(4096, 'k')));
    const testsupport::CliResult r =
        testsupport::runCli({QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), QStringLiteral("good.devassign.json")}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    m_sha = QJsonDocument::fromJson(readBytes(d.filePath(QStringLiteral("good.devassign.json"))))
                .object().value(QStringLiteral("host")).toObject().value(QStringLiteral("sha256")).toString();
    const struct {
        const char *file;
        QJsonObject json;
    } projects[] = {
        {"newer.devassign.json", projectJson(QStringLiteral("virt.dtb"), m_sha, 99)},
        {"truncatedhost.devassign.json", projectJson(QStringLiteral("truncated.dtb"), QString())},
        {"texthost.devassign.json", projectJson(QStringLiteral("text.dtb"), QString())},
        {"fifohost.devassign.json", projectJson(QStringLiteral("fifo.x"), QString())},
        {"changed.devassign.json", projectJson(QStringLiteral("other.dtb"), m_sha)},
    };
    for (const auto &p : projects)
        QVERIFY(writeBytes(d.filePath(QLatin1String(p.file)), QJsonDocument(p.json).toJson()));
}

void TestBadInput::expectRefusal(const QStringList &args, const QString &named)
{
    const QMap<QString, QByteArray> before = snapshot(m_dir.path());
    QElapsedTimer clock;
    clock.start();
    const testsupport::CliResult r = testsupport::runCli(args, m_dir.path());
    const QString what = args.join(QLatin1Char(' ')) + QStringLiteral(" -> exit %1: %2").arg(r.exitCode).arg(r.err);
    QVERIFY2(clock.elapsed() < 10000, qPrintable(what));
    QVERIFY2(r.exitCode == 2, qPrintable(what));
    QVERIFY2(r.out.isEmpty(), qPrintable(what + r.out));
    QVERIFY2(r.err.count(QLatin1Char('\n')) == 1 && r.err.endsWith(QLatin1Char('\n')), qPrintable(what));
    QString command = args.at(0);
    if (command == QLatin1String("domain"))
        command += QLatin1Char(' ') + args.at(1);
    QVERIFY2(r.err.startsWith(QStringLiteral("devassign %1: ").arg(command)), qPrintable(what));
    QVERIFY2(r.err.contains(named), qPrintable(what));
    QVERIFY2(snapshot(m_dir.path()) == before, qPrintable(what + QStringLiteral(" wrote something")));
}

namespace {
// Each bad file and the words its one line must hold.
const QVector<QPair<QString, QString>> kBadFiles = {
    {QStringLiteral("missing.x"), QStringLiteral("missing.x: cannot read: No such file or directory")},
    {QStringLiteral("adir"), QStringLiteral("adir: is a directory, not a regular file")},
    {QStringLiteral("empty.x"), QStringLiteral("empty.x: empty file")},
    {QStringLiteral("fifo.x"), QStringLiteral("fifo.x: is a FIFO, not a regular file")},
    {QStringLiteral("/dev/zero"), QStringLiteral("/dev/zero: is a character device, not a regular file")},
    {QStringLiteral("truncated.dtb"), QStringLiteral("truncated.dtb: truncated")},
    {QStringLiteral("text.dtb"), QStringLiteral("text.dtb: not a device tree")},
};
} // namespace

void TestBadInput::deviceTreeArgument_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");
    for (const auto &[file, words] : kBadFiles) {
        QTest::newRow(qPrintable(QStringLiteral("inspect ") + file)) << QStringList{QStringLiteral("inspect"), file} << words;
        QTest::newRow(qPrintable(QStringLiteral("new ") + file))
            << QStringList{QStringLiteral("new"), file, QStringLiteral("-o"), QStringLiteral("made.devassign.json")} << words;
        QTest::newRow(qPrintable(QStringLiteral("rehost --dtb ") + file))
            << QStringList{QStringLiteral("rehost"), QStringLiteral("good.devassign.json"), QStringLiteral("--dtb"), file} << words;
    }
}

void TestBadInput::deviceTreeArgument()
{
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    expectRefusal(args, named);
}

void TestBadInput::projectArgument_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");
    // The project argument itself, then projects whose host DTB is bad.
    QVector<QPair<QString, QString>> bad = kBadFiles;
    bad[2].second = QStringLiteral("empty.x: not valid JSON");
    bad[5].second = QStringLiteral("truncated.dtb: not valid JSON");
    bad[6].second = QStringLiteral("text.dtb: not valid JSON");
    bad += {
        {QStringLiteral("newer.devassign.json"), QStringLiteral("newer.devassign.json: format version 99 is newer than this devassign understands")},
        {QStringLiteral("truncatedhost.devassign.json"), QStringLiteral("truncatedhost.devassign.json: cannot load the host DTB: ")},
        {QStringLiteral("texthost.devassign.json"), QStringLiteral("texthost.devassign.json: cannot load the host DTB: ")},
        {QStringLiteral("fifohost.devassign.json"), QStringLiteral("fifo.x: is a FIFO, not a regular file")},
        {QStringLiteral("changed.devassign.json"), QStringLiteral("changed.devassign.json: host DTB ")},
    };
    const QList<QStringList> commands = {
        {QStringLiteral("domain"), QStringLiteral("list"), QStringLiteral("P")},
        {QStringLiteral("domain"), QStringLiteral("add"), QStringLiteral("P"), QStringLiteral("domU2")},
        {QStringLiteral("domain"), QStringLiteral("set"), QStringLiteral("P"), QStringLiteral("domU1"), QStringLiteral("--vcpus"), QStringLiteral("2")},
        {QStringLiteral("domain"), QStringLiteral("rename"), QStringLiteral("P"), QStringLiteral("domU1"), QStringLiteral("rtc")},
        {QStringLiteral("domain"), QStringLiteral("remove"), QStringLiteral("P"), QStringLiteral("domU1")},
        {QStringLiteral("assign"), QStringLiteral("P"), QStringLiteral("domU1"), QStringLiteral("/pl061@9030000")},
        {QStringLiteral("unassign"), QStringLiteral("P"), QStringLiteral("/pl031@9010000")},
        {QStringLiteral("ack"), QStringLiteral("P"), QStringLiteral("irq-virtio-clash")},
        {QStringLiteral("check"), QStringLiteral("P")},
        {QStringLiteral("export"), QStringLiteral("P"), QStringLiteral("-o"), QStringLiteral("out")},
        {QStringLiteral("rehost"), QStringLiteral("P")},
    };
    for (const QStringList &command : commands)
        for (const auto &[file, words] : bad) {
            if (command.at(0) == QLatin1String("rehost") && file == QLatin1String("changed.devassign.json"))
                continue; // what rehost is for
            QStringList args = command;
            args.replaceInStrings(QRegularExpression(QStringLiteral("^P$")), file);
            QTest::newRow(qPrintable(args.join(QLatin1Char(' ')))) << args << words;
        }
}

void TestBadInput::projectArgument()
{
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    expectRefusal(args, named);
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
