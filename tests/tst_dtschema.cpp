// SPDX-License-Identifier: GPL-2.0-or-later
// What the guest driver needs (issue 13): every partial DTB devassign exports (each golden
// project, and devices of every board in tests/data) is checked against Linux's own binding
// schemas, with dt-schema (Debian `dt-schema`) and the bindings of Debian's `linux-source-6.1`.
//
// The judged tree is the partial DTB as the guest sees its nodes: the xen,* properties removed
// (Xen strips them, xen/arch/arm/domain_build.c handle_prop_pfdt), a GIC stood in at Xen's guest
// phandle 0xfde8 (GUEST_PHANDLE_GIC, xen/include/public/arch-arm.h), and a root compatible like
// the one Xen writes (make_root_properties). A binding error on an exported node passes only when
//   * the host DTB has the same error on the same node (devassign copied it as the board has it),
//   * `check` told the user why: a reference devassign dropped (dependency-not-in-domain and its
//     kin name the property), an interrupt Xen cannot route (irq-not-gic), an SCMI transport Xen
//     cannot forward (scmi-transport-not-forwardable), a node the board leaves disabled and
//     incomplete that the guest gets enabled (device-disabled), or
//   * it is the layout Xen imposes: Xen copies only /gic, /aliases and /passthrough of a partial
//     DTB (domain_build.c, domain_handle_dtb_bootmodule), so the bus is named `passthrough` and
//     holds nodes without a unit address (fixed clocks, the SCMI `firmware` container), which
//     simple-bus.yaml does not allow.
// Anything else fails the test with the node, the property and the schema named.
//
// The host side of "the same error" is judged on the host DTB cut down to the assigned devices
// (tests/dtschema/host_extract.py). The processed schema (dt-mk-schema -j, ~1 min) is cached in
// DEVASSIGN_DTSCHEMA_CACHE.

#include "analysis.h"
#include "bindings.h"
#include "exporters.h"
#include "goldenprojects.h"
#include "project.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

extern "C" {
#include <libfdt.h>
}

using namespace devassign;

namespace {

constexpr quint32 kGuestGicPhandle = 0xfde8; // GUEST_PHANDLE_GIC (65000)

struct SchemaError {
    QString node;    // the node the schema matched, by name as dt-validate prints it
    QString text;    // the rest: nested path and message (continuation lines joined by " | ")
    QString schema;  // the schema file, from "From schema:"
};

// dt-validate prints "FILE: NODE: MESSAGE", continuation lines of a oneOf/anyOf indented by a tab,
// then "\tFrom schema: FILE".
QHash<QString, QVector<SchemaError>> parseValidatorOutput(const QString &out)
{
    QHash<QString, QVector<SchemaError>> byFile;
    SchemaError *last = nullptr;
    static const QRegularExpression head(QStringLiteral("^(\\S+\\.dtb): ([^:]+): (.*)$"));
    for (const QString &line : out.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("\tFrom schema: "))) {
            if (last)
                last->schema = line.mid(14).trimmed();
            continue;
        }
        if (line.startsWith(QLatin1Char('\t')) && last) {
            last->text += QStringLiteral(" | ") + line.trimmed();
            continue;
        }
        const QRegularExpressionMatch m = head.match(line);
        if (!m.hasMatch()) {
            last = nullptr;
            continue;
        }
        QVector<SchemaError> &list = byFile[QFileInfo(m.captured(1)).fileName()];
        list.append({m.captured(2), m.captured(3), QString()});
        last = &list.last();
    }
    return byFile;
}

// "ethernet@1000000" and "ethernet@46000000" are the same node before and after relocation.
QString withoutUnitAddresses(QString s)
{
    static const QRegularExpression unit(QStringLiteral("@[0-9a-fA-F,]+"));
    return s.replace(unit, QStringLiteral("@*"));
}

QStringList requiredProperties(const QString &text)
{
    QStringList out;
    static const QRegularExpression req(QStringLiteral("'([^']+)' is a required property"));
    for (auto it = req.globalMatch(text); it.hasNext();)
        out.append(it.next().captured(1));
    return out;
}

// ---- the judged tree ----------------------------------------------------------------------------

// One node of the exported partial DTB: its name, parent, and the host node it stands for.
struct PartialNode {
    QString name;
    int parent = -1;
    QString hostPath;      // from xen,path, else the parent's host path + name, else by unique name
    bool devassignBus = false; // a bus devassign writes itself (`passthrough`, an SCMI `firmware` container)
};

QVector<PartialNode> partialNodes(const QByteArray &blob, const HostModel &model)
{
    QVector<PartialNode> out;
    const void *fdt = blob.constData();
    int depth = 0;
    QVector<int> stack;
    for (int off = 0; off >= 0; off = fdt_next_node(fdt, off, &depth)) {
        stack.resize(depth);
        PartialNode n;
        n.name = QString::fromUtf8(fdt_get_name(fdt, off, nullptr));
        n.parent = depth > 0 ? stack.value(depth - 1, -1) : -1;
        int len = 0;
        const char *path = static_cast<const char *>(fdt_getprop(fdt, off, "xen,path", &len));
        if (path && len > 0)
            n.hostPath = QString::fromUtf8(path, len - 1);
        else if (n.parent >= 0 && !out[n.parent].hostPath.isEmpty())
            n.hostPath = out[n.parent].hostPath + QLatin1Char('/') + n.name;
        if (n.hostPath.isEmpty() || !model.node(n.hostPath)) {
            QStringList same; // a copied provider keeps its host name
            for (const Node &h : model.nodes())
                if (h.name == n.name)
                    same.append(h.path);
            n.hostPath = same.size() == 1 ? same.first() : QString();
        }
        const char *compat = static_cast<const char *>(fdt_getprop(fdt, off, "compatible", &len));
        n.devassignBus = !path && compat && QByteArray(compat, len) == QByteArray("simple-bus", 11);
        stack.append(out.size());
        out.append(n);
    }
    return out;
}

// The partial DTB as the guest sees its nodes (see the file comment).
QByteArray judgedTree(const QByteArray &partial, QString *error)
{
    QByteArray buf(partial.size() + 4096, '\0');
    void *fdt = buf.data();
    if (fdt_open_into(partial.constData(), fdt, buf.size()) != 0) {
        *error = QStringLiteral("the partial DTB does not open with libfdt");
        return {};
    }
    for (int off = 0; off >= 0; off = fdt_next_node(fdt, off, nullptr)) {
        for (bool removed = true; removed;) {
            removed = false;
            int prop = 0;
            fdt_for_each_property_offset(prop, fdt, off)
            {
                const char *name = nullptr;
                fdt_getprop_by_offset(fdt, prop, &name, nullptr);
                if (name && qstrncmp(name, "xen,", 4) == 0) {
                    fdt_delprop(fdt, off, name);
                    removed = true;
                    break;
                }
            }
        }
    }
    static const char rootCompatible[] = "xen,xenvm-4.17\0xen,xenvm";
    fdt_setprop(fdt, 0, "compatible", rootCompatible, sizeof rootCompatible);
    fdt_setprop_string(fdt, 0, "model", "devassign dt-schema stand-in for a Xen guest");
    const int gic = fdt_add_subnode(fdt, 0, "interrupt-controller@3001000");
    const fdt32_t reg[] = {cpu_to_fdt32(0), cpu_to_fdt32(0x03001000), cpu_to_fdt32(0), cpu_to_fdt32(0x1000),
                           cpu_to_fdt32(0), cpu_to_fdt32(0x03002000), cpu_to_fdt32(0), cpu_to_fdt32(0x2000)};
    if (gic < 0 || fdt_setprop_string(fdt, gic, "compatible", "arm,gic-400") != 0
        || fdt_setprop(fdt, gic, "interrupt-controller", nullptr, 0) != 0
        || fdt_setprop_u32(fdt, gic, "#interrupt-cells", 3) != 0 || fdt_setprop(fdt, gic, "reg", reg, sizeof reg) != 0
        || fdt_setprop_u32(fdt, gic, "phandle", kGuestGicPhandle) != 0) {
        *error = QStringLiteral("cannot add the GIC stand-in");
        return {};
    }
    fdt_pack(fdt);
    buf.resize(int(fdt_totalsize(fdt)));
    return buf;
}

// ---- the cases ------------------------------------------------------------------------------------

struct BoardCase {
    QString board;
    QStringList devices;
};

// Devices a user passes through on each board (the e2e transplant cases among them).
QVector<BoardCase> boardCases()
{
    return {
        {QStringLiteral("juno-r2-scmi.dtb"),
         {QStringLiteral("/hdlcd@7ff50000"), QStringLiteral("/usb@7ffb0000"), QStringLiteral("/serial@7ff80000")}},
        {QStringLiteral("zynqmp-zcu102-rev1.0.dtb"),
         {QStringLiteral("/axi/ethernet@ff0e0000"), QStringLiteral("/axi/usb@ff9d0000"),
          QStringLiteral("/axi/serial@ff010000")}},
        {QStringLiteral("sc7280-herobrine-crd.dtb"), {QStringLiteral("/soc@0/mmc@7c4000")}},
        {QStringLiteral("r8a774a1-hihope-rzg2m.dtb"), {QStringLiteral("/soc/ethernet@e6800000")}},
        {QStringLiteral("rk3568-rock-3a.dtb"), {QStringLiteral("/video-codec@fdea0400"), QStringLiteral("/sram@10f000/sram@0")}},
        {QStringLiteral("k3-j721e-common-proc-board.dtb"), {QStringLiteral("/bus@100000/bus@28380000/ethernet@46000000")}},
        {QStringLiteral("virt-gicv3.dtb"), {QStringLiteral("/pl031@9010000"), QStringLiteral("/pl061@9030000")}},
        {QStringLiteral("virt-gicv2.dtb"), {QStringLiteral("/pl031@9010000")}},
        {QStringLiteral("virt-gicv3-smmuv3.dtb"), {QStringLiteral("/pl011@9000000")}},
        {QStringLiteral("imx8mm-evk.dtb"), {QStringLiteral("/soc@0/bus@32c00000/usb@32e40000")}},
        {QStringLiteral("tegra210-p3450-0000.dtb"), {QStringLiteral("/serial@70006000")}},
        {QStringLiteral("bcm2711-rpi-4-b.dtb"), {QStringLiteral("/soc/serial@7e201000"), QStringLiteral("/emmc2bus/mmc@7e340000")}},
        {QStringLiteral("imx8ulp-evk.dtb"), {QStringLiteral("/soc@0/bus@29000000/serial@29390000")}},
    };
}

struct Exported {
    QString domain;
    QByteArray partial;
};

// ---- explanations -------------------------------------------------------------------------------

// The rules that say "devassign left this reference out" and name it as {property}.
bool dropsReference(const QString &rule)
{
    return rule == QLatin1String("dependency-not-in-domain") || rule == QLatin1String("dependency-owned-by-domain")
        || rule == QLatin1String("dependency-stub-invalid") || rule == QLatin1String("dependency-not-assignable");
}

bool explainedByCheck(const QString &required, const QString &hostPath, const QVector<Diagnostic> &diags,
                      const HostModel &model)
{
    const Node *host = model.node(hostPath);
    for (const Diagnostic &d : diags) {
        if (d.node != hostPath)
            continue;
        QString property;
        for (const auto &[name, value] : d.params)
            if (name == QLatin1String("property"))
                property = value;
        if (dropsReference(d.rule) && (property == required || bindings::namesCompanion(property) == required))
            return true;
        // The board leaves the node disabled (dt-schema does not require anything of a disabled
        // node) and without the property; devassign enables the guest's copy and says so.
        if (d.rule == QLatin1String("device-disabled") && host && !host->property(required))
            return true;
        if (d.rule == QLatin1String("irq-not-gic")
            && (required == QLatin1String("interrupts") || required == QLatin1String("interrupts-extended")))
            return true;
        if (d.rule == QLatin1String("scmi-transport-not-forwardable")
            && (required == QLatin1String("mboxes") || required == QLatin1String("shmem")))
            return true;
    }
    return false;
}

} // namespace

class TestDtSchema : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void exportsFollowBindings_data();
    void exportsFollowBindings();
    void pinStatesGoWhenAllDropped();
    void descendantReferencesAreDecided();

private:
    QString validate(const QStringList &files);
    QString hostExtract(const HostModel &model, const QStringList &devices, const QString &tag);
    QString m_schema;
    QTemporaryDir m_work;
};

void TestDtSchema::initTestCase()
{
    const QString validator = QStandardPaths::findExecutable(QStringLiteral("dt-validate"));
    const QString maker = QStandardPaths::findExecutable(QStringLiteral("dt-mk-schema"));
    const QString tarball = qEnvironmentVariable("DEVASSIGN_LINUX_SOURCE", QStringLiteral("/usr/src/linux-source-6.1.tar.xz"));
    QVERIFY2(!validator.isEmpty() && !maker.isEmpty(), "dt-validate / dt-mk-schema missing: scripts/install-deps.sh installs dt-schema");
    QVERIFY2(QFileInfo::exists(tarball), qPrintable(tarball + QStringLiteral(" missing: scripts/install-deps.sh installs linux-source-6.1")));
    QVERIFY(m_work.isValid());
    const QFileInfo src(tarball);
    const QString key = QStringLiteral("%1-%2").arg(src.size()).arg(src.lastModified().toSecsSinceEpoch());
    QString cache = qEnvironmentVariable("DEVASSIGN_DTSCHEMA_CACHE");
    if (cache.isEmpty())
        cache = m_work.filePath(QStringLiteral("cache"));
    const QString dir = QDir(cache).filePath(QStringLiteral("linux-6.1-") + key);
    m_schema = QDir(dir).filePath(QStringLiteral("processed-schema.json"));
    if (QFileInfo::exists(m_schema))
        return;
    QVERIFY(QDir().mkpath(dir));
    QTemporaryDir tree(dir + QStringLiteral("/extract-XXXXXX"));
    QProcess tar;
    tar.start(QStringLiteral("tar"), {QStringLiteral("-xJf"), tarball, QStringLiteral("-C"), tree.path(),
                                      QStringLiteral("--wildcards"), QStringLiteral("*/Documentation/devicetree/bindings/*"),
                                      QStringLiteral("*/include/dt-bindings/*")});
    QVERIFY(tar.waitForFinished(600000) && tar.exitCode() == 0);
    const QStringList top = QDir(tree.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(top.size(), 1);
    QProcess mk;
    mk.start(maker, {QStringLiteral("-j"), tree.path() + QLatin1Char('/') + top.first() + QStringLiteral("/Documentation/devicetree/bindings")});
    QVERIFY(mk.waitForFinished(900000));
    const QByteArray json = mk.readAllStandardOutput();
    QVERIFY2(mk.exitCode() == 0 && json.size() > 1000000, mk.readAllStandardError().constData());
    QSaveFile out(m_schema);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(json);
    QVERIFY(out.commit());
}

QString TestDtSchema::validate(const QStringList &files)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStandardPaths::findExecutable(QStringLiteral("dt-validate")), QStringList{QStringLiteral("-s"), m_schema} + files);
    if (!p.waitForFinished(600000))
        return QStringLiteral("dt-validate timed out");
    return QString::fromUtf8(p.readAll());
}

// The host DTB cut down to the domain's devices (tests/dtschema/host_extract.py), to be validated
// in the same dt-validate run as the partial DTBs (one schema load per case).
QString TestDtSchema::hostExtract(const HostModel &model, const QStringList &devices, const QString &tag)
{
    const QString host = m_work.filePath(tag + QStringLiteral("-host.dtb"));
    const QString extract = m_work.filePath(tag + QStringLiteral("-extract.dtb"));
    QFile f(host);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(model.blob());
    f.close();
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("/usr/bin/python3"),
            QStringList{QStringLiteral(DEVASSIGN_SOURCE_DIR "/tests/dtschema/host_extract.py"), host, extract} + devices);
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        qWarning("host_extract.py: %s", p.readAll().constData());
        return {};
    }
    return extract;
}

void TestDtSchema::exportsFollowBindings_data()
{
    QTest::addColumn<QString>("golden");   // a golden case name, or ""
    QTest::addColumn<QString>("board");
    QTest::addColumn<QStringList>("devices");
    for (const golden::Case &c : golden::cases())
        QTest::addRow("golden %s", qPrintable(c.name)) << c.name << c.board << QStringList();
    for (const BoardCase &b : boardCases())
        QTest::addRow("board %s", qPrintable(b.board)) << QString() << b.board << b.devices;
}

void TestDtSchema::exportsFollowBindings()
{
    QFETCH(QString, golden);
    QFETCH(QString, board);
    QFETCH(QStringList, devices);

    golden::Built built;
    if (!golden.isEmpty()) {
        for (const golden::Case &c : golden::cases())
            if (c.name == golden)
                golden::build(c, built);
    } else {
        golden::Case c{QStringLiteral("board"), board, {{QStringLiteral("g"), devices, true, true}}, {}, true};
        golden::build(c, built);
    }
    QVERIFY2(built.error.isEmpty(), qPrintable(built.error));

    QVector<Exported> exported;
    for (const DomainPlan &dp : built.analysis.domains) {
        QString error;
        const QByteArray blob = partialDtb(built.ctx, dp, &error);
        QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(dp.config.name, error)));
        if (!blob.isEmpty())
            exported.append({dp.config.name, blob});
    }
    QVERIFY(!exported.isEmpty());

    QStringList files;
    for (const Exported &e : exported) {
        QString error;
        const QByteArray judged = judgedTree(e.partial, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString file = m_work.filePath(QStringLiteral("%1-%2.dtb").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')), e.domain));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(judged);
        f.close();
        files.append(file);
    }
    QStringList assigned;
    for (const DomainPlan &dp : built.analysis.domains)
        assigned += dp.config.devices;
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_'));
    const QString extract = hostExtract(*built.model, assigned, tag);
    QVERIFY2(!extract.isEmpty(), "tests/dtschema/host_extract.py failed (python3-libfdt: scripts/install-deps.sh)");
    const QString output = validate(files + QStringList{extract});
    const auto errors = parseValidatorOutput(output);

    QSet<QString> inherited;
    for (const SchemaError &h : errors.value(QFileInfo(extract).fileName()))
        inherited.insert(h.node + QStringLiteral(": ") + withoutUnitAddresses(h.text));

    QStringList unexplained;
    for (int i = 0; i < exported.size(); ++i) {
        const QVector<PartialNode> nodes = partialNodes(exported[i].partial, *built.model);
        for (const SchemaError &e : errors.value(QFileInfo(files[i]).fileName())) {
            if (e.node == QLatin1String("/") || e.node.startsWith(QLatin1String("interrupt-controller@3001000")))
                continue; // the stand-ins, not exported nodes
            // The node the error is about: the matched node, then the nested path dt-validate
            // prints before the message ("ethernet-ports:port@1: 'phys' is a required property").
            int top = -1;
            for (int k = 0; k < nodes.size() && top < 0; ++k)
                if (nodes[k].name == e.node)
                    top = k;
            QVERIFY2(top >= 0, qPrintable(QStringLiteral("dt-validate names %1, which the partial DTB lacks").arg(e.node)));
            int at = top;
            static const QRegularExpression nested(QStringLiteral("^([^ :']+(?::[^ :']+)*): "));
            if (const QRegularExpressionMatch m = nested.match(e.text); m.hasMatch())
                for (const QString &part : m.captured(1).split(QLatin1Char(':')))
                    for (int k = 0; k < nodes.size(); ++k)
                        if (nodes[k].parent == at && nodes[k].name == part) {
                            at = k;
                            break;
                        }
            const QString hostPath = nodes[at].hostPath;
            const QString hostName = nodes[top].hostPath.section(QLatin1Char('/'), -1);
            if (!hostName.isEmpty() && inherited.contains(hostName + QStringLiteral(": ") + withoutUnitAddresses(e.text)))
                continue;
            if (nodes[top].devassignBus && e.schema.endsWith(QLatin1String("simple-bus.yaml")))
                continue; // Xen's layout: /passthrough and the containers below it
            const QStringList required = requiredProperties(e.text);
            bool explained = !required.isEmpty();
            const bool anyOf = e.text.contains(QLatin1String("conditional failed"));
            if (anyOf) {
                explained = false;
                for (const QString &p : required)
                    explained = explained || explainedByCheck(p, hostPath, built.analysis.diagnostics, *built.model);
            } else {
                for (const QString &p : required)
                    explained = explained && explainedByCheck(p, hostPath, built.analysis.diagnostics, *built.model);
            }
            if (!explained)
                unexplained.append(QStringLiteral("%1: %2 (host %3): %4 [%5]")
                                       .arg(exported[i].domain, e.node, hostPath.isEmpty() ? QStringLiteral("?") : hostPath,
                                            e.text, QFileInfo(e.schema).fileName()));
        }
    }
    QVERIFY2(unexplained.isEmpty(), qPrintable(QStringLiteral("binding errors that check does not explain:\n  ")
                                                + unexplained.join(QStringLiteral("\n  "))));
}

// zynqmp-relocated's UART: both pin groups stay with dom0, so the node keeps no pinctrl-names and
// no empty `pinctrl-0;` (the host: pinctrl-names = "default"; pinctrl-0 = <&pinctrl_uart1_default>).
void TestDtSchema::pinStatesGoWhenAllDropped()
{
    golden::Built built;
    golden::Case c{QStringLiteral("pins"), QStringLiteral("zynqmp-zcu102-rev1.0.dtb"),
                   {{QStringLiteral("g"), {QStringLiteral("/axi/serial@ff010000")}, true, true}}, {}, true};
    golden::build(c, built);
    QVERIFY2(built.error.isEmpty(), qPrintable(built.error));
    QString error;
    const QByteArray blob = partialDtb(built.ctx, built.analysis.domains.first(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    int uart = -1;
    const int bus = fdt_path_offset(blob.constData(), "/passthrough");
    int child = 0;
    fdt_for_each_subnode(child, blob.constData(), bus)
        if (qstrncmp(fdt_get_name(blob.constData(), child, nullptr), "serial@", 7) == 0)
            uart = child;
    QVERIFY2(uart >= 0, "the UART is in /passthrough");
    QVERIFY(fdt_getprop(blob.constData(), uart, "compatible", nullptr));
    QVERIFY(!fdt_getprop(blob.constData(), uart, "pinctrl-0", nullptr));
    QVERIFY(!fdt_getprop(blob.constData(), uart, "pinctrl-names", nullptr));
}

// J721E cpsw: ethernet-ports/port@1 has no registers of its own, so it is copied inside the
// device, and its `phys` (the gmii-sel PHY at syscon@40f00000/phy@4040) and `ti,syscon-efuse` are
// decided like the device's own references: check names the port (read from the board's DTS).
void TestDtSchema::descendantReferencesAreDecided()
{
    golden::Built built;
    const QString cpsw = QStringLiteral("/bus@100000/bus@28380000/ethernet@46000000");
    golden::Case c{QStringLiteral("cpsw"), QStringLiteral("k3-j721e-common-proc-board.dtb"),
                   {{QStringLiteral("g"), {cpsw}, true, true}}, {}, true};
    golden::build(c, built);
    QVERIFY2(built.error.isEmpty(), qPrintable(built.error));
    QStringList properties;
    for (const Diagnostic &d : built.analysis.diagnostics)
        if (d.rule == QLatin1String("dependency-not-in-domain") && d.node == cpsw + QStringLiteral("/ethernet-ports/port@1"))
            for (const auto &[name, value] : d.params)
                if (name == QLatin1String("property"))
                    properties.append(value);
    properties.sort();
    QCOMPARE(properties, (QStringList{QStringLiteral("phys"), QStringLiteral("ti,syscon-efuse")}));
}

QTEST_GUILESS_MAIN(TestDtSchema)
#include "tst_dtschema.moc"
