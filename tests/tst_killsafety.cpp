// SPDX-License-Identifier: GPL-2.0-or-later
// SIGKILL at random points of `devassign export` and of every editing command (issue 11): the files
// are always the complete old or the complete new version, and no temporary leftovers accumulate.
// DEVASSIGN_KILL_ROUNDS sets the rounds per command (ctest: 200 in `killsafety`, label slow; 20 in
// `killsafety.short`); DEVASSIGN_KILL_SEED repeats a run (the seed is printed).

#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <random>

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

// path -> bytes of every file under `dir`.
QMap<QString, QByteArray> tree(const QString &dir)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        out.insert(QDir(dir).relativeFilePath(file), readBytes(file));
    }
    return out;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

int rounds()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("DEVASSIGN_KILL_ROUNDS", &ok);
    return ok && n > 0 ? n : 200;
}

} // namespace

class TestKillSafety : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void exportKilled();
    void editKilled_data();
    void editKilled();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    testsupport::CliResult cli(const QStringList &args) const { return testsupport::runCli(args, m_dir->path()); }
    // Runs the CLI and kills it with SIGKILL after a random delay below `withinMs`; true if it was
    // killed before it finished.
    bool runAndKill(const QStringList &args, int withinMs);
    // The mean run time of the command, to spread the kills over its whole life.
    int duration(const QStringList &args);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::mt19937 m_random;
};

void TestKillSafety::initTestCase()
{
    const quint32 seed = qEnvironmentVariableIsSet("DEVASSIGN_KILL_SEED")
        ? quint32(qEnvironmentVariableIntValue("DEVASSIGN_KILL_SEED"))
        : quint32(QDateTime::currentMSecsSinceEpoch());
    qInfo("DEVASSIGN_KILL_SEED=%u, %d rounds per command", seed, rounds());
    m_random.seed(seed);
}

void TestKillSafety::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), path(QStringLiteral("virt.dtb"))));
    QVERIFY(writeBytes(path(QStringLiteral("Image")), QByteArray(4096, 'k')));
    QCOMPARE(cli({QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), QStringLiteral("p.devassign.json")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("domain"), QStringLiteral("add"), QStringLiteral("p.devassign.json"), QStringLiteral("domU1"),
                  QStringLiteral("--kernel"), QStringLiteral("Image"), QStringLiteral("--target"), QStringLiteral("both")})
                 .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("assign"), QStringLiteral("p.devassign.json"), QStringLiteral("domU1"),
                  QStringLiteral("/pl031@9010000")})
                 .exitCode,
             0);
}

bool TestKillSafety::runAndKill(const QStringList &args, int withinMs)
{
    QProcess p;
    p.setWorkingDirectory(m_dir->path());
    p.start(QStringLiteral(DEVASSIGN_CLI), args);
    if (!p.waitForStarted(10000))
        return false;
    std::uniform_int_distribution<int> delay(0, withinMs * 1000);
    QThread::usleep(ulong(delay(m_random)));
    const bool running = p.state() == QProcess::Running;
    p.kill();
    p.waitForFinished(10000);
    return running && p.exitStatus() == QProcess::CrashExit;
}

int TestKillSafety::duration(const QStringList &args)
{
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 3; ++i)
        cli(args);
    return int(clock.elapsed() / 3) + 5;
}

void TestKillSafety::exportKilled()
{
    // Two project versions whose exports differ; the kills swap between them.
    const QByteArray projectA = readBytes(path(QStringLiteral("p.devassign.json")));
    QCOMPARE(cli({QStringLiteral("domain"), QStringLiteral("set"), QStringLiteral("p.devassign.json"), QStringLiteral("domU1"),
                  QStringLiteral("--bootargs"), QStringLiteral("console=ttyAMA0 version=B")})
                 .exitCode,
             0);
    const QByteArray projectB = readBytes(path(QStringLiteral("p.devassign.json")));
    const QStringList exportArgs = {QStringLiteral("export"), QStringLiteral("p.devassign.json"), QStringLiteral("-o"), QStringLiteral("out")};
    QMap<QString, QByteArray> exports[2];
    for (int v = 0; v < 2; ++v) {
        QVERIFY(writeBytes(path(QStringLiteral("p.devassign.json")), v ? projectB : projectA));
        const testsupport::CliResult r = cli(exportArgs);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        exports[v] = tree(path(QStringLiteral("out")));
    }
    QVERIFY(exports[0] != exports[1]);
    const int within = duration(exportArgs);
    int killed = 0;
    for (int round = 0; round < rounds(); ++round) {
        QVERIFY(writeBytes(path(QStringLiteral("p.devassign.json")), round % 2 ? projectB : projectA));
        killed += runAndKill(exportArgs, within);
        const QMap<QString, QByteArray> now = tree(path(QStringLiteral("out")));
        QVERIFY2(now == exports[0] || now == exports[1], qPrintable(QStringLiteral("round %1: out/ is neither export").arg(round)));
        // At most the one staging (or old) directory of the export just killed.
        QStringList leftovers = entries(m_dir->path()).filter(QStringLiteral(".out."));
        QVERIFY2(leftovers.size() <= 1, qPrintable(leftovers.join(QLatin1Char(' '))));
    }
    QVERIFY2(killed > rounds() / 4, qPrintable(QStringLiteral("only %1 kills landed while export ran").arg(killed)));
    const testsupport::CliResult r = cli(exportArgs);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(entries(m_dir->path()).filter(QStringLiteral(".out.")), QStringList());
}

void TestKillSafety::editKilled_data()
{
    QTest::addColumn<QStringList>("args");
    const QString p = QStringLiteral("p.devassign.json");
    QTest::newRow("domain add") << QStringList{QStringLiteral("domain"), QStringLiteral("add"), p, QStringLiteral("domU2")};
    QTest::newRow("domain set") << QStringList{QStringLiteral("domain"), QStringLiteral("set"), p, QStringLiteral("domU1"),
                                               QStringLiteral("--memory"), QStringLiteral("512M")};
    QTest::newRow("domain rename") << QStringList{QStringLiteral("domain"), QStringLiteral("rename"), p,
                                                  QStringLiteral("domU1"), QStringLiteral("rtc")};
    QTest::newRow("domain remove") << QStringList{QStringLiteral("domain"), QStringLiteral("remove"), p, QStringLiteral("domU1")};
    QTest::newRow("assign") << QStringList{QStringLiteral("assign"), p, QStringLiteral("domU1"), QStringLiteral("/pl061@9030000")};
    QTest::newRow("unassign") << QStringList{QStringLiteral("unassign"), p, QStringLiteral("/pl031@9010000")};
    QTest::newRow("ack") << QStringList{QStringLiteral("ack"), p, QStringLiteral("irq-virtio-clash"), QStringLiteral("--note"),
                                        QStringLiteral("no virtio")};
    QTest::newRow("new --force") << QStringList{QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), p,
                                                QStringLiteral("--force")};
}

void TestKillSafety::editKilled()
{
    QFETCH(QStringList, args);
    const QString file = path(QStringLiteral("p.devassign.json"));
    const QByteArray before = readBytes(file);
    const testsupport::CliResult r = cli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QByteArray after = readBytes(file);
    QVERIFY(before != after);
    const QStringList files = entries(m_dir->path());
    QVERIFY(writeBytes(file, before));
    const int within = duration({QStringLiteral("domain"), QStringLiteral("list"), QStringLiteral("p.devassign.json")}) * 2;
    for (int round = 0; round < rounds(); ++round) {
        runAndKill(args, within);
        const QByteArray now = readBytes(file);
        QVERIFY2(now == before || now == after, qPrintable(QStringLiteral("round %1: a torn project file").arg(round)));
        // At most the temporary file of the write just killed; the next write removes it.
        QStringList extra = entries(m_dir->path());
        for (const QString &f : files)
            extra.removeAll(f);
        QVERIFY2(extra.size() <= 1 && extra.filter(QStringLiteral(".p.devassign.json.tmp-")) == extra,
                 qPrintable(extra.join(QLatin1Char(' '))));
        QVERIFY(writeBytes(file, before));
    }
    const testsupport::CliResult last = cli(args);
    QVERIFY2(last.exitCode == 0, qPrintable(last.err));
    QCOMPARE(entries(m_dir->path()), files);
}

QTEST_GUILESS_MAIN(TestKillSafety)
#include "tst_killsafety.moc"
