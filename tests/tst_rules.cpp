// SPDX-License-Identifier: GPL-2.0-or-later
// One test per safety rule: a small host DTS and a project built in code, the rule must fire with
// the exact id, severity, location and key values, and a near-identical case where it must not.

#include "analysis.h"
#include "exporters.h"
#include "bindings.h"
#include "checks/check.h"
#include "planner.h"
#include "rules.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtTest>

using namespace devassign;

namespace {

// A GICv3 board with 2/2 root cells and Xen's console on a UART of its own (stdout-path);
// `body` adds nodes under the root.
QString board(const QString &body)
{
    return QStringLiteral(R"(/dts-v1/;
/ {
    compatible = "test,board";
    #address-cells = <2>;
    #size-cells = <2>;
    interrupt-parent = <&gic>;
    chosen { stdout-path = "/serial@1c090000:115200n8"; };
    serial@1c090000 { compatible = "arm,pl011"; reg = <0x0 0x1c090000 0x0 0x1000>; interrupts = <0 210 4>; };
    memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x40000000>; };
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3";
        #interrupt-cells = <3>;
        interrupt-controller;
        reg = <0x0 0x8000000 0x0 0x10000>, <0x0 0x80a0000 0x0 0xf60000>;
    };
%1
};
)").arg(body);
}

const QString kUart = QStringLiteral(R"(
    uart: serial@9000000 { compatible = "arm,pl011"; reg = <0x0 0x9000000 0x0 0x1000>; interrupts = <0 1 4>; };
)");

DomainConfig domain(const QString &name, const QStringList &devices)
{
    DomainConfig d;
    d.name = name;
    d.kernel = QStringLiteral("Image");
    d.devices = devices;
    return d;
}

Project project(const QVector<DomainConfig> &domains)
{
    Project p;
    p.hostDtb = QStringLiteral("host.dtb");
    p.domains = domains;
    return p;
}

struct Run {
    HostModelPtr model;
    Analysis analysis;
    QVector<Diagnostic> of(const QString &rule) const
    {
        QVector<Diagnostic> out;
        for (const Diagnostic &d : analysis.diagnostics)
            if (d.rule == rule)
                out.append(d);
        return out;
    }
    const DevicePlan *device(const QString &domain, const QString &path) const
    {
        const DomainPlan *dp = analysis.domain(domain);
        if (!dp)
            return nullptr;
        for (const DevicePlan &d : dp->devices)
            if (d.hostPath == path)
                return &d;
        return nullptr;
    }
};

QStringList &badDiagnostics()
{
    static QStringList list;
    return list;
}

// A whole test tree (for a change to board()'s own nodes); run() adds `body` to board().
Run runTree(const QString &dts, const Project &p)
{
    QString error;
    Run r;
    r.model = testsupport::modelFromDts(dts, &error);
    if (!r.model)
        qFatal("test DTS does not compile: %s", qPrintable(error));
    r.analysis = analyze(*r.model, p);
    // Every placeholder filled, every check giving exactly its rule's params (checks/check.h).
    for (const Diagnostic &d : r.analysis.diagnostics)
        if (d.message.contains(QLatin1String("devassign bug")) || d.message.contains(QLatin1Char('{'))
            || d.fix.contains(QLatin1Char('{')))
            badDiagnostics().append(d.rule + QStringLiteral(": ") + d.message + QStringLiteral(" / ") + d.fix);
    return r;
}

Run run(const QString &body, const Project &p)
{
    return runTree(board(body), p);
}

} // namespace

class TestRules : public QObject {
    Q_OBJECT
private slots:
    // The shared-page rules look host devices up by address (checks::HostRegionIndex) instead of
    // testing every one: on random registers (some huge, some ending at the last byte of the
    // 64-bit space) the index finds exactly the host devices a plain scan finds.
    void hostRegionIndexFindsWhatAScanFinds()
    {
        QRandomGenerator random(20261203);
        for (int round = 0; round < 50; ++round) {
            QVector<checks::HostRegionIndex::Entry> all;
            const int count = 1 + int(random.bounded(200));
            for (int i = 0; i < count; ++i) {
                const quint64 first = random.bounded(4) == 0 ? ~quint64(0) - random.bounded(0x10000)
                                                             : random.bounded(quint64(1) << 32);
                const quint64 size = random.bounded(8) == 0 ? random.bounded(quint64(1) << 31) : 1 + random.bounded(0x2000);
                const quint64 last = first > ~quint64(0) - (size - 1) ? ~quint64(0) : first + (size - 1);
                all.append({first, last, int(random.bounded(count))});
            }
            const checks::HostRegionIndex index = checks::HostRegionIndex::fromEntries(all);
            for (int q = 0; q < 100; ++q) {
                const bool top = q % 4 == 0; // a window among the registers at the top of the space
                const quint64 first = top ? ~quint64(0) - random.bounded(0x20000) : random.bounded(quint64(1) << 32);
                const quint64 span = random.bounded(0x100000);
                const quint64 last = first > ~quint64(0) - span ? ~quint64(0) : first + span;
                QVector<int> found, scanned;
                index.touching(first, last, found);
                for (const auto &e : all)
                    if (e.first <= last && first <= e.last)
                        scanned.append(e.host);
                std::sort(found.begin(), found.end());
                std::sort(scanned.begin(), scanned.end());
                QCOMPARE(found, scanned);
            }
        }
    }

    // After every test: no diagnostic it produced had an unfilled placeholder or a check/rules.json
    // mismatch (the Reporter marks those).
    void cleanup()
    {
        const QStringList bad = badDiagnostics();
        badDiagnostics().clear();
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }
    // ---- the rule table itself ----
    void everyRuleHasACheckAndEveryCheckARule();
    void rulesJsonIsWellFormed();
    void reporterFillsNamedPlaceholders();
    void templateValuesAreNotExpandedAgain();
    void pinctrlStateNames();
    void everyRuleIsDocumented();
    // ---- one per rule ----
    void nodeNotFound();
    void hostDtbChanged();
    void deviceInTwoDomains();
    void deviceDisabled();
    void deviceWithoutResources();
    void deviceKeptByXen();
    void xenConsoleUart();
    void vpl011DirectMapConsole();
    void xenConsoleUartDriversByRelease();
    void regionNotCpuAddressable();
    void mmioUnaligned();
    void sharedPage();
    void sharedPageDom0();
    void sharedPageDom0IgnoresWhatIsNotAnotherDevice();
    void sharedPageGicIommu();
    void guestMapClash();
    void guestMapNoRoom();
    void dmaWithoutIommu();
    void dmaWithoutIommuNamesIommuXenCannotDrive();
    void dmaWithoutIommuNamesDisabledIommu();
    void dmaWithoutIommuAcknowledged();
    void dmaGuessOfAWrapperOfAProtectedMaster();
    void dmaClientIsNoBusMaster();
    void passedWithoutIommu();
    void xlDtdevUnprotected();
    void streamIdSplit();
    void streamIdDom0();
    void irqShared();
    void irqSharedDom0();
    void irqPpi();
    void irqNotGic();
    void irqMapNotRouted();
    void irqVpl011Clash();
    void irqVirtioClash();
    void irqVirtioClashEdges_data();
    void irqVirtioClashEdges();
    void dependencyNotInDomain();
    void dependencyStubInvalid();
    void dependencyMmioNotMapped();
    void dependencyAssigned();
    void providerUsedByDom0();
    void phandleGuessed();
    void stubClockRateUnknown();
    void scmiResourceShared();
    void scmiMultipleDomains();
    void scmiMediatorNeedsDom0less();
    void scmiTransportNotForwardable();
    void scmiShmemPlannedForSmcAgent();
    void directMapWithoutStaticMem();
    void dom0lessWithoutKernel();
    void imageBuilderUnsafeText();
    void imageBuilderFileNameClash();
    void cleanProjectHasNoFindings();
    // target platform (checks/platform.cpp)
    void deviceWithoutResourcesQuietBesideIrqPpi();
    void staticMemSizeMismatch();
    void staticMemOutsideRam();
    void staticMemOutsideRamFollowsPlatformRam();
    void hostRamUnknown();
    void memoryNotWholeMib();
    void staticMemOverlapsReserved();
    void staticMemOverlapsDomain();
    void guestDtTooBig();
    void scmiNeedsXen421();
    void enhancedLegacyUnsupported();
    void espiUnsupported();
    void ipmmuV4hDrivenFrom420();
    void smmuV3TechPreview();
    void dom0GatesClocks();
};

void TestRules::everyRuleHasACheckAndEveryCheckARule()
{
    QStringList fromJson;
    for (const Rule &r : rules())
        fromJson.append(r.id);
    QStringList checks = checkedRuleIds();
    QCOMPARE(checks.removeDuplicates(), 0);
    QCOMPARE(fromJson.removeDuplicates(), 0);
    for (const QString &id : fromJson)
        QVERIFY2(checks.contains(id), qPrintable(QStringLiteral("rule %1 has no check function").arg(id)));
    for (const QString &id : checks)
        QVERIFY2(fromJson.contains(id), qPrintable(QStringLiteral("check %1 has no rule in rules.json").arg(id)));
    QVERIFY(fromJson.size() >= 27);
}

void TestRules::rulesJsonIsWellFormed()
{
    // The source file, not only the compiled-in copy: every field present; the templates use only
    // {node}, {domain} and the rule's own params, and every param is used (checks/check.h).
    QFile f(QStringLiteral(DEVASSIGN_SOURCE_DIR "/core/rules.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray arr = QJsonDocument::fromJson(f.readAll()).array();
    QCOMPARE(arr.size(), rules().size());
    static const QRegularExpression placeholder(QStringLiteral("\\{([^{}]*)\\}"));
    static const QRegularExpression paramName(QStringLiteral("^[a-z][a-z0-9_]*$"));
    for (const QJsonValue &v : arr) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(QStringLiteral("id")).toString();
        for (const char *key : {"id", "severity", "title", "message", "fix", "source"})
            QVERIFY2(!o.value(QLatin1String(key)).toString().isEmpty(), qPrintable(id + QStringLiteral(": ") + QLatin1String(key)));
        QVERIFY2(o.value(QStringLiteral("params")).isArray(), qPrintable(id + QStringLiteral(": params")));
        QStringList params;
        for (const QJsonValue &p : o.value(QStringLiteral("params")).toArray()) {
            QVERIFY2(paramName.match(p.toString()).hasMatch() && p.toString() != QLatin1String("node")
                         && p.toString() != QLatin1String("domain") && !params.contains(p.toString()),
                     qPrintable(id + QStringLiteral(": param ") + p.toString()));
            params << p.toString();
        }
        QStringList used;
        for (const char *key : {"message", "fix"})
            for (auto it = placeholder.globalMatch(o.value(QLatin1String(key)).toString()); it.hasNext();) {
                const QString name = it.next().captured(1);
                QVERIFY2(name == QLatin1String("node") || name == QLatin1String("domain") || params.contains(name),
                         qPrintable(QStringLiteral("%1: {%2} is not one of its params").arg(id, name)));
                used << name;
            }
        for (const QString &p : params)
            QVERIFY2(used.contains(p), qPrintable(QStringLiteral("%1: param %2 is never used").arg(id, p)));
    }
}

// The Reporter a check gets: {node}, {domain} and the rule's params filled, acknowledgements applied,
// and a check that gives other values than its rule declares is marked as a devassign bug.
void TestRules::reporterFillsNamedPlaceholders()
{
    Rule rule;
    rule.id = QStringLiteral("irq-ppi");
    rule.severity = Severity::Warning;
    rule.params = {QStringLiteral("interrupt")};
    rule.message = QStringLiteral("{node} in {domain} uses {interrupt}.");
    rule.fix = QStringLiteral("Drop {node}.");
    Project p;
    p.acknowledgements.append({QStringLiteral("irq-ppi"), QStringLiteral("/pmu"), QString(), QString()});
    QVector<Diagnostic> out;
    checks::Reporter report(rule, p, &out);
    report({QStringLiteral("d1"), QStringLiteral("/timer")}, {{QStringLiteral("interrupt"), QStringLiteral("PPI 13")}});
    report({QStringLiteral("d1"), QStringLiteral("/pmu")}, {{QStringLiteral("interrupt"), QStringLiteral("PPI 7")}},
           {QStringLiteral("/cpus")});
    report({QStringLiteral("d1"), QStringLiteral("/x")}, {{QStringLiteral("irq"), QStringLiteral("PPI 1")}});
    QCOMPARE(out.size(), 3);
    QCOMPARE(out[0].message, QStringLiteral("/timer in d1 uses PPI 13."));
    QCOMPARE(out[0].fix, QStringLiteral("Drop /timer."));
    QCOMPARE(out[0].severity, Severity::Warning);
    QVERIFY(!out[0].acknowledged);
    QVERIFY(out[1].acknowledged);
    QCOMPARE(out[1].related, QStringList{QStringLiteral("/cpus")});
    QVERIFY2(out[2].message.contains(QStringLiteral("[devassign bug: the check gave {irq}, rules.json declares {interrupt}]")),
             qPrintable(out[2].message));
}

void TestRules::everyRuleIsDocumented()
{
    QFile f(QStringLiteral(DEVASSIGN_SOURCE_DIR "/docs/rules.md"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString doc = QString::fromUtf8(f.readAll());
    for (const Rule &r : rules()) {
        // A table row that starts with the id in backticks and names the severity.
        const QRegularExpression row(QStringLiteral("^\\| `%1` \\| %2 \\|")
                                         .arg(QRegularExpression::escape(r.id), severityName(r.severity)),
                                     QRegularExpression::MultilineOption);
        QVERIFY2(row.match(doc).hasMatch(), qPrintable(QStringLiteral("docs/rules.md lacks a row for ") + r.id));
    }
}

void TestRules::nodeNotFound()
{
    const Run r = run(kUart, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000"),
                                                                   QStringLiteral("/serial@1234")})}));
    const auto d = r.of(QStringLiteral("node-not-found"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("a"));
    QCOMPARE(d[0].node, QStringLiteral("/serial@1234"));
    QVERIFY(d[0].message.contains(QStringLiteral("/serial@1234")));
    QCOMPARE(r.analysis.domain(QStringLiteral("a"))->devices.size(), 1); // the missing node has no plan
}

void TestRules::hostDtbChanged()
{
    Project p = project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})});
    p.hostDtbSha256 = QString(64, QLatin1Char('0'));
    const Run r = run(kUart, p);
    const auto d = r.of(QStringLiteral("host-dtb-changed"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Warning);
    QVERIFY(r.analysis.hostDtbChanged);
    QVERIFY(d[0].message.contains(r.model->sha256()));
    QVERIFY(d[0].domain.isEmpty() && d[0].node.isEmpty());

    p.hostDtbSha256 = r.model->sha256();
    const Analysis same = analyze(*r.model, p);
    QVERIFY(!same.hostDtbChanged);
    for (const Diagnostic &x : same.diagnostics)
        QVERIFY(x.rule != QLatin1String("host-dtb-changed"));
}

void TestRules::deviceInTwoDomains()
{
    const QString uart = QStringLiteral("/serial@9000000");
    const Run r = run(kUart, project({domain(QStringLiteral("a"), {uart}), domain(QStringLiteral("b"), {uart})}));
    const auto d = r.of(QStringLiteral("device-in-two-domains"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("b"));
    QCOMPARE(d[0].node, uart);
    QCOMPARE(d[0].related, QStringList{QStringLiteral("a")});
    QVERIFY(d[0].message.contains(QStringLiteral("both b and a")));
    // Not also reported as a shared page / shared IRQ with itself.
    QVERIFY(r.of(QStringLiteral("shared-page")).isEmpty());
    QVERIFY(r.of(QStringLiteral("irq-shared")).isEmpty());

    const Run ok = run(kUart, project({domain(QStringLiteral("a"), {uart}), domain(QStringLiteral("b"), {})}));
    QVERIFY(ok.of(QStringLiteral("device-in-two-domains")).isEmpty());
}

void TestRules::deviceDisabled()
{
    const QString dts = QStringLiteral(
        "serial@9000000 { compatible = \"arm,pl011\"; reg = <0 0x9000000 0 0x1000>; interrupts = <0 1 4>; "
        "status = \"disabled\"; };\n"
        "serial@9001000 { compatible = \"arm,pl011\"; reg = <0 0x9001000 0 0x1000>; interrupts = <0 2 4>; "
        "status = \"okay\"; };");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000"),
                                                                 QStringLiteral("/serial@9001000")})}));
    const auto d = r.of(QStringLiteral("device-disabled"));
    QCOMPARE(d.size(), 1); // the okay one does not fire
    QCOMPARE(d[0].severity, Severity::Warning);
    QCOMPARE(d[0].node, QStringLiteral("/serial@9000000"));
    QVERIFY(d[0].message.contains(QStringLiteral("status = \"disabled\"")));
}

static const QString kScmiConsumerOnly = QStringLiteral(R"(
    firmware {
        scmi {
            compatible = "arm,scmi-smc"; arm,smc-id = <0x82000010>;
            #address-cells = <1>; #size-cells = <0>;
            scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
        };
    };
    glue { compatible = "allwinner,sun50i-h6-dwc3"; clocks = <&scmi_clk 1>; };
)");

void TestRules::deviceWithoutResources()
{
    const QString dts = kUart + QStringLiteral("leds { compatible = \"gpio-leds\"; };");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/leds"),
                                                                 QStringLiteral("/serial@9000000")})}));
    const auto d = r.of(QStringLiteral("device-without-resources"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Warning);
    QCOMPARE(d[0].node, QStringLiteral("/leds"));

    // A node whose only resources are SCMI ids (dwc3-of-simple glue on SCMI clocks) is not flagged.
    const QString scmi = kScmiConsumerOnly;
    const Run s = run(scmi, project({domain(QStringLiteral("a"), {QStringLiteral("/glue")})}));
    QVERIFY(s.of(QStringLiteral("device-without-resources")).isEmpty());
    QVERIFY(s.analysis.domain(QStringLiteral("a"))->needsScmi);
}

// domain_vpl011_init (xen/arch/arm/vpl011.c, 4.17.5): a direct-mapped domU's vPL011 re-uses Xen's
// console UART (board(): stdout-path /serial@1c090000, a PL011 with 0x1000 bytes at SPI 210): it
// needs Xen to drive it, at least GUEST_PL011_SIZE (4 KiB) of registers, and an IRQ.
void TestRules::vpl011DirectMapConsole()
{
    auto direct = [](const QString &name, const QStringList &devices) {
        DomainConfig d = domain(name, devices);
        d.dom0less = true;
        d.directMap = true;
        d.vpl011 = true;
        return d;
    };
    auto findings = [](const Run &r) { return r.of(QStringLiteral("vpl011-direct-map-console")); };
    // A 4 KiB PL011 Xen drives, given to no domain: Xen re-uses it, no finding.
    QVERIFY(findings(run(kUart, project({direct(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})}))).isEmpty());
    // Without vpl011, or without direct-map, nothing is re-used.
    DomainConfig plain = direct(QStringLiteral("a"), {});
    plain.directMap = false;
    Project p = project({plain, domain(QStringLiteral("b"), {QStringLiteral("/serial@1c090000")})});
    QVERIFY(findings(run(QString(), p)).isEmpty());

    // The console UART assigned to a domain: devassign marks it xen,passthrough, Xen has no console.
    p = project({direct(QStringLiteral("a"), {}), domain(QStringLiteral("b"), {QStringLiteral("/serial@1c090000")})});
    Run r = run(QString(), p);
    QCOMPARE(findings(r).size(), 1);
    QCOMPARE(findings(r)[0].severity, Severity::Error);
    QCOMPARE(findings(r)[0].domain, QStringLiteral("a"));
    QVERIFY2(findings(r)[0].message.contains(QLatin1String("its console UART /serial@1c090000 is assigned to a domain")),
             qPrintable(findings(r)[0].message));
    // Without a console UART interrupt create_domUs panics for a direct-mapped domain whatever
    // its vpl011 (serial_irq(SERHND_DTUART) < 0, xen/arch/arm/domain_build.c).
    QVERIFY2(findings(r)[0].message.contains(QLatin1String("Error getting IRQ number for this serial port 0")),
             qPrintable(findings(r)[0].message));
    DomainConfig quiet = direct(QStringLiteral("a"), {});
    quiet.vpl011 = false;
    r = run(QString(), project({quiet, domain(QStringLiteral("b"), {QStringLiteral("/serial@1c090000")})}));
    QCOMPARE(findings(r).size(), 1);

    // A console UART of 0x40 bytes (the Raspberry Pi 4's mini UART is 0x40 at 0x7e215040).
    const QString small = QStringLiteral(R"(
    aliases { serial1 = "/serial@9001040"; };
    serial@9001040 { compatible = "brcm,bcm2835-aux-uart"; reg = <0x0 0x9001040 0x0 0x40>; interrupts = <0 2 4>; };
)");
    p = project({direct(QStringLiteral("a"), {})});
    p.xenBootargs = QStringLiteral("dtuart=serial1");
    r = run(small, p);
    QCOMPARE(findings(r).size(), 1);
    QVERIFY2(findings(r)[0].message.contains(QLatin1String("/serial@9001040 has 64 bytes of registers, less than the 4 KiB")),
             qPrintable(findings(r)[0].message));
    // Too small but with an interrupt: only the vPL011 fails, and Xen 4.17 builds the domain anyway.
    QVERIFY2(findings(r)[0].message.contains(QLatin1String("Xen 4.17 ignores that and builds the domain")),
             qPrintable(findings(r)[0].message));
    DomainConfig noVpl011 = direct(QStringLiteral("a"), {});
    noVpl011.vpl011 = false;
    Project smallOff = project({noVpl011});
    smallOff.xenBootargs = QStringLiteral("dtuart=serial1");
    QVERIFY(findings(run(small, smallOff)).isEmpty());

    // A console UART Xen 4.17 has no driver for (fsl,imx6q-uart: imx-uart.c is in no release).
    const QString foreign = QStringLiteral(R"(
    aliases { serial2 = "/serial@9002000"; };
    serial@9002000 { compatible = "fsl,imx8mm-uart", "fsl,imx6q-uart"; reg = <0x0 0x9002000 0x0 0x1000>; interrupts = <0 3 4>; };
)");
    p.xenBootargs = QStringLiteral("dtuart=serial2");
    r = run(foreign, p);
    QCOMPARE(findings(r).size(), 1);
    QVERIFY2(findings(r)[0].message.contains(QLatin1String("has no driver for its console UART /serial@9002000")),
             qPrintable(findings(r)[0].message));
}

// Xen's console is the UART dt_uart_init picks (xen/drivers/char/arm-uart.c): dtuart= in Xen's
// command line (a path or an alias, ":options" dropped), else /chosen/stdout-path, and only while
// console= names dtuart (Arm's default). Its driver marks it DOMID_XEN and takes its IRQ, unless
// the host DTB marks it xen,passthrough (device_init, xen/arch/arm/device.c), as devassign's does.
void TestRules::xenConsoleUart()
{
    const QString second = QStringLiteral(R"(
    aliases { serial1 = "/serial@9001000"; };
    serial@9001000 { compatible = "arm,pl011"; reg = <0x0 0x9001000 0x0 0x1000>; interrupts = <0 2 4>; };
)") + kUart;
    const QString console = QStringLiteral("/serial@1c090000"); // board(): stdout-path
    auto consoleFindings = [](const Run &r) { return r.of(QStringLiteral("xen-console-uart")); };

    // No Xen command line anywhere: devassign's default names stdout-path's UART.
    Project p = project({domain(QStringLiteral("a"), {console, QStringLiteral("/serial@9000000")})});
    Run r = run(second, p);
    QCOMPARE(consoleFindings(r).size(), 1);
    QCOMPARE(consoleFindings(r)[0].node, console);
    QCOMPARE(consoleFindings(r)[0].severity, Severity::Warning);
    QVERIFY2(consoleFindings(r)[0].message.contains(
                 QLatin1String("dtuart=/serial@1c090000 in Xen's command line, devassign's default from /chosen/stdout-path")),
             qPrintable(consoleFindings(r)[0].message));

    // dtuart= by alias moves Xen's console: the stdout-path UART is free, the aliased one is not.
    p = project({domain(QStringLiteral("a"), {console, QStringLiteral("/serial@9001000")})});
    p.xenBootargs = QStringLiteral("console=dtuart dtuart=serial1:115200n8 bootscrub=0");
    r = run(second, p);
    QCOMPARE(consoleFindings(r).size(), 1);
    QCOMPARE(consoleFindings(r)[0].node, QStringLiteral("/serial@9001000"));

    QVERIFY2(consoleFindings(r)[0].message.contains(QLatin1String("(dtuart=serial1:115200n8 in Xen's command line)")),
             qPrintable(consoleFindings(r)[0].message));

    // A later dtuart= wins, as Xen's string_param keeps the last value; any white space separates.
    p.xenBootargs = QStringLiteral("dtuart=serial1\tdtuart=/serial@9000000");
    p.domains[0].devices = {QStringLiteral("/serial@9000000"), QStringLiteral("/serial@9001000")};
    r = run(second, p);
    QCOMPARE(consoleFindings(r).size(), 1);
    QCOMPARE(consoleFindings(r)[0].node, QStringLiteral("/serial@9000000"));

    // A UART no Xen driver matches (xen/drivers/char/*.c): Xen has no console there, no finding.
    const QString foreign = QStringLiteral(R"(
    aliases { serial2 = "/serial@9002000"; };
    serial@9002000 { compatible = "fsl,imx8mm-uart", "fsl,imx6q-uart"; reg = <0x0 0x9002000 0x0 0x1000>; interrupts = <0 3 4>; };
)");
    Project q = project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9002000")})});
    q.xenBootargs = QStringLiteral("console=dtuart dtuart=serial2");
    QVERIFY(consoleFindings(run(foreign, q)).isEmpty());

    // console= is a list whose items console_has() matches by prefix; without dtuart, no UART.
    p.xenBootargs = QStringLiteral("console=vga,dtuart dtuart=/serial@9000000");
    QCOMPARE(consoleFindings(run(second, p)).size(), 1);
    p.xenBootargs = QStringLiteral("console=none dtuart=/serial@9000000");
    QVERIFY(consoleFindings(run(second, p)).isEmpty());

    // Acknowledged when Xen is meant to run without a console.
    p.xenBootargs.clear();
    p.domains[0].devices = {console};
    Acknowledgement ack;
    ack.rule = QStringLiteral("xen-console-uart");
    ack.node = console;
    QVERIFY(addAcknowledgement(p, ack));
    r = run(second, p);
    QCOMPARE(consoleFindings(r).size(), 1);
    QVERIFY(consoleFindings(r)[0].acknowledged);

    // A real board: QEMU virt's only UART is Xen's console (stdout-path = "/pl011@9000000").
    const HostModelPtr virt = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const Analysis a = analyze(*virt, testsupport::projectWith({{QStringLiteral("g"), {QStringLiteral("/pl011@9000000")}}}));
    QVERIFY(std::any_of(a.diagnostics.cbegin(), a.diagnostics.cend(), [](const Diagnostic &d) {
        return d.rule == QLatin1String("xen-console-uart") && d.node == QLatin1String("/pl011@9000000");
    }));
}

// Which UARTs Xen can take for its console depends on the release's drivers (docs/xen-releases.md
// fact 13, from xen/drivers/char): pl011.c matches the SBSA UART from 4.18, imx-lpuart.c moved
// from i.MX8QM to i.MX8QXP in 4.19, linflex-uart.c arrived in 4.20; fsl,imx6q-uart is in none.
void TestRules::xenConsoleUartDriversByRelease()
{
    struct Case {
        const char *compatible;
        xen::Release release;
        bool taken;
        const char *extra = ""; // more properties of the UART node
    };
    const Case cases[] = {
        {"arm,sbsa-uart", xen::Release::Xen417, false},          {"arm,sbsa-uart", xen::Release::Xen418, true},
        {"fsl,imx8qm-lpuart", xen::Release::Xen418, true},       {"fsl,imx8qm-lpuart", xen::Release::Xen419, false},
        {"fsl,imx8qxp-lpuart", xen::Release::Xen418, false},     {"fsl,imx8qxp-lpuart", xen::Release::Xen419, true},
        {"ti,am654-uart", xen::Release::Xen418, false, "clock-frequency = <48000000>;"},
        {"ti,am654-uart", xen::Release::Xen421, true, "clock-frequency = <48000000>;"},
        {"ti,am654-uart", xen::Release::Xen419, false}, // omap_uart_init: no clock-frequency, -EINVAL
        {"ti,am654-uart", xen::Release::Xen419, false, "clock-frequency = /bits/ 16 <1000>;"}, // not a u32
        {"ti,am654-uart", xen::Release::Xen420, true},  // from 4.20 the clock defaults to 48 MHz
        {"ARM,PL011", xen::Release::Xen417, true},      // dt_compat_cmp ignores case
        {"nxp,s32g3-linflexuart", xen::Release::Xen419, false},  {"nxp,s32g3-linflexuart", xen::Release::Xen420, true},
        {"nxp,s32g2-linflexuart", xen::Release::Xen422, true},   {"fsl,imx6q-uart", xen::Release::Xen422, false},
        {"arm,pl011", xen::Release::Xen417, true},               {"arm,pl011", xen::Release::Xen422, true},
    };
    for (const Case &c : cases) {
        const QString body = QStringLiteral(R"(
    serial@9002000 { compatible = "%1"; reg = <0x0 0x9002000 0x0 0x1000>; interrupts = <0 3 4>; %2 };
)").arg(QLatin1String(c.compatible), QLatin1String(c.extra));
        Project p = project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9002000")})});
        p.platform.xen = c.release;
        p.xenBootargs = QStringLiteral("dtuart=/serial@9002000");
        const QString what = QStringLiteral("%1 on Xen %2").arg(QLatin1String(c.compatible), xen::releaseName(c.release));
        QVERIFY2(run(body, p).of(QStringLiteral("xen-console-uart")).size() == (c.taken ? 1 : 0), qPrintable(what));
    }
}

// QEMU virt (decompiled tests/data/virt-gicv3.dtb): intc@8000000 is the GICv3 (compatible
// "arm,gic-v3", interrupt-controller) with its@8080000 under it; virt-gicv3-smmuv3.dtb adds
// smmuv3@9050000 ("arm,smmu-v3", which Xen 4.17's smmu-v3.c matches). Xen keeps all three.
void TestRules::deviceKeptByXen()
{
    const HostModelPtr virt = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    Project p = testsupport::projectWith({{QStringLiteral("g"), {QStringLiteral("/intc@8000000/its@8080000")}}});
    Analysis a = analyze(*virt, p);
    QVector<Diagnostic> kept;
    for (const Diagnostic &d : a.diagnostics)
        if (d.rule == QLatin1String("device-kept-by-xen"))
            kept.append(d);
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept[0].severity, Severity::Error);
    QCOMPARE(kept[0].node, QStringLiteral("/intc@8000000/its@8080000"));
    QVERIFY2(kept[0].message.contains(QLatin1String("part of the host GIC (/intc@8000000)")), qPrintable(kept[0].message));
    QVERIFY(a.errorCount() >= 1);
    // No acknowledgement accepts it: refused when made, refused in a project file, ignored if forced in.
    Acknowledgement ack;
    ack.rule = QStringLiteral("device-kept-by-xen");
    ack.node = kept[0].node;
    const Status refused = addAcknowledgement(p, ack);
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QLatin1String("cannot be acknowledged")), qPrintable(refused.error()));
    p.acknowledgements.append(ack);
    p.hostDtb = QStringLiteral("virt.dtb");
    p.hostDtbSha256 = virt->sha256();
    a = analyze(*virt, p);
    for (const Diagnostic &d : a.diagnostics)
        if (d.rule == QLatin1String("device-kept-by-xen"))
            QVERIFY(!d.acknowledged);
    const Result<Project> loaded = projectFromJson(projectToJson(p), QStringLiteral("p.devassign.json"));
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().contains(QLatin1String("rule 'device-kept-by-xen' cannot be acknowledged")),
             qPrintable(loaded.error()));

    const HostModelPtr smmu = testsupport::loadData(QStringLiteral("virt-gicv3-smmuv3.dtb"));
    const Project q = testsupport::projectWith({{QStringLiteral("g"), {QStringLiteral("/smmuv3@9050000")}}});
    const Analysis b = analyze(*smmu, q);
    int iommus = 0;
    for (const Diagnostic &d : b.diagnostics)
        if (d.rule == QLatin1String("device-kept-by-xen")) {
            ++iommus;
            QVERIFY2(d.message.contains(QLatin1String("an IOMMU Xen 4.17 drives (arm,smmu-v3)")), qPrintable(d.message));
        }
    QCOMPARE(iommus, 1);
    // An ordinary device on the same board is no concern of this rule.
    const Project r = testsupport::projectWith({{QStringLiteral("g"), {QStringLiteral("/pl031@9010000")}}});
    for (const Diagnostic &d : analyze(*virt, r).diagnostics)
        QVERIFY(d.rule != QLatin1String("device-kept-by-xen"));
}

void TestRules::regionNotCpuAddressable()
{
    // A bus without `ranges`: its children's addresses do not reach the CPU.
    const QString dts = QStringLiteral(R"(
    i2c@9100000 {
        compatible = "test,i2c"; reg = <0 0x9100000 0 0x1000>; interrupts = <0 5 4>;
        #address-cells = <1>; #size-cells = <1>;
        eeprom@50 { compatible = "test,eeprom"; reg = <0x50 0x10>; };
    };)");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/i2c@9100000/eeprom@50"),
                                                                 QStringLiteral("/i2c@9100000")})}));
    const auto d = r.of(QStringLiteral("region-not-cpu-addressable"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].node, QStringLiteral("/i2c@9100000/eeprom@50"));
    QVERIFY2(d[0].message.contains(QStringLiteral("bus address 0x50")), qPrintable(d[0].message));
    QVERIFY(r.device(QStringLiteral("a"), QStringLiteral("/i2c@9100000/eeprom@50"))->regions.isEmpty());
}

void TestRules::mmioUnaligned()
{
    const QString dts = QStringLiteral(R"(
    rtc@9010100 { compatible = "test,rtc"; reg = <0 0x9010100 0 0x100>; interrupts = <0 2 4>; };
    wdt@9010800 { compatible = "test,wdt"; reg = <0 0x9010800 0 0x100>; interrupts = <0 3 4>; };
)") + kUart;
    const QString rtc = QStringLiteral("/rtc@9010100");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {rtc, QStringLiteral("/serial@9000000")})}));
    const auto d = r.of(QStringLiteral("mmio-unaligned"));
    QCOMPARE(d.size(), 1); // the aligned UART does not fire
    QCOMPARE(d[0].severity, Severity::Warning);
    QCOMPARE(d[0].node, rtc);
    QVERIFY2(d[0].message.contains(QStringLiteral("0x9010100 (size 0x100)")), qPrintable(d[0].message));
    QVERIFY(d[0].message.contains(QStringLiteral("whole pages 0x9010000-0x9010fff (1 page)")));
    QVERIFY(d[0].message.contains(QStringLiteral("which also hold /wdt@9010800")));
    QCOMPARE(d[0].related, QStringList{QStringLiteral("/wdt@9010800")});
    const DevicePlan *plan = r.device(QStringLiteral("a"), rtc);
    QCOMPARE(plan->mmio.size(), 1);
    QCOMPARE(plan->mmio[0].hostAddress, 0x9010000ULL);
    QCOMPARE(plan->mmio[0].size, 0x1000ULL);
    QCOMPARE(plan->regions[0].guestAddress, 0x9010100ULL); // offset inside the page kept

    // With the neighbour in the same domain the rule still fires, but names no neighbour.
    const Run both = run(dts, project({domain(QStringLiteral("a"), {rtc, QStringLiteral("/wdt@9010800")})}));
    for (const Diagnostic &x : both.of(QStringLiteral("mmio-unaligned")))
        QVERIFY(x.related.isEmpty());
}

void TestRules::sharedPage()
{
    const QString dts = QStringLiteral(R"(
    rtc@9010000 { compatible = "test,rtc"; reg = <0 0x9010000 0 0x100>; interrupts = <0 2 4>; };
    wdt@9010800 { compatible = "test,wdt"; reg = <0 0x9010800 0 0x100>; interrupts = <0 3 4>; };
)");
    const QString rtc = QStringLiteral("/rtc@9010000");
    const QString wdt = QStringLiteral("/wdt@9010800");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {rtc}), domain(QStringLiteral("b"), {wdt})}));
    const auto d = r.of(QStringLiteral("shared-page"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("b"));
    QCOMPARE(d[0].node, wdt);
    QCOMPARE(d[0].related, (QStringList{rtc, QStringLiteral("a")}));
    QVERIFY2(d[0].message.contains(QStringLiteral("share the page(s) 0x9010000-0x9010fff")), qPrintable(d[0].message));

    const Run same = run(dts, project({domain(QStringLiteral("a"), {rtc, wdt})}));
    QVERIFY(same.of(QStringLiteral("shared-page")).isEmpty());
}

void TestRules::sharedPageDom0()
{
    // The RTC and the watchdog share one page; the timer in it is disabled (never dom0's).
    const QString dts = QStringLiteral(R"(
    rtc@9010000 { compatible = "test,rtc"; reg = <0 0x9010000 0 0x100>; interrupts = <0 2 4>; };
    wdt@9010800 { compatible = "test,wdt"; reg = <0 0x9010800 0 0x100>; interrupts = <0 3 4>; };
    timer@9010c00 { compatible = "test,timer"; reg = <0 0x9010c00 0 0x100>; status = "disabled"; };
)");
    const QString rtc = QStringLiteral("/rtc@9010000");
    const QString wdt = QStringLiteral("/wdt@9010800");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {rtc})}));
    const auto d = r.of(QStringLiteral("shared-page-dom0"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("a"));
    QCOMPARE(d[0].node, rtc);
    QCOMPARE(d[0].related, (QStringList{wdt, QStringLiteral("dom0")}));
    QVERIFY2(d[0].message.contains(QStringLiteral("shares the page(s) 0x9010000-0x9010fff with device(s) that stay "
                                                  "with dom0 (/wdt@9010800)")),
             qPrintable(d[0].message));
    QVERIFY(!d[0].message.contains(QStringLiteral("timer")));
    QVERIFY(d[0].fix.contains(QStringLiteral("Assign /wdt@9010800 to domain a")));
    QVERIFY(r.of(QStringLiteral("shared-page")).isEmpty()); // no second domain
    QCOMPARE(r.analysis.errorCount(), 1);

    // Acknowledged: still reported, no longer an error.
    Project acked = project({domain(QStringLiteral("a"), {rtc})});
    acked.acknowledgements.append({QStringLiteral("shared-page-dom0"), rtc, QStringLiteral("a"), QString()});
    const Run ack = run(dts, acked);
    QCOMPARE(ack.of(QStringLiteral("shared-page-dom0")).size(), 1);
    QVERIFY(ack.of(QStringLiteral("shared-page-dom0"))[0].acknowledged);
    QCOMPARE(ack.analysis.errorCount(), 0);

    // Both in the guest, or the watchdog in another guest (then it is shared-page): nothing stays with dom0.
    QVERIFY(run(dts, project({domain(QStringLiteral("a"), {rtc, wdt})}))
                .of(QStringLiteral("shared-page-dom0")).isEmpty());
    const Run split = run(dts, project({domain(QStringLiteral("a"), {rtc}), domain(QStringLiteral("b"), {wdt})}));
    QVERIFY(split.of(QStringLiteral("shared-page-dom0")).isEmpty());
    QCOMPARE(split.of(QStringLiteral("shared-page")).size(), 1);
}

void TestRules::sharedPageDom0IgnoresWhatIsNotAnotherDevice()
{
    // Every node below has registers in the page of an assigned node, but none is a second device
    // that dom0 drives: the bus parent, the assigned block's own child, a disabled node, /memory,
    // a /reserved-memory carve-out and a device without reg.
    const QString dts = QStringLiteral(R"(
    bus@9100000 {
        compatible = "simple-bus"; reg = <0 0x9100000 0 0x100>;
        #address-cells = <2>; #size-cells = <2>; ranges;
        gpio@9100800 {
            compatible = "test,gpio"; reg = <0 0x9100800 0 0x100>; interrupts = <0 4 4>;
            #address-cells = <2>; #size-cells = <2>;
            bank@9100900 { compatible = "test,bank"; reg = <0 0x9100900 0 0x80>; };
        };
        spare@9100c00 { compatible = "test,spare"; reg = <0 0x9100c00 0 0x100>; status = "disabled"; };
    };
    memory@9100f00 { device_type = "memory"; reg = <0 0x9100f00 0 0x100>; };
    reserved-memory {
        #address-cells = <2>; #size-cells = <2>; ranges;
        carveout@9100e00 { reg = <0 0x9100e00 0 0x100>; no-map; };
    };
    keys { compatible = "gpio-keys"; interrupts = <0 5 4>; };
)");
    const QString gpio = QStringLiteral("/bus@9100000/gpio@9100800");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {gpio})}));
    QVERIFY(r.of(QStringLiteral("shared-page-dom0")).isEmpty());
    QVERIFY(r.of(QStringLiteral("shared-page-gic-iommu")).isEmpty());
    QCOMPARE(r.analysis.errorCount(), 0);

    // The same page with a real second device in it fires.
    QString crowded = dts;
    crowded.replace(QStringLiteral("status = \"disabled\"; "), QString());
    const auto d = run(crowded, project({domain(QStringLiteral("a"), {gpio})})).of(QStringLiteral("shared-page-dom0"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].related, (QStringList{QStringLiteral("/bus@9100000/spare@9100c00"), QStringLiteral("dom0")}));
}

void TestRules::sharedPageGicIommu()
{
    const QString dts = QStringLiteral(R"(
    smmu: iommu@9300000 { compatible = "arm,mmu-500"; reg = <0 0x9300000 0 0x800>; #iommu-cells = <1>; };
    pmu@9300800 { compatible = "test,pmu"; reg = <0 0x9300800 0 0x100>; interrupts = <0 10 4>; };
    mbox@800fc00 { compatible = "test,mbox"; reg = <0 0x800fc00 0 0x100>; interrupts = <0 11 4>; };
    rtc@9310000 { compatible = "test,rtc"; reg = <0 0x9310000 0 0x1000>; interrupts = <0 12 4>; };
)");
    const QString pmu = QStringLiteral("/pmu@9300800");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {pmu, QStringLiteral("/rtc@9310000")})}));
    const auto d = r.of(QStringLiteral("shared-page-gic-iommu"));
    QCOMPARE(d.size(), 1); // not the RTC, alone in its page
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].node, pmu);
    QCOMPARE(d[0].related, QStringList{QStringLiteral("/iommu@9300000")});
    QVERIFY2(d[0].message.contains(QStringLiteral("shares the page(s) 0x9300000-0x9300fff with /iommu@9300000 "
                                                  "(an IOMMU)")),
             qPrintable(d[0].message));
    QVERIFY(d[0].message.contains(QStringLiteral("interrupt routing or DMA translations for every domain")));
    // The IOMMU is not "a device that stays with dom0".
    QVERIFY(r.of(QStringLiteral("shared-page-dom0")).isEmpty());

    // Xen's console UART (dtuart=serial1, 256 bytes) and a debug block in the same page: Xen's,
    // not dom0's (pl011.c marks it DOMID_XEN). Without dtuart= the UART is dom0's.
    const QString withConsole = dts + QStringLiteral(R"(
    aliases { serial1 = "/serial@9080000"; };
    serial@9080000 { compatible = "arm,pl011"; reg = <0 0x9080000 0 0x100>; interrupts = <0 30 4>; };
    dbg@9080800 { compatible = "test,dbg"; reg = <0 0x9080800 0 0x100>; };
)");
    Project onConsole = project({domain(QStringLiteral("a"), {QStringLiteral("/dbg@9080800")})});
    QCOMPARE(run(withConsole, onConsole).of(QStringLiteral("shared-page-dom0")).size(), 1);
    QVERIFY(run(withConsole, onConsole).of(QStringLiteral("shared-page-gic-iommu")).isEmpty());
    onConsole.xenBootargs = QStringLiteral("dtuart=serial1");
    const Run xenConsole = run(withConsole, onConsole);
    QVERIFY(xenConsole.of(QStringLiteral("shared-page-dom0")).isEmpty());
    const auto uart = xenConsole.of(QStringLiteral("shared-page-gic-iommu"));
    QCOMPARE(uart.size(), 1);
    QCOMPARE(uart[0].related, QStringList{QStringLiteral("/serial@9080000")});
    QVERIFY2(uart[0].message.contains(QStringLiteral("0x9080000-0x9080fff with /serial@9080000 (Xen's console UART), "
                                                     "which Xen keeps for itself")),
             qPrintable(uart[0].message));
    QVERIFY(uart[0].fix.contains(QStringLiteral("dtuart=")));

    // A register block in the GIC distributor's last page (board's GIC: 0x8000000, 64 KiB).
    const auto gic = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/mbox@800fc00")})}))
                         .of(QStringLiteral("shared-page-gic-iommu"));
    QCOMPARE(gic.size(), 1);
    QVERIFY2(gic[0].message.contains(QStringLiteral("0x800f000-0x800ffff with /interrupt-controller@8000000 "
                                                    "(the host GIC)")),
             qPrintable(gic[0].message));
}

void TestRules::guestMapClash()
{
    // A device at the guest's vPL011 address and one at the grant table: both move to the lowest
    // free hole at or above 16 MiB, one page after the other, keeping the in-page offset.
    const QString dts = QStringLiteral(R"(
    dev@22000040 { compatible = "test,a"; reg = <0 0x22000040 0 0x40>; interrupts = <0 2 4>; };
    dev@38000000 { compatible = "test,b"; reg = <0 0x38000000 0 0x2000>; interrupts = <0 3 4>; };
)") + kUart;
    const QString a = QStringLiteral("/dev@22000040");
    const QString b = QStringLiteral("/dev@38000000");
    const QString uart = QStringLiteral("/serial@9000000");
    const Run r = run(dts, project({domain(QStringLiteral("g"), {a, b, uart})}));
    const auto d = r.of(QStringLiteral("guest-map-clash"));
    QCOMPARE(d.size(), 2);
    QCOMPARE(d[0].severity, Severity::Info);
    QCOMPARE(d[0].node, a);
    QCOMPARE(d[0].domain, QStringLiteral("g"));
    QVERIFY2(d[0].message.contains(QStringLiteral("vPL011 (0x22000000-0x22000fff)")), qPrintable(d[0].message));
    QVERIFY(d[0].message.contains(QStringLiteral("host 0x22000000-0x22000fff at guest 0x1000000")));
    QCOMPARE(d[1].node, b);
    QVERIFY(d[1].message.contains(QStringLiteral("grant table (0x38000000-0x38ffffff)")));
    QVERIFY(d[1].message.contains(QStringLiteral("host 0x38000000-0x38001fff at guest 0x1001000")));

    const DevicePlan *pa = r.device(QStringLiteral("g"), a);
    QCOMPARE(pa->mmio[0].hostAddress, 0x22000000ULL);
    QCOMPARE(pa->mmio[0].guestAddress, 0x1000000ULL);
    QCOMPARE(pa->regions[0].hostAddress, 0x22000040ULL);
    QCOMPARE(pa->regions[0].guestAddress, 0x1000040ULL);
    const DevicePlan *pb = r.device(QStringLiteral("g"), b);
    QCOMPARE(pb->mmio[0].guestAddress, 0x1001000ULL);
    // The UART at 0x9000000 is in a hole of the guest map: 1:1.
    QCOMPARE(r.device(QStringLiteral("g"), uart)->regions[0].guestAddress, 0x9000000ULL);

    // A direct-mapped domain keeps 1:1 and gets no diagnostic.
    DomainConfig dm = domain(QStringLiteral("g"), {a, b});
    dm.directMap = true;
    dm.staticMemory = {{0x60000000, 0x10000000}};
    const Run direct = run(dts, project({dm}));
    QVERIFY(direct.of(QStringLiteral("guest-map-clash")).isEmpty());
    QCOMPARE(direct.device(QStringLiteral("g"), a)->regions[0].guestAddress, 0x22000040ULL);
}

void TestRules::guestMapNoRoom()
{
    // 512 MiB on guest RAM bank 0: no hole below 1 TiB outside the guest map is that large.
    const QString dts = QStringLiteral(
        "fb@60000000 { compatible = \"test,fb\"; reg = <0 0x60000000 0 0x20000000>; interrupts = <0 2 4>; };");
    const Run r = run(dts, project({domain(QStringLiteral("g"), {QStringLiteral("/fb@60000000")})}));
    const auto d = r.of(QStringLiteral("guest-map-no-room"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QVERIFY2(d[0].message.contains(QStringLiteral("0x60000000-0x7fffffff")), qPrintable(d[0].message));
    QVERIFY(d[0].message.contains(QStringLiteral("RAM bank 0")));
    QVERIFY(r.of(QStringLiteral("guest-map-clash")).isEmpty());

    const QString small = QStringLiteral(
        "fb@60000000 { compatible = \"test,fb\"; reg = <0 0x60000000 0 0x100000>; interrupts = <0 2 4>; };");
    const Run ok = run(small, project({domain(QStringLiteral("g"), {QStringLiteral("/fb@60000000")})}));
    QVERIFY(ok.of(QStringLiteral("guest-map-no-room")).isEmpty());
    QCOMPARE(ok.of(QStringLiteral("guest-map-clash")).size(), 1);
}

void TestRules::dmaWithoutIommu()
{
    const QString dts = QStringLiteral(
        "ethernet@9200000 { compatible = \"test,gmac\"; reg = <0 0x9200000 0 0x10000>; interrupts = <0 7 4>;"
        " dma-coherent; };")
        + kUart;
    const QString eth = QStringLiteral("/ethernet@9200000");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {eth, QStringLiteral("/serial@9000000")})}));
    const auto d = r.of(QStringLiteral("dma-without-iommu"));
    QCOMPARE(d.size(), 1); // not the UART
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].node, eth);
    QCOMPARE(d[0].domain, QStringLiteral("a"));
    QVERIFY(!d[0].acknowledged);
    QVERIFY(d[0].message.contains(QStringLiteral("all of memory, including Xen's and other domains'")));
    QVERIFY(d[0].message.contains(QStringLiteral("no iommus, mmu-masters or iommu-map")));
    QVERIFY(d[0].message.contains(QStringLiteral("is marked dma-coherent")));
    QCOMPARE(r.analysis.errorCount(), 1);
    const DevicePlan *plan = r.device(QStringLiteral("a"), eth);
    QVERIFY(!plan->iommuProtected);
    QVERIFY(!plan->forceWithoutIommu);

    // A name or compatible that sounds like a bus master is only a guess (a PIO part such as
    // SMSC's LAN9118 is named ethernet too): a warning, and the force flag Xen needs.
    const QString guess = QStringLiteral(
        "ethernet@9200000 { compatible = \"smsc,lan9118\"; reg = <0 0x9200000 0 0x10000>; interrupts = <0 7 4>; };");
    const Run g = run(guess, project({domain(QStringLiteral("a"), {eth})}));
    QVERIFY(g.of(QStringLiteral("dma-without-iommu")).isEmpty());
    const auto w = g.of(QStringLiteral("dma-guessed-without-iommu"));
    QCOMPARE(w.size(), 1);
    QCOMPARE(w[0].severity, Severity::Warning);
    QVERIFY2(w[0].message.contains(QStringLiteral("/ethernet@9200000 looks like a bus-master class (ethernet), but nothing "
                                                  "in its own properties says it masters the bus")),
             qPrintable(w[0].message));
    QCOMPARE(g.analysis.errorCount(), 0);
    QVERIFY(g.device(QStringLiteral("a"), eth)->forceWithoutIommu);
    // audit.md says why the flag is there: devassign's default, not an acknowledgement.
    QCOMPARE(g.device(QStringLiteral("a"), eth)->forceWhy,
             QStringLiteral("devassign's default: only its name or compatible suggests DMA"));
    // The fix names the acknowledgement that applies to this finding (dma-without-iommu does not
    // fire for a guess), and that acknowledgement takes it.
    QVERIFY2(w[0].fix.contains(QStringLiteral("devassign ack PROJECT dma-guessed-without-iommu --node /ethernet@9200000")),
             qPrintable(w[0].fix));
    Project acked = project({domain(QStringLiteral("a"), {eth})});
    acked.acknowledgements.append({QStringLiteral("dma-guessed-without-iommu"), eth, QString(), QString()});
    const auto a = run(guess, acked).of(QStringLiteral("dma-guessed-without-iommu"));
    QCOMPARE(a.size(), 1);
    QVERIFY(a[0].acknowledged);
}

// A wrapper whose child device is the IOMMU-protected master (ZynqMP usb@ff9d0000 and its dwc3):
// the wrapper's name says "usb", but the DMA is its child's, which the SMMU covers: no finding.
void TestRules::dmaGuessOfAWrapperOfAProtectedMaster()
{
    const QString dts = QStringLiteral(R"(
    smmu: iommu@9300000 { compatible = "arm,mmu-500"; reg = <0 0x9300000 0 0x10000>; #iommu-cells = <1>; };
    usb@9400000 { compatible = "acme,usb-glue"; reg = <0 0x9400000 0 0x100>; #address-cells = <2>; #size-cells = <2>;
        ranges;
        dwc3@9500000 { compatible = "snps,dwc3"; reg = <0 0x9500000 0 0x10000>; interrupts = <0 8 4>; iommus = <&smmu 0x860>; };
    };
)");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/usb@9400000")})}));
    QVERIFY(r.of(QStringLiteral("dma-without-iommu")).isEmpty());
    QVERIFY(r.of(QStringLiteral("dma-guessed-without-iommu")).isEmpty());
    QCOMPARE(r.of(QStringLiteral("passed-without-iommu")).size(), 1); // the wrapper, with the force flag
    QVERIFY(r.device(QStringLiteral("a"), QStringLiteral("/usb@9400000"))->forceWithoutIommu);
    QVERIFY(r.device(QStringLiteral("a"), QStringLiteral("/usb@9400000/dwc3@9500000"))->iommuProtected);
}

void TestRules::dmaWithoutIommuNamesIommuXenCannotDrive()
{
    const QString dts = QStringLiteral(R"(
    iommu@9300000 { compatible = "rockchip,iommu"; reg = <0 0x9300000 0 0x100>; #iommu-cells = <0>; };
    vop@9400000 { compatible = "test,vop"; reg = <0 0x9400000 0 0x1000>; interrupts = <0 8 4>;
        iommus = <&{/iommu@9300000}>; };
)");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/vop@9400000")})}));
    const auto d = r.of(QStringLiteral("dma-without-iommu"));
    QCOMPARE(d.size(), 1);
    QVERIFY2(d[0].message.contains(QStringLiteral("/iommu@9300000 (rockchip,iommu) is one Xen 4.17 has no driver for")),
             qPrintable(d[0].message));
    QVERIFY(!r.device(QStringLiteral("a"), QStringLiteral("/vop@9400000"))->iommuProtected);
}

void TestRules::dmaWithoutIommuNamesDisabledIommu()
{
    const QString dts = QStringLiteral(R"(
    smmu: iommu@9300000 { compatible = "arm,mmu-500"; reg = <0 0x9300000 0 0x10000>; #iommu-cells = <1>;
        status = "disabled"; };
    vop@9400000 { compatible = "test,vop"; reg = <0 0x9400000 0 0x1000>; interrupts = <0 8 4>; iommus = <&smmu 0x10>; };
)");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/vop@9400000")})}));
    const auto d = r.of(QStringLiteral("dma-without-iommu"));
    QCOMPARE(d.size(), 1);
    QVERIFY2(d[0].message.contains(QStringLiteral("/iommu@9300000 (arm,mmu-500) is disabled")),
             qPrintable(d[0].message));
}

void TestRules::dmaWithoutIommuAcknowledged()
{
    const QString dts = QStringLiteral(
        "ethernet@9200000 { compatible = \"test,gmac\"; reg = <0 0x9200000 0 0x10000>; interrupts = <0 7 4>; dma-coherent; dmas = <&dma 1>; };"
        "dma: dma-controller@9600000 { compatible = \"test,dmac\"; reg = <0 0x9600000 0 0x1000>; #dma-cells = <1>; };");
    const QString eth = QStringLiteral("/ethernet@9200000");
    Project p = project({domain(QStringLiteral("a"), {eth})});
    p.acknowledgements.append(
        {QStringLiteral("dma-without-iommu"), eth, QStringLiteral("a"), QStringLiteral("trusted")});
    const Run r = run(dts, p);
    const auto d = r.of(QStringLiteral("dma-without-iommu"));
    QCOMPARE(d.size(), 1);
    QVERIFY(d[0].acknowledged);
    QCOMPARE(r.analysis.errorCount(), 0);
    QCOMPARE(r.analysis.count(Severity::Error, true), 1);
    QVERIFY(r.device(QStringLiteral("a"), eth)->forceWithoutIommu);
    QCOMPARE(r.device(QStringLiteral("a"), eth)->forceWhy, QStringLiteral("you acknowledged dma-without-iommu"));

    // An acknowledgement for another domain does not count.
    p.acknowledgements[0].domain = QStringLiteral("b");
    const Analysis other = analyze(*r.model, p);
    QCOMPARE(other.errorCount(), 1);
    QVERIFY(!other.domains[0].devices[0].forceWithoutIommu);
}

// A DMA client ('dmas', dma/dma.txt) does not master the bus: the DMA controller it names does.
// Passed alone, the client is passed-without-iommu (its controller stays with dom0, which the
// dependency rules report); passed with its controller, the controller is dma-without-iommu.
void TestRules::dmaClientIsNoBusMaster()
{
    const QString dts = QStringLiteral(R"(
    dmac: dma-controller@9600000 { compatible = "arm,pl330"; reg = <0 0x9600000 0 0x1000>; interrupts = <0 9 4>; #dma-cells = <1>; };
    serial@9200000 { compatible = "arm,pl011"; reg = <0 0x9200000 0 0x1000>; interrupts = <0 7 4>; dmas = <&dmac 1>, <&dmac 2>; dma-names = "rx", "tx"; };
)");
    const QString uart = QStringLiteral("/serial@9200000");
    const QString dmac = QStringLiteral("/dma-controller@9600000");
    const Run alone = run(dts, project({domain(QStringLiteral("a"), {uart})}));
    QVERIFY(alone.of(QStringLiteral("dma-without-iommu")).isEmpty());
    QVERIFY(alone.of(QStringLiteral("dma-guessed-without-iommu")).isEmpty());
    QCOMPARE(alone.of(QStringLiteral("passed-without-iommu")).size(), 1);
    QVERIFY(alone.device(QStringLiteral("a"), uart)->forceWithoutIommu);
    QCOMPARE(alone.device(QStringLiteral("a"), uart)->forceWhy,
             QStringLiteral("devassign's default: nothing shows that it masters the bus"));
    QCOMPARE(alone.analysis.errorCount(), 0);
    // An acknowledgement the rule never needed does not become the reason.
    Project acked = project({domain(QStringLiteral("a"), {uart})});
    acked.acknowledgements.append({QStringLiteral("dma-without-iommu"), uart, QStringLiteral("a"), QStringLiteral("n/a")});
    QCOMPARE(run(dts, acked).device(QStringLiteral("a"), uart)->forceWhy,
             QStringLiteral("devassign's default: nothing shows that it masters the bus"));

    const Run both = run(dts, project({domain(QStringLiteral("a"), {uart, dmac})}));
    const auto d = both.of(QStringLiteral("dma-without-iommu"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].node, dmac);
    QVERIFY2(d[0].message.contains(QStringLiteral("#dma-cells")), qPrintable(d[0].message));
    QVERIFY(!both.device(QStringLiteral("a"), dmac)->forceWithoutIommu);
    QVERIFY(both.device(QStringLiteral("a"), uart)->forceWithoutIommu);
}

void TestRules::passedWithoutIommu()
{
    const QString dts = kUart + QStringLiteral(R"(
    smmu: iommu@9300000 { compatible = "arm,mmu-500"; reg = <0 0x9300000 0 0x10000>; #iommu-cells = <1>; };
    ethernet@9200000 { compatible = "test,gmac"; reg = <0 0x9200000 0 0x10000>; interrupts = <0 7 4>;
        iommus = <&smmu 0x10>; };
)");
    const QString uart = QStringLiteral("/serial@9000000");
    const QString eth = QStringLiteral("/ethernet@9200000");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {uart, eth})}));
    const auto d = r.of(QStringLiteral("passed-without-iommu"));
    QCOMPARE(d.size(), 1); // not the protected ethernet
    QCOMPARE(d[0].severity, Severity::Info);
    QCOMPARE(d[0].node, uart);
    QVERIFY(d[0].message.contains(QStringLiteral("xen,force-assign-without-iommu")));
    QVERIFY(r.device(QStringLiteral("a"), uart)->forceWithoutIommu);
    QVERIFY(!r.device(QStringLiteral("a"), uart)->iommuProtected);
    QVERIFY(r.device(QStringLiteral("a"), eth)->iommuProtected);
    QVERIFY(!r.device(QStringLiteral("a"), eth)->forceWithoutIommu);
    QVERIFY(r.of(QStringLiteral("dma-without-iommu")).isEmpty());
    QCOMPARE(r.analysis.errorCount(), 0);
}

void TestRules::xlDtdevUnprotected()
{
    const QString uart = QStringLiteral("/serial@9000000");
    DomainConfig d = domain(QStringLiteral("x"), {uart});
    d.xl = true;
    const Run r = run(kUart, project({d}));
    const auto found = r.of(QStringLiteral("xl-dtdev-unprotected"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Info);
    QCOMPARE(found[0].node, uart);
    QVERIFY(found[0].message.contains(QStringLiteral("iomem and irqs only")));

    const Run dom0less = run(kUart, project({domain(QStringLiteral("x"), {uart})}));
    QVERIFY(dom0less.of(QStringLiteral("xl-dtdev-unprotected")).isEmpty());
}

void TestRules::streamIdSplit()
{
    const QString dts = QStringLiteral(R"(
    smmu: iommu@9300000 { compatible = "arm,smmu-v3"; reg = <0 0x9300000 0 0x20000>; #iommu-cells = <1>; };
    dma@9200000 { compatible = "test,dma"; reg = <0 0x9200000 0 0x1000>; interrupts = <0 7 4>; iommus = <&smmu 0x10>; };
    usb@9210000 { compatible = "test,usb"; reg = <0 0x9210000 0 0x1000>; interrupts = <0 8 4>; iommus = <&smmu 0x10>; };
    sata@9220000 { compatible = "test,sata"; reg = <0 0x9220000 0 0x1000>; interrupts = <0 9 4>;
        iommus = <&smmu 0x11>; };
)");
    const QString dma = QStringLiteral("/dma@9200000");
    const QString usb = QStringLiteral("/usb@9210000");
    const QString sata = QStringLiteral("/sata@9220000");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {dma}), domain(QStringLiteral("b"), {usb, sata})}));
    const auto d = r.of(QStringLiteral("stream-id-split"));
    QCOMPARE(d.size(), 1); // sata's 0x11 is not shared
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("b"));
    QCOMPARE(d[0].node, usb);
    QVERIFY2(d[0].message.contains(QStringLiteral("stream id 0x10 on /iommu@9300000")), qPrintable(d[0].message));
    QVERIFY(d[0].message.contains(dma));

    const Run same = run(dts, project({domain(QStringLiteral("a"), {dma, usb}), domain(QStringLiteral("b"), {sata})}));
    QVERIFY(same.of(QStringLiteral("stream-id-split")).isEmpty());
}

void TestRules::streamIdDom0()
{
    const QString dts = QStringLiteral(R"(
    smmu: iommu@9300000 { compatible = "arm,smmu-v3"; reg = <0 0x9300000 0 0x20000>; #iommu-cells = <1>;
        interrupts = <0 20 4>; };
    dma@9200000 { compatible = "test,dma"; reg = <0 0x9200000 0 0x1000>; interrupts = <0 7 4>; iommus = <&smmu 0x10>; };
    usb@9210000 { compatible = "test,usb"; reg = <0 0x9210000 0 0x1000>; interrupts = <0 8 4>; iommus = <&smmu 0x10>; };
    sata@9220000 { compatible = "test,sata"; reg = <0 0x9220000 0 0x1000>; interrupts = <0 9 4>;
        iommus = <&smmu 0x11>; };
    eth@9230000 { compatible = "test,eth"; reg = <0 0x9230000 0 0x1000>; interrupts = <0 10 4>;
        iommus = <&smmu 0x10>; status = "disabled"; };
)");
    const QString dma = QStringLiteral("/dma@9200000");
    const QString usb = QStringLiteral("/usb@9210000");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {dma})}));
    const auto d = r.of(QStringLiteral("stream-id-dom0"));
    QCOMPARE(d.size(), 1); // not sata (0x11), not the disabled eth
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("a"));
    QCOMPARE(d[0].node, dma);
    QCOMPARE(d[0].related, (QStringList{usb, QStringLiteral("dom0")}));
    QVERIFY2(d[0].message.contains(QStringLiteral("shares IOMMU stream id 0x10 on /iommu@9300000 with /usb@9210000, "
                                                  "which stays with dom0")),
             qPrintable(d[0].message));
    QVERIFY(d[0].source.contains(QStringLiteral("xen/drivers/passthrough/arm/smmu.c")));
    QVERIFY(r.of(QStringLiteral("stream-id-split")).isEmpty());

    QVERIFY(run(dts, project({domain(QStringLiteral("a"), {dma, usb})}))
                .of(QStringLiteral("stream-id-dom0")).isEmpty());
    // An IOMMU Xen does not drive translates nothing for Xen: no stream-map entry to share.
    QString disabled = dts;
    disabled.replace(QStringLiteral("#iommu-cells = <1>;"),
                     QStringLiteral("#iommu-cells = <1>; status = \"disabled\";"));
    QVERIFY(run(disabled, project({domain(QStringLiteral("a"), {dma})}))
                .of(QStringLiteral("stream-id-dom0")).isEmpty());
    // Xen's console UART with the same stream id: a node used by Xen is skipped by handle_node,
    // so it is never attached and nothing of dom0's is re-pointed.
    const QString withConsole = dts + QStringLiteral(R"(
    aliases { serial1 = "/serial@9080000"; };
    serial@9080000 { compatible = "arm,pl011"; reg = <0 0x9080000 0 0x1000>; interrupts = <0 30 4>; iommus = <&smmu 0x11>; };
)");
    Project onConsole = project({domain(QStringLiteral("a"), {QStringLiteral("/sata@9220000")})});
    QCOMPARE(run(withConsole, onConsole).of(QStringLiteral("stream-id-dom0")).size(), 1); // dom0's own UART
    onConsole.xenBootargs = QStringLiteral("dtuart=serial1");
    QVERIFY(run(withConsole, onConsole).of(QStringLiteral("stream-id-dom0")).isEmpty());
}

void TestRules::irqShared()
{
    const QString dts = QStringLiteral(R"(
    gpio@9030000 { compatible = "test,gpio"; reg = <0 0x9030000 0 0x1000>; interrupts = <0 8 4>; };
    keys@9040000 { compatible = "test,keys"; reg = <0 0x9040000 0 0x1000>; interrupts = <0 8 4>; };
)");
    const QString gpio = QStringLiteral("/gpio@9030000");
    const QString keys = QStringLiteral("/keys@9040000");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {gpio}), domain(QStringLiteral("b"), {keys})}));
    const auto d = r.of(QStringLiteral("irq-shared"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].node, keys);
    QVERIFY2(d[0].message.contains(QStringLiteral("the same interrupt 40")), qPrintable(d[0].message));

    const Run same = run(dts, project({domain(QStringLiteral("a"), {gpio, keys})}));
    QVERIFY(same.of(QStringLiteral("irq-shared")).isEmpty());
    QCOMPARE(same.analysis.domains[0].irqs, QVector<quint32>{40}); // deduplicated
}

void TestRules::irqSharedDom0()
{
    const QString dts = QStringLiteral(R"(
    gpio@9030000 { compatible = "test,gpio"; reg = <0 0x9030000 0 0x1000>; interrupts = <0 8 4>; };
    keys@9040000 { compatible = "test,keys"; reg = <0 0x9040000 0 0x1000>; interrupts = <0 8 4>; };
    leds@9050000 { compatible = "test,leds"; reg = <0 0x9050000 0 0x1000>; interrupts = <0 9 4>; status = "disabled"; };
    rtc@9060000 { compatible = "test,rtc"; reg = <0 0x9060000 0 0x1000>; interrupts = <0 9 4>; };
)");
    const QString gpio = QStringLiteral("/gpio@9030000");
    const QString keys = QStringLiteral("/keys@9040000");
    const QString rtc = QStringLiteral("/rtc@9060000");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {gpio, rtc})}));
    const auto d = r.of(QStringLiteral("irq-shared-dom0"));
    QCOMPARE(d.size(), 1); // the RTC's SPI 9 is shared with a disabled node only
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("a"));
    QCOMPARE(d[0].node, gpio);
    QCOMPARE(d[0].related, (QStringList{keys, QStringLiteral("dom0")}));
    QVERIFY2(d[0].message.contains(
                 QStringLiteral("uses interrupt 40, which /keys@9040000 (stays with dom0) also uses")),
             qPrintable(d[0].message));
    QVERIFY(d[0].message.contains(QStringLiteral("IRQ 40 is already used by domain 0")));
    QVERIFY(d[0].source.contains(QStringLiteral("xen/arch/arm/irq.c")));

    QVERIFY(run(dts, project({domain(QStringLiteral("a"), {gpio, keys})}))
                .of(QStringLiteral("irq-shared-dom0")).isEmpty());
    // Sharing the interrupt of Xen's console UART (the board's /serial@1c090000, SPI 210 = 242):
    // Xen's pl011 driver holds it, "IRQ 242 is already used by Xen".
    const QString timer = QStringLiteral("/timer@9070000");
    const Run console = run(dts + QStringLiteral("timer@9070000 { compatible = \"test,timer\"; reg = <0 0x9070000 0 0x1000>; "
                                             "interrupts = <0 210 4>; };"),
                        project({domain(QStringLiteral("a"), {timer})}));
    const auto byXen = console.of(QStringLiteral("irq-shared-dom0"));
    QCOMPARE(byXen.size(), 1);
    QCOMPARE(byXen[0].related, (QStringList{QStringLiteral("/serial@1c090000"), QStringLiteral("Xen")}));
    QVERIFY2(byXen[0].message.contains(QStringLiteral("uses interrupt 242, which /serial@1c090000 (used by Xen itself) also uses")),
             qPrintable(byXen[0].message));
    // Xen's driver takes the console UART's first interrupt only; the node is Xen's, so its
    // second interrupt goes to nobody and a device may have it.
    const QString twoIrqs = dts + QStringLiteral(R"(
    aliases { serial1 = "/serial@9080000"; };
    serial@9080000 { compatible = "arm,pl011"; reg = <0 0x9080000 0 0x1000>; interrupts = <0 20 4>, <0 21 4>; };
    first@9090000 { compatible = "test,first"; reg = <0 0x9090000 0 0x1000>; interrupts = <0 20 4>; };
    second@90a0000 { compatible = "test,second"; reg = <0 0x90a0000 0 0x1000>; interrupts = <0 21 4>; };
)");
    Project consoleTwo = project({domain(QStringLiteral("a"), {QStringLiteral("/first@9090000"), QStringLiteral("/second@90a0000")})});
    consoleTwo.xenBootargs = QStringLiteral("dtuart=serial1");
    const auto onTwo = run(twoIrqs, consoleTwo).of(QStringLiteral("irq-shared-dom0"));
    QCOMPARE(onTwo.size(), 1);
    QCOMPARE(onTwo[0].node, QStringLiteral("/first@9090000"));
    QVERIFY2(onTwo[0].message.contains(QStringLiteral("/serial@9080000 (used by Xen itself)")), qPrintable(onTwo[0].message));
    // Split across two guests it is irq-shared, not this rule.
    const Run split = run(dts, project({domain(QStringLiteral("a"), {gpio}), domain(QStringLiteral("b"), {keys})}));
    QVERIFY(split.of(QStringLiteral("irq-shared-dom0")).isEmpty());
    QCOMPARE(split.of(QStringLiteral("irq-shared")).size(), 1);

    // The interrupt of an SMMU that Xen drives is Xen's own ("IRQ %u is already used by Xen").
    const QString smmu = QStringLiteral(R"(
    smmu: iommu@9300000 { compatible = "arm,smmu-v3"; reg = <0 0x9300000 0 0x20000>; #iommu-cells = <1>;
        interrupts = <0 20 4>; };
    dma@9200000 { compatible = "test,dma"; reg = <0 0x9200000 0 0x1000>; interrupts = <0 20 4>;
        iommus = <&smmu 0x10>; };
)");
    const auto xen = run(smmu, project({domain(QStringLiteral("a"), {QStringLiteral("/dma@9200000")})}))
                         .of(QStringLiteral("irq-shared-dom0"));
    QCOMPARE(xen.size(), 1);
    QCOMPARE(xen[0].related, (QStringList{QStringLiteral("/iommu@9300000"), QStringLiteral("Xen")}));
    QVERIFY2(xen[0].message.contains(QStringLiteral("/iommu@9300000 (used by Xen itself)")),
             qPrintable(xen[0].message));
}

void TestRules::irqPpi()
{
    const QString dts = QStringLiteral(
        "pmu@9050000 { compatible = \"test,pmu\"; reg = <0 0x9050000 0 0x1000>; interrupts = <1 7 4>, <0 9 4>; };");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/pmu@9050000")})}));
    const auto d = r.of(QStringLiteral("irq-ppi"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QVERIFY2(d[0].message.contains(QStringLiteral("PPI 7 (GIC id 23)")), qPrintable(d[0].message));
    // The PPI is not in the plan; the SPI is.
    QCOMPARE(r.analysis.domains[0].irqs, QVector<quint32>{41});

    const Run ok = run(kUart, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})}));
    QVERIFY(ok.of(QStringLiteral("irq-ppi")).isEmpty());
}

void TestRules::irqNotGic()
{
    const QString dts = QStringLiteral(R"(
    gpio: gpio@9030000 { compatible = "test,gpio"; reg = <0 0x9030000 0 0x1000>; interrupts = <0 8 4>;
        gpio-controller; #gpio-cells = <2>; interrupt-controller; #interrupt-cells = <2>; };
    touch@9060000 { compatible = "test,touch"; reg = <0 0x9060000 0 0x1000>; interrupt-parent = <&gpio>;
        interrupts = <5 8>; };
)");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/touch@9060000")})}));
    const auto d = r.of(QStringLiteral("irq-not-gic"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Warning);
    QVERIFY2(d[0].message.contains(QStringLiteral("/gpio@9030000")), qPrintable(d[0].message));
    QVERIFY(r.analysis.domains[0].irqs.isEmpty());

    const Run ok = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/gpio@9030000")})}));
    QVERIFY(ok.of(QStringLiteral("irq-not-gic")).isEmpty());

    // A node copied along with an assigned bus (the partial DTB copies every descendant) loses its
    // GPIO interrupt just the same: an I2C controller's PMIC, and a node below a child device
    // that is planned on its own (its GIC SPI), found through it.
    const QString bus = QStringLiteral(R"(
    gpio: gpio@9030000 { compatible = "test,gpio"; reg = <0 0x9030000 0 0x1000>; interrupts = <0 8 4>;
        gpio-controller; #gpio-cells = <2>; interrupt-controller; #interrupt-cells = <2>; };
    i2c@9070000 { compatible = "test,i2c"; reg = <0 0x9070000 0 0x1000>; interrupts = <0 9 4>;
        #address-cells = <1>; #size-cells = <0>;
        pmic@4b { compatible = "test,pmic"; reg = <0x4b>; interrupt-parent = <&gpio>; interrupts = <3 8>; };
        mux@70 { compatible = "test,mux"; reg = <0x70>; interrupts-extended = <&gic 0 10 4>;
            #address-cells = <1>; #size-cells = <0>;
            sensor@48 { compatible = "test,sensor"; reg = <0x48>; interrupt-parent = <&gpio>; interrupts = <6 2>; };
        };
    };
)");
    const Run copied = run(bus, project({domain(QStringLiteral("a"), {QStringLiteral("/i2c@9070000")})}));
    const auto lost = copied.of(QStringLiteral("irq-not-gic"));
    QStringList nodes;
    for (const Diagnostic &x : lost)
        nodes.append(x.node);
    QCOMPARE(nodes, (QStringList{QStringLiteral("/i2c@9070000/pmic@4b"), QStringLiteral("/i2c@9070000/mux@70/sensor@48")}));
    QVERIFY2(lost[0].message.contains(QStringLiteral("/gpio@9030000 (specifier 3)")), qPrintable(lost[0].message));
    QVERIFY2(lost[1].message.contains(QStringLiteral("/gpio@9030000 (specifier 6)")), qPrintable(lost[1].message));

    // With the GPIO controller in the same domain, the copied nodes keep their interrupts (on
    // the controller's copy), so nothing is lost and nothing is reported.
    const Run kept = run(bus, project({domain(QStringLiteral("a"), {QStringLiteral("/i2c@9070000"), QStringLiteral("/gpio@9030000")})}));
    QVERIFY(kept.of(QStringLiteral("irq-not-gic")).isEmpty());
}

// A PCI host bridge's INTx come through its interrupt-map (PCI bus binding: 3 address cells, one
// interrupt cell, mask <0 0 0 7>): INTA-INTD on SPIs 143-146 are GIC ids 175-178. Xen routes the
// node's own interrupts (SPI 147 = 179) only.
void TestRules::irqMapNotRouted()
{
    const QString dts = QStringLiteral(R"(
    pcie@9100000 { compatible = "test,pcie"; device_type = "pci"; reg = <0 0x9100000 0 0x10000>;
        #address-cells = <3>; #size-cells = <2>; #interrupt-cells = <1>;
        interrupts = <0 147 4>;
        interrupt-map-mask = <0 0 0 7>;
        interrupt-map = <0 0 0 1 &gic 0 143 4>, <0 0 0 2 &gic 0 144 4>,
                        <0 0 0 3 &gic 0 145 4>, <0 0 0 4 &gic 0 146 4>; };
    nexus@9200000 { compatible = "test,nexus"; reg = <0 0x9200000 0 0x1000>; interrupts = <0 150 4>;
        #address-cells = <0>; #interrupt-cells = <1>;
        interrupt-map = <0 &gic 0 150 4>; };
)");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/pcie@9100000"), QStringLiteral("/nexus@9200000")})}));
    const auto d = r.of(QStringLiteral("irq-map-not-routed"));
    QCOMPARE(d.size(), 1); // the nexus maps only its own, routed SPI 150
    QCOMPARE(d[0].severity, Severity::Warning);
    QCOMPARE(d[0].node, QStringLiteral("/pcie@9100000"));
    QVERIFY2(d[0].message.contains(QStringLiteral("GIC interrupts 175, 176, 177, 178 of that map will not reach domain a")),
             qPrintable(d[0].message));
    QCOMPARE(r.analysis.domains[0].irqs, (QVector<quint32>{179, 182}));
    // The bridge has no ranges here: no window finding; with two windows (3 + 2 + 2 cells each), one.
    QVERIFY(r.of(QStringLiteral("pci-windows-not-mapped")).isEmpty());
    const QString bridged = QStringLiteral(R"(
    pcie@9100000 { compatible = "test,pcie"; device_type = "pci"; reg = <0 0x9100000 0 0x10000>;
        #address-cells = <3>; #size-cells = <2>; #interrupt-cells = <1>; interrupts = <0 147 4>;
        ranges = <0x2000000 0x0 0xc0000000 0x6 0x0 0x0 0x40000000>,
                 <0x1000000 0x0 0x0 0x6 0x40000000 0x0 0x10000>; };
)");
    const Run w = run(bridged, project({domain(QStringLiteral("a"), {QStringLiteral("/pcie@9100000")})}));
    const auto windows = w.of(QStringLiteral("pci-windows-not-mapped"));
    QCOMPARE(windows.size(), 1);
    QCOMPARE(windows[0].severity, Severity::Warning);
    QVERIFY2(windows[0].message.contains(QLatin1String("not the 2 window(s) of its ranges")), qPrintable(windows[0].message));

    const Run ok = run(kUart, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})}));
    QVERIFY(ok.of(QStringLiteral("irq-map-not-routed")).isEmpty());
}

void TestRules::irqVpl011Clash()
{
    const QString dts = QStringLiteral(
        "rtc@9010000 { compatible = \"test,rtc\"; reg = <0 0x9010000 0 0x1000>; interrupts = <0 0 4>; };");
    const QString rtc = QStringLiteral("/rtc@9010000");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {rtc})}));
    const auto d = r.of(QStringLiteral("irq-vpl011-clash"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].node, rtc);
    QVERIFY(d[0].message.contains(QStringLiteral("interrupt 32")));

    DomainConfig off = domain(QStringLiteral("a"), {rtc});
    off.vpl011 = false;
    QVERIFY(run(dts, project({off})).of(QStringLiteral("irq-vpl011-clash")).isEmpty());
}

void TestRules::irqVirtioClash()
{
    const QString uart = QStringLiteral("/serial@9000000"); // SPI 1 = interrupt 33
    DomainConfig xl = domain(QStringLiteral("x"), {uart});
    xl.xl = true;
    const Run r = run(kUart, project({xl}));
    const auto d = r.of(QStringLiteral("irq-virtio-clash"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Warning);
    QVERIFY(d[0].message.contains(QStringLiteral("interrupt 33")));

    const Run dom0less = run(kUart, project({domain(QStringLiteral("x"), {uart})}));
    QVERIFY(dom0less.of(QStringLiteral("irq-virtio-clash")).isEmpty());
}

void TestRules::irqVirtioClashEdges_data()
{
    // libxl gives virtio-mmio GUEST_VIRTIO_MMIO_SPI_FIRST..LAST = GIC ids 33..43
    // (xen/include/public/arch-arm.h); 32 is the vPL011 (irq-vpl011-clash), 44 is free.
    QTest::addColumn<int>("spi");
    QTest::addColumn<bool>("clash");
    QTest::newRow("SPI 0 (id 32, the vPL011's)") << 0 << false;
    QTest::newRow("SPI 1 (id 33, first virtio)") << 1 << true;
    QTest::newRow("SPI 11 (id 43, last virtio)") << 11 << true;
    QTest::newRow("SPI 12 (id 44)") << 12 << false;
}

void TestRules::irqVirtioClashEdges()
{
    QFETCH(int, spi);
    QFETCH(bool, clash);
    const QString dts = QStringLiteral("dev@9100000 { compatible = \"test,dev\"; reg = <0 0x9100000 0 0x1000>; "
                                       "interrupts = <0 %1 4>; };").arg(spi);
    DomainConfig xl = domain(QStringLiteral("x"), {QStringLiteral("/dev@9100000")});
    xl.xl = true;
    xl.dom0less = false;
    const auto found = run(dts, project({xl})).of(QStringLiteral("irq-virtio-clash"));
    QCOMPARE(found.size(), clash ? 1 : 0);
    if (clash)
        QVERIFY(found[0].message.contains(QStringLiteral("interrupt %1").arg(spi + 32)));
}

static const QString kClocks = QStringLiteral(R"(
    osc: osc { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; };
    cru: clock-controller@9070000 { compatible = "test,cru"; reg = <0 0x9070000 0 0x1000>; #clock-cells = <1>;
        #reset-cells = <1>; };
    rtc@9010000 { compatible = "test,rtc"; reg = <0 0x9010000 0 0x1000>; interrupts = <0 2 4>;
        clocks = <&cru 3>, <&osc>; clock-names = "pclk", "ref"; resets = <&cru 7>; };
)");

void TestRules::dependencyNotInDomain()
{
    const QString rtc = QStringLiteral("/rtc@9010000");
    const QString cru = QStringLiteral("/clock-controller@9070000");
    const Run r = run(kClocks, project({domain(QStringLiteral("a"), {rtc})}));
    const auto d = r.of(QStringLiteral("dependency-not-in-domain"));
    QCOMPARE(d.size(), 2); // clocks and resets on the CRU; not the fixed-clock
    QCOMPARE(d[0].severity, Severity::Warning);
    QCOMPARE(d[0].node, rtc);
    QVERIFY2(d[0].message.contains(QStringLiteral("/rtc@9010000's clocks refers to /clock-controller@9070000")),
             qPrintable(d[0].message));
    QVERIFY(d[1].message.contains(QStringLiteral("resets")));
    const DevicePlan *plan = r.device(QStringLiteral("a"), rtc);
    QCOMPARE(plan->dependencies.size(), 3);
    for (const DependencyPlan &dep : plan->dependencies)
        QCOMPARE(dep.action, dep.provider == QLatin1String("/osc") ? DependencyAction::Copy : DependencyAction::Drop);

    // Owned by another domain: still dropped, but under its own rule, which names the owner and
    // does not offer to assign what domain b already has (a node goes to one domain only).
    const Run other = run(kClocks, project({domain(QStringLiteral("a"), {rtc}), domain(QStringLiteral("b"), {cru})}));
    QVERIFY(other.of(QStringLiteral("dependency-not-in-domain")).isEmpty());
    const auto owned = other.of(QStringLiteral("dependency-owned-by-domain"));
    QCOMPARE(owned.size(), 2); // clocks and resets
    QCOMPARE(owned[0].severity, Severity::Warning);
    QCOMPARE(owned[0].related, (QStringList{cru, QStringLiteral("b")}));
    QVERIFY2(owned[0].message.contains(QStringLiteral("/rtc@9010000's clocks refers to /clock-controller@9070000, which domain b has")),
             qPrintable(owned[0].message));
    QVERIFY2(!owned[0].fix.contains(QStringLiteral("Assign")) && owned[0].fix.contains(QStringLiteral("move /rtc@9010000 to domain b")),
             qPrintable(owned[0].fix));
    // The same when domain b has it through an assign decision, and a's own assign decision
    // cannot take it from b.
    const QString withWdt = kClocks + QStringLiteral(R"(
    wdt@9030000 { compatible = "test,wdt"; reg = <0 0x9030000 0 0x1000>; interrupts = <0 3 4>; clocks = <&cru 4>; };
)");
    DomainConfig b = domain(QStringLiteral("b"), {QStringLiteral("/wdt@9030000")});
    b.dependencyDecisions.insert(cru, DependencyAction::Assign);
    DomainConfig a = domain(QStringLiteral("a"), {rtc});
    a.dependencyDecisions.insert(cru, DependencyAction::Assign);
    const Run both = run(withWdt, project({b, a}));
    const auto second = both.of(QStringLiteral("dependency-owned-by-domain"));
    QVERIFY(!second.isEmpty());
    QCOMPARE(second[0].domain, QStringLiteral("a"));
    QCOMPARE(second[0].related, (QStringList{cru, QStringLiteral("b")}));

    // Assigning the provider to the same domain copies it; an explicit drop is silent.
    const Run with = run(kClocks, project({domain(QStringLiteral("a"), {rtc, cru})}));
    QVERIFY(with.of(QStringLiteral("dependency-not-in-domain")).isEmpty());
    for (const DependencyPlan &dep : with.device(QStringLiteral("a"), rtc)->dependencies)
        QCOMPARE(dep.action, DependencyAction::Copy);
    DomainConfig dropped = domain(QStringLiteral("a"), {rtc});
    dropped.dependencyDecisions.insert(cru, DependencyAction::Drop);
    QVERIFY(run(kClocks, project({dropped})).of(QStringLiteral("dependency-not-in-domain")).isEmpty());
}

// A system controller that a device names (syscon = <&sc>; mfd/syscon.yaml): copied, its registers
// stay unmapped, which the rule says; assigned to the domain or dropped, nothing to say.
const QString kSyscon = QStringLiteral(R"(
    sc: syscon@9200000 { compatible = "acme,misc", "syscon"; reg = <0x0 0x9200000 0x0 0x1000>; };
    efuse: efuse@9300000 { compatible = "acme,efuse"; reg = <0x0 0x9300000 0x0 0x100>; };
    dev@9100000 { compatible = "acme,dev"; reg = <0x0 0x9100000 0x0 0x1000>; interrupts = <0 7 4>;
        syscon = <&sc>; acme,efuse = <&efuse 0x10>; acme,rx-delay = <&efuse>; acme,mode = <&sc>; };
)");

void TestRules::dependencyMmioNotMapped()
{
    const QString dev = QStringLiteral("/dev@9100000");
    const QString sc = QStringLiteral("/syscon@9200000");
    DomainConfig copied = domain(QStringLiteral("a"), {dev});
    copied.dependencyDecisions.insert(sc, DependencyAction::Copy);
    const auto found = run(kSyscon, project({copied})).of(QStringLiteral("dependency-mmio-not-mapped"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Warning);
    QCOMPARE(found[0].node, dev);
    QVERIFY2(found[0].message.contains(QStringLiteral("syscon refers to /syscon@9200000, which is copied into domain a's")),
             qPrintable(found[0].message));
    QVERIFY(run(kSyscon, project({domain(QStringLiteral("a"), {dev})})).of(QStringLiteral("dependency-mmio-not-mapped")).isEmpty());
    QVERIFY(run(kSyscon, project({domain(QStringLiteral("a"), {dev, sc})})).of(QStringLiteral("dependency-mmio-not-mapped")).isEmpty());
    QVERIFY2(found[0].fix.startsWith(QStringLiteral("Choose assign for /syscon@9200000 (`devassign dependency P a /syscon@9200000 assign`")),
             qPrintable(found[0].fix));
    // Another domain has the syscon: assign is no fix (Xen maps a node into one domain, and
    // `dependency ... assign` refuses it), moving the device is.
    const auto owned = run(kSyscon, project({copied, domain(QStringLiteral("b"), {sc})})).of(QStringLiteral("dependency-mmio-not-mapped"));
    QCOMPARE(owned.size(), 1);
    QVERIFY2(owned[0].fix.startsWith(QStringLiteral("Domain b has /syscon@9200000, and Xen maps a node into one domain only: "
                                                    "move /dev@9100000 to domain b.")),
             qPrintable(owned[0].fix));
    QVERIFY(!owned[0].fix.contains(QLatin1String(" assign")));

    // The property sits on a PHY inside the MAC (copied with it, no device of its own): the
    // finding names the PHY, which holds reset-gpios, not the MAC.
    const QString mac = QStringLiteral(R"(
    gpio: gpio@9400000 { compatible = "acme,gpio"; reg = <0x0 0x9400000 0x0 0x1000>; gpio-controller; #gpio-cells = <2>; };
    ethernet@9500000 { compatible = "acme,mac"; reg = <0x0 0x9500000 0x0 0x1000>; interrupts = <0 9 4>; phy-handle = <&phy>;
        mdio { #address-cells = <1>; #size-cells = <0>;
            phy: ethernet-phy@1 { reg = <1>; reset-gpios = <&gpio 3 0>; };
        };
    };
)");
    DomainConfig withPhy = domain(QStringLiteral("a"), {QStringLiteral("/ethernet@9500000")});
    withPhy.dependencyDecisions.insert(QStringLiteral("/gpio@9400000"), DependencyAction::Copy);
    const auto phy = run(mac, project({withPhy})).of(QStringLiteral("dependency-mmio-not-mapped"));
    QCOMPARE(phy.size(), 1);
    QCOMPARE(phy[0].node, QStringLiteral("/ethernet@9500000/mdio/ethernet-phy@1"));
    QVERIFY2(phy[0].message.startsWith(QStringLiteral("/ethernet@9500000/mdio/ethernet-phy@1's reset-gpios refers to /gpio@9400000")),
             qPrintable(phy[0].message));
}

void TestRules::providerUsedByDom0()
{
    // A syscon (Rockchip's GRF shape), a pin controller with a pin group, and their consumers.
    // Xen writes status = "disabled" into dom0's tree for a xen,passthrough node and maps none
    // of its registers (write_properties / handle_device), so the dom0 consumers lose it.
    const QString dts = QStringLiteral(R"(
    grf: syscon@9100000 { compatible = "acme,grf", "syscon"; reg = <0 0x9100000 0 0x1000>; };
    pinctrl@9200000 { compatible = "acme,pinctrl"; reg = <0 0x9200000 0 0x1000>;
        uart_pins: uart-pins { pins = "a1"; };
    };
    ethernet@9300000 { compatible = "acme,eth"; reg = <0 0x9300000 0 0x1000>; interrupts = <0 3 4>; acme,grf = <&grf>; syscon = <&grf>; };
    hdmi@9400000 { compatible = "acme,hdmi"; reg = <0 0x9400000 0 0x1000>; interrupts = <0 4 4>; syscon = <&grf>; };
    serial@9500000 { compatible = "arm,pl011"; reg = <0 0x9500000 0 0x1000>; interrupts = <0 5 4>; pinctrl-0 = <&uart_pins>; pinctrl-names = "default"; };
    vop@9600000 { compatible = "acme,vop"; reg = <0 0x9600000 0 0x1000>; status = "disabled"; syscon = <&grf>; };
    bus@9700000 { compatible = "simple-bus"; #address-cells = <2>; #size-cells = <2>; ranges; status = "disabled";
        i2s@9710000 { compatible = "acme,i2s"; reg = <0 0x9710000 0 0x1000>; syscon = <&grf>; };
    };
    leds { compatible = "gpio-leds"; led { label = "x"; syscon = <&grf>; }; };
    cpus { #address-cells = <1>; #size-cells = <0>;
        cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a55"; reg = <0>; syscon = <&grf>; };
    };
)");
    const QString grf = QStringLiteral("/syscon@9100000");
    const Run r = run(dts, project({domain(QStringLiteral("g"), {grf})}));
    const auto found = r.of(QStringLiteral("provider-used-by-dom0"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Warning);
    QCOMPARE(found[0].domain, QStringLiteral("g"));
    QCOMPARE(found[0].node, grf);
    // The enabled consumers outside every domain, with or without registers of their own (the
    // LED); not the disabled VOP, not the I2S under a disabled bus, not the CPU (Xen builds
    // dom0's /cpus itself). Each property once.
    QVERIFY2(found[0].message.contains(QLatin1String(
                 "(/ethernet@9300000, /hdmi@9400000, /leds/led; by acme,grf, syscon)")),
             qPrintable(found[0].message));
    QCOMPARE(found[0].related, (QStringList{QStringLiteral("/ethernet@9300000"), QStringLiteral("/hdmi@9400000"),
                                            QStringLiteral("/leds/led")}));

    // A consumer in the same domain is no dom0 consumer; one in another domain is that domain's
    // finding (dependency-owned-by-domain), not dom0's.
    const Run withEth = run(dts, project({domain(QStringLiteral("g"), {grf, QStringLiteral("/ethernet@9300000")}),
                                          domain(QStringLiteral("h"), {QStringLiteral("/hdmi@9400000")})}));
    const auto left = withEth.of(QStringLiteral("provider-used-by-dom0"));
    QCOMPARE(left.size(), 1);
    QVERIFY2(left[0].message.contains(QLatin1String("(/leds/led; by syscon)")), qPrintable(left[0].message));

    // A reference to a node below the assigned device (a pin group) counts for the device.
    const Run pins = run(dts, project({domain(QStringLiteral("g"), {QStringLiteral("/pinctrl@9200000")})}));
    const auto p = pins.of(QStringLiteral("provider-used-by-dom0"));
    QCOMPARE(p.size(), 1);
    QCOMPARE(p[0].node, QStringLiteral("/pinctrl@9200000"));
    QVERIFY2(p[0].message.contains(QLatin1String("(/serial@9500000; by pinctrl-0)")), qPrintable(p[0].message));

    // Xen's console UART (the board's serial@1c090000, stdout-path) refers to the clock
    // controller a guest gets: named as Xen's, since the guest can gate Xen's console clock.
    QString consoleDts = board(QStringLiteral(R"(
    cc: clock-controller@9800000 { compatible = "acme,cc"; reg = <0 0x9800000 0 0x1000>; #clock-cells = <1>; };)"));
    consoleDts.replace(QStringLiteral("interrupts = <0 210 4>; };"), QStringLiteral("interrupts = <0 210 4>; clocks = <&cc 1>; };"));
    const auto console = runTree(consoleDts, project({domain(QStringLiteral("g"), {QStringLiteral("/clock-controller@9800000")})}))
                             .of(QStringLiteral("provider-used-by-dom0"));
    QCOMPARE(console.size(), 1);
    QVERIFY2(console[0].message.contains(QLatin1String("(/serial@1c090000 (Xen's console UART); by clocks)")),
             qPrintable(console[0].message));
    QCOMPARE(console[0].related, QStringList{QStringLiteral("/serial@1c090000")});

    // An IOMMU Xen drives with a power domain (Renesas IPMMUs: power-domains = <&sysc …>) and a
    // /chosen framebuffer with a clock (Xen copies the host /chosen into dom0's tree): both name
    // the assigned provider, the IOMMU as Xen's.
    const QString more = QStringLiteral(R"(
    pd: power-controller@9a00000 { compatible = "acme,sysc"; reg = <0 0x9a00000 0 0x1000>; #power-domain-cells = <1>; #clock-cells = <1>; };
    smmu: iommu@9b00000 { compatible = "arm,mmu-500"; reg = <0 0x9b00000 0 0x10000>; #iommu-cells = <1>; power-domains = <&pd 3>; };
    master@9d00000 { compatible = "acme,master"; reg = <0 0x9d00000 0 0x1000>; iommus = <&smmu 5>; };
    cpus { #address-cells = <1>; #size-cells = <0>;
        cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a55"; reg = <0>; clocks = <&pd 1>; };
    };
)");
    QString moreDts = board(more);
    moreDts.replace(QStringLiteral("chosen { stdout-path = \"/serial@1c090000:115200n8\"; };"),
                    QStringLiteral("chosen { stdout-path = \"/serial@1c090000:115200n8\";\n"
                                   "        framebuffer@9c00000 { compatible = \"simple-framebuffer\"; reg = <0 0x9c00000 0 0x100000>; clocks = <&pd 2>; }; };"));
    QVERIFY(moreDts.contains(QLatin1String("framebuffer@9c00000")));
    const auto xenAndChosen = runTree(moreDts, project({domain(QStringLiteral("g"), {QStringLiteral("/power-controller@9a00000")})}))
                                  .of(QStringLiteral("provider-used-by-dom0"));
    QCOMPARE(xenAndChosen.size(), 1);
    QVERIFY2(xenAndChosen[0].message.contains(QLatin1String(
                 "(/iommu@9b00000 (an IOMMU Xen drives), /chosen/framebuffer@9c00000; by clocks, power-domains)")),
             qPrintable(xenAndChosen[0].message)); // not the CPU: Xen writes dom0's /cpus

    // Nobody in dom0 refers to the serial port: nothing.
    QVERIFY(run(dts, project({domain(QStringLiteral("g"), {QStringLiteral("/serial@9500000")})}))
                .of(QStringLiteral("provider-used-by-dom0")).isEmpty());

    // Seven consumers: five named, the rest counted.
    QString many = QStringLiteral("grf: syscon@9100000 { compatible = \"syscon\"; reg = <0 0x9100000 0 0x1000>; };\n");
    for (int i = 0; i < 7; ++i)
        many += QStringLiteral("dev@%1 { compatible = \"acme,dev\"; reg = <0 0x%1 0 0x1000>; syscon = <&grf>; };\n")
                    .arg(0x9200000 + i * 0x1000, 0, 16);
    const auto m = run(many, project({domain(QStringLiteral("g"), {grf})})).of(QStringLiteral("provider-used-by-dom0"));
    QCOMPARE(m.size(), 1);
    QVERIFY2(m[0].message.contains(QLatin1String("/dev@9204000 and 2 more; by syscon)")), qPrintable(m[0].message));
    QCOMPARE(m[0].related.size(), 5);
    // What Xen drives comes first, so a long list never hides it (the IOMMU is the last node).
    many += QStringLiteral("smmu: iommu@9b00000 { compatible = \"arm,mmu-500\"; reg = <0 0x9b00000 0 0x10000>; #iommu-cells = <1>; syscon = <&grf>; };\n"
                           "master@9d00000 { compatible = \"acme,master\"; reg = <0 0x9d00000 0 0x1000>; iommus = <&smmu 5>; };\n");
    const auto first = run(many, project({domain(QStringLiteral("g"), {grf})})).of(QStringLiteral("provider-used-by-dom0"));
    QCOMPARE(first.size(), 1);
    QVERIFY2(first[0].message.contains(QLatin1String("refer to it (/iommu@9b00000 (an IOMMU Xen drives), /dev@9200000,")),
             qPrintable(first[0].message));
    QVERIFY2(first[0].message.contains(QLatin1String("/dev@9203000 and 3 more; by syscon)")), qPrintable(first[0].message));
}

// The "assign" decision: the syscon becomes one of the domain's devices, so its page is mapped
// (syscon@9200000's reg <0x0 0x9200000 0x0 0x1000> read from kSyscon: one page at 0x9200000) and
// the mmio warning goes. Only while a node of the domain refers to it and no other domain owns it.
void TestRules::dependencyAssigned()
{
    const QString dev = QStringLiteral("/dev@9100000");
    const QString sc = QStringLiteral("/syscon@9200000");
    DomainConfig a = domain(QStringLiteral("a"), {dev});
    a.dependencyDecisions.insert(sc, DependencyAction::Assign);
    const Run assigned = run(kSyscon, project({a}));
    QVERIFY(assigned.of(QStringLiteral("dependency-mmio-not-mapped")).isEmpty());
    for (const Diagnostic &d : assigned.of(QStringLiteral("dependency-not-in-domain")))
        QVERIFY2(!d.related.contains(sc), qPrintable(d.message)); // efuse is still dropped
    const DevicePlan *provider = assigned.device(QStringLiteral("a"), sc);
    QVERIFY(provider);
    QCOMPARE(provider->parentDevice, QString());
    QCOMPARE(provider->mmio.size(), 1);
    QCOMPARE(provider->mmio[0].hostAddress, quint64(0x9200000));
    QCOMPARE(provider->mmio[0].size, quint64(0x1000));
    QCOMPARE(assigned.analysis.domain(QStringLiteral("a"))->config.devices, (QStringList{dev, sc}));
    bool sawSyscon = false;
    for (const DependencyPlan &dep : assigned.device(QStringLiteral("a"), dev)->dependencies)
        if (dep.provider == sc) {
            sawSyscon = true;
            QCOMPARE(dep.action, DependencyAction::Assign);
        }
    QVERIFY(sawSyscon);

    // Another domain owns it: not given to a; dropped, and the owner is named.
    const Run owned = run(kSyscon, project({a, domain(QStringLiteral("b"), {sc})}));
    QVERIFY(!owned.device(QStringLiteral("a"), sc));
    QVector<Diagnostic> notIn;
    for (const Diagnostic &d : owned.of(QStringLiteral("dependency-owned-by-domain")))
        if (d.related.value(0) == sc)
            notIn.append(d);
    QCOMPARE(notIn.size(), 1);
    QCOMPARE(notIn[0].related, (QStringList{sc, QStringLiteral("b")}));

    // No node of the domain refers to it (dev went elsewhere): the decision does nothing.
    DomainConfig idle = domain(QStringLiteral("a"), {});
    idle.dependencyDecisions.insert(sc, DependencyAction::Assign);
    QVERIFY(!run(kSyscon, project({idle})).device(QStringLiteral("a"), sc));
    // The root is never assigned.
    DomainConfig root = domain(QStringLiteral("a"), {dev});
    root.dependencyDecisions.insert(QStringLiteral("/"), DependencyAction::Assign);
    QCOMPARE(run(kSyscon, project({root})).analysis.domain(QStringLiteral("a"))->config.devices, QStringList{dev});
    // Nor a CPU a device names (a CoreSight ETM's cpu = <&cpu0>, arm,coresight-etm.yaml): Xen
    // builds the guest's /cpus itself, and assignDecisionProblem says so.
    const QString etm = kSyscon + QStringLiteral(R"(
    cpus { #address-cells = <1>; #size-cells = <0>; cpu0: cpu@0 { device_type = "cpu"; reg = <0>; }; };
    etm@9500000 { compatible = "arm,coresight-etm4x"; reg = <0x0 0x9500000 0x0 0x1000>; cpu = <&cpu0>; };
)");
    DomainConfig cpu = domain(QStringLiteral("a"), {QStringLiteral("/etm@9500000")});
    cpu.dependencyDecisions.insert(QStringLiteral("/cpus/cpu@0"), DependencyAction::Assign);
    const Run cpuRun = run(etm, project({cpu}));
    QCOMPARE(cpuRun.analysis.domain(QStringLiteral("a"))->config.devices, QStringList{QStringLiteral("/etm@9500000")});
    QVERIFY(assignDecisionProblem(*cpuRun.model, project({cpu}), QStringLiteral("a"), QStringLiteral("/cpus/cpu@0"))
                .startsWith(QLatin1String("/cpus/cpu@0 is not a device")));
    // Left to its default the reference is dropped: dependency-not-assignable says so, and no finding
    // tells the user to assign a CPU (dependency-not-in-domain's fix).
    const Run dropped = run(etm, project({domain(QStringLiteral("a"), {QStringLiteral("/etm@9500000")})}));
    const auto onCpu = dropped.of(QStringLiteral("dependency-not-assignable"));
    QCOMPARE(onCpu.size(), 1);
    QCOMPARE(onCpu[0].severity, Severity::Warning);
    QCOMPARE(onCpu[0].node, QStringLiteral("/etm@9500000"));
    QCOMPARE(onCpu[0].related, QStringList{QStringLiteral("/cpus/cpu@0")});
    QVERIFY2(onCpu[0].message.contains(QLatin1String("cpu refers to /cpus/cpu@0, which no domain can get (Xen builds "
                                                     "every guest's /cpus from its vCPUs")),
             qPrintable(onCpu[0].message));
    for (const Diagnostic &d : dropped.of(QStringLiteral("dependency-not-in-domain")))
        QVERIFY2(!d.related.contains(QStringLiteral("/cpus/cpu@0")), qPrintable(d.message));
    // A device naming several CPUs in one property (a PMU's interrupt-affinity, arm/pmu.yaml)
    // gets one finding that names them all.
    const QString pmu = kSyscon + QStringLiteral(R"(
    cpus { #address-cells = <1>; #size-cells = <0>;
        cpu0: cpu@0 { device_type = "cpu"; reg = <0>; }; cpu1: cpu@1 { device_type = "cpu"; reg = <1>; }; };
    pmu@9600000 { compatible = "test,pmu"; reg = <0x0 0x9600000 0x0 0x1000>; interrupts = <0 20 4>, <0 21 4>;
        interrupt-affinity = <&cpu0>, <&cpu1>; };
)");
    const auto onCpus = run(pmu, project({domain(QStringLiteral("a"), {QStringLiteral("/pmu@9600000")})}))
                            .of(QStringLiteral("dependency-not-assignable"));
    QCOMPARE(onCpus.size(), 1);
    QCOMPARE(onCpus[0].related, (QStringList{QStringLiteral("/cpus/cpu@0"), QStringLiteral("/cpus/cpu@1")}));
    QVERIFY2(onCpus[0].message.contains(QLatin1String("interrupt-affinity refers to /cpus/cpu@0, /cpus/cpu@1, which no domain can get")),
             qPrintable(onCpus[0].message));
    // Copy or stub of a CPU is refused when asked (the CLI, the studio), and a project file that
    // holds one gets the drop and the finding all the same: no /cpus copy in the partial DTB.
    for (DependencyAction a : {DependencyAction::Copy, DependencyAction::Stub}) {
        DomainConfig asked = domain(QStringLiteral("a"), {QStringLiteral("/etm@9500000")});
        QVERIFY(dependencyDecisionProblem(*dropped.model, project({asked}), QStringLiteral("a"), QStringLiteral("/cpus/cpu@0"), a)
                    .startsWith(QLatin1String("/cpus/cpu@0 cannot be ")));
        asked.dependencyDecisions.insert(QStringLiteral("/cpus/cpu@0"), a);
        const Run r = run(etm, project({asked}));
        QCOMPARE(r.of(QStringLiteral("dependency-not-assignable")).size(), 1);
        QVERIFY(r.of(QStringLiteral("dependency-stub-invalid")).isEmpty());
        const DomainPlan *dp = r.analysis.domain(QStringLiteral("a"));
        QVERIFY(dp);
        for (const DevicePlan &dev : dp->devices)
            for (const DependencyPlan &dep : dev.dependencies)
                if (dep.provider == QLatin1String("/cpus/cpu@0"))
                    QCOMPARE(dep.action, DependencyAction::Drop);
    }
    QVERIFY(dependencyDecisionProblem(*dropped.model, project({domain(QStringLiteral("a"), {})}), QStringLiteral("a"),
                                      QStringLiteral("/cpus/cpu@0"), DependencyAction::Drop)
                .isEmpty());
    // Dropped on purpose: nothing to say.
    DomainConfig confirmed = domain(QStringLiteral("a"), {QStringLiteral("/etm@9500000")});
    confirmed.dependencyDecisions.insert(QStringLiteral("/cpus/cpu@0"), DependencyAction::Drop);
    QVERIFY(run(etm, project({confirmed})).of(QStringLiteral("dependency-not-assignable")).isEmpty());

    // An assigned provider's own reference with "assign" follows it in (dev -> sc -> clk).
    const QString chain = QStringLiteral(R"(
    clk: clock-controller@9400000 { compatible = "acme,cru"; reg = <0x0 0x9400000 0x0 0x1000>; #clock-cells = <1>; };
    sc: syscon@9200000 { compatible = "acme,misc", "syscon"; reg = <0x0 0x9200000 0x0 0x1000>; clocks = <&clk 3>; };
    dev@9100000 { compatible = "acme,dev"; reg = <0x0 0x9100000 0x0 0x1000>; interrupts = <0 7 4>; syscon = <&sc>; };
)");
    const QString clk = QStringLiteral("/clock-controller@9400000");
    DomainConfig both = domain(QStringLiteral("a"), {dev});
    both.dependencyDecisions.insert(sc, DependencyAction::Assign);
    both.dependencyDecisions.insert(clk, DependencyAction::Assign);
    QCOMPARE(run(chain, project({both})).analysis.domain(QStringLiteral("a"))->config.devices, (QStringList{dev, sc, clk}));
}

// acme,efuse shares "efuse" with its target's name and compatible: a reference (info); acme,rx-delay
// is a number by its name, acme,mode shares no word with /syscon@9200000: neither is guessed.
void TestRules::phandleGuessed()
{
    const QString dev = QStringLiteral("/dev@9100000");
    const Run r = run(kSyscon, project({domain(QStringLiteral("a"), {dev})}));
    const auto found = r.of(QStringLiteral("phandle-guessed"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Info);
    QVERIFY2(found[0].message.contains(QStringLiteral("acme,efuse is not a property devassign knows, but its first cell is the "
                                                      "phandle of /efuse@9300000")),
             qPrintable(found[0].message));
    QStringList targets;
    for (const Dependency &d : r.model->node(dev)->dependencies)
        targets << d.property + QLatin1Char('>') + d.target;
    QVERIFY(targets.contains(QStringLiteral("syscon>/syscon@9200000")));
    QVERIFY(targets.contains(QStringLiteral("acme,efuse>/efuse@9300000")));
    QVERIFY(!targets.contains(QStringLiteral("acme,rx-delay>/efuse@9300000")));
    QVERIFY(!targets.contains(QStringLiteral("acme,mode>/syscon@9200000")));
    // The guessed reference is dropped by default like any dependency the domain does not get.
    QCOMPARE(r.of(QStringLiteral("dependency-not-in-domain")).size(), 2);
}

void TestRules::dependencyStubInvalid()
{
    // kClocks' CRU provides clocks (#clock-cells) and resets (#reset-cells). A stub stands in for
    // its clocks (a fixed-clock); the RTC's resets reference is dropped with a warning, not an
    // error, since no decision can stub one and keep the other.
    const QString rtc = QStringLiteral("/rtc@9010000");
    const QString cru = QStringLiteral("/clock-controller@9070000");
    DomainConfig d = domain(QStringLiteral("a"), {rtc});
    d.dependencyDecisions.insert(cru, DependencyAction::Stub);
    const Run r = run(kClocks, project({d}));
    QVERIFY(r.of(QStringLiteral("dependency-stub-invalid")).isEmpty());
    const auto dropped = r.of(QStringLiteral("stub-drops-non-clock"));
    QCOMPARE(dropped.size(), 1); // the resets use, not the clocks use
    QCOMPARE(dropped[0].severity, Severity::Warning);
    QCOMPARE(dropped[0].node, rtc);
    QVERIFY2(dropped[0].message.contains(QStringLiteral("/rtc@9010000's resets refers to /clock-controller@9070000, which is stubbed")),
             qPrintable(dropped[0].message));
    for (const DependencyPlan &dep : r.device(QStringLiteral("a"), rtc)->dependencies) {
        if (dep.property == QLatin1String("resets"))
            QCOMPARE(dep.action, DependencyAction::Drop);
        if (dep.property == QLatin1String("clocks") && dep.provider != QLatin1String("/osc"))
            QCOMPARE(dep.action, DependencyAction::Stub);
    }
    QCOMPARE(r.analysis.errorCount(), 0);
    const Run none = run(kClocks, project({domain(QStringLiteral("a"), {rtc})}));
    QVERIFY(none.of(QStringLiteral("dependency-stub-invalid")).isEmpty());
    QVERIFY(none.of(QStringLiteral("stub-drops-non-clock")).isEmpty());

    // The partial DTB follows the plan per property, whichever comes first in the node: with
    // resets before clocks, the RTC still gets its stubbed CRU clock, and no resets.
    QString resetsFirst = kClocks;
    resetsFirst.replace(QStringLiteral("clocks = <&cru 3>, <&osc>; clock-names = \"pclk\", \"ref\"; resets = <&cru 7>; };"),
                        QStringLiteral("resets = <&cru 7>; clocks = <&cru 3>, <&osc>; clock-names = \"pclk\", \"ref\"; };"));
    QVERIFY(resetsFirst != kClocks);
    const Project stubbedProject = project({d});
    const Run reordered = run(resetsFirst, stubbedProject);
    const ExportContext ctx(reordered.model.get(), &stubbedProject, &reordered.analysis);
    QString error;
    const QByteArray dtb = partialDtb(ctx, reordered.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const QString dts = QString::fromUtf8(dtsWithHeader(ctx, dtb, &error));
    QVERIFY2(!dts.isEmpty(), qPrintable(error));
    const qsizetype at = dts.indexOf(QLatin1String("rtc@9010000 {"));
    QVERIFY2(at >= 0, qPrintable(dts));
    const QString rtcNode = dts.mid(at, dts.indexOf(QLatin1String("};"), at) - at);
    QVERIFY2(QRegularExpression(QStringLiteral("\\bclocks = <0x[0-9a-f]+ 0x[0-9a-f]+>;")).match(rtcNode).hasMatch(), qPrintable(rtcNode));
    QVERIFY2(!rtcNode.contains(QLatin1String("resets")), qPrintable(rtcNode));
    QVERIFY2(dts.contains(QLatin1String("compatible = \"fixed-clock\"")), qPrintable(dts));

    // A stub for a reset controller that provides no clocks and that the device uses for
    // nothing a stub can stand in for: a wrong decision, an error.
    const QString resetsOnly = QStringLiteral(R"(
    rst: reset-controller@9080000 { compatible = "test,rst"; reg = <0 0x9080000 0 0x1000>; #reset-cells = <1>; };
    rtc@9010000 { compatible = "test,rtc"; reg = <0 0x9010000 0 0x1000>; interrupts = <0 2 4>; resets = <&rst 7>; };
)");
    DomainConfig e = domain(QStringLiteral("a"), {rtc});
    e.dependencyDecisions.insert(QStringLiteral("/reset-controller@9080000"), DependencyAction::Stub);
    const Run wrong = run(resetsOnly, project({e}));
    const auto invalid = wrong.of(QStringLiteral("dependency-stub-invalid"));
    QCOMPARE(invalid.size(), 1);
    QCOMPARE(invalid[0].severity, Severity::Error);
    QVERIFY2(invalid[0].message.contains(QStringLiteral("/rtc@9010000's resets")), qPrintable(invalid[0].message));
    QVERIFY(wrong.of(QStringLiteral("stub-drops-non-clock")).isEmpty());

    // A supply can be stubbed: the partial DTB gets a fixed regulator (PartialDtbBuilder::stubFor),
    // and the plan says Stub with no finding, as docs/cli.md promises.
    const QString supplied = QStringLiteral(R"(
    vcc: regulator@0 { compatible = "test,pmic-ldo"; regulator-name = "vcc_rtc"; };
    rtc@9010000 { compatible = "test,rtc"; reg = <0 0x9010000 0 0x1000>; interrupts = <0 2 4>; vdd-supply = <&vcc>; };
)");
    DomainConfig s = domain(QStringLiteral("a"), {rtc});
    s.dependencyDecisions.insert(QStringLiteral("/regulator@0"), DependencyAction::Stub);
    const Run stubbed = run(supplied, project({s}));
    QVERIFY(stubbed.of(QStringLiteral("dependency-stub-invalid")).isEmpty());
    QVERIFY(stubbed.of(QStringLiteral("stub-drops-non-clock")).isEmpty());
    const DevicePlan *plan = stubbed.device(QStringLiteral("a"), rtc);
    QCOMPARE(plan->dependencies.size(), 1);
    QCOMPARE(plan->dependencies[0].action, DependencyAction::Stub);
    const Project sp = project({s});
    const ExportContext supplyCtx(stubbed.model.get(), &sp, &stubbed.analysis);
    const QByteArray supplyDtb = partialDtb(supplyCtx, stubbed.analysis.domains[0], &error);
    QVERIFY2(!supplyDtb.isEmpty(), qPrintable(error));
    QVERIFY(supplyDtb.contains("regulator-fixed"));
    QVERIFY(supplyDtb.contains("vcc_rtc"));
}

void TestRules::stubClockRateUnknown()
{
    const QString rtc = QStringLiteral("/rtc@9010000");
    DomainConfig d = domain(QStringLiteral("a"), {rtc});
    d.dependencyDecisions.insert(QStringLiteral("/clock-controller@9070000"), DependencyAction::Stub);
    const auto found = run(kClocks, project({d})).of(QStringLiteral("stub-clock-rate-unknown"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Warning);
    QCOMPARE(found[0].node, rtc);
    QVERIFY(found[0].message.contains(QStringLiteral("/clock-controller@9070000")));
    // No rate anywhere: the message says what the stub gets instead of making one up.
    QVERIFY2(found[0].message.contains(QStringLiteral("the stub says clock 3: 0 Hz")), qPrintable(found[0].message));

    // The consumer assigns that clock a rate: the stub takes it, and the warning says where from.
    QString assigned = kClocks;
    assigned.replace(QStringLiteral("resets = <&cru 7>; };"),
                     QStringLiteral("resets = <&cru 7>; assigned-clocks = <&cru 9>, <&cru 3>;\n"
                                    "        assigned-clock-rates = <1000>, <32768>; };"));
    const Run withRate = run(assigned, project({d}));
    const auto rated = withRate.of(QStringLiteral("stub-clock-rate-unknown"));
    QCOMPARE(rated.size(), 1); // clocks and assigned-clocks on the same provider: reported once
    QVERIFY2(rated[0].message.contains(QStringLiteral("clock 3: 32768 Hz (taken from its assigned-clock-rates)")),
             qPrintable(rated[0].message));
    const Node *rtcNode = withRate.model->node(rtc);
    const Dependency clock3{QStringLiteral("clocks"), QStringLiteral("/clock-controller@9070000"), {3}};
    const bindings::StubClockRate rate = bindings::stubClockRate(*withRate.model, *rtcNode, clock3);
    QCOMPARE(rate.hz, 32768u);
    QCOMPARE(rate.source, bindings::StubClockRate::AssignedRate);
    const Dependency clock4{QStringLiteral("clocks"), QStringLiteral("/clock-controller@9070000"), {4}};
    QCOMPARE(bindings::stubClockRate(*withRate.model, *rtcNode, clock4).source, bindings::StubClockRate::Unknown);
    QCOMPARE(bindings::stubClockRate(*withRate.model, *rtcNode, clock4).hz, 0u);

    // Stubbing the 24 MHz fixed clock: the rate is known.
    DomainConfig known = domain(QStringLiteral("a"), {rtc});
    known.dependencyDecisions.insert(QStringLiteral("/osc"), DependencyAction::Stub);
    const Run knownRun = run(kClocks, project({known}));
    QVERIFY(knownRun.of(QStringLiteral("stub-clock-rate-unknown")).isEmpty());
    const bindings::StubClockRate osc = bindings::stubClockRate(*knownRun.model, *knownRun.model->node(rtc),
                                            Dependency{QStringLiteral("clocks"), QStringLiteral("/osc"), {}});
    QCOMPARE(osc.hz, 24000000u);
    QCOMPARE(osc.source, bindings::StubClockRate::Provider);

    // A 64-bit clock-frequency that fits 32 bits is a known rate; one that does not is unknown.
    QString wide = kClocks;
    wide.replace(QStringLiteral("#reset-cells = <1>; };"),
                 QStringLiteral("#reset-cells = <1>; clock-frequency = /bits/ 64 <100000000>; };"));
    QVERIFY(run(wide, project({d})).of(QStringLiteral("stub-clock-rate-unknown")).isEmpty());
    wide.replace(QStringLiteral("<100000000>"), QStringLiteral("<0x100000000>"));
    QCOMPARE(run(wide, project({d})).of(QStringLiteral("stub-clock-rate-unknown")).size(), 1);
}

static const QString kScmi = QStringLiteral(R"(
    shm: sram@4f000000 { compatible = "arm,scmi-shmem"; reg = <0 0x4f000000 0 0x1000>; };
    firmware {
        scmi {
            compatible = "arm,scmi-smc"; arm,smc-id = <0x82000010>; shmem = <&shm>;
            #address-cells = <1>; #size-cells = <0>;
            scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
        };
    };
    mmc@9080000 { compatible = "test,mmc"; reg = <0 0x9080000 0 0x1000>; interrupts = <0 10 4>;
        clocks = <&scmi_clk 3>; };
    spi@9090000 { compatible = "test,spi"; reg = <0 0x9090000 0 0x1000>; interrupts = <0 11 4>;
        clocks = <&scmi_clk 3>; };
    i2c@90a0000 { compatible = "test,i2c"; reg = <0 0x90a0000 0 0x1000>; interrupts = <0 12 4>;
        clocks = <&scmi_clk 4>; };
)");

void TestRules::scmiResourceShared()
{
    const QString mmc = QStringLiteral("/mmc@9080000");
    const QString spi = QStringLiteral("/spi@9090000");
    const QString i2c = QStringLiteral("/i2c@90a0000");
    const Run r = run(kScmi, project({domain(QStringLiteral("a"), {mmc}), domain(QStringLiteral("b"), {spi})}));
    const auto d = r.of(QStringLiteral("scmi-resource-shared"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].node, spi);
    QVERIFY2(d[0].message.contains(QStringLiteral("protocol 0x14 id 3 on /firmware/scmi")), qPrintable(d[0].message));

    // Different clock ids: not shared (scmi-multiple-domains still fires, see below).
    const Run ok = run(kScmi, project({domain(QStringLiteral("a"), {mmc}), domain(QStringLiteral("b"), {i2c})}));
    QVERIFY(ok.of(QStringLiteral("scmi-resource-shared")).isEmpty());

    // The project marks clock 3 shared (query messages only for each): no finding; another
    // clock id marked leaves clock 3 an error; the mediator alone does not make it shareable.
    Project marked = project({domain(QStringLiteral("a"), {mmc}), domain(QStringLiteral("b"), {spi})});
    marked.platform.scmiMediator = true;
    QCOMPARE(run(kScmi, marked).of(QStringLiteral("scmi-resource-shared")).size(), 1);
    QVERIFY(setScmiShared(marked, {0x14, 4}, true).ok());
    QCOMPARE(run(kScmi, marked).of(QStringLiteral("scmi-resource-shared")).size(), 1);
    QVERIFY(setScmiShared(marked, {0x14, 3}, true).ok());
    const Run sharing = run(kScmi, marked);
    QVERIFY(sharing.of(QStringLiteral("scmi-resource-shared")).isEmpty());

    // scmi-shared-not-shared: clock 3 is used by a and b, so its mark shares something; clock 4's
    // mark, which no domain uses, is said; so is clock 3's once only a uses it (a then gets query
    // messages only on the clock its mmc needs to switch on).
    const auto idle = sharing.of(QStringLiteral("scmi-shared-not-shared"));
    QCOMPARE(idle.size(), 1);
    QCOMPARE(idle[0].severity, Severity::Warning);
    QVERIFY2(idle[0].message.contains(QStringLiteral("protocol 0x14 id 4 is marked shared, but no domain uses it")),
             qPrintable(idle[0].message));
    QVERIFY(setScmiShared(marked, {0x14, 4}, false).ok());
    marked.domains.removeLast();
    const auto alone = run(kScmi, marked).of(QStringLiteral("scmi-shared-not-shared"));
    QCOMPARE(alone.size(), 1);
    QCOMPARE(alone[0].domain, QStringLiteral("a"));
    QVERIFY2(alone[0].message.contains(QStringLiteral("protocol 0x14 id 3 is marked shared, but only domain a uses it")),
             qPrintable(alone[0].message));
}

void TestRules::scmiMultipleDomains()
{
    const QString mmc = QStringLiteral("/mmc@9080000");
    const QString i2c = QStringLiteral("/i2c@90a0000");
    const Run r = run(kScmi, project({domain(QStringLiteral("a"), {mmc}), domain(QStringLiteral("b"), {i2c})}));
    const auto d = r.of(QStringLiteral("scmi-multiple-domains"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QVERIFY(d[0].domain.isEmpty());
    QVERIFY(d[0].message.contains(QStringLiteral("Domains a, b all use SCMI")));
    QCOMPARE(d[0].related, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    // One SCMI domain: fine, and its SCMI protocol node is copied with /firmware and /firmware/scmi.
    const Run one = run(kScmi, project({domain(QStringLiteral("a"), {mmc, i2c})}));
    QVERIFY(one.of(QStringLiteral("scmi-multiple-domains")).isEmpty());
    const DomainPlan *a = one.analysis.domain(QStringLiteral("a"));
    QVERIFY(a->needsScmi);
    QCOMPARE(a->scmi.size(), 2);
    const DevicePlan *plan = one.device(QStringLiteral("a"), mmc);
    QCOMPARE(plan->dependencies.size(), 1);
    QCOMPARE(plan->dependencies[0].provider, QStringLiteral("/firmware/scmi/protocol@14"));
    QCOMPARE(plan->dependencies[0].action, DependencyAction::Copy);
    QCOMPARE(plan->dependencies[0].contextPath,
             (QStringList{QStringLiteral("/firmware"), QStringLiteral("/firmware/scmi")}));
    QVERIFY(one.of(QStringLiteral("dependency-not-in-domain")).isEmpty());

    // devassign's mediator gives each domain its own channel: two SCMI domains are fine.
    Project mediated = project({domain(QStringLiteral("a"), {mmc}), domain(QStringLiteral("b"), {i2c})});
    mediated.platform.scmiMediator = true;
    QVERIFY(run(kScmi, mediated).of(QStringLiteral("scmi-multiple-domains")).isEmpty());
}

// The mediator's policy knows only dom0less domains (keyed by their boot-time domain ids): an
// xl-only SCMI domain is an error; the same domain also exported for dom0less is not.
void TestRules::scmiMediatorNeedsDom0less()
{
    const QString mmc = QStringLiteral("/mmc@9080000");
    DomainConfig xlOnly = domain(QStringLiteral("a"), {mmc});
    xlOnly.dom0less = false;
    xlOnly.xl = true;
    Project p = project({xlOnly});
    QVERIFY(run(kScmi, p).of(QStringLiteral("scmi-mediator-needs-dom0less")).isEmpty()); // no mediator: other rules
    p.platform.scmiMediator = true;
    const auto d = run(kScmi, p).of(QStringLiteral("scmi-mediator-needs-dom0less"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("a"));
    QVERIFY2(d[0].message.contains(QStringLiteral("but a is created by xl only")), qPrintable(d[0].message));
    p.domains[0].dom0less = true;
    QVERIFY(run(kScmi, p).of(QStringLiteral("scmi-mediator-needs-dom0less")).isEmpty());
    // A domain without SCMI devices needs no policy.
    p.domains[0] = domain(QStringLiteral("a"), {});
    p.domains[0].dom0less = false;
    p.domains[0].xl = true;
    QVERIFY(run(kScmi, p).of(QStringLiteral("scmi-mediator-needs-dom0less")).isEmpty());
}

// Juno-like: the SCMI agent talks to an SCP through a mailbox, which Xen cannot forward.
static const QString kScmiMailbox = QStringLiteral(R"(
    mhu: mailbox@2b1f0000 { compatible = "test,mhu"; reg = <0 0x2b1f0000 0 0x1000>; #mbox-cells = <2>; };
    shm: sram@2e000000 { compatible = "arm,scmi-shmem"; reg = <0 0x2e000000 0 0x80>; };
    firmware {
        scmi {
            compatible = "arm,scmi"; mboxes = <&mhu 0 0>; mbox-names = "tx"; shmem = <&shm>;
            #address-cells = <1>; #size-cells = <0>;
            scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
        };
    };
    mmc@9080000 { compatible = "test,mmc"; reg = <0 0x9080000 0 0x1000>; interrupts = <0 10 4>;
        clocks = <&scmi_clk 3>; };
    serial@9000000 { compatible = "arm,pl011"; reg = <0 0x9000000 0 0x1000>; interrupts = <0 1 4>; };
)");

void TestRules::scmiTransportNotForwardable()
{
    const QString mmc = QStringLiteral("/mmc@9080000");
    const Run r = run(kScmiMailbox, project({domain(QStringLiteral("a"), {mmc})}));
    const auto d = r.of(QStringLiteral("scmi-transport-not-forwardable"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("a"));
    QCOMPARE(d[0].node, QStringLiteral("/firmware/scmi"));
    QCOMPARE(d[0].related, QStringList{mmc});
    QVERIFY2(d[0].message.contains(QStringLiteral("its compatible is \"arm,scmi\" (transport: a mailbox)")),
             qPrintable(d[0].message));
    QVERIFY2(d[0].message.contains(QStringLiteral("through /mmc@9080000")), qPrintable(d[0].message));
    QVERIFY(d[0].fix.contains(QStringLiteral("arm,scmi-smc")));
    QVERIFY(d[0].source.contains(QStringLiteral("xen/arch/arm/firmware/scmi-smc.c")));
    // Nothing is mapped for a channel the guest could not use.
    QVERIFY(r.analysis.domain(QStringLiteral("a"))->scmiShmem.isEmpty());

    // An SMC agent without arm,smc-id cannot be probed by Xen either.
    QString noId = kScmi;
    noId.replace(QStringLiteral("arm,smc-id = <0x82000010>; "), QString());
    const auto missing = run(noId, project({domain(QStringLiteral("a"), {mmc})}))
                             .of(QStringLiteral("scmi-transport-not-forwardable"));
    QCOMPARE(missing.size(), 1);
    QVERIFY2(missing[0].message.contains(QStringLiteral("it has no 32-bit arm,smc-id")),
             qPrintable(missing[0].message));

    // arm,scmi-smc with arm,smc-id and a shmem channel: forwardable, no finding.
    QVERIFY(run(kScmi, project({domain(QStringLiteral("a"), {mmc})}))
                .of(QStringLiteral("scmi-transport-not-forwardable")).isEmpty());
    // With devassign's mediator the guest uses the mediator's channel, not the host transport.
    Project mediated = project({domain(QStringLiteral("a"), {mmc})});
    mediated.platform.scmiMediator = true;
    const Run viaMediator = run(kScmiMailbox, mediated);
    QVERIFY(viaMediator.of(QStringLiteral("scmi-transport-not-forwardable")).isEmpty());
    QVERIFY(viaMediator.analysis.domain(QStringLiteral("a"))->needsScmi);
    // A domain without SCMI consumers is never reported, whatever the agent.
    QVERIFY(run(kScmiMailbox, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})}))
                .of(QStringLiteral("scmi-transport-not-forwardable")).isEmpty());
}

void TestRules::scmiShmemPlannedForSmcAgent()
{
    const QString mmc = QStringLiteral("/mmc@9080000");
    const Run r = run(kScmi, project({domain(QStringLiteral("a"), {mmc})}));
    const DomainPlan *a = r.analysis.domain(QStringLiteral("a"));
    QVERIFY(a->needsScmi);
    QCOMPARE(a->scmiShmem.size(), 1);
    const DevicePlan &shm = a->scmiShmem[0];
    QCOMPARE(shm.hostPath, QStringLiteral("/sram@4f000000"));
    QVERIFY(shm.forceWithoutIommu);
    QVERIFY(!shm.iommuProtected);
    QVERIFY(shm.interrupts.isEmpty());
    QVERIFY(shm.dependencies.isEmpty());
    // 0x4f000000 lies in guest RAM bank 0: relocated to the first hole at 16 MiB, like a device
    // window, and reported as such; the mmc (0x9080000) stays 1:1 and never overlaps it.
    QCOMPARE(shm.mmio.size(), 1);
    QCOMPARE(shm.mmio[0].hostAddress, 0x4f000000ULL);
    QCOMPARE(shm.mmio[0].guestAddress, 0x1000000ULL);
    QCOMPARE(shm.regions[0].guestAddress, 0x1000000ULL);
    const auto clash = r.of(QStringLiteral("guest-map-clash"));
    QCOMPARE(clash.size(), 1);
    QCOMPARE(clash[0].node, QStringLiteral("/sram@4f000000"));
    QCOMPARE(r.device(QStringLiteral("a"), mmc)->mmio[0].guestAddress, 0x9080000ULL);
    // The shmem is not a device of the domain (no xen,path / dtdev, no xen,passthrough).
    QCOMPARE(a->devices.size(), 1);

    // Another domain's device in the shmem page: the page would be shared.
    QString crowded = kScmi;
    crowded.replace(QStringLiteral("reg = <0 0x4f000000 0 0x1000>; };"),
                    QStringLiteral("reg = <0 0x4f000000 0 0x100>; };\n"
                                   "    timer@4f000800 { compatible = \"test,timer\";"
                                   " reg = <0 0x4f000800 0 0x100>; };"));
    const Run shared = run(crowded, project({domain(QStringLiteral("a"), {mmc}),
                                            domain(QStringLiteral("b"), {QStringLiteral("/timer@4f000800")})}));
    const auto page = shared.of(QStringLiteral("shared-page"));
    QCOMPARE(page.size(), 1);
    QVERIFY2(page[0].message.contains(QStringLiteral("/sram@4f000000")), qPrintable(page[0].message));
    // ...and the unaligned shmem names its neighbour.
    const auto unaligned = shared.of(QStringLiteral("mmio-unaligned"));
    bool named = false;
    for (const Diagnostic &u : unaligned)
        named = named
            || (u.node == QLatin1String("/sram@4f000000") && u.related.contains(QStringLiteral("/timer@4f000800")));
    QVERIFY(named);
    // Domain b has no SCMI consumer: nothing is planned for it.
    QVERIFY(shared.analysis.domain(QStringLiteral("b"))->scmiShmem.isEmpty());
}

void TestRules::directMapWithoutStaticMem()
{
    DomainConfig d = domain(QStringLiteral("dm"), {QStringLiteral("/serial@9000000")});
    d.directMap = true;
    const auto found = run(kUart, project({d})).of(QStringLiteral("direct-map-without-static-mem"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Error);
    QCOMPARE(found[0].domain, QStringLiteral("dm"));
    QVERIFY(found[0].node.isEmpty());

    d.staticMemory = {{0x60000000, 0x10000000}};
    QVERIFY(run(kUart, project({d})).of(QStringLiteral("direct-map-without-static-mem")).isEmpty());
}

void TestRules::dom0lessWithoutKernel()
{
    DomainConfig d = domain(QStringLiteral("k"), {QStringLiteral("/serial@9000000")});
    d.kernel.clear();
    const auto found = run(kUart, project({d})).of(QStringLiteral("dom0less-without-kernel"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Error);
    QCOMPARE(found[0].domain, QStringLiteral("k"));

    d.dom0less = false; // xl-only: the kernel is given at xl create time on the target
    d.xl = true;
    QVERIFY(run(kUart, project({d})).of(QStringLiteral("dom0less-without-kernel")).isEmpty());
}

// What U-Boot reads as syntax where uboot-script-gen puts the value: inside `fdt set P V "DATA"`
// (hush: " \ $; the simple parser: ; ' \ $), and a load command's unquoted file name.
void TestRules::imageBuilderUnsafeText()
{
    const auto paramOf = [](const Diagnostic &d, const char *name) {
        for (const auto &[k, v] : d.params)
            if (k == QLatin1String(name))
                return v;
        return QString();
    };
    DomainConfig d = domain(QStringLiteral("u"), {QStringLiteral("/serial@9000000")});
    d.kernel = QStringLiteral("/srv/Image-6.1.0+deb12_arm64");
    d.bootargs = QStringLiteral("console=hvc0 root=/dev/vda rw earlycon=xen,0x0 dyndbg=+p");
    QVERIFY(run(kUart, project({d})).of(QStringLiteral("imagebuilder-unsafe-text")).isEmpty());

    const struct {
        QString bootargs, kernel;
        const char *variable, *character;
    } cases[] = {
        {QStringLiteral("console=hvc0 \"; reset; \""), d.kernel, "DOMU_CMD[0]", "a double quote"},
        {QStringLiteral("console=hvc0 root=${rootdev}"), d.kernel, "DOMU_CMD[0]", "a dollar sign"},
        {QStringLiteral("console=hvc0; reset"), d.kernel, "DOMU_CMD[0]", "a semicolon"},
        {QStringLiteral("console=hvc0 \\"), d.kernel, "DOMU_CMD[0]", "a backslash"},
        {QStringLiteral("console=hvc0 it's"), d.kernel, "DOMU_CMD[0]", "a single quote"},
        {QStringLiteral("console=hvc0 `reset`"), d.kernel, "DOMU_CMD[0]", "a backquote"},
        {QStringLiteral("<0x1>"), d.kernel, "DOMU_CMD[0]", "a leading <"},
        {d.bootargs, QStringLiteral("/srv/my Image"), "DOMU_KERNEL[0]", "a space"},
        {d.bootargs, QStringLiteral("/srv/Image;reset"), "DOMU_KERNEL[0]", "a semicolon"},
        {d.bootargs, QStringLiteral("/srv/Image*"), "DOMU_KERNEL[0]", "U+002A"},
    };
    for (const auto &c : cases) {
        DomainConfig bad = d;
        bad.bootargs = c.bootargs;
        bad.kernel = c.kernel;
        const auto found = run(kUart, project({bad})).of(QStringLiteral("imagebuilder-unsafe-text"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].severity, Severity::Warning);
        QCOMPARE(found[0].domain, QStringLiteral("u"));
        QCOMPARE(paramOf(found[0], "variable"), QLatin1String(c.variable));
        QCOMPARE(paramOf(found[0], "character"), QLatin1String(c.character));
    }

    // The host's command lines: the project's xen_bootargs (XEN_CMD) is the host's, not a domain's.
    Project p = project({d});
    p.xenBootargs = QStringLiteral("console=dtuart \"; reset");
    const auto found = run(kUart, p).of(QStringLiteral("imagebuilder-unsafe-text"));
    QCOMPARE(found.size(), 1);
    QVERIFY(found[0].domain.isEmpty());
    QCOMPARE(paramOf(found[0], "variable"), QStringLiteral("XEN_CMD"));
    QCOMPARE(paramOf(found[0], "origin"), QStringLiteral("the project's xen_bootargs"));
}

// uboot-script-gen -d DIR finds every file as DIR/NAME: two kernels named Image from different
// paths cannot both be meant.
void TestRules::imageBuilderFileNameClash()
{
    DomainConfig a = domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")});
    DomainConfig b = domain(QStringLiteral("b"), {});
    a.kernel = QStringLiteral("k1/Image");
    b.kernel = QStringLiteral("./k1/Image"); // the same file
    QVERIFY(run(kUart, project({a, b})).of(QStringLiteral("imagebuilder-file-name-clash")).isEmpty());

    b.kernel = QStringLiteral("k 2/Image");
    const Run r = run(kUart, project({a, b}));
    const auto found = r.of(QStringLiteral("imagebuilder-file-name-clash"));
    QCOMPARE(found.size(), 2);
    QCOMPARE(found[0].domain, QStringLiteral("a"));
    QCOMPARE(found[1].domain, QStringLiteral("b"));
    QCOMPARE(found[0].severity, Severity::Warning);
    QVERIFY2(found[0].message.contains(QLatin1String("domain a's kernel file name is Image, like domain b's kernel file name")),
             qPrintable(found[0].message));
    // Neither variable is written; each has its comment. The unsafe-text rule does not add its own.
    QVERIFY(r.of(QStringLiteral("imagebuilder-unsafe-text")).isEmpty());
    const Project p = project({a, b});
    ExportContext ctx(r.model.get(), &p, &r.analysis);
    const QString cfg = QString::fromUtf8(imageBuilderConfig(ctx));
    QVERIFY2(!cfg.contains(QLatin1String("DOMU_KERNEL[0]=")) && !cfg.contains(QLatin1String("DOMU_KERNEL[1]=")), qPrintable(cfg));
    QVERIFY(cfg.contains(QLatin1String("\n# DOMU_KERNEL[0] left out: domain a's kernel file name is Image, like domain b's")));
    QVERIFY(cfg.contains(QLatin1String("\n# DOMU_KERNEL[1] left out: ")));
}

void TestRules::cleanProjectHasNoFindings()
{
    // A UART (no DMA) on a dom0less domain: only the informational force-assign note.
    const Run r = run(kUart, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})}));
    QCOMPARE(r.analysis.diagnostics.size(), 1);
    QCOMPARE(r.analysis.diagnostics[0].rule, QStringLiteral("passed-without-iommu"));
    QCOMPARE(r.analysis.errorCount(), 0);
    QCOMPARE(r.analysis.count(Severity::Warning), 0);
    QCOMPARE(r.analysis.diagnostics[0].source, findRule(QStringLiteral("passed-without-iommu"))->source);
}

void TestRules::deviceWithoutResourcesQuietBesideIrqPpi()
{
    // /pmu: only PPIs, no reg. irq-ppi says why nothing goes through; no second finding.
    const QString dts = QStringLiteral("pmu { compatible = \"arm,armv8-pmuv3\"; interrupts = <1 7 4>; };");
    const Run r = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/pmu")})}));
    QCOMPARE(r.of(QStringLiteral("irq-ppi")).size(), 1);
    QVERIFY(r.of(QStringLiteral("device-without-resources")).isEmpty());
}

void TestRules::staticMemSizeMismatch()
{
    // The issue's case: memory 128M with one 256M bank; Xen panics ("Size of \"memory\" ...").
    DomainConfig d = domain(QStringLiteral("s"), {QStringLiteral("/serial@9000000")});
    d.memoryKiB = 128 * 1024;
    d.staticMemory = {{0x50000000, 0x10000000}};
    const auto found = run(kUart, project({d})).of(QStringLiteral("static-mem-size-mismatch"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Error);
    QVERIFY2(found[0].message.contains(QStringLiteral("128 MiB")) && found[0].message.contains(QStringLiteral("256 MiB")),
             qPrintable(found[0].message));
    // Edges: one KiB off either way fires, the exact sum does not.
    d.memoryKiB = 256 * 1024 + 1;
    QCOMPARE(run(kUart, project({d})).of(QStringLiteral("static-mem-size-mismatch")).size(), 1);
    d.memoryKiB = 256 * 1024 - 1;
    QCOMPARE(run(kUart, project({d})).of(QStringLiteral("static-mem-size-mismatch")).size(), 1);
    d.memoryKiB = 256 * 1024;
    QVERIFY(run(kUart, project({d})).of(QStringLiteral("static-mem-size-mismatch")).isEmpty());
    // Two banks add up.
    d.staticMemory = {{0x50000000, 0x8000000}, {0x60000000, 0x8000000}};
    QVERIFY(run(kUart, project({d})).of(QStringLiteral("static-mem-size-mismatch")).isEmpty());
}

void TestRules::staticMemOutsideRam()
{
    // board(): RAM 0x40000000-0x7fffffff.
    DomainConfig d = domain(QStringLiteral("s"), {QStringLiteral("/serial@9000000")});
    d.memoryKiB = 0x1000000 / 1024;
    d.staticMemory = {{0x7f000000, 0x1000000}}; // ends exactly at the end of RAM: inside
    QVERIFY(run(kUart, project({d})).of(QStringLiteral("static-mem-outside-ram")).isEmpty());
    d.staticMemory = {{0x7f001000, 0x1000000}}; // one page past the end
    const auto past = run(kUart, project({d})).of(QStringLiteral("static-mem-outside-ram"));
    QCOMPARE(past.size(), 1);
    QCOMPARE(past[0].severity, Severity::Error);
    QVERIFY2(past[0].message.contains(QStringLiteral("0x7f001000-0x80000fff")), qPrintable(past[0].message));
    QVERIFY2(past[0].message.contains(QStringLiteral("0x40000000-0x7fffffff")), qPrintable(past[0].message));
    d.staticMemory = {{0x3ffff000, 0x1000000}}; // one page before the start
    QCOMPARE(run(kUart, project({d})).of(QStringLiteral("static-mem-outside-ram")).size(), 1);
}

void TestRules::staticMemOutsideRamFollowsPlatformRam()
{
    // A DTB whose /memory the bootloader fills in (size 0): the project's platform RAM decides.
    const QString dts = kUart;
    DomainConfig d = domain(QStringLiteral("s"), {QStringLiteral("/serial@9000000")});
    d.memoryKiB = 0x1000000 / 1024;
    d.staticMemory = {{0x90000000, 0x1000000}};
    Project p = project({d});
    QCOMPARE(run(dts, p).of(QStringLiteral("static-mem-outside-ram")).size(), 1);
    p.platform.ram = {{0x80000000, 0x40000000}};
    QVERIFY(run(dts, p).of(QStringLiteral("static-mem-outside-ram")).isEmpty());
}

// A /memory whose size the bootloader fills in (0 here): no RAM to place the boot modules in.
// The export fails then (core/export/dom0less.cpp); check must say so first, for dom0less
// domains only, and the platform's RAM answers it.
void TestRules::hostRamUnknown()
{
    QString dts = board(kUart);
    dts.replace(QStringLiteral("reg = <0x0 0x40000000 0x0 0x40000000>;"), QStringLiteral("reg = <0x0 0x40000000 0x0 0x0>;"));
    QString error;
    const HostModelPtr model = testsupport::modelFromDts(dts, &error);
    QVERIFY2(model, qPrintable(error));
    DomainConfig xlOnly = domain(QStringLiteral("x"), {});
    xlOnly.dom0less = false;
    xlOnly.xl = true;
    Project p = project({domain(QStringLiteral("d"), {QStringLiteral("/serial@9000000")}), xlOnly});
    const auto found = [&] {
        QVector<Diagnostic> out;
        for (const Diagnostic &d : analyze(*model, p).diagnostics)
            if (d.rule == QLatin1String("host-ram-unknown"))
                out.append(d);
        return out;
    };
    const auto d = found();
    QCOMPARE(d.size(), 1); // not the xl-only domain
    QCOMPARE(d[0].severity, Severity::Error);
    QCOMPARE(d[0].domain, QStringLiteral("d"));
    QVERIFY2(d[0].message.contains(QLatin1String("cannot place domain d's kernel")), qPrintable(d[0].message));
    p.platform.ram = {{0x40000000, 0x40000000}};
    QVERIFY(found().isEmpty());
    // The ordinary board has RAM: nothing.
    QVERIFY(run(kUart, project({domain(QStringLiteral("d"), {QStringLiteral("/serial@9000000")})}))
                .of(QStringLiteral("host-ram-unknown")).isEmpty());
}

void TestRules::memoryNotWholeMib()
{
    // 1536 KiB: xl's memory= and ImageBuilder's DOMU_MEM are MiB (xl_parse.c: target_memkb =
    // l * 1024), so both exports round up to 2 MiB; the host DTB's memory (KiB) stays 1536.
    DomainConfig both = domain(QStringLiteral("b"), {});
    both.xl = true;
    both.dom0less = true;
    both.memoryKiB = 1536;
    const auto found = run(kUart, project({both})).of(QStringLiteral("memory-not-whole-mib"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Warning);
    QCOMPARE(found[0].domain, QStringLiteral("b"));
    QVERIFY2(found[0].message.contains(QLatin1String("has 1536 KiB of memory"))
                 && found[0].message.contains(QLatin1String("in dom.cfg and imagebuilder.cfg it becomes 2 MiB")),
             qPrintable(found[0].message));
    // An xl-only domain names only dom.cfg; one KiB over a whole MiB rounds up to the next.
    DomainConfig xlOnly = domain(QStringLiteral("x"), {});
    xlOnly.dom0less = false;
    xlOnly.xl = true;
    xlOnly.memoryKiB = 256 * 1024 + 1;
    const auto xl = run(kUart, project({xlOnly})).of(QStringLiteral("memory-not-whole-mib"));
    QCOMPARE(xl.size(), 1);
    QVERIFY2(xl[0].message.contains(QLatin1String("so in dom.cfg it becomes 257 MiB")), qPrintable(xl[0].message));
    // Whole MiB and whole GiB: nothing.
    both.memoryKiB = 256 * 1024;
    QVERIFY(run(kUart, project({both})).of(QStringLiteral("memory-not-whole-mib")).isEmpty());
    both.memoryKiB = 1024 * 1024;
    QVERIFY(run(kUart, project({both})).of(QStringLiteral("memory-not-whole-mib")).isEmpty());
}

void TestRules::staticMemOverlapsReserved()
{
    // The J721E case: a bank at 0xa0000000 over /reserved-memory/r5f-dma-memory@a0000000.
    const QString dts = kUart + QStringLiteral(R"(
    memory@80000000 { device_type = "memory"; reg = <0x0 0x80000000 0x0 0x80000000>; };
    reserved-memory {
        #address-cells = <2>; #size-cells = <2>; ranges;
        r5f-dma-memory@a0000000 { compatible = "shared-dma-pool"; reg = <0 0xa0000000 0 0x100000>; no-map; };
    };)");
    DomainConfig d = domain(QStringLiteral("s"), {QStringLiteral("/serial@9000000")});
    d.memoryKiB = 0x10000000 / 1024;
    d.staticMemory = {{0xa0000000, 0x10000000}};
    const auto found = run(dts, project({d})).of(QStringLiteral("static-mem-overlaps-reserved"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Error);
    QVERIFY2(found[0].message.contains(QStringLiteral("/reserved-memory/r5f-dma-memory@a0000000")), qPrintable(found[0].message));
    // Right after the reserved MiB: clear.
    d.staticMemory = {{0xa0100000, 0x10000000}};
    QVERIFY(run(dts, project({d})).of(QStringLiteral("static-mem-overlaps-reserved")).isEmpty());
    // Ending one byte into it: not clear.
    d.staticMemory = {{0x90000000, 0x10001000}};
    d.memoryKiB = 0x10001000 / 1024;
    QCOMPARE(run(dts, project({d})).of(QStringLiteral("static-mem-overlaps-reserved")).size(), 1);
}

void TestRules::staticMemOverlapsDomain()
{
    DomainConfig a = domain(QStringLiteral("a"), {});
    DomainConfig b = domain(QStringLiteral("b"), {});
    a.memoryKiB = b.memoryKiB = 0x1000000 / 1024;
    a.staticMemory = {{0x50000000, 0x1000000}};
    b.staticMemory = {{0x50fff000, 0x1000000}}; // shares the last page of a's bank
    const auto found = run(kUart, project({a, b})).of(QStringLiteral("static-mem-overlaps-domain"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].domain, QStringLiteral("b"));
    QVERIFY(found[0].message.contains(QStringLiteral("domain a's")));
    b.staticMemory = {{0x51000000, 0x1000000}}; // adjacent: fine
    QVERIFY(run(kUart, project({a, b})).of(QStringLiteral("static-mem-overlaps-domain")).isEmpty());
}

void TestRules::guestDtTooBig()
{
    // The buffer per release, from Xen's sources: 4.17 DOMU_DTB_SIZE 4096 for everything;
    // 4.18-4.21 4096 + the partial DTB module; 4.22 2048 + 128 * MAX_VIRT_CPUS (128) + module;
    // capped at SZ_2M.
    QCOMPARE(xen::guestDtBufferBytes(xen::Release::Xen417, 3000), qsizetype(4096));
    QCOMPARE(xen::guestDtBufferBytes(xen::Release::Xen418, 3000), qsizetype(7096));
    QCOMPARE(xen::guestDtBufferBytes(xen::Release::Xen421, 3000), qsizetype(7096));
    QCOMPARE(xen::guestDtBufferBytes(xen::Release::Xen422, 3000), qsizetype(18432 + 3000));
    QCOMPARE(xen::guestDtBufferBytes(xen::Release::Xen420, 4 * 1024 * 1024), qsizetype(2 * 1024 * 1024));

    // One UART and a short command line fit in 4 KiB (the e2e boots pass PL031 and PL061 so).
    const Run small = run(kUart, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})}));
    QVERIFY(small.of(QStringLiteral("guest-dt-too-big")).isEmpty());

    // Forty devices with long compatibles do not: every property of every node goes into the
    // same 4096 bytes on 4.17 (more than 40 x 100 bytes of structure alone).
    QString many = QStringLiteral("bus@10000000 { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>; "
                                  "ranges = <0 0 0x10000000 0x100000>;\n");
    QStringList paths;
    for (int i = 0; i < 40; ++i) {
        many += QStringLiteral("dev@%1 { compatible = \"vendor,a-rather-long-compatible-string-%2\"; reg = <0x%1 0x1000>; "
                               "interrupts = <0 %3 4>; };\n").arg(QString::number(i * 0x1000, 16)).arg(i).arg(10 + i);
        paths << QStringLiteral("/bus@10000000/dev@%1").arg(QString::number(i * 0x1000, 16));
    }
    many += QStringLiteral("};");
    Project p = project({domain(QStringLiteral("a"), paths)});
    const auto big = run(many, p).of(QStringLiteral("guest-dt-too-big"));
    QCOMPARE(big.size(), 1);
    QCOMPARE(big[0].severity, Severity::Error);
    QCOMPARE(big[0].domain, QStringLiteral("a"));
    QVERIFY2(big[0].message.contains(QStringLiteral("in 4096 bytes")), qPrintable(big[0].message));
    // 4.18 adds the partial DTB's size to the buffer: the same domain fits.
    p.platform.xen = xen::Release::Xen418;
    QVERIFY(run(many, p).of(QStringLiteral("guest-dt-too-big")).isEmpty());
    // Xen's own nodes count too: 128 vCPUs (a cpu node each) do not fit 4 KiB even with one UART.
    DomainConfig wide = domain(QStringLiteral("w"), {QStringLiteral("/serial@9000000")});
    wide.vcpus = 128;
    QCOMPARE(run(kUart, project({wide})).of(QStringLiteral("guest-dt-too-big")).size(), 1);
}

void TestRules::scmiNeedsXen421()
{
    const QString mmc = QStringLiteral("/mmc@9080000");
    Project p = project({domain(QStringLiteral("a"), {mmc})});
    for (xen::Release r : {xen::Release::Xen417, xen::Release::Xen420}) {
        p.platform.xen = r;
        const auto found = run(kScmi, p).of(QStringLiteral("scmi-needs-xen-4.21"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].severity, Severity::Error);
        QVERIFY(found[0].message.contains(QStringLiteral("Xen ") + xen::releaseName(r)));
    }
    p.platform.xen = xen::Release::Xen421;
    QVERIFY(run(kScmi, p).of(QStringLiteral("scmi-needs-xen-4.21")).isEmpty());
    // devassign's mediator (a series on Xen 4.17.5) makes SCMI guests work on 4.17 too; the host
    // shared memory is then not mapped (Xen allocates the guest's page itself).
    p.platform.xen = xen::Release::Xen417;
    p.platform.scmiMediator = true;
    const Run mediated = run(kScmi, p);
    QVERIFY(mediated.of(QStringLiteral("scmi-needs-xen-4.21")).isEmpty());
    QVERIFY(mediated.analysis.domain(QStringLiteral("a"))->scmiShmem.isEmpty());
}

void TestRules::enhancedLegacyUnsupported()
{
    DomainConfig d = domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")});
    d.enhanced = QStringLiteral("legacy");
    Project p = project({d});
    p.platform.xen = xen::Release::Xen420;
    QCOMPARE(run(kUart, p).of(QStringLiteral("enhanced-legacy-unsupported")).size(), 1);
    p.platform.xen = xen::Release::Xen421;
    QVERIFY(run(kUart, p).of(QStringLiteral("enhanced-legacy-unsupported")).isEmpty());
    p.domains[0].enhanced = QStringLiteral("enabled");
    p.platform.xen = xen::Release::Xen417;
    QVERIFY(run(kUart, p).of(QStringLiteral("enhanced-legacy-unsupported")).isEmpty());
}

void TestRules::espiUnsupported()
{
    // eSPI 0 is GIC id 4096, the first extended SPI; SPI 987 is id 1019, the last ordinary SPI.
    const QString dts = QStringLiteral(R"(
    espi@9100000 { compatible = "test,espi"; reg = <0 0x9100000 0 0x1000>; interrupts = <2 0 4>; };
    spi@9110000 { compatible = "test,spi"; reg = <0 0x9110000 0 0x1000>; interrupts = <0 987 4>; };)");
    Project p = project({domain(QStringLiteral("a"), {QStringLiteral("/espi@9100000"), QStringLiteral("/spi@9110000")})});
    const auto found = run(dts, p).of(QStringLiteral("espi-unsupported"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].node, QStringLiteral("/espi@9100000"));
    QVERIFY2(found[0].message.contains(QStringLiteral("GIC id 4096")), qPrintable(found[0].message));
    p.platform.xen = xen::Release::Xen421;
    QVERIFY(run(dts, p).of(QStringLiteral("espi-unsupported")).isEmpty());
}

void TestRules::ipmmuV4hDrivenFrom420()
{
    // ipmmu_dt_match gained renesas,ipmmu-r8a779g0 (R-Car V4H) in Xen 4.20.
    const QString dts = QStringLiteral(R"(
    ipmmu: iommu@eefc0000 { compatible = "renesas,ipmmu-r8a779g0", "renesas,rcar-gen4-ipmmu-vmsa";
        reg = <0 0xeefc0000 0 0x20000>; #iommu-cells = <1>; };
    dma@e7350000 { compatible = "test,dma"; reg = <0 0xe7350000 0 0x1000>; interrupts = <0 100 4>;
        #dma-cells = <1>; iommus = <&ipmmu 0>; };)");
    Project p = project({domain(QStringLiteral("a"), {QStringLiteral("/dma@e7350000")})});
    p.platform.xen = xen::Release::Xen419;
    const Run old = run(dts, p);
    QVERIFY(!old.device(QStringLiteral("a"), QStringLiteral("/dma@e7350000"))->iommuProtected);
    QCOMPARE(old.of(QStringLiteral("dma-without-iommu")).size(), 1);
    p.platform.xen = xen::Release::Xen420;
    const Run now = run(dts, p);
    QVERIFY(now.device(QStringLiteral("a"), QStringLiteral("/dma@e7350000"))->iommuProtected);
    QVERIFY(now.of(QStringLiteral("dma-without-iommu")).isEmpty());
    // The explanation inspect, the studio and audit.md show follows the same release: an IOMMU
    // link Xen has no driver for is no protection, whatever the hardware has.
    const Node *dma = now.model->node(QStringLiteral("/dma@e7350000"));
    QVERIFY(dma->iommu.isProtected); // the hardware fact
    const QString before = dma->iommu.reason(xen::Release::Xen419);
    QVERIFY2(before.startsWith(QStringLiteral("not protected: iommus → /iommu@eefc0000"))
                 && before.contains(QLatin1String("but Xen 4.19 on Arm has no driver for renesas,ipmmu-r8a779g0")),
             qPrintable(before));
    QCOMPARE(dma->iommu.reason(xen::Release::Xen420), QStringLiteral("protected: iommus → /iommu@eefc0000 (stream ids 0x0)"));
    QVERIFY(dma->iommu.reason().startsWith(QLatin1String("not protected: "))); // the default, 4.17: no driver
}

void TestRules::smmuV3TechPreview()
{
    const QString dts = QStringLiteral(R"(
    smmu: iommu@9050000 { compatible = "arm,smmu-v3"; reg = <0 0x9050000 0 0x20000>; #iommu-cells = <1>; };
    dma@9060000 { compatible = "test,dma"; reg = <0 0x9060000 0 0x1000>; interrupts = <0 20 4>; iommus = <&smmu 3>; };)");
    const auto found = run(dts, project({domain(QStringLiteral("a"), {QStringLiteral("/dma@9060000")})}))
                           .of(QStringLiteral("smmuv3-tech-preview"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Info);
    QVERIFY(found[0].message.contains(QStringLiteral("/iommu@9050000")));
    QVERIFY(run(kUart, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})}))
                .of(QStringLiteral("smmuv3-tech-preview")).isEmpty());
}

void TestRules::dom0GatesClocks()
{
    DomainConfig xl = domain(QStringLiteral("x"), {QStringLiteral("/serial@9000000")});
    xl.dom0less = false;
    xl.xl = true;
    const auto found = run(kUart, project({xl})).of(QStringLiteral("dom0-gates-clocks"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].severity, Severity::Warning);
    // dom0less only: no dom0 that could gate them.
    QVERIFY(run(kUart, project({domain(QStringLiteral("a"), {QStringLiteral("/serial@9000000")})}))
                .of(QStringLiteral("dom0-gates-clocks")).isEmpty());
}

void TestRules::templateValuesAreNotExpandedAgain()
{
    // A node path or domain name that holds a placeholder is text, not a template: one pass.
    const RuleValues values = {{QStringLiteral("node"), QStringLiteral("/soc/{domain}@0")},
                               {QStringLiteral("domain"), QStringLiteral("domU1")}};
    QCOMPARE(expandRuleTemplate(QStringLiteral("{node} in {domain}"), values), QStringLiteral("/soc/{domain}@0 in domU1"));
    // Unknown names and unbalanced braces stay as written; repeats are all filled.
    QCOMPARE(expandRuleTemplate(QStringLiteral("{x} {domain} {domain} {"), values), QStringLiteral("{x} domU1 domU1 {"));
    QCOMPARE(expandRuleTemplate(QStringLiteral("{{domain}}"), values), QStringLiteral("{domU1}"));
    QCOMPARE(expandRuleTemplate(QString(), values), QString());
}

void TestRules::pinctrlStateNames()
{
    // pinctrl-bindings.txt: pinctrl-<number> are the states; pinctrl-names names them.
    for (const char *yes : {"pinctrl-0", "pinctrl-1", "pinctrl-12"})
        QVERIFY2(bindings::isPinctrlState(QLatin1String(yes)), yes);
    for (const char *no : {"pinctrl-", "pinctrl-names", "pinctrl-1a", "pinctrl", "xpinctrl-0", "pinctrl--1"})
        QVERIFY2(!bindings::isPinctrlState(QLatin1String(no)), no);
}

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
