// SPDX-License-Identifier: GPL-2.0-or-later
// The SCMI policy blob (core/scmipolicy.h) against docs/scmi-policy.md: the writer reproduces the
// document's worked example byte for byte, the reader rejects each broken rule with its §7 name,
// the derivation from a host DT gives the ids read off the DTS by hand, and two independent
// readers (hypervisor/tools/policy_reader.py, written from the document, and the hypervisor
// module's own loader, hypervisor/tests/policy_tool.c) accept core's blobs and see the same sets.

#include "analysis.h"
#include "exporters.h"
#include "project.h"
#include "scmipolicy.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

using namespace devassign;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

QString examplePath()
{
    return QStringLiteral(DEVASSIGN_SOURCE_DIR "/hypervisor/tests/data/example.bin");
}

// docs/scmi-policy.md §10, typed from the document's prose (not from the blob).
ScmiPolicy workedExample()
{
    ScmiPolicyProtocol base;
    base.id = 0x10;
    base.messages = 0x7f; // messages 0-6
    ScmiPolicyProtocol clock;
    clock.id = 0x14;
    clock.messages = 0xff; // messages 0-7
    clock.resources = {0, 2};
    clock.shared = {1};
    ScmiPolicyDomain d;
    d.name = QStringLiteral("guest1");
    d.key = 1;
    d.smcId = 0x82000010;
    d.shmemGpa = 0x05ff0000;
    d.shmemSize = 0x1000;
    d.protocols = {base, clock};
    ScmiPolicy p;
    p.domains = {d};
    return p;
}

// Rewrites the CRC field so that a fault placed after the CRC check is the one reported.
QByteArray withCrc(QByteArray blob)
{
    qToLittleEndian<quint32>(0, blob.data() + 0x30);
    qToLittleEndian<quint32>(crc32c(blob), blob.data() + 0x30);
    return blob;
}

QString reasonOf(const QByteArray &blob)
{
    const Result<ScmiPolicy> r = parseScmiPolicy(blob);
    return r ? QStringLiteral("ok") : r.error().section(QLatin1Char(':'), 0, 0);
}

// Two devices on an SCMI-over-SMC agent; both use clock 0, each its own clock, power domain and
// reset; /dev-a also has a child taken along with it that uses reset 9.
const char *const kTwoConsumers = R"(/dts-v1/;
/ {
    compatible = "test,scmi";
    #address-cells = <2>;
    #size-cells = <2>;
    interrupt-parent = <&gic>;
    memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x40000000>; };
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0x0 0x8000000 0x0 0x10000>, <0x0 0x80a0000 0x0 0xf60000>;
    };
    firmware {
        scmi {
            compatible = "arm,scmi-smc"; arm,smc-id = <0x82000010>; shmem = <&shm>;
            #address-cells = <1>; #size-cells = <0>;
            pd: protocol@11 { reg = <0x11>; #power-domain-cells = <1>; };
            clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
            rst: protocol@16 { reg = <0x16>; #reset-cells = <1>; };
            protocol@17 { reg = <0x17>; regulators { #address-cells = <1>; #size-cells = <0>;
                vdd: regulator@4 { reg = <4>; regulator-name = "vdd"; }; }; };
        };
    };
    shm: scmi-shmem@a000000 { compatible = "arm,scmi-shmem"; reg = <0x0 0xa000000 0x0 0x1000>; };
    dev-a@9000000 {
        compatible = "test,dev"; reg = <0x0 0x9000000 0x0 0x1000>; interrupts = <0 1 4>;
        clocks = <&clk 0>, <&clk 3>; power-domains = <&pd 1>; resets = <&rst 2>;
        vdd-supply = <&vdd>;
        #address-cells = <2>; #size-cells = <2>; ranges;
        child@9001000 { compatible = "test,child"; reg = <0x0 0x9001000 0x0 0x1000>; resets = <&rst 9>; };
    };
    dev-b@9100000 {
        compatible = "test,dev"; reg = <0x0 0x9100000 0x0 0x1000>; interrupts = <0 2 4>;
        clocks = <&clk 0>, <&clk 5>; power-domains = <&pd 2>;
    };
};
)";

DomainConfig domain(const QString &name, const QStringList &devices)
{
    DomainConfig d;
    d.name = name;
    d.kernel = QStringLiteral("Image");
    d.devices = devices;
    return d;
}

const ScmiPolicyProtocol *protocol(const ScmiPolicyDomain &d, quint8 id)
{
    for (const ScmiPolicyProtocol &p : d.protocols)
        if (p.id == id)
            return &p;
    return nullptr;
}

quint64 messageBits(std::initializer_list<int> ids)
{
    quint64 m = 0;
    for (int i : ids)
        m |= quint64(1) << i;
    return m;
}

} // namespace

class TestScmiPolicy : public QObject {
    Q_OBJECT

private slots:
    void crcCheckValue();
    void writerReproducesWorkedExample();
    void readerReadsWorkedExample();
    void readerRejectsEachBrokenRule_data();
    void readerRejectsEachBrokenRule();
    void derivationFollowsTheDts();
    void sharedMarkMovesToSharedNamespace();
    void policyNamesTheChosenNode();
    void sharedResourceIsAnErrorUnlessMarked();
    void messagesNeverIncludePrivileged();
    void independentReadersAgree();
    void cliDumpsJson();
    void cliRejectsMalformedBlobs_data();
    void cliRejectsMalformedBlobs();
    void projectKeepsSharedMarksAndMediator();
};

// docs/scmi-policy.md §6: the CRC of "123456789" is 0xE3069283.
void TestScmiPolicy::crcCheckValue()
{
    QCOMPARE(crc32c(QByteArrayLiteral("123456789")), 0xE3069283u);
}

void TestScmiPolicy::writerReproducesWorkedExample()
{
    const QByteArray blob = scmiPolicyBlob(workedExample());
    QCOMPARE(blob.size(), 0xE8); // §10: 64 + 64 + 96 + 8
    QCOMPARE(blob, readFile(examplePath()));
    QCOMPARE(qFromLittleEndian<quint32>(blob.constData() + 0x30), 0xFEB31DF7u); // §10's CRC
}

void TestScmiPolicy::readerReadsWorkedExample()
{
    const Result<ScmiPolicy> p = parseScmiPolicy(readFile(examplePath()));
    QVERIFY2(p.ok(), qPrintable(p.error()));
    QVERIFY(*p == workedExample());
    // §10's full JSON, as the document prints it.
    const QByteArray expected = R"({"version": [1, 0], "domains": [{"name": "guest1", "key": 1, "smc_id": 2181038096,
"shmem": {"address": 100597760, "size": 4096}, "protocols": [{"id": 16, "messages": [0, 1, 2, 3,
4, 5, 6], "resources": [], "shared": []}, {"id": 20, "messages": [0, 1, 2, 3, 4, 5, 6, 7],
"resources": [0, 2], "shared": [1]}]}]})";
    QCOMPARE(scmiPolicyJson(*p, true), QJsonDocument::fromJson(expected).object());
}

// Each row breaks one rule of docs/scmi-policy.md §3-§5 in the worked example; the reason is
// the §7 name. Faults the reader checks after the CRC get a recomputed CRC.
void TestScmiPolicy::readerRejectsEachBrokenRule_data()
{
    QTest::addColumn<QByteArray>("blob");
    QTest::addColumn<QString>("reason");
    const QByteArray ok = readFile(examplePath());
    auto poke32 = [&](int off, quint32 v, bool fixCrc) {
        QByteArray b = ok;
        qToLittleEndian(v, b.data() + off);
        return fixCrc ? withCrc(b) : b;
    };
    QTest::newRow("truncated") << ok.left(63) << QStringLiteral("too_short");
    QTest::newRow("magic") << QByteArray(ok).replace(0, 1, "Y") << QStringLiteral("bad_magic");
    QTest::newRow("major 2") << poke32(0x08, 2, false) << QStringLiteral("bad_version");
    QTest::newRow("hdr_size 72 in 1.0") << poke32(0x0C, 72, false) << QStringLiteral("bad_hdr_size");
    QTest::newRow("trailing byte") << ok + '\0' << QStringLiteral("bad_total_size");
    QTest::newRow("flags 0") << poke32(0x14, 0, false) << QStringLiteral("bad_flags");
    QTest::newRow("header reserved") << poke32(0x38, 1, false) << QStringLiteral("hdr_reserved");
    QTest::newRow("65 domains") << poke32(0x18, 65, false) << QStringLiteral("limit");
    QTest::newRow("pool beyond end") << poke32(0x28, 3, false) << QStringLiteral("section_bounds");
    QTest::newRow("bad crc") << QByteArray(ok).replace(0xE0, 1, "\x07") << QStringLiteral("bad_crc");
    QTest::newRow("name char") << withCrc(QByteArray(ok).replace(0x40, 1, "!")) << QStringLiteral("dom_name");
    QTest::newRow("smc id standard owner") << poke32(0x64, 0x84000010, true) << QStringLiteral("dom_smc_id");
    QTest::newRow("shmem unaligned") << poke32(0x68, 0x05ff0010, true) << QStringLiteral("dom_shmem");
    QTest::newRow("domain reserved") << poke32(0x7C, 1, true) << QStringLiteral("dom_reserved");
    QTest::newRow("protocol id 0x0f") << withCrc(QByteArray(ok).replace(0x80, 1, "\x0f")) << QStringLiteral("proto_id");
    QTest::newRow("protocol order") << withCrc(QByteArray(ok).replace(0xB0, 1, "\x10")) << QStringLiteral("proto_order");
    QTest::newRow("padding bit") << poke32(0xE0, 0x0D, true) << QStringLiteral("ns_padding");
    QTest::newRow("not minimal") << poke32(0xE0, 0x01, true) << QStringLiteral("ns_not_minimal");
    // resources {0, 1, 2} (n_bits 3 still minimal) against shared {1}.
    QTest::newRow("shared overlap") << poke32(0xE0, 0x07, true) << QStringLiteral("ns_shared_overlap");
}

void TestScmiPolicy::readerRejectsEachBrokenRule()
{
    QFETCH(QByteArray, blob);
    QFETCH(QString, reason);
    const Result<ScmiPolicy> r = parseScmiPolicy(blob);
    QCOMPARE(reasonOf(blob), reason);
    QVERIFY(!r.error().contains(QLatin1Char('\n')));
}

// Read off kTwoConsumers by hand: dev-a (and its child) use clocks 0, 3, power domain 1, resets
// 2 and 9, voltage domain 4; dev-b clocks 0, 5 and power domain 2. Keys are the dom0less order.
void TestScmiPolicy::derivationFollowsTheDts()
{
    QString error;
    const HostModelPtr model = testsupport::modelFromDts(QString::fromLatin1(kTwoConsumers), &error);
    QVERIFY2(model, qPrintable(error));
    Project p;
    p.hostDtb = QStringLiteral("host.dtb");
    p.domains = {domain(QStringLiteral("plain"), {}), domain(QStringLiteral("a"), {QStringLiteral("/dev-a@9000000")}),
                 domain(QStringLiteral("b"), {QStringLiteral("/dev-b@9100000")})};
    const Analysis analysis = analyze(*model, p);
    const Result<ScmiPolicy> policy = scmiPolicyFor(*model, p, analysis);
    QVERIFY2(policy.ok(), qPrintable(policy.error()));
    QCOMPARE(policy->domains.size(), 2); // "plain" uses no SCMI
    const ScmiPolicyDomain &a = policy->domains[0];
    const ScmiPolicyDomain &b = policy->domains[1];
    QCOMPARE(a.name, QStringLiteral("a"));
    QCOMPARE(a.key, 2u); // "plain" is domain 1
    QCOMPARE(b.key, 3u);
    QCOMPARE(a.smcId, 0x82000010u);
    QCOMPARE(b.smcId, 0x82000011u);
    QCOMPARE(a.shmemGpa, quint64(0x05ff0000));
    QCOMPARE(b.shmemGpa, quint64(0x05fe0000));
    QVERIFY(protocol(a, 0x10) && protocol(a, 0x10)->resources == QVector<quint32>{2}); // its own agent id
    QCOMPARE(protocol(a, 0x11)->resources, (QVector<quint32>{1}));
    QCOMPARE(protocol(a, 0x14)->resources, (QVector<quint32>{0, 3}));
    QCOMPARE(protocol(a, 0x16)->resources, (QVector<quint32>{2, 9})); // 9 from the taken-along child
    QCOMPARE(protocol(a, 0x17)->resources, (QVector<quint32>{4}));    // vdd-supply → regulator@4
    QCOMPARE(protocol(b, 0x14)->resources, (QVector<quint32>{0, 5}));
    QCOMPARE(protocol(b, 0x11)->resources, (QVector<quint32>{2}));
    QVERIFY(!protocol(b, 0x16));
    QVERIFY(!protocol(b, 0x17));
    QVector<quint8> ids;
    for (const ScmiPolicyProtocol &pr : a.protocols)
        ids.append(pr.id);
    QCOMPARE(ids, (QVector<quint8>{0x10, 0x11, 0x14, 0x16, 0x17}));
    // The blob the export writes reads back as the same policy.
    const Result<ScmiPolicy> back = parseScmiPolicy(scmiPolicyBlob(*policy));
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QVERIFY(*back == *policy);
}

void TestScmiPolicy::sharedMarkMovesToSharedNamespace()
{
    const HostModelPtr model = testsupport::modelFromDts(QString::fromLatin1(kTwoConsumers));
    QVERIFY(model);
    Project p;
    p.hostDtb = QStringLiteral("host.dtb");
    p.domains = {domain(QStringLiteral("a"), {QStringLiteral("/dev-a@9000000")}),
                 domain(QStringLiteral("b"), {QStringLiteral("/dev-b@9100000")})};
    QVERIFY(setScmiShared(p, {0x14, 0}, true).ok());
    const Result<ScmiPolicy> policy = scmiPolicyFor(*model, p, analyze(*model, p));
    QVERIFY2(policy.ok(), qPrintable(policy.error()));
    for (const ScmiPolicyDomain &d : policy->domains) {
        QCOMPARE(protocol(d, 0x14)->shared, (QVector<quint32>{0}));
        QVERIFY(!protocol(d, 0x14)->resources.contains(0));
    }
    QVERIFY(parseScmiPolicy(scmiPolicyBlob(*policy)).ok());
    QVERIFY(!setScmiShared(p, {0x14, 70000}, true).ok()); // beyond the blob's id range
    QVERIFY(!setScmiShared(p, {0x05, 1}, true).ok());     // not a protocol id
}

// The host's /chosen already has a node "a": the dom0less export names domain a's node domU1
// (the first dom0less domain, docs/exports.md), and the mediator compares the policy's name with
// that node's at boot (devassign_scmi_domain_init), so the policy says domU1 too.
void TestScmiPolicy::policyNamesTheChosenNode()
{
    QString dts = QString::fromLatin1(kTwoConsumers);
    dts.replace(QStringLiteral("    firmware {"), QStringLiteral("    chosen { a { }; };\n    firmware {"));
    QString error;
    const HostModelPtr model = testsupport::modelFromDts(dts, &error);
    QVERIFY2(model, qPrintable(error));
    Project p;
    p.hostDtb = QStringLiteral("host.dtb");
    p.domains = {domain(QStringLiteral("a"), {QStringLiteral("/dev-a@9000000")})};
    const Analysis analysis = analyze(*model, p);
    QCOMPARE(dom0lessNodeNames(*model, analysis).value(QStringLiteral("a")), QStringLiteral("domU1"));
    const Result<ScmiPolicy> policy = scmiPolicyFor(*model, p, analysis);
    QVERIFY2(policy.ok(), qPrintable(policy.error()));
    QCOMPARE(policy->domains.size(), 1);
    QCOMPARE(policy->domains[0].name, QStringLiteral("domU1"));
}

// Clock 0 in two domains: scmi-resource-shared, until the project marks it shared.
void TestScmiPolicy::sharedResourceIsAnErrorUnlessMarked()
{
    const HostModelPtr model = testsupport::modelFromDts(QString::fromLatin1(kTwoConsumers));
    QVERIFY(model);
    Project p;
    p.hostDtb = QStringLiteral("host.dtb");
    p.platform.scmiMediator = true;
    p.domains = {domain(QStringLiteral("a"), {QStringLiteral("/dev-a@9000000")}),
                 domain(QStringLiteral("b"), {QStringLiteral("/dev-b@9100000")})};
    auto sharedFindings = [&] {
        QStringList found;
        for (const Diagnostic &d : analyze(*model, p).diagnostics)
            if (d.rule == QLatin1String("scmi-resource-shared"))
                found.append(d.message);
        return found;
    };
    const QStringList before = sharedFindings();
    QCOMPARE(before.size(), 1);
    QVERIFY2(before.first().contains(QLatin1String("protocol 0x14 id 0")), qPrintable(before.first()));
    QVERIFY(setScmiShared(p, {0x14, 0}, true).ok());
    QCOMPARE(sharedFindings(), QStringList());
}

// docs/scmi-policy.md §8 rule 5: privileged messages; devassign must not set them.
void TestScmiPolicy::messagesNeverIncludePrivileged()
{
    QCOMPARE(scmiMessagesFor(0x10) & messageBits({0x9, 0xA, 0xB}), 0u);
    QCOMPARE(scmiMessagesFor(0x12) & messageBits({0x3}), 0u);
    QCOMPARE(scmiMessagesFor(0x13) & messageBits({0xB}), 0u);
    QCOMPARE(scmiMessagesFor(0x18) & messageBits({0xC}), 0u);
    QCOMPARE(scmiMessagesFor(0x19) & messageBits({0xA}), 0u);
    // docs/exports.md's table, per protocol (the common 0x0-0x2 and 0x10 everywhere).
    QCOMPARE(scmiMessagesFor(0x14), messageBits({0, 1, 2, 3, 4, 5, 6, 7, 8, 0xB, 0xC, 0xD, 0xE, 0xF, 0x10}));
    QCOMPARE(scmiMessagesFor(0x11), messageBits({0, 1, 2, 3, 4, 5, 8, 0x10}));
    QCOMPARE(scmiMessagesFor(0x16), messageBits({0, 1, 2, 3, 4, 6, 0x10}));
    QCOMPARE(scmiMessagesFor(0x80), messageBits({0, 1, 2, 0x10}));
}

// The round trip: a blob core derived and wrote is accepted by the document's independent
// reader and by the hypervisor module's loader, and the reader's JSON equals core's.
void TestScmiPolicy::independentReadersAgree()
{
    const HostModelPtr model = testsupport::modelFromDts(QString::fromLatin1(kTwoConsumers));
    QVERIFY(model);
    Project p;
    p.hostDtb = QStringLiteral("host.dtb");
    p.domains = {domain(QStringLiteral("a"), {QStringLiteral("/dev-a@9000000")}),
                 domain(QStringLiteral("b"), {QStringLiteral("/dev-b@9100000")})};
    QVERIFY(setScmiShared(p, {0x14, 0}, true).ok());
    const Result<ScmiPolicy> policy = scmiPolicyFor(*model, p, analyze(*model, p));
    QVERIFY(policy.ok());
    QTemporaryDir dir;
    const QString blobFile = dir.filePath(QStringLiteral("scmi-policy.bin"));
    QFile f(blobFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(scmiPolicyBlob(*policy));
    f.close();

    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 not found");
    QProcess reader;
    reader.start(python, {QStringLiteral(DEVASSIGN_SOURCE_DIR "/hypervisor/tools/policy_reader.py"), QStringLiteral("--full"), blobFile});
    QVERIFY(reader.waitForFinished(60000));
    QVERIFY2(reader.exitCode() == 0, reader.readAllStandardError().constData());
    QCOMPARE(QJsonDocument::fromJson(reader.readAllStandardOutput()).object(), scmiPolicyJson(*policy, true));

#ifdef SCMI_POLICY_TOOL
    QProcess loader;
    loader.start(QStringLiteral(SCMI_POLICY_TOOL), {blobFile, examplePath()});
    QVERIFY(loader.waitForFinished(60000));
    QCOMPARE(QString::fromLatin1(loader.readAllStandardOutput()), QStringLiteral("ok\nok\n"));
#else
    QSKIP("the hypervisor module's policy_tool is not built here");
#endif
}

void TestScmiPolicy::cliDumpsJson()
{
    const testsupport::CliResult r = testsupport::runCli({QStringLiteral("policy"), QStringLiteral("dump"), examplePath(), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    // §10's JSON without the full dump's "shmem".
    const QByteArray expected = R"({"version": [1, 0], "domains": [{"name": "guest1", "key": 1, "smc_id": 2181038096,
"protocols": [{"id": 16, "messages": [0, 1, 2, 3, 4, 5, 6], "resources": [], "shared": []},
{"id": 20, "messages": [0, 1, 2, 3, 4, 5, 6, 7], "resources": [0, 2], "shared": [1]}]}]})";
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object(), QJsonDocument::fromJson(expected).object());
    const testsupport::CliResult text = testsupport::runCli({QStringLiteral("policy"), QStringLiteral("dump"), examplePath()});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains(QLatin1String("domain guest1: key 1, smc-id 0x82000010")), qPrintable(text.out));
    QVERIFY2(text.out.contains(QLatin1String("protocol 0x14: messages 0 1 2 3 4 5 6 7; resources 0 2; shared 1")), qPrintable(text.out));
}

void TestScmiPolicy::cliRejectsMalformedBlobs_data()
{
    QTest::addColumn<QByteArray>("blob");
    QTest::addColumn<QString>("reason");
    const QByteArray ok = readFile(examplePath());
    QTest::newRow("truncated") << ok.left(100) << QStringLiteral("bad_total_size");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("too_short");
    QTest::newRow("bad crc") << QByteArray(ok).replace(0x40, 1, "h") << QStringLiteral("bad_crc");
    QTest::newRow("bad magic") << QByteArray(ok).replace(0, 8, "XSCMIPOM") << QStringLiteral("bad_magic");
}

void TestScmiPolicy::cliRejectsMalformedBlobs()
{
    QFETCH(QByteArray, blob);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("bad.bin"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(blob);
    f.close();
    for (const QStringList &extra : {QStringList(), QStringList{QStringLiteral("--json")}}) {
        const testsupport::CliResult r = testsupport::runCli(QStringList{QStringLiteral("policy"), QStringLiteral("dump"), file} + extra);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out, QString());
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("devassign policy dump: %1: %2: ").arg(file, reason)), qPrintable(r.err));
    }
}

void TestScmiPolicy::projectKeepsSharedMarksAndMediator()
{
    Project p;
    p.hostDtb = QStringLiteral("host.dtb");
    p.platform.scmiMediator = true;
    QVERIFY(setScmiShared(p, {0x14, 3}, true).ok());
    QVERIFY(setScmiShared(p, {0x11, 8}, true).ok());
    const QByteArray json = projectToJson(p);
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    QCOMPARE(root.value(QStringLiteral("platform")).toObject().value(QStringLiteral("scmi_mediator")), QJsonValue(true));
    QCOMPARE(root.value(QStringLiteral("scmi_shared")).toArray().size(), 2);
    const Result<Project> back = projectFromJson(json, QStringLiteral("p.json"));
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QVERIFY(*back == p);
    QVERIFY(setScmiShared(p, {0x14, 3}, false).ok());
    QCOMPARE(p.scmiShared.size(), 1);
    // Hostile values are refused with the key named.
    QByteArray bad = json;
    bad.replace("\"id\": 3", "\"id\": 70000");
    const Result<Project> refused = projectFromJson(bad, QStringLiteral("p.json"));
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QLatin1String("scmi_shared[")), qPrintable(refused.error()));
}

QTEST_GUILESS_MAIN(TestScmiPolicy)
#include "tst_scmipolicy.moc"
