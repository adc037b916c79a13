// SPDX-License-Identifier: GPL-2.0-or-later
// The project file (docs/project-format.md) and the edit functions of core/project.h.
#include "format.h"
#include "project.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

#include <unistd.h>

using namespace devassign;

namespace {

DomainConfig fullDomain()
{
    DomainConfig d;
    d.name = QStringLiteral("domU1");
    d.memoryKiB = 512 * 1024;
    d.vcpus = 2;
    d.kernel = QStringLiteral("images/Image");
    d.ramdisk = QStringLiteral("images/initrd.cpio.gz");
    d.bootargs = QStringLiteral("console=ttyAMA0 rdinit=/init \"quoted\"");
    d.directMap = true;
    d.staticMemory = {{0x50000000, 0x10000000}, {0x880000000ULL, 0x20000000}};
    d.vpl011 = false;
    d.enhanced = QStringLiteral("no-xenstore");
    d.gicVersion = QStringLiteral("v3");
    d.dom0less = true;
    d.xl = true;
    d.xlDir = QStringLiteral("/srv/xen/domU1");
    d.devices = {QStringLiteral("/pl031@9010000"), QStringLiteral("/pl061@9030000")};
    d.dependencyDecisions = {{QStringLiteral("/apb-pclk"), DependencyAction::Stub},
                             {QStringLiteral("/soc/clock-controller@1"), DependencyAction::Copy},
                             {QStringLiteral("/soc/pinctrl@2/uart0"), DependencyAction::Drop}};
    return d;
}

Project fullProject()
{
    Project p;
    p.hostDtb = QStringLiteral("../boards/virt.dtb");
    p.hostDtbSha256 = QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    p.xenBootargs = QStringLiteral("console=dtuart dtuart=/pl011@9000000 dom0_mem=512M");
    p.domains.append(fullDomain());
    DomainConfig xl;
    xl.name = QStringLiteral("net_dom-2");
    xl.dom0less = false;
    xl.xl = true;
    xl.uuid = QStringLiteral("5b1e3c52-8d0a-4f7e-9a61-2c4d8e0f1a23"); // kept from an imported dom.cfg
    // above 2^53: must survive the trip through JSON doubles
    xl.staticMemory = {{0xfff0000000000000ULL, 0x1000}};
    p.domains.append(xl);
    p.acknowledgements.append({QStringLiteral("dma-without-iommu"), QStringLiteral("/pl061@9030000"),
                               QStringLiteral("domU1"), QStringLiteral("GPIO does no DMA")});
    p.acknowledgements.append({QStringLiteral("irq-shared"), QString(), QString(), QString()});
    return p;
}

QJsonObject validJson()
{
    return QJsonDocument::fromJson(projectToJson(fullProject())).object();
}

QJsonObject firstDomain(const QJsonObject &root)
{
    return root.value(QStringLiteral("domains")).toArray().at(0).toObject();
}

// Replaces domains[0] by `d`.
void setFirstDomain(QJsonObject &root, const QJsonObject &d)
{
    QJsonArray domains = root.value(QStringLiteral("domains")).toArray();
    domains[0] = d;
    root[QStringLiteral("domains")] = domains;
}

void setDomainKey(QJsonObject &root, const QString &key, const QJsonValue &v)
{
    QJsonObject d = firstDomain(root);
    if (v.isUndefined())
        d.remove(key);
    else
        d[key] = v;
    setFirstDomain(root, d);
}

class ImmutableDirGuard {
public:
    explicit ImmutableDirGuard(const QString &dir) : m_dir(dir) {}
    ~ImmutableDirGuard()
    {
        if (m_immutable)
            QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), m_dir});
        QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    bool makeReadOnly()
    {
        if (!QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup))
            return false;
        if (geteuid() != 0)
            return true;
        // root ignores permission bits; the immutable attribute stops it too
        m_immutable = QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), m_dir}) == 0;
        return m_immutable;
    }

private:
    QString m_dir;
    bool m_immutable = false;
};

} // namespace

class TestProject : public QObject {
    Q_OBJECT

private slots:
    void roundTripEveryField();
    void jsonIsDeterministicAndReadable();
    void defaultsForOptionalKeys();
    void newerVersionRefused();
    void malformedFiles();
    void readMissingFile();
    void domainNames();
    void domainNamesDifferInMoreThanCase();
    void addAndRemoveDomain();
    void assignRefusesDoubleAssignment();
    void assignRefusesNodesThatAreNotDevices();
    void assignPositionsAndUnassign();
    void moveDevice();
    void renamePropagates();
    void updateKeepsDevices();
    void dependencyDecisions();
    void acknowledgements();
    void projectPaths();
    void saveIntoReadOnlyDirKeepsOldFile();
    void saveFailureOnTempFileKeepsOldFile();
    void saveOverExistingFile();
    void numbersAreDecimalOrHex();
};

void TestProject::roundTripEveryField()
{
    const Project p = fullProject();
    QString error;
    const auto back = projectFromJson(projectToJson(p), QStringLiteral("p.devassign.json"));
    error = back.error();
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->domains.size(), 2);
    QCOMPARE(back->domains.at(0), p.domains.at(0));
    QCOMPARE(back->domains.at(1).staticMemory.at(0).address, 0xfff0000000000000ULL);
    QCOMPARE(back->domains.at(1).uuid, QStringLiteral("5b1e3c52-8d0a-4f7e-9a61-2c4d8e0f1a23"));
    QCOMPARE(back->acknowledgements.at(0).note, QStringLiteral("GPIO does no DMA"));
    QVERIFY(*back == p);

    // through a file too
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("p.devassign.json"));
    QVERIFY2((error = writeProject(p, file).error()).isEmpty(), qPrintable(error));
    const auto fromFile = readProject(file);
    error = fromFile.error();
    QVERIFY2(fromFile, qPrintable(error));
    QVERIFY(*fromFile == p);

    // a change in any field makes the projects differ
    Project changed = p;
    changed.acknowledgements[0].note = QStringLiteral("other");
    QVERIFY(!(changed == p));
    changed = p;
    changed.domains[0].dependencyDecisions[QStringLiteral("/apb-pclk")] = DependencyAction::Copy;
    QVERIFY(!(changed == p));
}

void TestProject::jsonIsDeterministicAndReadable()
{
    const QByteArray a = projectToJson(fullProject());
    QCOMPARE(projectToJson(fullProject()), a);
    QString error;
    QCOMPARE(projectToJson(*projectFromJson(a, QStringLiteral("p"))), a);
    const QJsonObject root = QJsonDocument::fromJson(a).object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("devassign-project"));
    QCOMPARE(root.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(root.value(QStringLiteral("host")).toObject().value(QStringLiteral("dtb")).toString(),
             QStringLiteral("../boards/virt.dtb"));
    const QJsonObject d = firstDomain(root);
    QCOMPARE(d.value(QStringLiteral("memory_kib")).toInteger(), 512 * 1024);
    QCOMPARE(d.value(QStringLiteral("targets")).toArray(),
             (QJsonArray{QStringLiteral("dom0less"), QStringLiteral("xl")}));
    QCOMPARE(d.value(QStringLiteral("static_memory"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("address"))
                 .toInteger(),
             0x50000000);
    QCOMPARE(d.value(QStringLiteral("dependency_decisions")).toObject().value(QStringLiteral("/apb-pclk")).toString(),
             QStringLiteral("stub"));
    const QJsonObject big = root.value(QStringLiteral("domains")).toArray().at(1).toObject();
    QCOMPARE(big.value(QStringLiteral("static_memory")).toArray().at(0).toObject().value(QStringLiteral("address")),
             QJsonValue(QStringLiteral("0xfff0000000000000")));
}

void TestProject::defaultsForOptionalKeys()
{
    const QByteArray json = R"({"format": "devassign-project", "version": 1, "host": {"dtb": "virt.dtb"},
                                "domains": [{"name": "d"}]})";
    QString error;
    const auto p = projectFromJson(json, QStringLiteral("min.devassign.json"));
    error = p.error();
    QVERIFY2(p, qPrintable(error));
    QCOMPARE(p->hostDtbSha256, QString());
    QVERIFY(p->acknowledgements.isEmpty());
    const DomainConfig &d = p->domains.at(0);
    DomainConfig expected;
    expected.name = QStringLiteral("d");
    QCOMPARE(d, expected);
    QCOMPARE(d.memoryKiB, quint64(256 * 1024));
    QVERIFY(d.vpl011);
    QVERIFY(d.dom0less);
    QVERIFY(!d.xl);
    QCOMPARE(d.effectiveXlDir(), QStringLiteral("/etc/xen/d"));
}

void TestProject::newerVersionRefused()
{
    QJsonObject root = validJson();
    root[QStringLiteral("version")] = 3;
    QString error;
    QVERIFY(!(error = projectFromJson(QJsonDocument(root).toJson(), QStringLiteral("p.devassign.json")).error()).isEmpty());
    QCOMPARE(error, QStringLiteral("p.devassign.json: format version 3 is newer than this devassign understands (1); "
                                   "upgrade devassign"));
}

void TestProject::malformedFiles()
{
    struct Case {
        const char *what;
        std::function<void(QJsonObject &)> mutate;
        QString key;
    };
    const auto drop = QJsonValue(QJsonValue::Undefined);
    const QVector<Case> cases = {
        {"no format", [](QJsonObject &r) { r.remove(QStringLiteral("format")); }, QStringLiteral("format")},
        {"other format", [](QJsonObject &r) { r[QStringLiteral("format")] = QStringLiteral("lopper"); },
         QStringLiteral("format")},
        {"version string", [](QJsonObject &r) { r[QStringLiteral("version")] = QStringLiteral("1"); },
         QStringLiteral("version")},
        {"version 0", [](QJsonObject &r) { r[QStringLiteral("version")] = 0; }, QStringLiteral("version")},
        {"no version", [](QJsonObject &r) { r.remove(QStringLiteral("version")); }, QStringLiteral("version")},
        {"no host", [](QJsonObject &r) { r.remove(QStringLiteral("host")); }, QStringLiteral("host")},
        {"host string", [](QJsonObject &r) { r[QStringLiteral("host")] = QStringLiteral("virt.dtb"); },
         QStringLiteral("host")},
        {"host.dtb number",
         [](QJsonObject &r) {
             r[QStringLiteral("host")] = QJsonObject{{QStringLiteral("dtb"), 1}};
         },
         QStringLiteral("host.dtb")},
        {"host.dtb empty",
         [](QJsonObject &r) {
             r[QStringLiteral("host")] = QJsonObject{{QStringLiteral("dtb"), ""}};
         },
         QStringLiteral("host.dtb")},
        {"sha256 number",
         [](QJsonObject &r) {
             r[QStringLiteral("host")] = QJsonObject{{QStringLiteral("dtb"), "v.dtb"}, {QStringLiteral("sha256"), 5}};
         },
         QStringLiteral("host.sha256")},
        {"xen_bootargs list", [](QJsonObject &r) { r[QStringLiteral("xen_bootargs")] = QJsonArray(); },
         QStringLiteral("xen_bootargs")},
        {"no domains", [](QJsonObject &r) { r.remove(QStringLiteral("domains")); }, QStringLiteral("domains")},
        {"domains object", [](QJsonObject &r) { r[QStringLiteral("domains")] = QJsonObject(); },
         QStringLiteral("domains")},
        {"domain a string", [](QJsonObject &r) { r[QStringLiteral("domains")] = QJsonArray{QStringLiteral("d")}; },
         QStringLiteral("domains[0]")},
        {"no name", [&](QJsonObject &r) { setDomainKey(r, QStringLiteral("name"), drop); },
         QStringLiteral("domains[0].name")},
        {"bad name", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("name"), QStringLiteral("dom U")); },
         QStringLiteral("domains[0].name")},
        {"memory string", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("memory_kib"), QStringLiteral("lots")); },
         QStringLiteral("domains[0].memory_kib")},
        {"memory negative", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("memory_kib"), -4); },
         QStringLiteral("domains[0].memory_kib")},
        {"memory fraction", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("memory_kib"), 1.5); },
         QStringLiteral("domains[0].memory_kib")},
        {"memory zero", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("memory_kib"), 0); },
         QStringLiteral("domains[0].memory_kib")},
        {"vcpus zero", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("vcpus"), 0); },
         QStringLiteral("domains[0].vcpus")},
        {"kernel number", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("kernel"), 7); },
         QStringLiteral("domains[0].kernel")},
        {"direct_map string",
         [](QJsonObject &r) { setDomainKey(r, QStringLiteral("direct_map"), QStringLiteral("yes")); },
         QStringLiteral("domains[0].direct_map")},
        {"vpl011 number", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("vpl011"), 1); },
         QStringLiteral("domains[0].vpl011")},
        {"static bank no size",
         [](QJsonObject &r) {
             setDomainKey(r, QStringLiteral("static_memory"),
                          QJsonArray{QJsonObject{{QStringLiteral("address"), 4096}}});
         },
         QStringLiteral("domains[0].static_memory[0].size")},
        {"static bank bad hex",
         [](QJsonObject &r) {
             setDomainKey(r, QStringLiteral("static_memory"),
                          QJsonArray{QJsonObject{{QStringLiteral("address"), "0xzz"}, {QStringLiteral("size"), 1}}});
         },
         QStringLiteral("domains[0].static_memory[0].address")},
        {"enhanced unknown",
         [](QJsonObject &r) { setDomainKey(r, QStringLiteral("enhanced"), QStringLiteral("maybe")); },
         QStringLiteral("domains[0].enhanced")},
        {"gic v4", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("gic_version"), QStringLiteral("v4")); },
         QStringLiteral("domains[0].gic_version")},
        {"uuid braces",
         [](QJsonObject &r) {
             setDomainKey(r, QStringLiteral("uuid"), QStringLiteral("{5b1e3c52-8d0a-4f7e-9a61-2c4d8e0f1a23}"));
         },
         QStringLiteral("domains[0].uuid")},
        {"uuid short", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("uuid"), QStringLiteral("5b1e3c52")); },
         QStringLiteral("domains[0].uuid")},
        {"targets string", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("targets"), QStringLiteral("xl")); },
         QStringLiteral("domains[0].targets")},
        {"targets empty", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("targets"), QJsonArray{}); },
         QStringLiteral("domains[0].targets")},
        {"target unknown",
         [](QJsonObject &r) { setDomainKey(r, QStringLiteral("targets"), QJsonArray{QStringLiteral("qemu")}); },
         QStringLiteral("domains[0].targets")},
        {"device number", [](QJsonObject &r) { setDomainKey(r, QStringLiteral("devices"), QJsonArray{3}); },
         QStringLiteral("domains[0].devices[0]")},
        {"device relative",
         [](QJsonObject &r) { setDomainKey(r, QStringLiteral("devices"), QJsonArray{QStringLiteral("pl031")}); },
         QStringLiteral("domains[0].devices[0]")},
        {"device twice",
         [](QJsonObject &r) {
             setDomainKey(r, QStringLiteral("devices"), QJsonArray{QStringLiteral("/a"), QStringLiteral("/a")});
         },
         QStringLiteral("domains[0].devices[1]")},
        {"device /chosen",
         [](QJsonObject &r) {
             setDomainKey(r, QStringLiteral("devices"), QJsonArray{QStringLiteral("/a"), QStringLiteral("/chosen")});
         },
         QStringLiteral("domains[0].devices[1]")},
        {"decision unknown",
         [](QJsonObject &r) {
             setDomainKey(r, QStringLiteral("dependency_decisions"), QJsonObject{{QStringLiteral("/clk"), "keep"}});
         },
         QStringLiteral("domains[0].dependency_decisions./clk")},
        {"duplicate domain name",
         [](QJsonObject &r) {
             QJsonArray domains = r.value(QStringLiteral("domains")).toArray();
             QJsonObject second = domains.at(1).toObject();
             second[QStringLiteral("name")] = QStringLiteral("domU1");
             domains[1] = second;
             r[QStringLiteral("domains")] = domains;
         },
         QStringLiteral("domains[1].name")},
        {"acknowledgements object", [](QJsonObject &r) { r[QStringLiteral("acknowledgements")] = QJsonObject(); },
         QStringLiteral("acknowledgements")},
        {"ack without rule",
         [](QJsonObject &r) {
             r[QStringLiteral("acknowledgements")] = QJsonArray{QJsonObject{{QStringLiteral("node"), "/a"}}};
         },
         QStringLiteral("acknowledgements[0].rule")},
        {"ack note number",
         [](QJsonObject &r) {
             r[QStringLiteral("acknowledgements")] =
                 QJsonArray{QJsonObject{{QStringLiteral("rule"), "x"}, {QStringLiteral("note"), 2}}};
         },
         QStringLiteral("acknowledgements[0].note")},
    };
    for (const Case &c : cases) {
        QJsonObject root = validJson();
        c.mutate(root);
        QString error;
        const auto p = projectFromJson(QJsonDocument(root).toJson(), QStringLiteral("bad.devassign.json"));
        error = p.error();
        QVERIFY2(!p, c.what);
        const QString expectedKey = QStringLiteral("'%1'").arg(c.key);
        QVERIFY2(error.startsWith(QLatin1String("bad.devassign.json: ")) && error.contains(expectedKey),
                 qPrintable(
                     QStringLiteral("%1: got \"%2\", expected key %3").arg(QLatin1String(c.what), error, expectedKey)));
        QVERIFY2(!error.contains(QLatin1Char('\n')), c.what);
    }

    // not JSON at all, and JSON that is not an object
    QString error;
    QVERIFY(!(error = projectFromJson("{\"format\": ", QStringLiteral("cut.devassign.json")).error()).isEmpty());
    QVERIFY2(error.startsWith(QLatin1String("cut.devassign.json: not valid JSON")), qPrintable(error));
    QVERIFY(!(error = projectFromJson("[1, 2]", QStringLiteral("list.devassign.json")).error()).isEmpty());
    QVERIFY2(error.startsWith(QLatin1String("list.devassign.json: ")), qPrintable(error));
}

void TestProject::readMissingFile()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("nope.devassign.json"));
    QString error;
    QVERIFY(!(error = readProject(file).error()).isEmpty());
    QVERIFY2(error.startsWith(file + QStringLiteral(": cannot read")), qPrintable(error));
}

void TestProject::domainNames()
{
    QVERIFY(isValidDomainName(QStringLiteral("domU1")));
    QVERIFY(isValidDomainName(QStringLiteral("a_b-C9")));
    QVERIFY(isValidDomainName(QString(32, QLatin1Char('x'))));
    QVERIFY(!isValidDomainName(QString(33, QLatin1Char('x'))));
    QVERIFY(!isValidDomainName(QString()));
    QVERIFY(!isValidDomainName(QStringLiteral("dom U")));
    QVERIFY(!isValidDomainName(QStringLiteral("dom.U")));
    QVERIFY(!isValidDomainName(QStringLiteral("domU/1")));
    QVERIFY(!isValidDomainName(QStringLiteral("dömU")));
}

// Each domain exports into a folder of its name: "DOMU1/" and "domU1/" are one folder on a file
// system that ignores case, so names that differ only in case are refused.
void TestProject::domainNamesDifferInMoreThanCase()
{
    Project p;
    DomainConfig d;
    d.name = QStringLiteral("domU1");
    QCOMPARE(addDomain(p, d).error(), QString());
    const Project before = p;
    DomainConfig shouting = d;
    shouting.name = QStringLiteral("DOMU1");
    const QString error = addDomain(p, shouting).error();
    QVERIFY2(error.contains(QLatin1String("a domain named 'domU1' already exists")) && error.contains(QLatin1String("case")),
             qPrintable(error));
    QVERIFY(p == before);
    // A domain may change the case of its own name.
    QCOMPARE(renameDomain(p, QStringLiteral("domU1"), QStringLiteral("DomU1")).error(), QString());
    QVERIFY(p.domain(QStringLiteral("DomU1")));

    // A project file with such names is refused on load, naming the key.
    QJsonObject root = validJson();
    QJsonArray domains = root.value(QStringLiteral("domains")).toArray();
    QJsonObject twin = domains.at(0).toObject();
    twin[QStringLiteral("name")] = twin.value(QStringLiteral("name")).toString().toUpper();
    twin[QStringLiteral("devices")] = QJsonArray();
    domains.append(twin);
    root[QStringLiteral("domains")] = domains;
    const Result<Project> loaded = projectFromJson(QJsonDocument(root).toJson(), QStringLiteral("twins.devassign.json"));
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().startsWith(QStringLiteral("twins.devassign.json: key 'domains[%1].name'").arg(domains.size() - 1)),
             qPrintable(loaded.error()));
    QVERIFY2(loaded.error().contains(QLatin1String("only in case")), qPrintable(loaded.error()));
}

void TestProject::addAndRemoveDomain()
{
    Project p;
    DomainConfig d;
    d.name = QStringLiteral("domU1");
    QCOMPARE(addDomain(p, d).error(), QString());
    QCOMPARE(p.domains.size(), 1);
    const Project before = p;
    QVERIFY(addDomain(p, d).error().contains(QStringLiteral("already exists")));
    d.name = QStringLiteral("bad name");
    QVERIFY(addDomain(p, d).error().contains(QStringLiteral("not a valid domain name")));
    d.name = QStringLiteral("domU2");
    d.vcpus = 0;
    QVERIFY(addDomain(p, d).error().contains(QStringLiteral("vcpus")));
    d.vcpus = 1;
    d.enhanced = QStringLiteral("sometimes");
    QVERIFY(addDomain(p, d).error().contains(QStringLiteral("enhanced")));
    d.enhanced.clear();
    d.devices = {QStringLiteral("/a")};
    p.domains[0].devices = {QStringLiteral("/a")};
    const Project owned = p;
    QCOMPARE(addDomain(p, d).error(), QStringLiteral("/a is already assigned to domain 'domU1'; unassign it first or move it"));
    QVERIFY(p == owned);
    p = before;

    QCOMPARE(addAcknowledgement(p, {QStringLiteral("dma-without-iommu"), QString(), QStringLiteral("domU1"), QString()}).error(), QString());
    QCOMPARE(addAcknowledgement(p, {QStringLiteral("irq-shared"), QString(), QString(), QString()}).error(), QString());
    QCOMPARE(removeDomain(p, QStringLiteral("nope")).error(), QStringLiteral("no domain named 'nope'"));
    QCOMPARE(p.domains.size(), 1);
    QCOMPARE(removeDomain(p, QStringLiteral("domU1")).error(), QString());
    QVERIFY(p.domains.isEmpty());
    // the acknowledgement scoped to the removed domain goes with it; the project-wide one stays
    QCOMPARE(p.acknowledgements.size(), 1);
    QCOMPARE(p.acknowledgements.at(0).rule, QStringLiteral("irq-shared"));
}

void TestProject::assignRefusesDoubleAssignment()
{
    Project p;
    DomainConfig a;
    a.name = QStringLiteral("domU1");
    DomainConfig b;
    b.name = QStringLiteral("domU2");
    QCOMPARE(addDomain(p, a).error(), QString());
    QCOMPARE(addDomain(p, b).error(), QString());
    QCOMPARE(assignDevice(p, QStringLiteral("domU1"), QStringLiteral("/pl031@9010000")).error(), QString());
    const Project before = p;
    QCOMPARE(assignDevice(p, QStringLiteral("domU2"), QStringLiteral("/pl031@9010000")).error(),
             QStringLiteral("/pl031@9010000 is already assigned to domain 'domU1'; unassign it first or move it"));
    QVERIFY(p == before);
    QCOMPARE(assignDevice(p, QStringLiteral("domU1"), QStringLiteral("/pl031@9010000")).error(),
             QStringLiteral("/pl031@9010000 is already assigned to domain 'domU1'; unassign it first or move it"));
    QCOMPARE(assignDevice(p, QStringLiteral("domU3"), QStringLiteral("/x")).error(), QStringLiteral("no domain named 'domU3'"));
    QVERIFY(
        assignDevice(p, QStringLiteral("domU2"), QStringLiteral("pl061")).error().contains(QStringLiteral("not a node path")));
    QVERIFY(p == before);
    QCOMPARE(p.ownerOf(QStringLiteral("/pl031@9010000")), QStringLiteral("domU1"));
    QCOMPARE(p.ownerOf(QStringLiteral("/pl061@9030000")), QString());

    // a hand-edited file can list one device twice: owners() sees both
    p.domains[1].devices.append(QStringLiteral("/pl031@9010000"));
    QCOMPARE(p.owners(QStringLiteral("/pl031@9010000")),
             (QStringList{QStringLiteral("domU1"), QStringLiteral("domU2")}));
    QCOMPARE(unassignDevice(p, QStringLiteral("/pl031@9010000")).error(), QString());
    QVERIFY(p.owners(QStringLiteral("/pl031@9010000")).isEmpty());
}

// Xen builds /chosen, /cpus and the memory nodes of every domain itself and skips the host's
// (handle_node in xen/arch/arm/domain_build.c); /aliases and the overlay tables only name other
// nodes. Each is refused by name, below the top level too, while nodes that merely share a word
// ("/soc/chosen-thing", "/memory-controller@0", "/soc/memory@0") are devices like any other.
void TestProject::assignRefusesNodesThatAreNotDevices()
{
    Project p;
    DomainConfig a;
    a.name = QStringLiteral("d");
    QCOMPARE(addDomain(p, a).error(), QString());
    const Project before = p;
    // Names ignoring case, as Xen compares them (dt_node_cmp is strcasecmp).
    for (const char *path : {"/", "/chosen", "/chosen/module@0", "/cpus", "/cpus/cpu@0", "/memory", "/memory@40000000",
                             "/aliases", "/__symbols__", "/__fixups__", "/__local_fixups__", "/Chosen", "/CPUS/cpu@1",
                             "/Memory@80000000"}) {
        const QString error = assignDevice(p, QStringLiteral("d"), QLatin1String(path)).error();
        QVERIFY2(error.startsWith(QLatin1String(path) + QLatin1Char(' ')) && error.contains(QLatin1String("not a device")),
                 qPrintable(QLatin1String(path) + QStringLiteral(": ") + error));
        QVERIFY(p == before);
    }
    QVERIFY(assignDevice(p, QStringLiteral("d"), QStringLiteral("/memory@40000000")).error().contains(QLatin1String("--static-mem")));
    for (const char *path : {"/soc/chosen-thing", "/memory-controller@0", "/soc/memory@0", "/cpus-idle@1"})
        QCOMPARE(assignDevice(p, QStringLiteral("d"), QLatin1String(path)).error(), QString());

    // A node given twice in one edit is refused for that, not as "already assigned" (assign) or
    // "not assigned" (unassign) about the edit's own first mention; nothing changes.
    const Project before2 = p;
    QCOMPARE(assignDevices(p, QStringLiteral("d"), {QStringLiteral("/x@1"), QStringLiteral("/x@1")}).error(),
             QStringLiteral("/x@1 is given twice"));
    QVERIFY(p == before2);
    QCOMPARE(unassignDevices(p, {QStringLiteral("/soc/chosen-thing"), QStringLiteral("/soc/chosen-thing")}).error(),
             QStringLiteral("/soc/chosen-thing is given twice"));
    QCOMPARE(moveDevices(p, {QStringLiteral("/soc/chosen-thing"), QStringLiteral("/soc/chosen-thing")}, QStringLiteral("d")).error(),
             QStringLiteral("/soc/chosen-thing is given twice"));
    QVERIFY(p == before2);

    // A domain that lists /chosen is refused as a whole (a project file that does: malformedFiles).
    Project q;
    DomainConfig c;
    c.name = QStringLiteral("e");
    c.devices = {QStringLiteral("/uart@0"), QStringLiteral("/chosen")};
    QVERIFY(addDomain(q, c).error().startsWith(QLatin1String("/chosen is not a device")));
    QVERIFY(q.domains.isEmpty());
}

void TestProject::assignPositionsAndUnassign()
{
    Project p;
    DomainConfig a;
    a.name = QStringLiteral("d");
    QCOMPARE(addDomain(p, a).error(), QString());
    QCOMPARE(assignDevice(p, QStringLiteral("d"), QStringLiteral("/a")).error(), QString());
    QCOMPARE(assignDevice(p, QStringLiteral("d"), QStringLiteral("/c")).error(), QString());
    QCOMPARE(assignDevice(p, QStringLiteral("d"), QStringLiteral("/b"), 1).error(), QString());
    QCOMPARE(assignDevice(p, QStringLiteral("d"), QStringLiteral("/z"), 0).error(), QString());
    QCOMPARE(p.domains.at(0).devices,
             (QStringList{QStringLiteral("/z"), QStringLiteral("/a"), QStringLiteral("/b"), QStringLiteral("/c")}));
    const Project before = p;
    QVERIFY(assignDevice(p, QStringLiteral("d"), QStringLiteral("/y"), 9).error().contains(QStringLiteral("position 9")));
    QVERIFY(p == before);
    QCOMPARE(unassignDevice(p, QStringLiteral("/b")).error(), QString());
    QCOMPARE(p.domains.at(0).devices, (QStringList{QStringLiteral("/z"), QStringLiteral("/a"), QStringLiteral("/c")}));
    const Project after = p;
    QCOMPARE(unassignDevice(p, QStringLiteral("/b")).error(), QStringLiteral("/b is not assigned to any domain"));
    QVERIFY(p == after);
}

void TestProject::moveDevice()
{
    Project p;
    for (const char *name : {"a", "b"}) {
        DomainConfig d;
        d.name = QString::fromLatin1(name);
        QCOMPARE(addDomain(p, d).error(), QString());
    }
    QCOMPARE(assignDevice(p, QStringLiteral("a"), QStringLiteral("/dev")).error(), QString());
    QCOMPARE(devassign::moveDevice(p, QStringLiteral("/dev"), QStringLiteral("b")).error(), QString());
    QCOMPARE(p.ownerOf(QStringLiteral("/dev")), QStringLiteral("b"));
    QVERIFY(p.domains.at(0).devices.isEmpty());
    const Project before = p;
    QCOMPARE(devassign::moveDevice(p, QStringLiteral("/dev"), QStringLiteral("b")).error(),
             QStringLiteral("/dev is already in domain 'b'"));
    QCOMPARE(devassign::moveDevice(p, QStringLiteral("/dev"), QStringLiteral("c")).error(),
             QStringLiteral("no domain named 'c'"));
    QCOMPARE(devassign::moveDevice(p, QStringLiteral("/other"), QStringLiteral("a")).error(),
             QStringLiteral("/other is not assigned to any domain"));
    QVERIFY(p == before);
}

void TestProject::renamePropagates()
{
    Project p = fullProject();
    p.acknowledgements.append({QStringLiteral("shared-page"), QString(), QStringLiteral("net_dom-2"), QString()});
    const Project before = p;
    QVERIFY(renameDomain(p, QStringLiteral("domU1"), QStringLiteral("net_dom-2")).error()
                .contains(QStringLiteral("already exists")));
    QVERIFY(renameDomain(p, QStringLiteral("domU1"), QStringLiteral("a b")).error().contains(QStringLiteral("not a valid")));
    QCOMPARE(renameDomain(p, QStringLiteral("ghost"), QStringLiteral("x")).error(), QStringLiteral("no domain named 'ghost'"));
    QVERIFY(p == before);

    QCOMPARE(renameDomain(p, QStringLiteral("domU1"), QStringLiteral("rtc")).error(), QString());
    QVERIFY(!p.domain(QStringLiteral("domU1")));
    QVERIFY(p.domain(QStringLiteral("rtc")));
    QCOMPARE(p.domain(QStringLiteral("rtc"))->devices, before.domains.at(0).devices);
    QCOMPARE(p.ownerOf(QStringLiteral("/pl031@9010000")), QStringLiteral("rtc"));
    QCOMPARE(p.acknowledgements.at(0).domain, QStringLiteral("rtc"));
    QCOMPARE(p.acknowledgements.at(1).domain, QString());                   // project-wide stays project-wide
    QCOMPARE(p.acknowledgements.at(2).domain, QStringLiteral("net_dom-2")); // other domain untouched
    QVERIFY(
        p.isAcknowledged(QStringLiteral("dma-without-iommu"), QStringLiteral("/pl061@9030000"), QStringLiteral("rtc")));
    QCOMPARE(p.domain(QStringLiteral("rtc"))->effectiveXlDir(), QStringLiteral("/srv/xen/domU1")); // explicit dir kept
}

void TestProject::updateKeepsDevices()
{
    Project p = fullProject();
    DomainConfig settings;
    settings.memoryKiB = 1024 * 1024;
    settings.vcpus = 4;
    settings.kernel = QStringLiteral("Image2");
    QCOMPARE(updateDomain(p, QStringLiteral("domU1"), settings).error(), QString());
    const DomainConfig *d = p.domain(QStringLiteral("domU1"));
    QVERIFY(d);
    QCOMPARE(d->memoryKiB, quint64(1024 * 1024));
    QCOMPARE(d->vcpus, 4);
    QCOMPARE(d->kernel, QStringLiteral("Image2"));
    QVERIFY(!d->directMap);
    QCOMPARE(d->devices, fullDomain().devices);
    QCOMPARE(d->dependencyDecisions, fullDomain().dependencyDecisions);

    // a new name in the settings renames (with propagation)
    settings.name = QStringLiteral("big");
    QCOMPARE(updateDomain(p, QStringLiteral("domU1"), settings).error(), QString());
    QVERIFY(p.domain(QStringLiteral("big")));
    QCOMPARE(p.acknowledgements.at(0).domain, QStringLiteral("big"));

    const Project before = p;
    settings.name.clear();
    settings.gicVersion = QStringLiteral("v4");
    QVERIFY(updateDomain(p, QStringLiteral("big"), settings).error().contains(QStringLiteral("GIC")));
    settings.gicVersion.clear();
    settings.name = QStringLiteral("net_dom-2");
    QVERIFY(updateDomain(p, QStringLiteral("big"), settings).error().contains(QStringLiteral("already exists")));
    QCOMPARE(updateDomain(p, QStringLiteral("ghost"), settings).error(), QStringLiteral("no domain named 'ghost'"));
    QVERIFY(p == before);
}

void TestProject::dependencyDecisions()
{
    Project p = fullProject();
    QCOMPARE(setDependencyDecision(p, QStringLiteral("domU1"), QStringLiteral("/apb-pclk"), DependencyAction::Drop).error(),
             QString());
    QCOMPARE(p.domain(QStringLiteral("domU1"))->dependencyDecisions.value(QStringLiteral("/apb-pclk")),
             DependencyAction::Drop);
    QCOMPARE(setDependencyDecision(p, QStringLiteral("domU1"), QStringLiteral("/apb-pclk"), std::nullopt).error(), QString());
    QVERIFY(!p.domain(QStringLiteral("domU1"))->dependencyDecisions.contains(QStringLiteral("/apb-pclk")));
    const Project before = p;
    QCOMPARE(setDependencyDecision(p, QStringLiteral("x"), QStringLiteral("/c"), DependencyAction::Copy).error(),
             QStringLiteral("no domain named 'x'"));
    QVERIFY(setDependencyDecision(p, QStringLiteral("domU1"), QStringLiteral("c"), DependencyAction::Copy).error()
                .contains(QStringLiteral("not a node path")));
    QVERIFY(p == before);
    QCOMPARE(dependencyActionName(DependencyAction::Stub), QStringLiteral("stub"));
    QCOMPARE(dependencyActionFromName(QStringLiteral("drop")), std::optional<DependencyAction>(DependencyAction::Drop));
    QVERIFY(!dependencyActionFromName(QStringLiteral("Drop")));
}

void TestProject::acknowledgements()
{
    Project p = fullProject();
    // fullProject() holds this acknowledgement with the note "GPIO does no DMA".
    const Acknowledgement dma{QStringLiteral("dma-without-iommu"), QStringLiteral("/pl061@9030000"),
                              QStringLiteral("domU1"), QStringLiteral("GPIO does no DMA")};
    const Project before = p;
    QVERIFY(addAcknowledgement(p, dma).error().contains(QStringLiteral("already acknowledged for /pl061@9030000 in domain 'domU1'")));
    Acknowledgement noNote = dma;
    noNote.note.clear();
    QVERIFY(addAcknowledgement(p, noNote).error().contains(QStringLiteral("already acknowledged")));
    QVERIFY(addAcknowledgement(p, {QString(), QString(), QString(), QString()}).error().contains(QStringLiteral("rule")));
    QCOMPARE(addAcknowledgement(p, {QStringLiteral("dma-without-iommu"), QString(), QStringLiteral("ghost"), QString()}).error(),
             QStringLiteral("no domain named 'ghost'"));
    QVERIFY(p == before);

    // scope: a node-less acknowledgement covers the whole domain, a domain-less one every domain
    QVERIFY(p.isAcknowledged(QStringLiteral("dma-without-iommu"), QStringLiteral("/pl061@9030000"),
                             QStringLiteral("domU1")));
    QVERIFY(!p.isAcknowledged(QStringLiteral("dma-without-iommu"), QStringLiteral("/pl031@9010000"),
                              QStringLiteral("domU1")));
    QVERIFY(
        !p.isAcknowledged(QStringLiteral("dma-without-iommu"), QStringLiteral("/pl061@9030000"), QStringLiteral("x")));
    QVERIFY(p.isAcknowledged(QStringLiteral("irq-shared"), QStringLiteral("/any"), QStringLiteral("net_dom-2")));
    QCOMPARE(addAcknowledgement(p, {QStringLiteral("shared-page"), QString(), QStringLiteral("domU1"), QString()}).error(),
             QString());
    QVERIFY(p.isAcknowledged(QStringLiteral("shared-page"), QStringLiteral("/pl031@9010000"), QStringLiteral("domU1")));
    QVERIFY(!p.isAcknowledged(QStringLiteral("shared-page"), QStringLiteral("/pl031@9010000"),
                              QStringLiteral("net_dom-2")));

    QCOMPARE(removeAcknowledgement(p, dma).error(), QString()); // the note does not matter for identity
    QVERIFY(!p.isAcknowledged(QStringLiteral("dma-without-iommu"), QStringLiteral("/pl061@9030000"),
                              QStringLiteral("domU1")));
    QCOMPARE(removeAcknowledgement(p, dma).error(), QStringLiteral("rule 'dma-without-iommu' is not acknowledged in this project"));

    // The same scope with a new note rewords it (one acknowledgement, the new note).
    QCOMPARE(addAcknowledgement(p, dma).error(), QString());
    Acknowledgement reworded = dma;
    reworded.note = QStringLiteral("checked the TRM: no bus master");
    QCOMPARE(addAcknowledgement(p, reworded).error(), QString());
    int count = 0;
    for (const Acknowledgement &a : p.acknowledgements)
        if (a == dma) {
            ++count;
            QCOMPARE(a.note, reworded.note);
        }
    QCOMPARE(count, 1);

    // Withdrawing with the wrong scope names the scope it has (a domain-scoped acknowledgement
    // is not withdrawn by a project-wide --remove).
    Acknowledgement wide = dma;
    wide.node.clear();
    wide.domain.clear();
    QCOMPARE(removeAcknowledgement(p, wide).error(),
             QStringLiteral("rule 'dma-without-iommu' is not acknowledged for every node (no --node) in all domains (no --domain); it is acknowledged "
                            "for /pl061@9030000 in domain 'domU1' (withdraw with the same --node and --domain)"));
}

void TestProject::projectPaths()
{
    const QString project = QStringLiteral("/work/proj/p.devassign.json");
    QCOMPARE(resolveProjectPath(project, QStringLiteral("virt.dtb")), QStringLiteral("/work/proj/virt.dtb"));
    QCOMPARE(resolveProjectPath(project, QStringLiteral("../dtbs/virt.dtb")), QStringLiteral("/work/dtbs/virt.dtb"));
    QCOMPARE(resolveProjectPath(project, QStringLiteral("/abs/Image")), QStringLiteral("/abs/Image"));
    QCOMPARE(resolveProjectPath(project, QString()), QString());
    QCOMPARE(relativeProjectPath(project, QStringLiteral("/work/proj/img/Image")), QStringLiteral("img/Image"));
    QCOMPARE(relativeProjectPath(project, QStringLiteral("/work/other/Image")), QStringLiteral("../other/Image"));
    // a relative argument is relative to the current directory
    const QString cwdRelative =
        relativeProjectPath(QDir::current().filePath(QStringLiteral("sub/p.devassign.json")), QStringLiteral("Image"));
    QCOMPARE(cwdRelative, QStringLiteral("../Image"));
}

void TestProject::saveIntoReadOnlyDirKeepsOldFile()
{
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(dir));
    const QString file = dir + QStringLiteral("/p.devassign.json");
    QString error;
    Project old = fullProject();
    QVERIFY2((error = writeProject(old, file).error()).isEmpty(), qPrintable(error));
    const QByteArray oldBytes = projectToJson(old);

    ImmutableDirGuard guard(dir);
    if (!guard.makeReadOnly())
        QSKIP("cannot make a directory read-only here (root without chattr +i)");
    Project changed = old;
    changed.xenBootargs = QStringLiteral("changed");
    QVERIFY(!(error = writeProject(changed, file).error()).isEmpty());
    QVERIFY2(error.startsWith(file + QStringLiteral(": cannot write")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1Char('\n')));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), oldBytes);
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("p.devassign.json")});
}

void TestProject::saveFailureOnTempFileKeepsOldFile()
{
    // Works for root too: the old file's name is so long that the temporary sibling
    // (".NAME.tmp-XXXXXX", core/atomicfile.h) exceeds NAME_MAX, so the save fails before touching
    // the old file (which is written here directly).
    QTemporaryDir tmp;
    const QString name = QString(236, QLatin1Char('p')) + QStringLiteral(".devassign.json"); // 251 chars
    const QString file = tmp.filePath(name);
    QString error;
    const Project old = fullProject();
    {
        QFile direct(file);
        QVERIFY(direct.open(QIODevice::WriteOnly));
        direct.write(projectToJson(old));
    }
    Project changed = old;
    changed.domains.removeLast();
    QVERIFY(!(error = writeProject(changed, file).error()).isEmpty());
    QVERIFY2(error.startsWith(file + QStringLiteral(": cannot write")), qPrintable(error));
    const auto back = readProject(file);
    error = back.error();
    QVERIFY2(back, qPrintable(error));
    QVERIFY(*back == old);
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList{name});
}

void TestProject::saveOverExistingFile()
{
    QTemporaryDir tmp;
    const QString file = tmp.filePath(QStringLiteral("p.devassign.json"));
    QString error;
    const Project big = fullProject();
    QVERIFY2((error = writeProject(big, file).error()).isEmpty(), qPrintable(error));
    Project small;
    small.hostDtb = QStringLiteral("virt.dtb");
    QVERIFY2((error = writeProject(small, file).error()).isEmpty(), qPrintable(error));
    // no tail of the longer old content survives, and no temporary file is left behind
    const auto back = readProject(file);
    error = back.error();
    QVERIFY2(back, qPrintable(error));
    QVERIFY(*back == small);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), projectToJson(small));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("p.devassign.json")});
}

QTEST_GUILESS_MAIN(TestProject)
// Every number a face or a project file gives is decimal or 0x hex: "010" is ten, as the CLI's
// help and docs/cli.md say, never C's octal eight (toULongLong with base 0 read it so).
void TestProject::numbersAreDecimalOrHex()
{
    using devassign::format::parseNumber;
    using devassign::format::parseSize;
    QCOMPARE(parseNumber(QStringLiteral("010")), std::optional<quint64>(10));
    QCOMPARE(parseNumber(QStringLiteral("0x10")), std::optional<quint64>(16));
    QCOMPARE(parseNumber(QStringLiteral("0X1f")), std::optional<quint64>(31));
    QCOMPARE(parseNumber(QStringLiteral("18446744073709551615")), std::optional<quint64>(~quint64(0)));
    QVERIFY(!parseNumber(QStringLiteral("18446744073709551616")));
    QVERIFY(!parseNumber(QStringLiteral("09x")));
    QVERIFY(!parseNumber(QStringLiteral("-1")));
    QVERIFY(!parseNumber(QStringLiteral(" 1")));
    QVERIFY(!parseNumber(QStringLiteral("0x")));
    QVERIFY(!parseNumber(QStringLiteral("10\n"))); // PCRE's $ would match before a final newline
    QVERIFY(!devassign::isValidDomainName(QStringLiteral("guest\n")));
    QVERIFY(!devassign::isValidUuidText(QStringLiteral("5b1e3c52-8d0a-4f7e-9a61-2c4d8e0f1a23\n")));
    QCOMPARE(parseSize(QStringLiteral("010M")), std::optional<quint64>(10ULL << 20));
    QCOMPARE(parseSize(QStringLiteral("09")), std::optional<quint64>(9));
    // The size forms docs/cli.md lists for --memory: every one is 512 MiB (suffixes are powers
    // of 1024 whatever their spelling); a bare number counts in the caller's unit.
    for (const char *form : {"512M", "512m", "512MB", "512MiB", "512 MiB", "0x200M", "524288K", "524288KiB"})
        QCOMPARE(parseSize(QLatin1String(form)), std::optional<quint64>(512ULL << 20));
    QCOMPARE(parseSize(QStringLiteral("512"), 1ULL << 20), std::optional<quint64>(512ULL << 20));
    QCOMPARE(parseSize(QStringLiteral("1G")), std::optional<quint64>(1ULL << 30));
    for (const char *bad : {"512Mb", "512Mib", "512T", "M", "512 M B", "-512M"})
        QVERIFY2(!parseSize(QLatin1String(bad)), bad);
    // A project file's "0x…" strings: a leading 0 is decimal there too.
    QJsonObject root = QJsonDocument::fromJson(projectToJson(fullProject())).object();
    QJsonArray domains = root[QStringLiteral("domains")].toArray();
    QJsonObject d = domains[1].toObject();
    QJsonArray banks = d[QStringLiteral("static_memory")].toArray();
    QVERIFY2(!banks.isEmpty(), "fullProject's second domain has static memory");
    QJsonObject bank = banks[0].toObject();
    bank[QStringLiteral("address")] = QStringLiteral("01073741824"); // 1 GiB, not 8^…
    banks[0] = bank;
    d[QStringLiteral("static_memory")] = banks;
    domains[1] = d;
    root[QStringLiteral("domains")] = domains;
    const auto back = projectFromJson(QJsonDocument(root).toJson(), QStringLiteral("p.devassign.json"));
    QVERIFY2(back, qPrintable(back.error()));
    QCOMPARE(back->domains.at(1).staticMemory.at(0).address, 0x40000000ULL);
}

#include "tst_project.moc"
