// SPDX-License-Identifier: GPL-2.0-or-later
// The real `devassign` binary: every project command's success path (checked by reading the
// project back), its bad-input paths (exit 2, one line naming the file), `check` exit codes and
// `export` refusing while errors remain.
#include "hostmodel.h"
#include "project.h"
#include "projectlock.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace devassign;
using testsupport::runCli;

namespace {

const QString kProject = QStringLiteral("p.devassign.json");

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

QString describe(const testsupport::CliResult &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.exitCode).arg(r.out, r.err);
}

} // namespace

#define RUN_OK(...)                                                                                                    \
    do {                                                                                                               \
        const auto r_ = runCli(__VA_ARGS__);                                                                           \
        QVERIFY2(r_.exitCode == 0, qPrintable(describe(r_)));                                                          \
    } while (false)

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void init();
    void newProject();
    void newRefusesBadInput();
    void newFromDtsInSubdirectory();
    void domainAddEveryOption();
    void domainAddAsTheE2eScriptsDo();
    void domainBadInput_data();
    void domainBadInput();
    void domainSetRenameRemoveList();
    void assignAndUnassign();
    void assignBadInput();
    void acknowledge();
    void dependencyDecisions();
    void corruptOrNewerProject();
    void hostChangeWarns();
    void concurrentEditsAreNotLost();
    void nonUtf8ArgumentIsRefused();
    void lockedProjectWaitsThenFails();
    void checkExitCodes();
    void checkJson();
    void exportWritesFiles();
    void exportRefusesWithErrors();
    void exportBadInput();
    void helpAndUnknownCommands();
    void platformSetAndShow();
    void platformBadInput();
    void scmiShareAndUnshare();

private:
    QString path(const QString &name) const { return QDir(m_dir->path()).filePath(name); }
    testsupport::CliResult cli(const QStringList &args) const { return runCli(args, m_dir->path()); }
    Project project() const
    {
        QString error;
        const auto p = readProject(path(kProject));
        error = p.error();
        if (!p)
            qFatal("cannot read back the project: %s", qPrintable(error));
        return *p;
    }
    // new + domU1 with the e2e settings + /pl031@9010000
    void makeBasicProject();
    // Hand-edit the project so /pl031@9010000 is in two domains (assign refuses that).
    void makeDoubleAssignment();

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), path(QStringLiteral("virt.dtb"))));
    QVERIFY(writeBytes(path(QStringLiteral("Image")), QByteArray(4096, 'k')));
    QVERIFY(writeBytes(path(QStringLiteral("initrd.cpio.gz")), QByteArray(1000, 'r')));
}

void TestCli::makeBasicProject()
{
    RUN_OK({QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), kProject}, m_dir->path());
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), kProject, QStringLiteral("domU1"),
            QStringLiteral("--memory"), QStringLiteral("256M"), QStringLiteral("--vcpus"), QStringLiteral("1"),
            QStringLiteral("--kernel"), QStringLiteral("Image"), QStringLiteral("--ramdisk"),
            QStringLiteral("initrd.cpio.gz"), QStringLiteral("--bootargs"),
            QStringLiteral("console=ttyAMA0 rdinit=/init"), QStringLiteral("--vpl011"), QStringLiteral("--target"),
            QStringLiteral("dom0less")},
           m_dir->path());
    RUN_OK({QStringLiteral("assign"), kProject, QStringLiteral("domU1"), QStringLiteral("/pl031@9010000")},
           m_dir->path());
}

void TestCli::makeDoubleAssignment()
{
    if (!QFile::exists(path(kProject)))
        makeBasicProject();
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), kProject, QStringLiteral("domU2"),
            QStringLiteral("--kernel"), QStringLiteral("Image")},
           m_dir->path());
    QJsonObject root = QJsonDocument::fromJson(readBytes(path(kProject))).object();
    QJsonArray domains = root.value(QStringLiteral("domains")).toArray();
    QJsonObject second = domains.at(1).toObject();
    second[QStringLiteral("devices")] = QJsonArray{QStringLiteral("/pl031@9010000")};
    domains[1] = second;
    root[QStringLiteral("domains")] = domains;
    QVERIFY(writeBytes(path(kProject), QJsonDocument(root).toJson()));
    QCOMPARE(project().owners(QStringLiteral("/pl031@9010000")),
             (QStringList{QStringLiteral("domU1"), QStringLiteral("domU2")}));
}

void TestCli::newProject()
{
    const auto r = cli({QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), kProject});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const Project p = project();
    QCOMPARE(p.hostDtb, QStringLiteral("virt.dtb"));
    QCOMPARE(p.hostDtbSha256, testsupport::loadData(QStringLiteral("virt-gicv3.dtb"))->sha256());
    QVERIFY(p.domains.isEmpty());
    QVERIFY(r.out.contains(p.hostDtbSha256));

    // refuses to overwrite without --force, and leaves the file as it was
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), kProject, QStringLiteral("keep")}, m_dir->path());
    const QByteArray before = readBytes(path(kProject));
    const auto again = cli({QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), kProject});
    QCOMPARE(again.exitCode, 2);
    QCOMPARE(again.err,
             QStringLiteral("devassign new: p.devassign.json: already exists; use --force to overwrite it\n"));
    QCOMPARE(readBytes(path(kProject)), before);
    RUN_OK(
        {QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), kProject, QStringLiteral("--force")},
        m_dir->path());
    QVERIFY(project().domains.isEmpty());
}

void TestCli::newRefusesBadInput()
{
    QVERIFY(writeBytes(path(QStringLiteral("junk.dtb")), "this is not a device tree"));
    auto r = cli({QStringLiteral("new"), QStringLiteral("junk.dtb"), QStringLiteral("-o"), kProject});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QLatin1String("devassign new: junk.dtb: ")), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY(!QFile::exists(path(kProject)));

    r = cli({QStringLiteral("new"), QStringLiteral("missing.dtb"), QStringLiteral("-o"), kProject});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("missing.dtb")), qPrintable(r.err));

    r = cli({QStringLiteral("new"), QStringLiteral("virt.dtb")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QLatin1String("devassign new: virt.dtb: ")) && r.err.contains(QLatin1String("-o")),
             qPrintable(r.err));

    r = cli({QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"),
             QStringLiteral("nodir/p.devassign.json")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QLatin1String("devassign new: nodir/p.devassign.json: cannot write")), qPrintable(r.err));
}

void TestCli::newFromDtsInSubdirectory()
{
    const QByteArray dts =
        "/dts-v1/;\n/ {\n compatible = \"test,board\";\n #address-cells = <2>;\n #size-cells = <2>;\n"
        " uart@1000 { compatible = \"arm,pl011\"; reg = <0 0x1000 0 0x1000>; };\n};\n";
    QVERIFY(writeBytes(path(QStringLiteral("board.dts")), dts));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("proj")));
    const QString file = QStringLiteral("proj/b.devassign.json");
    RUN_OK({QStringLiteral("new"), QStringLiteral("board.dts"), QStringLiteral("-o"), file}, m_dir->path());
    // paths given relative to the current directory are stored relative to the project file
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), file, QStringLiteral("d"), QStringLiteral("--kernel"),
            QStringLiteral("Image"), QStringLiteral("--ramdisk"), QStringLiteral("proj/initrd")},
           m_dir->path());
    RUN_OK({QStringLiteral("assign"), file, QStringLiteral("d"), QStringLiteral("/uart@1000")}, m_dir->path());
    QString error;
    const auto p = readProject(path(file));
    error = p.error();
    QVERIFY2(p, qPrintable(error));
    QCOMPARE(p->hostDtb, QStringLiteral("../board.dts"));
    QCOMPARE(p->hostDtbSha256, HostModel::load(path(QStringLiteral("board.dts")), &error)->sha256());
    QCOMPARE(p->domains.at(0).kernel, QStringLiteral("../Image"));
    QCOMPARE(p->domains.at(0).ramdisk, QStringLiteral("initrd"));
    QCOMPARE(p->domains.at(0).devices, QStringList{QStringLiteral("/uart@1000")});
    QCOMPARE(resolveProjectPath(path(file), p->domains.at(0).kernel), path(QStringLiteral("Image")));
}

void TestCli::domainAddEveryOption()
{
    RUN_OK({QStringLiteral("new"), QStringLiteral("virt.dtb"), QStringLiteral("-o"), kProject}, m_dir->path());
    const auto r = cli({QStringLiteral("domain"),
                        QStringLiteral("add"),
                        kProject,
                        QStringLiteral("net-1"),
                        QStringLiteral("--memory"),
                        QStringLiteral("1G"),
                        QStringLiteral("--vcpus"),
                        QStringLiteral("4"),
                        QStringLiteral("--kernel"),
                        QStringLiteral("/boot/Image"),
                        QStringLiteral("--bootargs"),
                        QStringLiteral("console=hvc0"),
                        QStringLiteral("--direct-map"),
                        QStringLiteral("--static-mem"),
                        QStringLiteral("0x50000000:256M"),
                        QStringLiteral("--static-mem"),
                        QStringLiteral("0x880000000:0x1000000"),
                        QStringLiteral("--no-vpl011"),
                        QStringLiteral("--enhanced"),
                        QStringLiteral("no-xenstore"),
                        QStringLiteral("--gic"),
                        QStringLiteral("v3"),
                        QStringLiteral("--target"),
                        QStringLiteral("both"),
                        QStringLiteral("--xl-dir"),
                        QStringLiteral("/srv/xen/net")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const DomainConfig d = project().domains.value(0);
    QCOMPARE(d.name, QStringLiteral("net-1"));
    QCOMPARE(d.memoryKiB, quint64(1024 * 1024));
    QCOMPARE(d.vcpus, 4);
    QVERIFY2(!d.kernel.startsWith(QLatin1Char('/')), qPrintable(d.kernel)); // stored relative to the project
    QCOMPARE(resolveProjectPath(path(kProject), d.kernel), QStringLiteral("/boot/Image"));
    QCOMPARE(d.ramdisk, QString());
    QCOMPARE(d.bootargs, QStringLiteral("console=hvc0"));
    QVERIFY(d.directMap);
    QCOMPARE(d.staticMemory, (QVector<MemoryRange>{{0x50000000, 0x10000000}, {0x880000000ULL, 0x1000000}}));
    QVERIFY(!d.vpl011);
    QCOMPARE(d.enhanced, QStringLiteral("no-xenstore"));
    QCOMPARE(d.gicVersion, QStringLiteral("v3"));
    QVERIFY(d.dom0less);
    QVERIFY(d.xl);
    QCOMPARE(d.xlDir, QStringLiteral("/srv/xen/net"));
}

void TestCli::domainAddAsTheE2eScriptsDo()
{
    makeBasicProject();
    const Project p = project();
    QCOMPARE(p.domains.size(), 1);
    const DomainConfig &d = p.domains.at(0);
    QCOMPARE(d.name, QStringLiteral("domU1"));
    QCOMPARE(d.memoryKiB, quint64(256 * 1024));
    QCOMPARE(d.vcpus, 1);
    QCOMPARE(d.kernel, QStringLiteral("Image"));
    QCOMPARE(d.ramdisk, QStringLiteral("initrd.cpio.gz"));
    QCOMPARE(d.bootargs, QStringLiteral("console=ttyAMA0 rdinit=/init"));
    QVERIFY(d.vpl011);
    QVERIFY(d.dom0less);
    QVERIFY(!d.xl);
    QCOMPARE(d.devices, QStringList{QStringLiteral("/pl031@9010000")});
}

void TestCli::domainBadInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("problem");
    const QString p = kProject;
    const auto add = [&p](QStringList extra) {
        return QStringList{QStringLiteral("domain"), QStringLiteral("add"), p} + extra;
    };
    QTest::newRow("bad memory") << add({QStringLiteral("d"), QStringLiteral("--memory"), QStringLiteral("lots")})
                                << QStringLiteral("--memory 'lots'");
    QTest::newRow("zero memory") << add({QStringLiteral("d"), QStringLiteral("--memory"), QStringLiteral("0M")})
                                 << QStringLiteral("--memory '0M': a domain needs more than 0 bytes of RAM");
    QTest::newRow("bad vcpus") << add({QStringLiteral("d"), QStringLiteral("--vcpus"), QStringLiteral("0")})
                               << QStringLiteral("--vcpus '0'");
    QTest::newRow("bad name") << add({QStringLiteral("dom.U")}) << QStringLiteral("'dom.U' is not a valid domain name");
    QTest::newRow("long name") << add({QString(33, QLatin1Char('n'))}) << QStringLiteral("is not a valid domain name");
    QTest::newRow("duplicate") << add({QStringLiteral("domU1")})
                               << QStringLiteral("a domain named 'domU1' already exists");
    QTest::newRow("bad gic") << add({QStringLiteral("d"), QStringLiteral("--gic"), QStringLiteral("v4")})
                             << QStringLiteral("--gic 'v4'");
    QTest::newRow("bad target") << add({QStringLiteral("d"), QStringLiteral("--target"), QStringLiteral("hvm")})
                                << QStringLiteral("--target 'hvm'");
    QTest::newRow("bad enhanced") << add({QStringLiteral("d"), QStringLiteral("--enhanced"), QStringLiteral("yes")})
                                  << QStringLiteral("--enhanced 'yes'");
    QTest::newRow("bad static mem") << add(
        {QStringLiteral("d"), QStringLiteral("--static-mem"), QStringLiteral("0x5000")})
                                    << QStringLiteral("--static-mem '0x5000'");
    QTest::newRow("contradiction") << add(
        {QStringLiteral("d"), QStringLiteral("--vpl011"), QStringLiteral("--no-vpl011")})
                                   << QStringLiteral("contradict");
    QTest::newRow("set unknown domain")
        << QStringList{QStringLiteral("domain"), QStringLiteral("set"),     p,
                       QStringLiteral("ghost"),  QStringLiteral("--vcpus"), QStringLiteral("2")}
        << QStringLiteral("no domain named 'ghost'");
    QTest::newRow("remove unknown") << QStringList{QStringLiteral("domain"), QStringLiteral("remove"), p,
                                                   QStringLiteral("ghost")}
                                    << QStringLiteral("no domain named 'ghost'");
    QTest::newRow("rename to bad name") << QStringList{QStringLiteral("domain"), QStringLiteral("rename"), p,
                                                       QStringLiteral("domU1"), QStringLiteral("a.b")}
                                        << QStringLiteral("'a.b' is not a valid domain name");
}

void TestCli::domainBadInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, problem);
    makeBasicProject();
    const QByteArray before = readBytes(path(kProject));
    const auto r = cli(args);
    QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
    const QString prefix = QStringLiteral("devassign %1 %2: p.devassign.json: ").arg(args.at(0), args.at(1));
    QVERIFY2(r.err.startsWith(prefix), qPrintable(r.err));
    QVERIFY2(r.err.contains(problem), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QCOMPARE(readBytes(path(kProject)), before);
}

void TestCli::domainSetRenameRemoveList()
{
    makeBasicProject();
    RUN_OK({QStringLiteral("ack"), kProject, QStringLiteral("dma-without-iommu"), QStringLiteral("--domain"),
            QStringLiteral("domU1"), QStringLiteral("--node"), QStringLiteral("/pl031@9010000")},
           m_dir->path());
    // set changes only what is given
    RUN_OK({QStringLiteral("domain"), QStringLiteral("set"), kProject, QStringLiteral("domU1"),
            QStringLiteral("--memory"), QStringLiteral("512"), QStringLiteral("--target"), QStringLiteral("xl")},
           m_dir->path());
    DomainConfig d = project().domains.at(0);
    QCOMPARE(d.memoryKiB, quint64(512 * 1024)); // a bare number is MiB
    QVERIFY(d.xl);
    QVERIFY(!d.dom0less);
    QCOMPARE(d.kernel, QStringLiteral("Image"));
    QCOMPARE(d.bootargs, QStringLiteral("console=ttyAMA0 rdinit=/init"));
    QCOMPARE(d.devices, QStringList{QStringLiteral("/pl031@9010000")});

    // rename: the acknowledgement follows
    auto r = cli(
        {QStringLiteral("domain"), QStringLiteral("rename"), kProject, QStringLiteral("domU1"), QStringLiteral("rtc")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    Project p = project();
    QCOMPARE(p.domains.at(0).name, QStringLiteral("rtc"));
    QCOMPARE(p.domains.at(0).devices, QStringList{QStringLiteral("/pl031@9010000")});
    QCOMPARE(p.acknowledgements.at(0).domain, QStringLiteral("rtc"));
    r = cli(
        {QStringLiteral("domain"), QStringLiteral("rename"), kProject, QStringLiteral("rtc"), QStringLiteral("a b")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QLatin1String("devassign domain rename: p.devassign.json: 'a b' is not a valid")),
             qPrintable(r.err));

    // list, human and JSON
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), kProject, QStringLiteral("second")}, m_dir->path());
    r = cli({QStringLiteral("domain"), QStringLiteral("list"), kProject});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).startsWith(QLatin1String("rtc ")) && lines.at(0).contains(QLatin1String("512M"))
                 && lines.at(0).contains(QLatin1String("/pl031@9010000")),
             qPrintable(lines.at(0)));
    QVERIFY(lines.at(1).startsWith(QLatin1String("second ")));
    r = cli({QStringLiteral("domain"), QStringLiteral("list"), kProject, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonArray domains =
        QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("domains")).toArray();
    QCOMPARE(domains.size(), 2);
    QCOMPARE(domains.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("rtc"));
    QCOMPARE(domains.at(0).toObject().value(QStringLiteral("memory_kib")).toInt(), 512 * 1024);
    QCOMPARE(domains.at(0).toObject().value(QStringLiteral("devices")).toArray(),
             QJsonArray{QStringLiteral("/pl031@9010000")});

    // remove: the domain and its acknowledgements go, its device is free again
    RUN_OK({QStringLiteral("domain"), QStringLiteral("remove"), kProject, QStringLiteral("rtc")}, m_dir->path());
    p = project();
    QCOMPARE(p.domains.size(), 1);
    QVERIFY(p.acknowledgements.isEmpty());
    QCOMPARE(p.ownerOf(QStringLiteral("/pl031@9010000")), QString());
    RUN_OK({QStringLiteral("assign"), kProject, QStringLiteral("second"), QStringLiteral("/pl031@9010000")},
           m_dir->path());
}

void TestCli::assignAndUnassign()
{
    makeBasicProject();
    auto r = cli({QStringLiteral("assign"), kProject, QStringLiteral("domU1"), QStringLiteral("/pl061@9030000"),
                  QStringLiteral("/pl011@9000000")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(project().domains.at(0).devices,
             (QStringList{QStringLiteral("/pl031@9010000"), QStringLiteral("/pl061@9030000"),
                          QStringLiteral("/pl011@9000000")}));
    r = cli({QStringLiteral("unassign"), kProject, QStringLiteral("/pl061@9030000"), QStringLiteral("/pl011@9000000")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.contains(QLatin1String("unassigned /pl061@9030000 from domU1")));
    QCOMPARE(project().domains.at(0).devices, QStringList{QStringLiteral("/pl031@9010000")});

    const QByteArray before = readBytes(path(kProject));
    r = cli({QStringLiteral("unassign"), kProject, QStringLiteral("/pl061@9030000")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err,
             QStringLiteral("devassign unassign: p.devassign.json: /pl061@9030000 is not assigned to any domain\n"));
    QCOMPARE(readBytes(path(kProject)), before);
}

void TestCli::assignBadInput()
{
    makeBasicProject();
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), kProject, QStringLiteral("domU2")}, m_dir->path());
    const QByteArray before = readBytes(path(kProject));

    // double assignment: refused with the owner named, nothing saved
    auto r = cli({QStringLiteral("assign"), kProject, QStringLiteral("domU2"), QStringLiteral("/pl031@9010000")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("devassign assign: p.devassign.json: /pl031@9010000 is already assigned to domain "
                                   "'domU1'; unassign it first or move it\n"));
    // an unknown path, even after a good one: nothing is saved
    r = cli({QStringLiteral("assign"), kProject, QStringLiteral("domU2"), QStringLiteral("/pl061@9030000"),
             QStringLiteral("/rtc@1234")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("devassign assign: p.devassign.json: no node /rtc@1234 in the host DTB virt.dtb\n"));
    r = cli({QStringLiteral("assign"), kProject, QStringLiteral("ghost"), QStringLiteral("/pl061@9030000")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("devassign assign: p.devassign.json: no domain named 'ghost'\n"));
    r = cli({QStringLiteral("assign"), kProject, QStringLiteral("domU2")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QLatin1String("devassign assign: expected at least 3 argument(s)")), qPrintable(r.err));
    QCOMPARE(readBytes(path(kProject)), before);

    // the host DTB is required to assign
    QVERIFY(QFile::remove(path(QStringLiteral("virt.dtb"))));
    r = cli({QStringLiteral("assign"), kProject, QStringLiteral("domU2"), QStringLiteral("/pl061@9030000")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QLatin1String("devassign assign: p.devassign.json: cannot load the host DTB: ")),
             qPrintable(r.err));
    QCOMPARE(readBytes(path(kProject)), before);
}

// i.MX8MM's usb@32e40000 names its misc block (fsl,usbmisc = <&usbmisc1 0>): by default the block
// stays with dom0 (dependency-not-in-domain); "copy" leaves its registers unmapped
// (dependency-mmio-not-mapped); "assign" maps it into the domain: neither is said any more.
void TestCli::dependencyDecisions()
{
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("imx8mm-evk.dtb")), path(QStringLiteral("imx.dtb"))));
    const QString usb = QStringLiteral("/soc@0/bus@32c00000/usb@32e40000");
    const QString misc = QStringLiteral("/soc@0/bus@32c00000/usbmisc@32e40200");
    RUN_OK({QStringLiteral("new"), QStringLiteral("imx.dtb"), QStringLiteral("-o"), kProject}, m_dir->path());
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), kProject, QStringLiteral("domU1"), QStringLiteral("--kernel"),
            QStringLiteral("Image")},
           m_dir->path());
    RUN_OK({QStringLiteral("assign"), kProject, QStringLiteral("domU1"), usb}, m_dir->path());
    // The rules that name the misc block for usb in `check --json`.
    auto rulesAboutMisc = [&] {
        const auto r = cli({QStringLiteral("check"), kProject, QStringLiteral("--json")});
        QStringList rules;
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("diagnostics")).toArray()) {
            const QJsonObject d = v.toObject();
            if (d.value(QStringLiteral("node")).toString() == usb
                && d.value(QStringLiteral("params")).toObject().value(QStringLiteral("provider")).toString() == misc)
                rules.append(d.value(QStringLiteral("rule")).toString());
        }
        return rules;
    };
    QCOMPARE(rulesAboutMisc(), QStringList{QStringLiteral("dependency-not-in-domain")});

    auto r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU1"), misc, QStringLiteral("copy")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(r.out, QStringLiteral("domU1: %1 -> copy\n").arg(misc));
    QCOMPARE(rulesAboutMisc(), QStringList{QStringLiteral("dependency-mmio-not-mapped")});

    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU1"), misc, QStringLiteral("assign")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(project().domain(QStringLiteral("domU1"))->dependencyDecisions.value(misc), DependencyAction::Assign);
    QCOMPARE(project().domain(QStringLiteral("domU1"))->devices, QStringList{usb}); // still a decision
    QVERIFY(QString::fromUtf8(readBytes(path(kProject))).contains(QStringLiteral("\"%1\": \"assign\"").arg(misc)));
    QCOMPARE(rulesAboutMisc(), QStringList());

    // Refusals: one line, exit 2, nothing saved.
    const QByteArray before = readBytes(path(kProject));
    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU1"), misc, QStringLiteral("map")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("devassign dependency: unknown action 'map' (copy, stub, drop, assign or default)\n"));
    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU1"), QStringLiteral("/nope"), QStringLiteral("drop")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("devassign dependency: p.devassign.json: no node /nope in the host DTB imx.dtb\n"));
    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("ghost"), misc, QStringLiteral("drop")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("devassign dependency: p.devassign.json: no domain named 'ghost'\n"));
    QCOMPARE(readBytes(path(kProject)), before);
    // A second domain cannot be given the block domU1 has by its assign decision (Xen assigns a
    // node to one domain), nor one domU1 has as a device; copy stays possible.
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), kProject, QStringLiteral("domU2"), QStringLiteral("--kernel"),
            QStringLiteral("Image")},
           m_dir->path());
    const QByteArray twoDomains = readBytes(path(kProject));
    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU2"), misc, QStringLiteral("assign")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("devassign dependency: p.devassign.json: %1 already belongs to domain 'domU1' (assigned to "
                                   "it, or by its own assign decision); Xen gives a node to one domain only: copy or stub "
                                   "it for domU2, or take it from domU1 first\n")
                        .arg(misc));
    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU2"), usb, QStringLiteral("assign")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("%1 already belongs to domain 'domU1'").arg(usb)), qPrintable(r.err));
    QCOMPARE(readBytes(path(kProject)), twoDomains);
    RUN_OK({QStringLiteral("dependency"), kProject, QStringLiteral("domU2"), misc, QStringLiteral("copy")}, m_dir->path());
    RUN_OK({QStringLiteral("domain"), QStringLiteral("remove"), kProject, QStringLiteral("domU2")}, m_dir->path());

    // "default" forgets the decision; a provider no device refers to gets a note.
    RUN_OK({QStringLiteral("dependency"), kProject, QStringLiteral("domU1"), misc, QStringLiteral("default")}, m_dir->path());
    QVERIFY(project().domain(QStringLiteral("domU1"))->dependencyDecisions.isEmpty());
    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU1"), QStringLiteral("/soc@0/bus@30000000/pinctrl@30330000"),
             QStringLiteral("assign")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QLatin1String("note: no device of domU1 refers to /soc@0/bus@30000000/pinctrl@30330000 yet")),
             qPrintable(r.out));

    // A provider that only a device brought in by an assign decision refers to is referred to:
    // dev names the syscon, the syscon names the clock controller; with the syscon assigned by
    // decision, stubbing the clock controller gets no "no device refers to it" note.
    {
        const QByteArray dts =
            "/dts-v1/;\n/ {\n compatible = \"test,board\";\n #address-cells = <2>;\n #size-cells = <2>;\n"
            " cc: clock-controller@2000 { compatible = \"test,cc\"; reg = <0 0x2000 0 0x1000>; #clock-cells = <1>; };\n"
            " sc: syscon@3000 { compatible = \"test,misc\", \"syscon\"; reg = <0 0x3000 0 0x1000>; clocks = <&cc 4>; };\n"
            " dev@4000 { compatible = \"test,dev\"; reg = <0 0x4000 0 0x1000>; syscon = <&sc>; };\n};\n";
        QVERIFY(writeBytes(path(QStringLiteral("chain.dts")), dts));
        const QString chain = QStringLiteral("chain.devassign.json");
        RUN_OK({QStringLiteral("new"), QStringLiteral("chain.dts"), QStringLiteral("-o"), chain}, m_dir->path());
        RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), chain, QStringLiteral("g"), QStringLiteral("--kernel"),
                QStringLiteral("Image")},
               m_dir->path());
        RUN_OK({QStringLiteral("assign"), chain, QStringLiteral("g"), QStringLiteral("/dev@4000")}, m_dir->path());
        r = cli({QStringLiteral("dependency"), chain, QStringLiteral("g"), QStringLiteral("/clock-controller@2000"), QStringLiteral("stub")});
        QVERIFY2(r.out.contains(QLatin1String("note: no device of g refers to /clock-controller@2000 yet")), qPrintable(r.out));
        RUN_OK({QStringLiteral("dependency"), chain, QStringLiteral("g"), QStringLiteral("/syscon@3000"), QStringLiteral("assign")},
               m_dir->path());
        r = cli({QStringLiteral("dependency"), chain, QStringLiteral("g"), QStringLiteral("/clock-controller@2000"), QStringLiteral("stub")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.out, QStringLiteral("g: /clock-controller@2000 -> stub\n"));
    }

    // A decision about a node the host DTB does not have (a hand edit, another board's project):
    // check names it (decision-node-not-found), and 'default' forgets it.
    QJsonObject root = QJsonDocument::fromJson(readBytes(path(kProject))).object();
    QJsonArray domains = root.value(QStringLiteral("domains")).toArray();
    QJsonObject d0 = domains[0].toObject();
    QJsonObject decisions = d0.value(QStringLiteral("dependency_decisions")).toObject();
    decisions.insert(QStringLiteral("/gone@0"), QStringLiteral("copy"));
    d0.insert(QStringLiteral("dependency_decisions"), decisions);
    domains[0] = d0;
    root.insert(QStringLiteral("domains"), domains);
    QFile edited(path(kProject));
    QVERIFY(edited.open(QIODevice::WriteOnly | QIODevice::Truncate));
    edited.write(QJsonDocument(root).toJson());
    edited.close();
    r = cli({QStringLiteral("check"), kProject});
    QVERIFY2(r.out.contains(QLatin1String("warning[decision-node-not-found] domU1/gone@0: Domain domU1 has the dependency decision 'copy' for /gone@0")),
             qPrintable(r.out));
    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU1"), QStringLiteral("/gone@0"), QStringLiteral("default")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(!project().domain(QStringLiteral("domU1"))->dependencyDecisions.contains(QStringLiteral("/gone@0")));
    r = cli({QStringLiteral("dependency"), kProject, QStringLiteral("domU1"), QStringLiteral("/gone@0"), QStringLiteral("default")});
    QCOMPARE(r.exitCode, 2); // nothing to forget any more: the node is unknown again
}

void TestCli::acknowledge()
{
    makeBasicProject();
    auto r = cli({QStringLiteral("ack"), kProject, QStringLiteral("dma-without-iommu"), QStringLiteral("--node"),
                  QStringLiteral("/pl031@9010000"), QStringLiteral("--domain"), QStringLiteral("domU1"),
                  QStringLiteral("--note"), QStringLiteral("the RTC does no DMA")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    Project p = project();
    QCOMPARE(p.acknowledgements.size(), 1);
    QCOMPARE(p.acknowledgements.at(0).rule, QStringLiteral("dma-without-iommu"));
    QCOMPARE(p.acknowledgements.at(0).node, QStringLiteral("/pl031@9010000"));
    QCOMPARE(p.acknowledgements.at(0).domain, QStringLiteral("domU1"));
    QCOMPARE(p.acknowledgements.at(0).note, QStringLiteral("the RTC does no DMA"));
    RUN_OK({QStringLiteral("ack"), kProject, QStringLiteral("irq-shared")}, m_dir->path());
    QCOMPARE(project().acknowledgements.size(), 2);

    const QByteArray before = readBytes(path(kProject));
    // The same acknowledgement again: exit 0, said so, nothing changed (pipelines re-run it).
    r = cli({QStringLiteral("ack"), kProject, QStringLiteral("irq-shared")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(r.out, QStringLiteral("already acknowledged: irq-shared\n"));
    QCOMPARE(readBytes(path(kProject)), before);
    const QVector<QPair<QStringList, QString>> bad = {
        {{QStringLiteral("no-such-rule")}, QStringLiteral("no rule 'no-such-rule'")},
        {{QStringLiteral("irq-shared"), QStringLiteral("--node"), QStringLiteral("/nowhere")},
         QStringLiteral("no node /nowhere in the host DTB virt.dtb")},
        {{QStringLiteral("irq-shared"), QStringLiteral("--domain"), QStringLiteral("ghost")},
         QStringLiteral("no domain named 'ghost'")},
    };
    for (const auto &[extra, problem] : bad) {
        r = cli(QStringList{QStringLiteral("ack"), kProject} + extra);
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY2(r.err.startsWith(QLatin1String("devassign ack: p.devassign.json: ")) && r.err.contains(problem),
                 qPrintable(r.err));
    }
    QCOMPARE(readBytes(path(kProject)), before);

    RUN_OK({QStringLiteral("ack"), kProject, QStringLiteral("irq-shared"), QStringLiteral("--remove")}, m_dir->path());
    p = project();
    QCOMPARE(p.acknowledgements.size(), 1);
    QCOMPARE(p.acknowledgements.at(0).rule, QStringLiteral("dma-without-iommu"));

    // A new note for the same scope rewords the acknowledgement and says so.
    r = cli({QStringLiteral("ack"), kProject, QStringLiteral("dma-without-iommu"), QStringLiteral("--node"),
             QStringLiteral("/pl031@9010000"), QStringLiteral("--domain"), QStringLiteral("domU1"),
             QStringLiteral("--note"), QStringLiteral("PL031 has no DMA port (ARM DDI 0224)")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    // The PL031 shows no DMA (passed-without-iommu, not dma-without-iommu): the note says the
    // acknowledgement matches no finding now.
    QCOMPARE(r.out, QStringLiteral("changed the note of dma-without-iommu on /pl031@9010000 in domain domU1\n"
                                   "note: no finding of dma-without-iommu matches it now; it applies once one does\n"));
    r = cli({QStringLiteral("ack"), kProject, QStringLiteral("passed-without-iommu"), QStringLiteral("--node"),
             QStringLiteral("/pl031@9010000")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(r.out, QStringLiteral("acknowledged passed-without-iommu on /pl031@9010000\n")); // it matches: no note
    RUN_OK({QStringLiteral("ack"), kProject, QStringLiteral("passed-without-iommu"), QStringLiteral("--node"),
            QStringLiteral("/pl031@9010000"), QStringLiteral("--remove")},
           m_dir->path());
    p = project();
    QCOMPARE(p.acknowledgements.size(), 1);
    QCOMPARE(p.acknowledgements.at(0).note, QStringLiteral("PL031 has no DMA port (ARM DDI 0224)"));

    // --remove without the scope it was given names that scope, and changes nothing.
    const QByteArray kept = readBytes(path(kProject));
    r = cli({QStringLiteral("ack"), kProject, QStringLiteral("dma-without-iommu"), QStringLiteral("--remove")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("it is acknowledged for /pl031@9010000 in domain 'domU1'")), qPrintable(r.err));
    QCOMPARE(readBytes(path(kProject)), kept);
}

void TestCli::platformSetAndShow()
{
    makeBasicProject();
    // A new project targets Xen 4.17 and takes RAM from the DTB (QEMU virt: 2 GiB at 1 GiB).
    auto r = cli({QStringLiteral("platform"), QStringLiteral("show"), kProject, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("xen")).toString(), QStringLiteral("4.17"));
    QVERIFY(o.value(QStringLiteral("ram")).isArray());
    QVERIFY(o.value(QStringLiteral("ram")).toArray().isEmpty());
    r = cli({QStringLiteral("platform"), QStringLiteral("show"), kProject});
    QVERIFY2(r.out.contains(QStringLiteral("0x40000000-0xbfffffff")), qPrintable(r.out));

    RUN_OK({QStringLiteral("platform"), QStringLiteral("set"), kProject, QStringLiteral("--xen"), QStringLiteral("4.19"),
            QStringLiteral("--ram"), QStringLiteral("0x40000000:1G"), QStringLiteral("--ram"),
            QStringLiteral("0x100000000:0x80000000")},
           m_dir->path());
    QCOMPARE(project().platform.xen, xen::Release::Xen419);
    QCOMPARE(project().platform.ram, (QVector<MemoryRange>{{0x40000000, 0x40000000}, {0x100000000ULL, 0x80000000}}));
    r = cli({QStringLiteral("platform"), QStringLiteral("show"), kProject, QStringLiteral("--json")});
    o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("xen")).toString(), QStringLiteral("4.19"));
    const QJsonArray ram = o.value(QStringLiteral("ram")).toArray();
    QCOMPARE(ram.size(), 2);
    QCOMPARE(ram.at(0).toObject().value(QStringLiteral("address")).toDouble(), 1073741824.0);
    QCOMPARE(ram.at(0).toObject().value(QStringLiteral("size")).toDouble(), 1073741824.0);
    QCOMPARE(ram.at(1).toObject().value(QStringLiteral("address")).toDouble(), 4294967296.0);
    QCOMPARE(ram.at(1).toObject().value(QStringLiteral("size")).toDouble(), 2147483648.0);

    // --xen alone keeps the RAM; --no-ram returns to the DTB's.
    RUN_OK({QStringLiteral("platform"), QStringLiteral("set"), kProject, QStringLiteral("--xen"), QStringLiteral("4.22")},
           m_dir->path());
    QCOMPARE(project().platform.ram.size(), 2);
    RUN_OK({QStringLiteral("platform"), QStringLiteral("set"), kProject, QStringLiteral("--no-ram")}, m_dir->path());
    QVERIFY(project().platform.ram.isEmpty());
    QCOMPARE(project().platform.xen, xen::Release::Xen422);

    // devassign's SCMI mediator: off by default, on and off again, shown both ways.
    QCOMPARE(o.value(QStringLiteral("scmi_mediator")), QJsonValue(false));
    RUN_OK({QStringLiteral("platform"), QStringLiteral("set"), kProject, QStringLiteral("--scmi-mediator"), QStringLiteral("on")},
           m_dir->path());
    QVERIFY(project().platform.scmiMediator);
    QCOMPARE(project().platform.xen, xen::Release::Xen422); // the other fields are kept
    r = cli({QStringLiteral("platform"), QStringLiteral("show"), kProject, QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("scmi_mediator")), QJsonValue(true));
    r = cli({QStringLiteral("platform"), QStringLiteral("show"), kProject});
    QVERIFY2(r.out.contains(QStringLiteral("scmi mediator: on")), qPrintable(r.out));
    RUN_OK({QStringLiteral("platform"), QStringLiteral("set"), kProject, QStringLiteral("--scmi-mediator"), QStringLiteral("off")},
           m_dir->path());
    QVERIFY(!project().platform.scmiMediator);
}

void TestCli::scmiShareAndUnshare()
{
    makeBasicProject();
    auto r = cli({QStringLiteral("scmi"), QStringLiteral("share"), kProject, QStringLiteral("--protocol"), QStringLiteral("0x11"),
                  QStringLiteral("--id"), QStringLiteral("8")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QStringLiteral("protocol 0x11 id 8")), qPrintable(r.out));
    QCOMPARE(project().scmiShared, (QVector<ScmiSharedResource>{{0x11, 8}}));
    const QByteArray before = readBytes(path(kProject));
    for (const QStringList &bad : {QStringList{QStringLiteral("--protocol"), QStringLiteral("0x5"), QStringLiteral("--id"), QStringLiteral("1")},
                                   QStringList{QStringLiteral("--protocol"), QStringLiteral("0x14"), QStringLiteral("--id"), QStringLiteral("65536")},
                                   QStringList{QStringLiteral("--protocol"), QStringLiteral("clock"), QStringLiteral("--id"), QStringLiteral("1")},
                                   QStringList{QStringLiteral("--id"), QStringLiteral("1")},
                                   // An id given twice is refused, not half kept.
                                   QStringList{QStringLiteral("--protocol"), QStringLiteral("0x11"), QStringLiteral("--id"), QStringLiteral("1"),
                                               QStringLiteral("--id"), QStringLiteral("2")}}) {
        r = cli(QStringList{QStringLiteral("scmi"), QStringLiteral("share"), kProject} + bad);
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    }
    QCOMPARE(readBytes(path(kProject)), before);
    // Unsharing what is not shared is an error, as unassigning what is not assigned is.
    r = cli({QStringLiteral("scmi"), QStringLiteral("unshare"), kProject, QStringLiteral("--protocol"), QStringLiteral("0x11"),
             QStringLiteral("--id"), QStringLiteral("010")});
    QVERIFY2(r.exitCode != 0 && r.err.contains(QLatin1String("protocol 0x11 id 10 is not marked shared")), qPrintable(describe(r)));
    QCOMPARE(readBytes(path(kProject)), before);
    // "017" is decimal seventeen = 0x11, the shared protocol.
    RUN_OK({QStringLiteral("scmi"), QStringLiteral("unshare"), kProject, QStringLiteral("--protocol"), QStringLiteral("017"),
            QStringLiteral("--id"), QStringLiteral("08")},
           m_dir->path());
    QVERIFY(project().scmiShared.isEmpty());
}

void TestCli::platformBadInput()
{
    makeBasicProject();
    const QByteArray before = readBytes(path(kProject));
    const QVector<QPair<QStringList, QString>> bad = {
        {{QStringLiteral("--xen"), QStringLiteral("4.16")}, QStringLiteral("--xen '4.16' is not a Xen release")},
        {{QStringLiteral("--ram"), QStringLiteral("0x40000000")}, QStringLiteral("is not ADDR:SIZE")},
        {{QStringLiteral("--ram"), QStringLiteral("0x40000000:0")}, QStringLiteral("has size 0")},
        {{QStringLiteral("--ram"), QStringLiteral("0xffffffffffff0000:1M")}, QStringLiteral("beyond the 64-bit")},
        {{QStringLiteral("--ram"), QStringLiteral("0x40000000:1G"), QStringLiteral("--ram"), QStringLiteral("0x7ffff000:1M")},
         QStringLiteral("overlap")},
        {{QStringLiteral("--ram"), QStringLiteral("0x40000000:1G"), QStringLiteral("--no-ram")}, QStringLiteral("contradict")},
        {{QStringLiteral("--scmi-mediator"), QStringLiteral("yes")}, QStringLiteral("--scmi-mediator 'yes' is not on or off")},
    };
    for (const auto &[extra, problem] : bad) {
        const auto r = cli(QStringList{QStringLiteral("platform"), QStringLiteral("set"), kProject} + extra);
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY2(r.err.startsWith(QLatin1String("devassign platform set: ")) && r.err.contains(problem), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    }
    QCOMPARE(readBytes(path(kProject)), before);
    auto r = cli({QStringLiteral("platform"), QStringLiteral("frob"), kProject});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("unknown verb 'frob'")), qPrintable(r.err));
    // A hand-edited project naming an unknown release: one line, exit 2.
    QJsonObject root = QJsonDocument::fromJson(before).object();
    root[QStringLiteral("platform")] = QJsonObject{{QStringLiteral("xen"), QStringLiteral("3.0")}};
    QVERIFY(writeBytes(path(kProject), QJsonDocument(root).toJson()));
    r = cli({QStringLiteral("check"), kProject});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("key 'platform.xen' is '3.0', not one of the Xen releases")), qPrintable(r.err));
}

void TestCli::corruptOrNewerProject()
{
    makeBasicProject();
    QJsonObject root = QJsonDocument::fromJson(readBytes(path(kProject))).object();
    root[QStringLiteral("version")] = 3;
    QVERIFY(writeBytes(path(QStringLiteral("newer.devassign.json")), QJsonDocument(root).toJson()));
    root[QStringLiteral("version")] = 1;
    QJsonArray domains = root.value(QStringLiteral("domains")).toArray();
    QJsonObject d = domains.at(0).toObject();
    d[QStringLiteral("vcpus")] = QStringLiteral("two");
    domains[0] = d;
    root[QStringLiteral("domains")] = domains;
    QVERIFY(writeBytes(path(QStringLiteral("typed.devassign.json")), QJsonDocument(root).toJson()));
    QVERIFY(writeBytes(path(QStringLiteral("cut.devassign.json")), readBytes(path(kProject)).left(40)));

    const QStringList commands[] = {
        {QStringLiteral("domain"), QStringLiteral("list")},
        {QStringLiteral("check")},
        {QStringLiteral("export")},
        {QStringLiteral("unassign")},
    };
    for (const QStringList &command : commands) {
        QStringList args = command;
        const QString name = command.join(QLatin1Char(' '));
        const auto tail = [&](const QString &file) {
            QStringList a = args;
            a << file;
            if (name == QLatin1String("export"))
                a << QStringLiteral("-o") << QStringLiteral("out");
            if (name == QLatin1String("unassign"))
                a << QStringLiteral("/pl031@9010000");
            return a;
        };
        auto r = cli(tail(QStringLiteral("newer.devassign.json")));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QStringLiteral("devassign %1: newer.devassign.json: format version 3 is newer than this "
                                       "devassign understands (1); upgrade devassign\n")
                            .arg(name));
        r = cli(tail(QStringLiteral("typed.devassign.json")));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QStringLiteral("devassign %1: typed.devassign.json: key 'domains[0].vcpus' must be a "
                                       "non-negative integer\n")
                            .arg(name));
        r = cli(tail(QStringLiteral("cut.devassign.json")));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("devassign %1: cut.devassign.json: not valid JSON").arg(name)),
                 qPrintable(r.err));
        r = cli(tail(QStringLiteral("absent.devassign.json")));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("devassign %1: absent.devassign.json: cannot read").arg(name)),
                 qPrintable(r.err));
    }
    QVERIFY(!QFile::exists(path(QStringLiteral("out"))));
}

// Two `assign` at once on one project lost an update 50 of 50 times (issue 11): each now holds the
// project's lock for its load-edit-save, so both assignments are in the file every time.
void TestCli::concurrentEditsAreNotLost()
{
    makeBasicProject();
    RUN_OK({QStringLiteral("domain"), QStringLiteral("add"), kProject, QStringLiteral("domU2")}, m_dir->path());
    const QStringList nodes = {QStringLiteral("/pl061@9030000"), QStringLiteral("/fw-cfg@9020000")};
    for (int round = 0; round < 50; ++round) {
        QProcess a, b;
        for (QProcess *p : {&a, &b})
            p->setWorkingDirectory(m_dir->path());
        a.start(QStringLiteral(DEVASSIGN_CLI), {QStringLiteral("assign"), kProject, QStringLiteral("domU2"), nodes[0]});
        b.start(QStringLiteral(DEVASSIGN_CLI), {QStringLiteral("assign"), kProject, QStringLiteral("domU1"), nodes[1]});
        QVERIFY(a.waitForFinished(30000) && b.waitForFinished(30000));
        QCOMPARE(a.exitCode(), 0);
        QCOMPARE(b.exitCode(), 0);
        const Project p = project();
        QVERIFY2(p.domain(QStringLiteral("domU2"))->devices.contains(nodes[0]), qPrintable(QString::number(round)));
        QVERIFY2(p.domain(QStringLiteral("domU1"))->devices.contains(nodes[1]), qPrintable(QString::number(round)));
        RUN_OK({QStringLiteral("unassign"), kProject, nodes[0], nodes[1]}, m_dir->path());
    }
}

// A path with a byte that is not UTF-8 would reach Qt as U+FFFD and name another file: refused in
// one line before anything is written. The raw bytes go through /bin/sh's printf, as a user's
// shell passes them (a QString argument could not hold them).
void TestCli::nonUtf8ArgumentIsRefused()
{
    makeBasicProject();
    const auto runRaw = [&](const QString &script) {
        QProcess p;
        p.setWorkingDirectory(m_dir->path());
        p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script, QStringLiteral("sh"), QStringLiteral(DEVASSIGN_CLI), kProject});
        p.waitForFinished(30000);
        return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardError()));
    };
    // Latin-1 "exp\xe9" (export dir): byte 4 of argument 4.
    auto [code, err] = runRaw(QStringLiteral(R"sh("$1" export "$2" -o "$(printf 'exp\351')")sh"));
    QCOMPARE(code, 2);
    QCOMPARE(err, QStringLiteral("devassign: argument 4 is not valid UTF-8 (byte 0xe9 at position 4): "
                                 "names and paths must be UTF-8\n"));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList());
    // A valid multibyte character and a literal U+FFFD before the bad byte: positions count bytes.
    std::tie(code, err) = runRaw(QStringLiteral(R"sh("$1" export "$2" -o "$(printf '\303\251\357\277\275\377')")sh"));
    QCOMPARE(code, 2);
    QVERIFY2(err.startsWith(QStringLiteral("devassign: argument 4 is not valid UTF-8 (byte 0xff at position 6)")), qPrintable(err));
    // A leading byte order mark, which the decoder would drop from the name; with a bad byte
    // after it, the position still counts the mark's three bytes.
    std::tie(code, err) = runRaw(QStringLiteral(R"sh("$1" export "$2" -o "$(printf '\357\273\277out')")sh"));
    QCOMPARE(code, 2);
    QVERIFY2(err.startsWith(QStringLiteral("devassign: argument 4 starts with a UTF-8 byte order mark")), qPrintable(err));
    std::tie(code, err) = runRaw(QStringLiteral(R"sh("$1" export "$2" -o "$(printf '\357\273\277a\377')")sh"));
    QCOMPARE(code, 2);
    QVERIFY2(err.startsWith(QStringLiteral("devassign: argument 4 is not valid UTF-8 (byte 0xff at position 5)")), qPrintable(err));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList());
    // UTF-8 names are fine.
    std::tie(code, err) = runRaw(QStringLiteral(R"sh("$1" export "$2" -o "$(printf 'sortie-\303\251')")sh"));
    QCOMPARE(code, 0);
    QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("sortie-\u00e9/dom0less/host.dtb"))));
}

// A writer that keeps the lock: the next one waits briefly, then says so in one line and saves nothing.
void TestCli::lockedProjectWaitsThenFails()
{
    makeBasicProject();
    const QByteArray before = readBytes(path(kProject));
    const Result<ProjectLock> held = ProjectLock::acquire(path(kProject));
    QVERIFY2(held.ok(), qPrintable(held.error()));
    QElapsedTimer clock;
    clock.start();
    const auto r = cli({QStringLiteral("unassign"), kProject, QStringLiteral("/pl031@9010000")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(clock.elapsed() >= ProjectLock::kWaitMs - 500);
    QCOMPARE(r.err, QStringLiteral("devassign unassign: p.devassign.json: another devassign is editing this project "
                                   "(waited 5 s); try again when it has finished\n"));
    QCOMPARE(readBytes(path(kProject)), before);
}

// A changed host DTB may give the project's node paths other meanings: every command refuses the
// project (one line, exit 2, nothing written) until `rehost` records the new tree, and a missing
// host DTB is refused by every command too.
void TestCli::hostChangeWarns()
{
    makeBasicProject();
    // same node paths, different bytes: QEMU virt with GICv2
    QVERIFY(QFile::remove(path(QStringLiteral("virt.dtb"))));
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("virt-gicv2.dtb")), path(QStringLiteral("virt.dtb"))));
    const QByteArray before = readBytes(path(kProject));
    for (const QStringList &args : {QStringList{QStringLiteral("domain"), QStringLiteral("list"), kProject},
                                    QStringList{QStringLiteral("check"), kProject, QStringLiteral("--json")},
                                    QStringList{QStringLiteral("domain"), QStringLiteral("set"), kProject,
                                                QStringLiteral("domU1"), QStringLiteral("--vcpus"), QStringLiteral("2")}}) {
        const auto r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(r.err.contains(QLatin1String(": p.devassign.json: host DTB ")) && r.err.contains(QLatin1String("changed"))
                     && r.err.endsWith(QLatin1String("record it with: devassign rehost p.devassign.json\n")),
                 qPrintable(r.err));
        QCOMPARE(readBytes(path(kProject)), before);
    }
    auto r = cli({QStringLiteral("rehost"), kProject});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.err.contains(QLatin1String("warning: host DTB")));
    QString expectedSha;
    {
        QFile f(path(QStringLiteral("virt.dtb")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        expectedSha = QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
    }
    QCOMPARE(project().hostDtbSha256, expectedSha);
    r = cli({QStringLiteral("check"), kProject, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, qPrintable(describe(r)));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("host_dtb_changed")),
             QJsonValue(false));

    // rehost --dtb moves the project to another tree and names the assigned nodes it lacks.
    QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")), path(QStringLiteral("juno.dtb"))));
    r = cli({QStringLiteral("rehost"), kProject, QStringLiteral("--dtb"), QStringLiteral("juno.dtb")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(project().hostDtb, QStringLiteral("juno.dtb"));
    QCOMPARE(r.err, QStringLiteral("devassign rehost: p.devassign.json: warning: the host DTB has no node for "
                                   "domain domU1: /pl031@9010000\n"));

    // a missing host DTB is refused by every command
    QVERIFY(QFile::remove(path(QStringLiteral("juno.dtb"))));
    r = cli({QStringLiteral("domain"), QStringLiteral("set"), kProject, QStringLiteral("domU1"),
             QStringLiteral("--vcpus"), QStringLiteral("2")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QLatin1String("devassign domain set: p.devassign.json: cannot load the host DTB: ")),
             qPrintable(r.err));
}

void TestCli::checkExitCodes()
{
    makeBasicProject();
    auto r = cli({QStringLiteral("check"), kProject});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.endsWith(QLatin1String("0 errors, 0 warnings (0 acknowledged)\n")), qPrintable(r.out));

    // /pl031@9010000 in two domains (only a hand edit can do this): rule device-in-two-domains
    makeDoubleAssignment();
    r = cli({QStringLiteral("check"), kProject});
    QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    bool found = false;
    for (const QString &line : lines)
        found = found
                || (line.startsWith(QLatin1String("error[device-in-two-domains] "))
                    && line.contains(QLatin1String("/pl031@9010000")) && line.contains(QLatin1String("  fix: ")));
    QVERIFY2(found, qPrintable(r.out));
    // The summary counts the lines above it, with "1 error" and "1 warning" in the singular.
    int errors = 0, warnings = 0;
    for (const QString &line : lines) {
        errors += line.startsWith(QLatin1String("error[")) && !line.endsWith(QLatin1String("(acknowledged)"));
        warnings += line.startsWith(QLatin1String("warning[")) && !line.endsWith(QLatin1String("(acknowledged)"));
    }
    QVERIFY(errors >= 1);
    const auto counted = [](int n, const QString &noun) {
        return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? noun : noun + QLatin1Char('s'));
    };
    QCOMPARE(lines.last(), QStringLiteral("%1, %2 (0 acknowledged)")
                               .arg(counted(errors, QStringLiteral("error")), counted(warnings, QStringLiteral("warning"))));

    r = cli({QStringLiteral("check"), QStringLiteral("absent.devassign.json")});
    QCOMPARE(r.exitCode, 2);
    r = cli({QStringLiteral("check")});
    QCOMPARE(r.exitCode, 2);
}

void TestCli::checkJson()
{
    makeDoubleAssignment();
    const auto r = cli({QStringLiteral("check"), kProject, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
    QJsonParseError e;
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &e).object();
    QVERIFY2(e.error == QJsonParseError::NoError, qPrintable(e.errorString()));
    QVERIFY(o.value(QStringLiteral("errors")).toInt() >= 1);
    QVERIFY(o.value(QStringLiteral("warnings")).isDouble());
    QCOMPARE(o.value(QStringLiteral("acknowledged")).toInt(), 0);
    QCOMPARE(o.value(QStringLiteral("host_dtb_changed")), QJsonValue(false));
    const QJsonArray diagnostics = o.value(QStringLiteral("diagnostics")).toArray();
    int errors = 0;
    bool twoDomains = false;
    for (const QJsonValue &v : diagnostics) {
        const QJsonObject d = v.toObject();
        for (const char *key :
             {"rule", "severity", "message", "fix", "domain", "node", "related", "acknowledged", "source"})
            QVERIFY2(d.contains(QLatin1String(key)), key);
        errors += d.value(QStringLiteral("severity")).toString() == QLatin1String("error")
                          && !d.value(QStringLiteral("acknowledged")).toBool()
                      ? 1
                      : 0;
        twoDomains = twoDomains
                     || (d.value(QStringLiteral("rule")).toString() == QLatin1String("device-in-two-domains")
                         && d.value(QStringLiteral("node")).toString() == QLatin1String("/pl031@9010000"));
    }
    QCOMPARE(errors, o.value(QStringLiteral("errors")).toInt());
    QVERIFY(twoDomains);

    // acknowledging every error makes the project pass, and the count moves to "acknowledged"
    QStringList rules;
    for (const QJsonValue &v : diagnostics)
        if (v.toObject().value(QStringLiteral("severity")).toString() == QLatin1String("error"))
            rules.append(v.toObject().value(QStringLiteral("rule")).toString());
    rules.removeDuplicates();
    for (const QString &rule : rules)
        RUN_OK({QStringLiteral("ack"), kProject, rule}, m_dir->path());
    const auto acked = cli({QStringLiteral("check"), kProject, QStringLiteral("--json")});
    QVERIFY2(acked.exitCode == 0, qPrintable(describe(acked)));
    const QJsonObject ao = QJsonDocument::fromJson(acked.out.toUtf8()).object();
    QCOMPARE(ao.value(QStringLiteral("errors")).toInt(), 0);
    QVERIFY(ao.value(QStringLiteral("acknowledged")).toInt() >= errors);
}

void TestCli::exportWritesFiles()
{
    makeBasicProject();
    const auto r = cli({QStringLiteral("export"), kProject, QStringLiteral("-o"), QStringLiteral("out")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QStringList listed = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const char *expected : {"out/domU1/passthrough.dtb", "out/domU1/passthrough.dts", "out/dom0less/host.dtb",
                                 "out/imagebuilder.cfg", "out/audit.md"})
        QVERIFY2(listed.contains(QLatin1String(expected)), expected);
    for (const QString &file : listed)
        QVERIFY2(QFileInfo(path(file)).isFile() && QFileInfo(path(file)).size() > 0, qPrintable(file));
    // the dom0less host DTB is a real DTB that loads and marks the RTC for passthrough
    QString error;
    const auto host = HostModel::load(path(QStringLiteral("out/dom0less/host.dtb")), &error);
    QVERIFY2(host, qPrintable(error));
    QVERIFY(host->node(QStringLiteral("/pl031@9010000"))->property(QStringLiteral("xen,passthrough")));
    // no xl target: no dom.cfg
    QVERIFY(!QFile::exists(path(QStringLiteral("out/domU1/dom.cfg"))));

    // exporting again replaces the previous export
    RUN_OK({QStringLiteral("domain"), QStringLiteral("set"), kProject, QStringLiteral("domU1"),
            QStringLiteral("--target"), QStringLiteral("xl")},
           m_dir->path());
    RUN_OK({QStringLiteral("export"), kProject, QStringLiteral("-o"), QStringLiteral("out")}, m_dir->path());
    QVERIFY(QFile::exists(path(QStringLiteral("out/domU1/dom.cfg"))));
    QVERIFY(!QFile::exists(path(QStringLiteral("out/dom0less/host.dtb"))));
}

void TestCli::exportRefusesWithErrors()
{
    makeDoubleAssignment();
    auto r = cli({QStringLiteral("export"), kProject, QStringLiteral("-o"), QStringLiteral("out")});
    QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QLatin1String("error[device-in-two-domains]")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("devassign export: p.devassign.json: "))
                 && r.err.contains(QLatin1String("nothing written")),
             qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(path(QStringLiteral("out"))));
    QCOMPARE(
        QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
        (QStringList{QStringLiteral("Image"), QStringLiteral("initrd.cpio.gz"), kProject, QStringLiteral("virt.dtb")}));

    // --force exports and says so in the headers
    r = cli(
        {QStringLiteral("export"), kProject, QStringLiteral("-o"), QStringLiteral("out"), QStringLiteral("--force")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.err.contains(QLatin1String("warning: exporting despite")));
    const QByteArray dts = readBytes(path(QStringLiteral("out/domU1/passthrough.dts")));
    QVERIFY2(dts.contains("--force"), dts.left(400).constData());
}

void TestCli::exportBadInput()
{
    makeBasicProject();
    // a kernel that is not there
    QVERIFY(QFile::remove(path(QStringLiteral("Image"))));
    auto r = cli({QStringLiteral("export"), kProject, QStringLiteral("-o"), QStringLiteral("out")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("devassign export: p.devassign.json: domain 'domU1': kernel Image not found (%1)\n")
                        .arg(path(QStringLiteral("Image"))));
    QVERIFY(!QFile::exists(path(QStringLiteral("out"))));
    QVERIFY(writeBytes(path(QStringLiteral("Image")), "kernel"));

    // never replaces a directory that is not a previous export
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("mine")));
    QVERIFY(writeBytes(path(QStringLiteral("mine/notes.txt")), "precious"));
    r = cli(
        {QStringLiteral("export"), kProject, QStringLiteral("-o"), QStringLiteral("mine"), QStringLiteral("--force")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QLatin1String("devassign export: p.devassign.json: mine is not empty")),
             qPrintable(r.err));
    QCOMPARE(readBytes(path(QStringLiteral("mine/notes.txt"))), QByteArray("precious"));

    r = cli({QStringLiteral("export"), kProject});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("-o DIR")), qPrintable(r.err));
}

void TestCli::helpAndUnknownCommands()
{
    for (const char *command : {"new", "domain", "assign", "unassign", "dependency", "ack", "check", "export"}) {
        const auto r = runCli({QString::fromLatin1(command), QStringLiteral("--help")});
        QVERIFY2(r.exitCode == 0 && !r.out.isEmpty(), command);
    }
    const auto sub = runCli({QStringLiteral("domain"), QStringLiteral("add"), QStringLiteral("--help")});
    QVERIFY2(sub.exitCode == 0 && sub.out.contains(QLatin1String("--static-mem")), qPrintable(sub.out));
    const auto usage = runCli({QStringLiteral("--help")});
    for (const char *command : {"new", "domain", "assign", "unassign", "ack", "check", "export"})
        QVERIFY2(usage.out.contains(QStringLiteral("  %1 ").arg(QLatin1String(command))), command);
    auto r = runCli({QStringLiteral("domain"), QStringLiteral("grow")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.startsWith(QLatin1String("devassign domain: unknown verb 'grow'")));
    r = runCli({QStringLiteral("check"), QStringLiteral("--bogus"), QStringLiteral("p")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.startsWith(QLatin1String("devassign check: ")));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
