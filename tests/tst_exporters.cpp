// SPDX-License-Identifier: GPL-2.0-or-later
// Exporters on hand-built plans: the partial DTB walked with libfdt, the dom0less host DTB, dom.cfg,
// the xl host DTB, the ImageBuilder config and the atomic writer.

#include "analysis.h"
#include "dtsource.h"
#include "bindings.h"
#include "exporters.h"
#include "export/hostdtb.h"
#include "export/exportutil.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

extern "C" {
#include <libfdt.h>
}

using namespace devassign;

namespace {

constexpr quint64 kMiB = 1024 * 1024;

QVector<quint32> cellsAt(const QByteArray &fdt, const char *path, const char *prop, bool *present = nullptr)
{
    const int node = fdt_path_offset(fdt.constData(), path);
    int len = 0;
    const void *v = node < 0 ? nullptr : fdt_getprop(fdt.constData(), node, prop, &len);
    if (present)
        *present = v != nullptr;
    if (!v)
        return {};
    return cellsOf(QByteArray(static_cast<const char *>(v), len));
}

QByteArray bytesAt(const QByteArray &fdt, const char *path, const char *prop, bool *present = nullptr)
{
    const int node = fdt_path_offset(fdt.constData(), path);
    int len = 0;
    const void *v = node < 0 ? nullptr : fdt_getprop(fdt.constData(), node, prop, &len);
    if (present)
        *present = v != nullptr;
    return v ? QByteArray(static_cast<const char *>(v), len) : QByteArray();
}

QString pathOf(const QByteArray &fdt, int node)
{
    char buf[512];
    return fdt_get_path(fdt.constData(), node, buf, sizeof buf) == 0 ? QString::fromLatin1(buf) : QString();
}

// A device plan as the analysis would make it for a 1:1 (or relocated) device.
DevicePlan devicePlan(const HostModel &model, const QString &path, quint64 guestOffset = 0)
{
    const Node *n = model.node(path);
    Q_ASSERT(n);
    DevicePlan d;
    d.hostPath = path;
    for (const Region &r : n->regions) {
        d.regions.append({r.address, r.address + guestOffset, r.size});
        const quint64 start = r.address & ~quint64(0xfff);
        const quint64 end = (r.address + r.size + 0xfff) & ~quint64(0xfff);
        d.mmio.append({start, start + guestOffset, end - start});
    }
    d.interrupts = n->interrupts;
    d.forceWithoutIommu = !n->iommu.isProtected;
    d.iommuProtected = n->iommu.isProtected;
    return d;
}

DomainPlan domainPlan(const QString &name, const QVector<DevicePlan> &devices)
{
    DomainPlan p;
    p.config.name = name;
    p.config.kernel = QStringLiteral("/images/Image");
    p.config.ramdisk = QStringLiteral("/images/initrd.cpio");
    p.config.bootargs = QStringLiteral("console=ttyAMA0 rdinit=/init");
    p.config.memoryKiB = 256 * 1024;
    p.devices = devices;
    for (const DevicePlan &d : devices) {
        for (const Interrupt &i : d.interrupts)
            if (i.irq)
                p.irqs.append(*i.irq);
        p.config.devices << d.hostPath;
    }
    std::sort(p.irqs.begin(), p.irqs.end());
    return p;
}

struct Fixture {
    HostModelPtr model;
    Project project;
    Analysis analysis;
    ExportContext ctx;

    void finish()
    {
        project.hostDtb = QStringLiteral("virt.dtb");
        project.domains.clear();
        for (const DomainPlan &p : analysis.domains)
            project.domains.append(p.config);
        ctx.model = model.get();
        ctx.project = &project;
        ctx.analysis = &analysis;
        ctx.projectFile = QStringLiteral("/work/p.devassign.json");
        ctx.fileSizes.insert(QStringLiteral("/images/Image"), 37 * kMiB + 5);
        ctx.fileSizes.insert(QStringLiteral("/images/initrd.cpio"), 3 * kMiB + 17);
    }
};

// A project of `devices` in one domain "g" (dom0less + xl) on `model`, analysed by the real
// analyze(), with the given rules acknowledged for every node.
Fixture analysedFixture(const HostModelPtr &model, const QStringList &devices, const QStringList &acknowledged = {})
{
    Fixture f;
    f.model = model;
    DomainConfig g;
    g.name = QStringLiteral("g");
    g.kernel = QStringLiteral("/images/Image");
    g.memoryKiB = 256 * 1024;
    g.devices = devices;
    g.xl = true;
    f.project.domains = {g};
    for (const QString &rule : acknowledged)
        f.project.acknowledgements.append({rule, QString(), QString(), QString()});
    f.analysis = analyze(*f.model, f.project);
    const QVector<Acknowledgement> acks = f.project.acknowledgements;
    f.finish();
    f.project.acknowledgements = acks;
    return f;
}

// Every phandle-valued property of every node in `fdt` resolves inside it (65000, the guest GIC
// that Xen creates, excepted for interrupt-parent); no phandle is >= 65000.
QString checkPhandles(const QByteArray &fdt, const HostModel &)
{
    const char *blob = fdt.constData();
    for (int node = fdt_next_node(blob, -1, nullptr); node >= 0; node = fdt_next_node(blob, node, nullptr)) {
        const uint32_t own = fdt_get_phandle(blob, node);
        if (own >= 65000)
            return QStringLiteral("%1 has phandle %2").arg(pathOf(fdt, node)).arg(own);
        int prop = 0;
        fdt_for_each_property_offset(prop, blob, node) {
            const char *name = nullptr;
            int len = 0;
            const void *v = fdt_getprop_by_offset(blob, prop, &name, &len);
            const QString n = QString::fromLatin1(name);
            const QVector<quint32> cells = cellsOf(QByteArray(static_cast<const char *>(v), len));
            auto resolve = [&](quint32 ph) -> int { return fdt_node_offset_by_phandle(blob, ph); };
            if (n == QLatin1String("interrupt-parent")) {
                if (cells.value(0) != 65000 && resolve(cells.value(0)) < 0)
                    return QStringLiteral("%1: interrupt-parent does not resolve").arg(pathOf(fdt, node));
            } else if (n == QLatin1String("clocks") || n == QLatin1String("resets") || n == QLatin1String("power-domains")
                       || n.endsWith(QLatin1String("-supply")) || n == QLatin1String("shmem")) {
                // step through <phandle args...> using the provider's cell count
                const QString cellsName = n == QLatin1String("clocks") ? QStringLiteral("#clock-cells")
                    : n == QLatin1String("resets") ? QStringLiteral("#reset-cells")
                    : n == QLatin1String("power-domains") ? QStringLiteral("#power-domain-cells") : QString();
                for (int i = 0; i < cells.size();) {
                    const int target = resolve(cells[i]);
                    if (target < 0)
                        return QStringLiteral("%1: %2 phandle %3 does not resolve").arg(pathOf(fdt, node), n).arg(cells[i]);
                    int argc = 0;
                    if (!cellsName.isEmpty()) {
                        int l = 0;
                        const void *c = fdt_getprop(blob, target, cellsName.toLatin1().constData(), &l);
                        if (!c)
                            return QStringLiteral("%1: %2 target has no %3").arg(pathOf(fdt, node), n, cellsName);
                        argc = int(fdt32_ld(static_cast<const fdt32_t *>(c)));
                    }
                    i += 1 + argc;
                }
            }
        }
    }
    return {};
}

// Every node of `fdt` that carries an (empty) xen,passthrough.
QStringList passthroughMarks(const QByteArray &fdt)
{
    QStringList out;
    const char *blob = fdt.constData();
    for (int node = fdt_next_node(blob, -1, nullptr); node >= 0; node = fdt_next_node(blob, node, nullptr)) {
        int len = -1;
        if (fdt_getprop(blob, node, "xen,passthrough", &len)) {
            if (len != 0)
                return {QStringLiteral("%1: xen,passthrough is not empty").arg(pathOf(fdt, node))};
            out << pathOf(fdt, node);
        }
    }
    out.sort();
    return out;
}

// The board every partial DTB test starts from: a GICv3 and 2 GiB of RAM; `body` adds root children.
const char kBoardHead[] = "/dts-v1/;\n"
R"(/ {
    compatible = "test,board";
    #address-cells = <2>; #size-cells = <2>;
    interrupt-parent = <&gic>;
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0xf60000>;
    };
    memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x80000000>; };
)";

QString boardWith(const char *body)
{
    return QLatin1String(kBoardHead) + QLatin1String(body) + QLatin1String("};\n");
}

const char kTwoClockBody[] = R"(    refclk: refclk { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; };
    ccu: clock-controller@1000000 { compatible = "test,ccu"; reg = <0 0x1000000 0 0x1000>;
        #clock-cells = <1>; #reset-cells = <1>; clock-frequency = <100000000>; };
    firmware {
        scmi { compatible = "arm,scmi-smc"; arm,smc-id = <0x82000002>; #address-cells = <1>; #size-cells = <0>;
            scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
        };
    };
    soc {
        compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;
        ranges = <0x0 0x0 0x10000000 0x1000000>;
        uart@20000 {
            compatible = "test,uart";
            reg = <0x20000 0x100>;
            interrupts-extended = <&gic 0 40 4>;
            clocks = <&refclk>, <&ccu 7>, <&scmi_clk 3>;
            clock-names = "baud", "bus", "scmi";
            resets = <&ccu 2>;
            reset-names = "core";
            status = "okay";
            phy-handle = <&phy>;
            #address-cells = <1>; #size-cells = <0>;
            phy: phy@1 { reg = <1>; status = "disabled"; };
        };
    };
)";

QString twoClockDts()
{
    return boardWith(kTwoClockBody);
}

} // namespace

class TestExporters : public QObject {
    Q_OBJECT

private slots:
    void partialDtbVirtPl031();
    void partialDtbNamesDifferInMoreThanCase();
    void interruptsCopiedExactly();
    void interruptNamesFollowTheKeptSpecifiers();
    void childDevicesFollowXensRule();
    void vendorPhandlesNeverDangle();
    void standardPhandlesNeverDangle();
    void vendorReferencesOfTheBindings();
    void copiedNodesKeepTheirHostPhandles();
    void referencesDanglingOnTheHostAreLeftOut();
    void copiedNodesKeepInterruptsOnTheDomainsControllers();
    void assignedClocksOnlyForCopiedClocks();
    void partialDtbDependencyActions();
    void partialDtbNamesFollowEntriesWithZeroArguments();
    void partialDtbInterruptMapPointsAtGuestGic();
    void partialDtbInterruptMapHostileCounts();
    void dom0ClockFlagsKeepTheModuleCommandLine();
    void partialDtbRelocatedAndExtendedInterrupts();
    void partialDtbContextForScmi();
    void scmiSmcBoardExports();
    void scmiMailboxTransportDropped();
    void stubClockRates();
    void dtsRoundTrip();
    void dom0lessHostDtbVirt();
    void dom0lessModulesMustFit();
    void dom0lessModulesNeedRamInTheHostDtb();
    void dom0lessModulesAvoidTheHostsBootModules();
    void xlHostDtbMarksXlDevicesOnly();
    void importTakesOnlyTheClockFlagsOut_data();
    void importTakesOnlyTheClockFlagsOut();
    void domCfgIomemOncePerPage();
    void domCfgContent();
    void domCfgIomemAbove4GiB();
    void imageBuilderValues();
    void childDevicesOfAnAssignedNode();
    void auditMentionsDecisions();
};

static Fixture virtPl031Fixture(bool force = true)
{
    Fixture f;
    f.model = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    DevicePlan rtc = devicePlan(*f.model, QStringLiteral("/pl031@9010000"));
    rtc.forceWithoutIommu = force;
    rtc.dependencies.append({QStringLiteral("clocks"), QStringLiteral("/apb-pclk"), DependencyAction::Copy,
                             QStringLiteral("default"), {}});
    f.analysis.domains.append(domainPlan(QStringLiteral("domU1"), {rtc}));
    f.finish();
    return f;
}

void TestExporters::partialDtbVirtPl031()
{
    Fixture f = virtPl031Fixture();
    QString error;
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    QCOMPARE(fdt_check_full(dtb.constData(), size_t(dtb.size())), 0);

    QCOMPARE(cellsAt(dtb, "/", "#address-cells"), QVector<quint32>{2});
    QCOMPARE(cellsAt(dtb, "/", "#size-cells"), QVector<quint32>{2});
    // a bus: "simple-bus" alone (Xen's docs/misc/arm/passthrough.txt), not the board's compatibles
    QCOMPARE(stringListOf(bytesAt(dtb, "/passthrough", "compatible")), QStringList{QStringLiteral("simple-bus")});
    bool present = false;
    QCOMPARE(bytesAt(dtb, "/passthrough", "ranges", &present), QByteArray());
    QVERIFY(present);
    QCOMPARE(cellsAt(dtb, "/passthrough", "#address-cells"), QVector<quint32>{2});

    const char *rtc = "/passthrough/pl031@9010000";
    QCOMPARE(cellsAt(dtb, rtc, "reg"), (QVector<quint32>{0, 0x9010000, 0, 0x1000}));
    QCOMPARE(cellsAt(dtb, rtc, "interrupts"), (QVector<quint32>{0, 2, 4}));
    QCOMPARE(cellsAt(dtb, rtc, "interrupt-parent"), QVector<quint32>{65000});
    QCOMPARE(cellsAt(dtb, rtc, "xen,reg"), (QVector<quint32>{0, 0x9010000, 0, 0x1000, 0, 0x9010000}));
    QCOMPARE(bytesAt(dtb, rtc, "xen,path"), QByteArray("/pl031@9010000\0", 15));
    bytesAt(dtb, rtc, "xen,force-assign-without-iommu", &present);
    QVERIFY(present);
    // Byte-for-byte copies: compatible string list and clock-names (Lopper empties it).
    const Node *host = f.model->node(QStringLiteral("/pl031@9010000"));
    QCOMPARE(bytesAt(dtb, rtc, "clock-names"), host->property(QStringLiteral("clock-names"))->value);
    QCOMPARE(bytesAt(dtb, rtc, "clock-names"), QByteArray("apb_pclk\0", 9));
    QCOMPARE(bytesAt(dtb, rtc, "compatible"), host->property(QStringLiteral("compatible"))->value);
    // clocks resolves to the copied fixed-clock inside the blob.
    const QVector<quint32> clocks = cellsAt(dtb, rtc, "clocks");
    QCOMPARE(clocks.size(), 1);
    QVERIFY(clocks[0] > 0 && clocks[0] < 65000);
    const int clk = fdt_node_offset_by_phandle(dtb.constData(), clocks[0]);
    QVERIFY(clk >= 0);
    QCOMPARE(pathOf(dtb, clk), QStringLiteral("/passthrough/apb-pclk"));
    QCOMPARE(bytesAt(dtb, "/passthrough/apb-pclk", "compatible"), QByteArray("fixed-clock\0", 12));
    QCOMPARE(cellsAt(dtb, "/passthrough/apb-pclk", "clock-frequency"), QVector<quint32>{24000000});
    QCOMPARE(cellsAt(dtb, "/passthrough/apb-pclk", "#clock-cells"), QVector<quint32>{0});
    QCOMPARE(checkPhandles(dtb, *f.model), QString());
    // No /gic node is made.
    QVERIFY(fdt_path_offset(dtb.constData(), "/gic") < 0);
    QVERIFY2(!decompileDtb(dtb, &error).isEmpty(), qPrintable(error));

    // No force flag unless planned.
    Fixture g = virtPl031Fixture(false);
    const QByteArray plain = partialDtb(g.ctx, g.analysis.domains[0], &error);
    bytesAt(plain, rtc, "xen,force-assign-without-iommu", &present);
    QVERIFY(!present);
    QVERIFY(!bytesAt(plain, rtc, "xen,path").isEmpty());
}

// Two copied fixed clocks named "CLK" and "clk" under different host parents meet under
// /passthrough: Xen compares node paths ignoring case (dt_node_cmp), so the second is renamed
// ("clk-1"), and the partial DTB reads back as a valid tree (devassign refuses case-only twins).
void TestExporters::partialDtbNamesDifferInMoreThanCase()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(boardWith(R"(
    a { big: CLK { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; }; };
    b { small: clk { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <32768>; }; };
    uart@9000000 { compatible = "test,uart"; reg = <0 0x9000000 0 0x1000>; interrupts = <0 40 4>;
        clocks = <&big>, <&small>; };
)"), &error);
    QVERIFY2(f.model, qPrintable(error));
    DevicePlan uart = devicePlan(*f.model, QStringLiteral("/uart@9000000"));
    uart.dependencies = {
        {QStringLiteral("clocks"), QStringLiteral("/a/CLK"), DependencyAction::Copy, {}, {}},
        {QStringLiteral("clocks"), QStringLiteral("/b/clk"), DependencyAction::Copy, {}, {}},
    };
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {uart}));
    f.finish();
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    QCOMPARE(cellsAt(dtb, "/passthrough/CLK", "clock-frequency"), QVector<quint32>{24000000});
    QCOMPARE(cellsAt(dtb, "/passthrough/clk-1", "clock-frequency"), QVector<quint32>{32768});
    QVERIFY(fdt_path_offset(dtb.constData(), "/passthrough/clk") < 0);
    QVERIFY2(HostModel::fromBlob(dtb, QStringLiteral("partial DTB"), &error), qPrintable(error));
}

// `<&ccu 0>` is one entry whose argument is 0, not an empty slot: the names still line up with
// the entries (4 here), so dropping the ccu's two clocks keeps exactly the name of the third
// (the Raspberry Pi 4 HDMI node has this shape: <&firmware_clocks 13>, ..., <&dvp 0>, <&clk_27MHz>).
void TestExporters::partialDtbNamesFollowEntriesWithZeroArguments()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(boardWith(R"(
    refclk: refclk { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <27000000>; };
    ccu: clock-controller@1000000 { compatible = "test,ccu"; reg = <0 0x1000000 0 0x1000>; #clock-cells = <1>; };
    hdmi@9000000 { compatible = "test,hdmi"; reg = <0 0x9000000 0 0x1000>; interrupts = <0 40 4>;
        clock-names = "hdmi", "bvb", "cec";
        clocks = <&ccu 13>, <&ccu 0>, <&refclk>; };
)"), &error);
    QVERIFY2(f.model, qPrintable(error));
    DevicePlan hdmi = devicePlan(*f.model, QStringLiteral("/hdmi@9000000"));
    hdmi.dependencies = {
        {QStringLiteral("clocks"), QStringLiteral("/clock-controller@1000000"), DependencyAction::Drop, {}, {}},
        {QStringLiteral("clocks"), QStringLiteral("/refclk"), DependencyAction::Copy, {}, {}},
    };
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {hdmi}));
    f.finish();
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const char *node = "/passthrough/hdmi@9000000";
    QVERIFY2(fdt_path_offset(dtb.constData(), node) >= 0, qPrintable(decompileDtb(dtb, &error)));
    QCOMPARE(stringListOf(bytesAt(dtb, node, "clock-names")), QStringList{"cec"});
    const QVector<quint32> clocks = cellsAt(dtb, node, "clocks");
    QCOMPARE(clocks.size(), 1);
    QCOMPARE(pathOf(dtb, fdt_node_offset_by_phandle(dtb.constData(), clocks[0])), QStringLiteral("/passthrough/refclk"));
}

// interrupt-map entries are <child unit address, child specifier, parent phandle, parent unit
// address (parent's #address-cells), parent specifier> (devicetree spec 2.4.3.1). The host GIC here
// has #address-cells = <2> (as GICv3 with an ITS child); the guest's GIC is phandle 65000 with
// #address-cells = 0 (make_gicv3_domU_node), so the two address cells go and the phandle changes.
// A map through another controller is not copied, nor its mask.
void TestExporters::partialDtbInterruptMapPointsAtGuestGic()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(QStringLiteral(R"(/dts-v1/;
/ {
    compatible = "test,board";
    #address-cells = <2>; #size-cells = <2>;
    interrupt-parent = <&gic>;
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        #address-cells = <2>; #size-cells = <2>; ranges;
        reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0xf60000>;
    };
    memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x80000000>; };
    intc: intc@9300000 { compatible = "test,intc"; reg = <0 0x9300000 0 0x1000>; interrupts = <0 60 4>;
        interrupt-controller; #interrupt-cells = <1>; };
    pcie@9100000 { compatible = "test,pcie"; device_type = "pci"; reg = <0 0x9100000 0 0x10000>;
        #address-cells = <3>; #size-cells = <2>; #interrupt-cells = <1>; interrupts = <0 147 4>;
        interrupt-map-mask = <0 0 0 7>;
        interrupt-map = <0 0 0 1 &gic 0 0 0 143 4>, <0 0 0 2 &gic 0 0 0 144 1>; };
    pcie@9200000 { compatible = "test,pcie"; device_type = "pci"; reg = <0 0x9200000 0 0x10000>;
        #address-cells = <3>; #size-cells = <2>; #interrupt-cells = <1>; interrupts = <0 148 4>;
        interrupt-map-mask = <0 0 0 7>;
        interrupt-map = <0 0 0 1 &intc 5>; };
};
)"), &error);
    QVERIFY2(f.model, qPrintable(error));
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {devicePlan(*f.model, QStringLiteral("/pcie@9100000")),
                                                                    devicePlan(*f.model, QStringLiteral("/pcie@9200000"))}));
    f.finish();
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    QCOMPARE(cellsAt(dtb, "/passthrough/pcie@9100000", "interrupt-map"),
             (QVector<quint32>{0, 0, 0, 1, 65000, 0, 143, 4, 0, 0, 0, 2, 65000, 0, 144, 1}));
    QCOMPARE(cellsAt(dtb, "/passthrough/pcie@9100000", "interrupt-map-mask"), (QVector<quint32>{0, 0, 0, 7}));
    bool present = true;
    bytesAt(dtb, "/passthrough/pcie@9200000", "interrupt-map", &present);
    QVERIFY(!present);
    bytesAt(dtb, "/passthrough/pcie@9200000", "interrupt-map-mask", &present);
    QVERIFY(!present);
    QVERIFY2(HostModel::fromBlob(dtb, QStringLiteral("partial DTB"), &error), qPrintable(error));
}

// Hostile cell counts: a count above 32 (or one that reads negative as an int) is no count, the
// map does not parse and is not copied: no read outside the map, no endless walk. A nexus without
// #address-cells of its own reads its ancestor's (1 here, of_irq_parse_raw's walk); the guest puts
// it under /passthrough (2 cells), so that map is not copied either.
// dom0's kernel module's bootargs is its command line, but xen,dom0-bootargs wins over it
// (write_properties, xen/arch/arm/domain_build.c): the flags are added to the module's line.
void TestExporters::dom0ClockFlagsKeepTheModuleCommandLine()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(QStringLiteral(R"(/dts-v1/;
/ {
    compatible = "test,board";
    #address-cells = <2>; #size-cells = <2>;
    interrupt-parent = <&gic>;
    chosen { #address-cells = <2>; #size-cells = <2>;
        module@80000000 { compatible = "multiboot,kernel", "multiboot,module"; reg = <0 0x80000000 0 0x1000000>;
            bootargs = "console=hvc0 root=/dev/vda"; }; };
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0xf60000>;
    };
    memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x80000000>; };
    rtc@9010000 { compatible = "arm,pl031"; reg = <0 0x9010000 0 0x1000>; interrupts = <0 2 4>; };
};
)"), &error);
    QVERIFY2(f.model, qPrintable(error));
    f.analysis.domains = {domainPlan(QStringLiteral("x"), {devicePlan(*f.model, QStringLiteral("/rtc@9010000"))})};
    f.analysis.domains[0].config.xl = true;
    f.analysis.domains[0].config.dom0less = false;
    f.finish();
    const QByteArray host = xlHostDtb(f.ctx, &error);
    QVERIFY2(!host.isEmpty(), qPrintable(error));
    QCOMPARE(bytesAt(host, "/chosen", "xen,dom0-bootargs"),
             QByteArray("console=hvc0 root=/dev/vda clk_ignore_unused pd_ignore_unused") + '\0');
}

void TestExporters::partialDtbInterruptMapHostileCounts()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(boardWith(R"(
    big@9100000 { reg = <0 0x9100000 0 0x1000>; #address-cells = <0x80000000>; #interrupt-cells = <1>;
        interrupts = <0 1 4>; interrupt-map = <0 0 0>; };
    loop@9200000 { reg = <0 0x9200000 0 0x1000>; #address-cells = <0>; #interrupt-cells = <1>;
        interrupts = <0 2 4>; interrupt-map = <0 &odd 0 1 4>; };
    odd: odd@9300000 { reg = <0 0x9300000 0 0x1000>; interrupt-controller; #interrupt-cells = <3>;
        #address-cells = <0xfffffffb>; };
    bus@9400000 { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges = <0 0 0x9400000 0x1000>;
        inherit@0 { reg = <0 0x100>; #interrupt-cells = <1>; interrupts = <0 3 4>;
            interrupt-map = <0x0 1 &gic 0 5 4>; }; };
)"), &error);
    QVERIFY2(f.model, qPrintable(error));
    QVector<bindings::InterruptMapEntry> entries;
    QVERIFY(!bindings::interruptMapEntries(*f.model, *f.model->node(QStringLiteral("/big@9100000")), &entries));
    QVERIFY(!bindings::interruptMapEntries(*f.model, *f.model->node(QStringLiteral("/loop@9200000")), &entries));
    QVERIFY(bindings::interruptMapEntries(*f.model, *f.model->node(QStringLiteral("/bus@9400000/inherit@0")), &entries));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries[0].child, (QVector<quint32>{0, 1}));
    QCOMPARE(entries[0].parentSpecifier, (QVector<quint32>{0, 5, 4}));
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {devicePlan(*f.model, QStringLiteral("/big@9100000")),
                                                                    devicePlan(*f.model, QStringLiteral("/loop@9200000")),
                                                                    devicePlan(*f.model, QStringLiteral("/bus@9400000/inherit@0"))}));
    f.finish();
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    for (const char *node : {"/passthrough/big@9100000", "/passthrough/loop@9200000"}) {
        bool present = true;
        bytesAt(dtb, node, "interrupt-map", &present);
        QVERIFY2(!present, node);
    }
    // A malformed list goes whole, and its names with it.
    Fixture g;
    g.model = testsupport::modelFromDts(boardWith(R"(
    ccu: clock-controller@1000000 { compatible = "test,ccu"; reg = <0 0x1000000 0 0x1000>; #clock-cells = <1>; };
    dev@9500000 { reg = <0 0x9500000 0 0x1000>; interrupts = <0 6 4>; clocks = <&ccu 1>, <0xdead>; clock-names = "a", "b"; };
)"), &error);
    QVERIFY2(g.model, qPrintable(error));
    g.analysis.domains.append(domainPlan(QStringLiteral("guest"), {devicePlan(*g.model, QStringLiteral("/dev@9500000"))}));
    g.finish();
    const QByteArray second = partialDtb(g.ctx, g.analysis.domains[0], &error);
    QVERIFY2(!second.isEmpty(), qPrintable(error));
    for (const char *prop : {"clocks", "clock-names"}) {
        bool present = true;
        bytesAt(second, "/passthrough/dev@9500000", prop, &present);
        QVERIFY2(!present, prop);
    }
}

void TestExporters::partialDtbDependencyActions()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(twoClockDts(), &error);
    QVERIFY2(f.model, qPrintable(error));
    DevicePlan uart = devicePlan(*f.model, QStringLiteral("/soc/uart@20000"));
    // refclk copied, ccu stubbed for clocks but its reset dropped, the SCMI clock dropped.
    uart.dependencies = {
        {QStringLiteral("clocks"), QStringLiteral("/refclk"), DependencyAction::Copy, {}, {}},
        {QStringLiteral("clocks"), QStringLiteral("/clock-controller@1000000"), DependencyAction::Stub, {}, {}},
        {QStringLiteral("clocks"), QStringLiteral("/firmware/scmi/protocol@14"), DependencyAction::Drop, {}, {}},
        {QStringLiteral("resets"), QStringLiteral("/clock-controller@1000000"), DependencyAction::Stub, {}, {}},
    };
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {uart}));
    f.finish();
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const char *node = "/passthrough/uart@10020000";
    QVERIFY2(fdt_path_offset(dtb.constData(), node) >= 0, qPrintable(decompileDtb(dtb, &error)));
    // The dropped SCMI entry goes together with its name; order is kept.
    QCOMPARE(stringListOf(bytesAt(dtb, node, "clock-names")), (QStringList{"baud", "bus"}));
    const QVector<quint32> clocks = cellsAt(dtb, node, "clocks");
    QCOMPARE(clocks.size(), 2); // <&refclk>, <&stub> (the fixed-clock stub takes no argument)
    QCOMPARE(pathOf(dtb, fdt_node_offset_by_phandle(dtb.constData(), clocks[0])), QStringLiteral("/passthrough/refclk"));
    const int stub = fdt_node_offset_by_phandle(dtb.constData(), clocks[1]);
    QVERIFY(stub >= 0);
    QCOMPARE(QString::fromLatin1(fdt_getprop(dtb.constData(), stub, "compatible", nullptr) ? "fixed-clock" : ""),
             QStringLiteral("fixed-clock"));
    QCOMPARE(bytesAt(dtb, pathOf(dtb, stub).toLatin1().constData(), "compatible"), QByteArray("fixed-clock\0", 12));
    QCOMPARE(cellsAt(dtb, pathOf(dtb, stub).toLatin1().constData(), "clock-frequency"), QVector<quint32>{100000000});
    QCOMPARE(cellsAt(dtb, pathOf(dtb, stub).toLatin1().constData(), "#clock-cells"), QVector<quint32>{0});
    // A reset cannot be stubbed: resets and reset-names are removed.
    bool present = true;
    bytesAt(dtb, node, "resets", &present);
    QVERIFY(!present);
    bytesAt(dtb, node, "reset-names", &present);
    QVERIFY(!present);
    // status stays okay; the host's ccu and SCMI nodes are not in the blob.
    QCOMPARE(bytesAt(dtb, node, "status"), QByteArray("okay\0", 5));
    QVERIFY(fdt_path_offset(dtb.constData(), "/passthrough/clock-controller@1000000") < 0);
    QVERIFY(fdt_path_offset(dtb.constData(), "/passthrough/firmware") < 0);
    QCOMPARE(checkPhandles(dtb, *f.model), QString());
    // The device's subnode comes along, keeps its own reg and status, and phy-handle points at it.
    const QVector<quint32> phy = cellsAt(dtb, node, "phy-handle");
    QCOMPARE(phy.size(), 1);
    QCOMPARE(pathOf(dtb, fdt_node_offset_by_phandle(dtb.constData(), phy[0])), QStringLiteral("/passthrough/uart@10020000/phy@1"));
    QCOMPARE(cellsAt(dtb, "/passthrough/uart@10020000/phy@1", "reg"), QVector<quint32>{1});
    QCOMPARE(bytesAt(dtb, "/passthrough/uart@10020000/phy@1", "status"), QByteArray("disabled\0", 9));
}

void TestExporters::partialDtbRelocatedAndExtendedInterrupts()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(twoClockDts(), &error);
    QVERIFY2(f.model, qPrintable(error));
    // Guest address 0x2340_0000 for host 0x1002_0000 (offset inside the page kept).
    DevicePlan uart = devicePlan(*f.model, QStringLiteral("/soc/uart@20000"), 0x23400000 - 0x10020000);
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {uart}));
    f.finish();
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const char *node = "/passthrough/uart@23400000";
    QVERIFY2(fdt_path_offset(dtb.constData(), node) >= 0, qPrintable(decompileDtb(dtb, &error)));
    // The host bus is 1/1 cells behind ranges: the guest reg is re-encoded in 2/2 cells.
    QCOMPARE(cellsAt(dtb, node, "reg"), (QVector<quint32>{0, 0x23400000, 0, 0x100}));
    QCOMPARE(cellsAt(dtb, node, "xen,reg"), (QVector<quint32>{0, 0x10020000, 0, 0x1000, 0, 0x23400000}));
    // interrupts-extended becomes interrupts for the guest GIC.
    bool present = true;
    bytesAt(dtb, node, "interrupts-extended", &present);
    QVERIFY(!present);
    QCOMPARE(cellsAt(dtb, node, "interrupts"), (QVector<quint32>{0, 40, 4}));
    QCOMPARE(cellsAt(dtb, node, "interrupt-parent"), QVector<quint32>{65000});
    // Nothing planned for the clocks: every entry goes, so do clocks and clock-names.
    bytesAt(dtb, node, "clocks", &present);
    QVERIFY(!present);
    bytesAt(dtb, node, "clock-names", &present);
    QVERIFY(!present);
    QCOMPARE(checkPhandles(dtb, *f.model), QString());
}

void TestExporters::partialDtbContextForScmi()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(twoClockDts(), &error);
    QVERIFY2(f.model, qPrintable(error));
    DevicePlan uart = devicePlan(*f.model, QStringLiteral("/soc/uart@20000"));
    uart.dependencies = {
        {QStringLiteral("clocks"), QStringLiteral("/firmware/scmi/protocol@14"), DependencyAction::Copy, {},
         {QStringLiteral("/firmware"), QStringLiteral("/firmware/scmi")}},
    };
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {uart}));
    f.finish();
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const char *node = "/passthrough/uart@10020000";
    QVERIFY(fdt_path_offset(dtb.constData(), "/passthrough/firmware/scmi/protocol@14") >= 0);
    // /firmware had no compatible: it becomes a simple-bus so its children get populated.
    QCOMPARE(bytesAt(dtb, "/passthrough/firmware", "compatible"), QByteArray("simple-bus\0", 11));
    // ... with the cells and ranges a simple-bus has (simple-bus.yaml): 2/2, 1:1 like /passthrough.
    QCOMPARE(cellsAt(dtb, "/passthrough/firmware", "#address-cells"), QVector<quint32>{2});
    QCOMPARE(cellsAt(dtb, "/passthrough/firmware", "#size-cells"), QVector<quint32>{2});
    bool hasRanges = false;
    QCOMPARE(bytesAt(dtb, "/passthrough/firmware", "ranges", &hasRanges), QByteArray());
    QVERIFY(hasRanges);
    QCOMPARE(bytesAt(dtb, "/passthrough/firmware/scmi", "compatible"), QByteArray("arm,scmi-smc\0", 13));
    QCOMPARE(cellsAt(dtb, "/passthrough/firmware/scmi", "arm,smc-id"), QVector<quint32>{0x82000002});
    QCOMPARE(cellsAt(dtb, "/passthrough/firmware/scmi/protocol@14", "reg"), QVector<quint32>{0x14});
    // clocks keeps only the SCMI entry, with its argument; clock-names follows.
    const QVector<quint32> clocks = cellsAt(dtb, node, "clocks");
    QCOMPARE(clocks.size(), 2);
    QCOMPARE(clocks[1], 3u);
    QCOMPARE(pathOf(dtb, fdt_node_offset_by_phandle(dtb.constData(), clocks[0])),
             QStringLiteral("/passthrough/firmware/scmi/protocol@14"));
    QCOMPARE(stringListOf(bytesAt(dtb, node, "clock-names")), QStringList{"scmi"});
    QCOMPARE(checkPhandles(dtb, *f.model), QString());
}

// A full analysis of an SCMI-over-SMC project and what every exporter makes of it.
struct ScmiProject {
    HostModelPtr model;
    Project project;
    Analysis analysis;
    ExportContext ctx;
};

static void scmiProject(ScmiProject &s, const QString &dts, const QString &device)
{
    QString error;
    s.model = testsupport::modelFromDts(dts, &error);
    QVERIFY2(s.model, qPrintable(error));
    s.project.hostDtb = QStringLiteral("board.dtb");
    DomainConfig d;
    d.name = QStringLiteral("drv");
    d.kernel = QStringLiteral("/images/Image");
    d.devices = {device};
    d.dom0less = true;
    d.xl = true;
    s.project.domains = {d};
    s.analysis = analyze(*s.model, s.project);
    s.ctx.model = s.model.get();
    s.ctx.project = &s.project;
    s.ctx.analysis = &s.analysis;
    s.ctx.projectFile = QStringLiteral("/work/p.devassign.json");
    s.ctx.fileSizes.insert(QStringLiteral("/images/Image"), 37 * kMiB + 5);
}

static QString boardDts()
{
    QFile f(testsupport::dataPath(QStringLiteral("scmi-smc-board.dts")));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

void TestExporters::scmiSmcBoardExports()
{
    ScmiProject s;
    scmiProject(s, boardDts(), QStringLiteral("/i2c@fe5a0000"));
    if (QTest::currentTestFailed())
        return;
    const DomainPlan &plan = s.analysis.domains[0];
    QVERIFY(plan.needsScmi);
    QCOMPARE(plan.scmiShmem.size(), 1);
    QString error;
    const QByteArray dtb = partialDtb(s.ctx, plan, &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));

    // The shmem channel: under /passthrough, guest reg (exact size), xen,reg page triplet, the force
    // flag, and no xen,path (there is no host device to assign: arm-scmi.rst).
    const char *shm = "/passthrough/scmi-shmem@e00f000";
    QVERIFY(fdt_path_offset(dtb.constData(), shm) >= 0);
    QCOMPARE(bytesAt(dtb, shm, "compatible"), QByteArray("arm,scmi-shmem\0", 15));
    QCOMPARE(cellsAt(dtb, shm, "reg"), (QVector<quint32>{0, 0xe00f000, 0, 0x100}));
    QCOMPARE(cellsAt(dtb, shm, "xen,reg"), (QVector<quint32>{0, 0xe00f000, 0, 0x1000, 0, 0xe00f000}));
    bool present = false;
    bytesAt(dtb, shm, "xen,force-assign-without-iommu", &present);
    QVERIFY(present);
    bytesAt(dtb, shm, "xen,path", &present);
    QVERIFY(!present);
    // The agent keeps its SMC transport and its shmem resolves inside the blob.
    const char *scmi = "/passthrough/firmware/scmi";
    QCOMPARE(bytesAt(dtb, scmi, "compatible"), QByteArray("arm,scmi-smc\0", 13));
    QCOMPARE(cellsAt(dtb, scmi, "arm,smc-id"), QVector<quint32>{0x82000010});
    const QVector<quint32> shmem = cellsAt(dtb, scmi, "shmem");
    QCOMPARE(shmem.size(), 1);
    QCOMPARE(pathOf(dtb, fdt_node_offset_by_phandle(dtb.constData(), shmem[0])), QString::fromLatin1(shm));
    for (const char *protocol : {"protocol@11", "protocol@14", "protocol@16"})
        QVERIFY2(fdt_path_offset(dtb.constData(), (QByteArray(scmi) + '/' + protocol).constData()) >= 0, protocol);
    // The device keeps its SCMI clock, power domain and reset with their ids.
    const char *i2c = "/passthrough/i2c@1000000";
    QCOMPARE(cellsAt(dtb, i2c, "power-domains").value(1), 3u);
    QCOMPARE(cellsAt(dtb, i2c, "resets").value(1), 5u);
    QCOMPARE(cellsAt(dtb, i2c, "clocks").value(1), 7u);
    QCOMPARE(checkPhandles(dtb, *s.model), QString());
    QVERIFY2(!decompileDtb(dtb, &error).isEmpty(), qPrintable(error));

    // xl: arm_sci and the shmem page in iomem (after the device's window); no dtdev for either.
    const QString cfg = QString::fromUtf8(domCfg(s.ctx, plan));
    QVERIFY2(cfg.contains(QStringLiteral("\niomem = [ \"fe5a0,1@1000\", \"e00f,1@e00f\" ]\n")), qPrintable(cfg));
    QVERIFY(cfg.contains(QStringLiteral("\narm_sci = \"type=scmi_smc\"\n")));
    QVERIFY(cfg.contains(QStringLiteral("scmi-smc-passthrough")));
    QVERIFY(!cfg.contains(QStringLiteral("dtdev")));

    // dom0less: xen,sci_type on the domain, scmi-smc-passthrough on Xen's command line (also in
    // ImageBuilder's XEN_CMD), and no xen,passthrough on the shmem (Xen hides it from dom0 itself).
    const QByteArray host = dom0lessHostDtb(s.ctx, &error);
    QVERIFY2(!host.isEmpty(), qPrintable(error));
    QCOMPARE(bytesAt(host, "/chosen/drv", "xen,sci_type"), QByteArray("scmi_smc\0", 9));
    QCOMPARE(bytesAt(host, "/chosen", "xen,xen-bootargs"),
             QByteArray("console=dtuart dtuart=serial0 bootscrub=0 scmi-smc-passthrough") + '\0');
    bytesAt(host, "/sram@e000000/scmi-shmem@f000", "xen,passthrough", &present);
    QVERIFY(!present);
    bytesAt(host, "/i2c@fe5a0000", "xen,passthrough", &present);
    QVERIFY(present);
    QVERIFY(QString::fromUtf8(imageBuilderConfig(s.ctx))
                .contains(QStringLiteral("\nXEN_CMD='console=dtuart dtuart=serial0 bootscrub=0 scmi-smc-passthrough'\n")));
    // xl: the same command line and mark in xl/host.dtb, and no mark on the shmem either.
    const QByteArray xlHost = xlHostDtb(s.ctx, &error);
    QVERIFY2(!xlHost.isEmpty(), qPrintable(error));
    QCOMPARE(bytesAt(xlHost, "/chosen", "xen,xen-bootargs"),
             QByteArray("console=dtuart dtuart=serial0 bootscrub=0 scmi-smc-passthrough") + '\0');
    QCOMPARE(passthroughMarks(xlHost), QStringList{QStringLiteral("/i2c@fe5a0000")});
    // The SMC agent is forwardable: the audit says so.
    const QString audit = QString::fromUtf8(auditReport(s.ctx));
    QVERIFY(audit.contains(QStringLiteral("\n- SCMI: forwarded to this domain (")));
    QVERIFY(!audit.contains(QStringLiteral("not forwardable")));

    // A host command line is kept, with the option added once (an explicit "no-" form replaced).
    QString withArgs = boardDts();
    withArgs.replace(QStringLiteral("stdout-path = \"serial0:1500000n8\";"),
                     QStringLiteral("stdout-path = \"serial0:1500000n8\";\n"
                                    "        xen,xen-bootargs = \"console=dtuart no-scmi-smc-passthrough dom0_mem=512M\";"));
    ScmiProject t;
    scmiProject(t, withArgs, QStringLiteral("/i2c@fe5a0000"));
    const QByteArray host2 = dom0lessHostDtb(t.ctx, &error);
    QCOMPARE(bytesAt(host2, "/chosen", "xen,xen-bootargs"),
             QByteArray("console=dtuart dom0_mem=512M scmi-smc-passthrough") + '\0');
    QCOMPARE(bytesAt(xlHostDtb(t.ctx, &error), "/chosen", "xen,xen-bootargs"),
             QByteArray("console=dtuart dom0_mem=512M scmi-smc-passthrough") + '\0');
    // Without SCMI the host's command line stays byte for byte.
    ScmiProject u;
    scmiProject(u, withArgs, QStringLiteral("/serial@fe660000"));
    QVERIFY(!u.analysis.domains[0].needsScmi);
    QVERIFY(u.analysis.domains[0].scmiShmem.isEmpty());
    QCOMPARE(bytesAt(dom0lessHostDtb(u.ctx, &error), "/chosen", "xen,xen-bootargs"),
             QByteArray("console=dtuart no-scmi-smc-passthrough dom0_mem=512M") + '\0');
    QCOMPARE(bytesAt(xlHostDtb(u.ctx, &error), "/chosen", "xen,xen-bootargs"),
             QByteArray("console=dtuart no-scmi-smc-passthrough dom0_mem=512M") + '\0');
    QVERIFY(!QString::fromUtf8(domCfg(u.ctx, u.analysis.domains[0])).contains(QStringLiteral("scmi")));
}

void TestExporters::scmiMailboxTransportDropped()
{
    // Juno-like: a mailbox agent. The analysis reports it (scmi-transport-not-forwardable); a forced
    // export copies the protocol node but no transport a guest cannot use.
    QString dts = boardDts();
    dts.replace(QStringLiteral("compatible = \"arm,scmi-smc\";\n            arm,smc-id = <0x82000010>;"),
                QStringLiteral("compatible = \"arm,scmi\";\n            mboxes = <&mhu 0>;\n"
                               "            mbox-names = \"tx\";"));
    dts.replace(QStringLiteral("    firmware {"),
                QStringLiteral("    mhu: mailbox@fe500000 { compatible = \"test,mhu\"; reg = <0x0 0xfe500000 0x0 0x1000>;\n"
                               "        #mbox-cells = <1>; };\n\n    firmware {"));
    ScmiProject s;
    scmiProject(s, dts, QStringLiteral("/i2c@fe5a0000"));
    if (QTest::currentTestFailed())
        return;
    bool reported = false;
    for (const Diagnostic &d : s.analysis.diagnostics)
        reported = reported || d.rule == QLatin1String("scmi-transport-not-forwardable");
    QVERIFY(reported);
    QVERIFY(s.analysis.domains[0].scmiShmem.isEmpty());
    QString error;
    const QByteArray dtb = partialDtb(s.ctx, s.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const char *scmi = "/passthrough/firmware/scmi";
    QCOMPARE(bytesAt(dtb, scmi, "compatible"), QByteArray("arm,scmi\0", 9));
    for (const char *gone : {"mboxes", "mbox-names", "shmem"}) {
        bool present = true;
        bytesAt(dtb, scmi, gone, &present);
        QVERIFY2(!present, gone);
    }
    QVERIFY(fdt_path_offset(dtb.constData(), "/passthrough/firmware/scmi/protocol@14") >= 0);
    QVERIFY(fdt_path_offset(dtb.constData(), "/passthrough/scmi-shmem@e00f000") < 0);
    QCOMPARE(checkPhandles(dtb, *s.model), QString());

    // The audit says why the domain's SCMI does not work, in the analysis' words, and never that it
    // is forwarded.
    QString message;
    for (const Diagnostic &d : s.analysis.diagnostics)
        if (d.rule == QLatin1String("scmi-transport-not-forwardable"))
            message = d.message;
    QVERIFY(message.contains(QStringLiteral("arm,scmi")));
    const QString audit = QString::fromUtf8(auditReport(s.ctx));
    QVERIFY2(audit.contains(QStringLiteral("\n- SCMI: needed but not forwardable: ") + message + QLatin1Char('\n')),
             qPrintable(audit));
    QVERIFY(!audit.contains(QStringLiteral("forwarded to this domain")));
}

void TestExporters::stubClockRates()
{
    // The CCU loses its clock-frequency: its stub takes the uart's assigned rate for <&ccu 7>, and
    // is 0 Hz (as the analysis reports) when there is none.
    QString dts = twoClockDts();
    dts.replace(QStringLiteral("#reset-cells = <1>; clock-frequency = <100000000>; };"),
                QStringLiteral("#reset-cells = <1>; };"));
    QString assigned = dts;
    assigned.replace(QStringLiteral("reset-names = \"core\";"),
                     QStringLiteral("reset-names = \"core\";\n            assigned-clocks = <&ccu 2>, <&ccu 7>;\n"
                                    "            assigned-clock-rates = <1000>, <50000000>;"));
    for (const auto &[text, rate] : {qMakePair(assigned, 50000000u), qMakePair(dts, 0u)}) {
        QString error;
        Fixture f;
        f.model = testsupport::modelFromDts(text, &error);
        QVERIFY2(f.model, qPrintable(error));
        DevicePlan uart = devicePlan(*f.model, QStringLiteral("/soc/uart@20000"));
        uart.dependencies = {
            {QStringLiteral("clocks"), QStringLiteral("/clock-controller@1000000"), DependencyAction::Stub, {}, {}},
        };
        f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {uart}));
        f.finish();
        const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
        QVERIFY2(!dtb.isEmpty(), qPrintable(error));
        const QVector<quint32> clocks = cellsAt(dtb, "/passthrough/uart@10020000", "clocks");
        QCOMPARE(clocks.size(), 1); // refclk and the SCMI clock are not in this plan
        const QString stub = pathOf(dtb, fdt_node_offset_by_phandle(dtb.constData(), clocks[0]));
        QCOMPARE(cellsAt(dtb, stub.toLatin1().constData(), "clock-frequency"), QVector<quint32>{rate});
    }
}

void TestExporters::dtsRoundTrip()
{
    Fixture f = virtPl031Fixture();
    QString error;
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    const QByteArray dts = dtsWithHeader(f.ctx, dtb, &error);
    QVERIFY2(!dts.isEmpty(), qPrintable(error));
    QVERIFY(dts.startsWith("/*\n * generated by devassign "));
    QVERIFY(dts.contains("from p.devassign.json (host DTB sha256 " + f.model->sha256().toLatin1() + ")"));
    const QByteArray back = compileDtsText(dts, QStringLiteral("roundtrip"), &error);
    QVERIFY2(!back.isEmpty(), qPrintable(error));
    QCOMPARE(decompileDtb(back, &error), decompileDtb(dtb, &error));

    f.ctx.forced = true;
    f.analysis.diagnostics.append({QStringLiteral("device-in-two-domains"), Severity::Error, {}, {}, {}, {}, {}, false, {}, {}});
    QVERIFY(dtsWithHeader(f.ctx, dtb, &error).contains("EXPORTED WITH --force: 1 error was not fixed"));
}

void TestExporters::dom0lessHostDtbVirt()
{
    Fixture f = virtPl031Fixture();
    f.analysis.domains[0].config.vpl011 = true;
    f.analysis.domains[0].nrSpis = 64;
    f.project.domains[0] = f.analysis.domains[0].config;
    QString error;
    const QByteArray host = dom0lessHostDtb(f.ctx, &error);
    QVERIFY2(!host.isEmpty(), qPrintable(error));
    QCOMPARE(fdt_check_full(host.constData(), size_t(host.size())), 0);
    bool present = false;
    bytesAt(host, "/pl031@9010000", "xen,passthrough", &present);
    QVERIFY(present);
    bytesAt(host, "/pl061@9030000", "xen,passthrough", &present);
    QVERIFY(!present);
    QCOMPARE(cellsAt(host, "/chosen", "#address-cells"), QVector<quint32>{1});
    QCOMPARE(bytesAt(host, "/chosen", "xen,xen-bootargs"),
             QByteArray("console=dtuart dtuart=/pl011@9000000 bootscrub=0\0", 49));
    // host properties kept
    QVERIFY(!bytesAt(host, "/chosen", "stdout-path").isEmpty());

    const char *dom = "/chosen/domU1";
    QCOMPARE(bytesAt(host, dom, "compatible"), QByteArray("xen,domain\0", 11));
    QCOMPARE(cellsAt(host, dom, "memory"), (QVector<quint32>{0, 256 * 1024}));
    QCOMPARE(cellsAt(host, dom, "cpus"), QVector<quint32>{1});
    QCOMPARE(cellsAt(host, dom, "nr_spis"), QVector<quint32>{64});
    bytesAt(host, dom, "vpl011", &present);
    QVERIFY(present);
    bytesAt(host, dom, "direct-map", &present);
    QVERIFY(!present);

    const QByteArray partial = partialDtb(f.ctx, f.analysis.domains[0], &error);
    const QVector<Region> banks = f.model->memoryBanks();
    struct Mod { QString kind; quint64 addr, size; };
    QVector<Mod> mods;
    const int domNode = fdt_path_offset(host.constData(), dom);
    int child = 0;
    fdt_for_each_subnode(child, host.constData(), domNode) {
        const QString path = pathOf(host, child);
        const QStringList compat = stringListOf(bytesAt(host, path.toLatin1().constData(), "compatible"));
        const QVector<quint32> reg = cellsAt(host, path.toLatin1().constData(), "reg");
        QCOMPARE(reg.size(), 2);
        QCOMPARE(compat.value(1), QStringLiteral("multiboot,module"));
        QCOMPARE(path, QStringLiteral("/chosen/domU1/module@%1").arg(reg[0], 0, 16));
        mods.append({compat.value(0), reg[0], reg[1]});
        if (compat.value(0) == QLatin1String("multiboot,kernel"))
            QCOMPARE(bytesAt(host, path.toLatin1().constData(), "bootargs"), QByteArray("console=ttyAMA0 rdinit=/init\0", 29));
    }
    QCOMPARE(mods.size(), 3);
    QCOMPARE(mods[0].kind, QStringLiteral("multiboot,kernel"));
    QCOMPARE(mods[0].size, 37 * kMiB + 5);
    QCOMPARE(mods[1].kind, QStringLiteral("multiboot,ramdisk"));
    QCOMPARE(mods[1].size, 3 * kMiB + 17);
    QCOMPARE(mods[2].kind, QStringLiteral("multiboot,device-tree"));
    QCOMPARE(mods[2].size, quint64(partial.size()));
    QCOMPARE(mods[0].addr, quint64(0x50000000)); // first bank base 0x40000000 + 256 MiB
    for (int i = 0; i < mods.size(); ++i) {
        QVERIFY(mods[i].addr >= 0x50000000);
        QCOMPARE(mods[i].addr % (2 * kMiB), quint64(0));
        bool inside = false;
        for (const Region &b : banks)
            inside = inside || (mods[i].addr >= b.address && mods[i].addr + mods[i].size <= b.address + b.size);
        QVERIFY(inside);
        for (int j = 0; j < i; ++j)
            QVERIFY(mods[j].addr + mods[j].size <= mods[i].addr || mods[i].addr + mods[i].size <= mods[j].addr);
    }
    QVERIFY2(!decompileDtb(host, &error).isEmpty(), qPrintable(error));
}

void TestExporters::dom0lessModulesMustFit()
{
    Fixture f = virtPl031Fixture();
    f.ctx.fileSizes.insert(QStringLiteral("/images/Image"), quint64(3) << 30); // 3 GiB kernel: no room
    QString error;
    QVERIFY(dom0lessHostDtb(f.ctx, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("domU1")) && error.contains(QStringLiteral("does not fit")), qPrintable(error));
    f.ctx.fileSizes.remove(QStringLiteral("/images/Image"));
    QVERIFY(dom0lessHostDtb(f.ctx, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("size unknown")), qPrintable(error));
}

// Bootloaders often fill /memory in at boot, so a board DTB may describe no RAM at all (rk3568-rock-3a:
// memory@0 with size 0). Modules cannot be placed then, and the error must say why.
void TestExporters::dom0lessModulesNeedRamInTheHostDtb()
{
    Fixture f;
    f.model = testsupport::loadData(QStringLiteral("rk3568-rock-3a.dtb"));
    QVERIFY(f.model->memoryBanks().isEmpty());
    f.analysis.domains.append(domainPlan(QStringLiteral("domU1"), {devicePlan(*f.model, QStringLiteral("/serial@fe660000"))}));
    f.finish();
    QString error;
    QVERIFY(dom0lessHostDtb(f.ctx, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("domain domU1: cannot place the kernel module"))
                 && error.contains(QStringLiteral("rk3568-rock-3a.dtb describes no RAM")),
             qPrintable(error));
}

// A host DTB that already names a boot module (dom0's kernel at 0x50000000, 20 MiB, in /chosen's
// 1/1 cells: what an imported dom0 + dom0less DTB keeps). The first domU module would go 256 MiB
// into RAM (0x40000000 + 0x10000000 = 0x50000000), inside it; it must start at the next 2 MiB
// boundary after it, 0x51400000. Xen refuses overlapping modules (check_reserved_regions_overlap).
// A static-memory bank over the module is refused too (static-mem-overlaps-reserved).
void TestExporters::dom0lessModulesAvoidTheHostsBootModules()
{
    QByteArray blob = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"))->blob();
    blob.append(QByteArray(4096, '\0'));
    QCOMPARE(fdt_open_into(blob.constData(), blob.data(), blob.size()), 0);
    const int chosen = fdt_path_offset(blob.constData(), "/chosen");
    QVERIFY(chosen >= 0);
    QCOMPARE(fdt_setprop_u32(blob.data(), chosen, "#address-cells", 1), 0);
    QCOMPARE(fdt_setprop_u32(blob.data(), chosen, "#size-cells", 1), 0);
    const int module = fdt_add_subnode(blob.data(), chosen, "module@50000000");
    QVERIFY(module >= 0);
    const char compatible[] = "multiboot,kernel\0multiboot,module";
    QCOMPARE(fdt_setprop(blob.data(), module, "compatible", compatible, sizeof compatible), 0);
    const fdt32_t reg[] = {cpu_to_fdt32(0x50000000), cpu_to_fdt32(0x1400000)};
    QCOMPARE(fdt_setprop(blob.data(), module, "reg", reg, sizeof reg), 0);
    QCOMPARE(fdt_pack(blob.data()), 0);
    blob.truncate(int(fdt_totalsize(blob.constData())));
    QString error;
    Fixture f;
    f.model = HostModel::fromBlob(blob, QStringLiteral("virt-dom0.dtb"), &error);
    QVERIFY2(f.model, qPrintable(error));
    f.analysis.domains.append(domainPlan(QStringLiteral("domU1"), {devicePlan(*f.model, QStringLiteral("/pl031@9010000"))}));
    f.analysis.domains[0].devices[0].forceWithoutIommu = true;
    f.finish();
    const QByteArray host = dom0lessHostDtb(f.ctx, &error);
    QVERIFY2(!host.isEmpty(), qPrintable(error));
    const int dom0 = fdt_path_offset(host.constData(), "/chosen/module@50000000");
    QVERIFY(dom0 >= 0); // the host's own module stays
    const int domU = fdt_path_offset(host.constData(), "/chosen/domU1");
    QVERIFY(domU >= 0);
    const int kernel = fdt_first_subnode(host.constData(), domU);
    QVERIFY(kernel >= 0);
    QCOMPARE(QByteArray(fdt_get_name(host.constData(), kernel, nullptr)), QByteArray("module@51400000"));

    Project p = testsupport::projectWith({{QStringLiteral("s"), {QStringLiteral("/pl031@9010000")}}}, QStringLiteral("virt-dom0.dtb"));
    p.domains[0].staticMemory = {{0x51000000, 0x1000000}};
    bool refused = false;
    for (const Diagnostic &d : analyze(*f.model, p).diagnostics)
        refused = refused || (d.rule == QLatin1String("static-mem-overlaps-reserved") && d.message.contains(QLatin1String("/chosen/module@50000000")));
    QVERIFY(refused);
}

void TestExporters::xlHostDtbMarksXlDevicesOnly()
{
    // Three domains on QEMU virt: xl only (RTC), both targets (GPIO), dom0less only (fw-cfg); the
    // virtio transports stay with dom0.
    Fixture f;
    f.model = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    f.analysis.domains = {
        domainPlan(QStringLiteral("xlonly"), {devicePlan(*f.model, QStringLiteral("/pl031@9010000"))}),
        domainPlan(QStringLiteral("both"), {devicePlan(*f.model, QStringLiteral("/pl061@9030000"))}),
        domainPlan(QStringLiteral("dl"), {devicePlan(*f.model, QStringLiteral("/fw-cfg@9020000"))}),
    };
    f.analysis.domains[0].config.xl = true;
    f.analysis.domains[0].config.dom0less = false; // DomainConfig's default is dom0less
    f.analysis.domains[1].config.xl = true;
    f.analysis.domains[1].config.dom0less = true;
    f.analysis.domains[2].config.dom0less = true;
    f.finish();
    QString error;
    const QByteArray host = xlHostDtb(f.ctx, &error);
    QVERIFY2(!host.isEmpty(), qPrintable(error));
    QCOMPARE(fdt_check_full(host.constData(), size_t(host.size())), 0);
    QCOMPARE(passthroughMarks(host), (QStringList{QStringLiteral("/pl031@9010000"), QStringLiteral("/pl061@9030000")}));
    // The dom0less host DTB still marks every assigned node (a mixed boot has a dom0 too).
    const QByteArray dom0less = dom0lessHostDtb(f.ctx, &error);
    QVERIFY2(!dom0less.isEmpty(), qPrintable(error));
    QCOMPARE(passthroughMarks(dom0less), (QStringList{QStringLiteral("/fw-cfg@9020000"), QStringLiteral("/pl031@9010000"),
                                                      QStringLiteral("/pl061@9030000")}));
    // Any dom0 on this boot (here the one that starts "xlonly"; on a dom0less boot one the boot
    // script adds) keeps the marked devices' clocks, as on xl/host.dtb (rule dom0-gates-clocks).
    QCOMPARE(bytesAt(dom0less, "/chosen", "xen,dom0-bootargs"), QByteArray("clk_ignore_unused pd_ignore_unused") + '\0');
    {
        Fixture g; // one dom0less-only domain with a device: the flags all the same
        g.model = f.model;
        g.analysis.domains = {f.analysis.domains[2]};
        g.finish();
        const QByteArray dom0lessOnly = dom0lessHostDtb(g.ctx, &error);
        QVERIFY2(!dom0lessOnly.isEmpty(), qPrintable(error));
        QCOMPARE(bytesAt(dom0lessOnly, "/chosen", "xen,dom0-bootargs"),
                 QByteArray("clk_ignore_unused pd_ignore_unused") + '\0');
    }
    {
        Fixture g; // the same domain without devices: nothing is marked, no flags
        g.model = f.model;
        g.analysis.domains = {f.analysis.domains[2]};
        g.analysis.domains[0].devices.clear();
        g.finish();
        const QByteArray noDevices = dom0lessHostDtb(g.ctx, &error);
        QVERIFY2(!noDevices.isEmpty(), qPrintable(error));
        bool present = true;
        bytesAt(noDevices, "/chosen", "xen,dom0-bootargs", &present);
        QVERIFY(!present);
    }

    // Xen's console on the command line; no domain nodes or modules in /chosen (xl makes the domains),
    // and /chosen's cells are the host's (absent here): the boot loader adds dom0's modules.
    QCOMPARE(bytesAt(host, "/chosen", "xen,xen-bootargs"),
             QByteArray("console=dtuart dtuart=/pl011@9000000 bootscrub=0") + '\0');
    // dom0 keeps the passed-through devices' clocks and power domains on (rule dom0-gates-clocks):
    // QEMU's /chosen has no bootargs, so the flags are dom0's whole command line.
    QCOMPARE(bytesAt(host, "/chosen", "xen,dom0-bootargs"), QByteArray("clk_ignore_unused pd_ignore_unused") + '\0');
    const int chosen = fdt_path_offset(host.constData(), "/chosen");
    QVERIFY(chosen >= 0);
    QCOMPARE(fdt_first_subnode(host.constData(), chosen), -FDT_ERR_NOTFOUND);
    bool present = true;
    bytesAt(host, "/chosen", "#address-cells", &present);
    QVERIFY(!present);
    // Everything else is the host's, byte for byte.
    QCOMPARE(bytesAt(host, "/chosen", "stdout-path"), bytesAt(f.model->blob(), "/chosen", "stdout-path"));
    QCOMPARE(bytesAt(host, "/pl031@9010000", "reg"), bytesAt(f.model->blob(), "/pl031@9010000", "reg"));

    // The DTS twin has the header and compiles back to the same tree.
    const QByteArray dts = dtsWithHeader(f.ctx, host, &error);
    QVERIFY2(dts.startsWith("/*\n * generated by devassign "), dts.left(80).constData());
    const QByteArray back = compileDtsText(dts, QStringLiteral("xl-host"), &error);
    QVERIFY2(!back.isEmpty(), qPrintable(error));
    QCOMPARE(decompileDtb(back, &error), decompileDtb(host, &error));

    // exportProject writes xl/host.dtb + host.dts exactly when a domain has the xl target.
    auto paths = [&]() {
        QStringList out;
        for (const ExportFile &file : exportProject(f.ctx, &error))
            out << file.path;
        return out;
    };
    QStringList files = paths();
    QVERIFY2(files.contains(QStringLiteral("xl/host.dtb")) && files.contains(QStringLiteral("xl/host.dts")),
             qPrintable(files.join(QLatin1Char(' '))));
    QVERIFY(files.contains(QStringLiteral("dom0less/host.dtb")));
    for (DomainPlan &p : f.analysis.domains)
        p.config.xl = false;
    files = paths();
    QVERIFY(!files.contains(QStringLiteral("xl/host.dtb")) && !files.contains(QStringLiteral("xl/host.dts")));
    QVERIFY(files.contains(QStringLiteral("dom0less/host.dtb")));
    for (DomainPlan &p : f.analysis.domains) {
        p.config.xl = true;
        p.config.dom0less = false;
    }
    files = paths();
    QVERIFY(files.contains(QStringLiteral("xl/host.dtb")));
    QVERIFY(!files.contains(QStringLiteral("dom0less/host.dtb")));
}

void TestExporters::domCfgIomemOncePerPage()
{
    // Two devices in one page and a third whose two pages cover it: libxl would map the page three
    // times; dom.cfg gives it once, as one two-page window. A window elsewhere stays apart.
    Fixture f = virtPl031Fixture();
    DomainPlan &p = f.analysis.domains[0];
    p.config.xl = true;
    DevicePlan a = p.devices[0], b = a, c = a, d = a;
    a.mmio = {{0x9010000, 0x9010000, 0x1000}};
    b.mmio = {{0x9010000, 0x9010000, 0x1000}};
    c.mmio = {{0x9010000, 0x9010000, 0x2000}};
    d.mmio = {{0x9030000, 0x9030000, 0x1000}};
    p.devices = {a, b, c, d};
    const QString cfg = QString::fromUtf8(domCfg(f.ctx, p));
    QVERIFY2(cfg.contains(QStringLiteral("\niomem = [ \"9010,2@9010\", \"9030,1@9030\" ]\n")), qPrintable(cfg));
    // The same host page at two guest addresses is two mappings, not one.
    b.mmio = {{0x9010000, 0x20000000, 0x1000}};
    p.devices = {a, b};
    const QString two = QString::fromUtf8(domCfg(f.ctx, p));
    QVERIFY2(two.contains(QStringLiteral("\niomem = [ \"9010,1@9010\", \"9010,1@20000\" ]\n")), qPrintable(two));
}

void TestExporters::domCfgContent()
{
    Fixture f = virtPl031Fixture();
    DomainPlan &p = f.analysis.domains[0];
    p.config.xl = true;
    p.config.xlDir = QStringLiteral("/guest/");
    p.config.gicVersion = QStringLiteral("v3");
    p.nrSpis = 40;
    const QString cfg = QString::fromUtf8(domCfg(f.ctx, p));
    const QStringList lines = cfg.split(QLatin1Char('\n'));
    QCOMPARE(lines[0], QStringLiteral("# generated by devassign %1 from p.devassign.json (host DTB sha256 %2)")
                           .arg(QStringLiteral(DEVASSIGN_VERSION), f.model->sha256()));
    QVERIFY(lines.contains(QStringLiteral("name = \"domU1\"")));
    QVERIFY(lines.contains(QStringLiteral("type = \"pvh\"")));
    QVERIFY(lines.contains(QStringLiteral("memory = 256")));
    QVERIFY(lines.contains(QStringLiteral("vcpus = 1")));
    QVERIFY(lines.contains(QStringLiteral("kernel = \"/guest/Image\"")));
    QVERIFY(lines.contains(QStringLiteral("ramdisk = \"/guest/initrd.cpio\"")));
    QVERIFY(lines.contains(QStringLiteral("extra = \"console=ttyAMA0 rdinit=/init\"")));
    QVERIFY(lines.contains(QStringLiteral("device_tree = \"/guest/passthrough.dtb\"")));
    QVERIFY(lines.contains(QStringLiteral("iomem = [ \"9010,1@9010\" ]")));
    QVERIFY(lines.contains(QStringLiteral("irqs = [ 34 ]")));
    QVERIFY(lines.contains(QStringLiteral("nr_spis = 40")));
    QVERIFY(lines.contains(QStringLiteral("vuart = \"sbsa_uart\"")));
    QVERIFY(lines.contains(QStringLiteral("gic_version = \"v3\"")));
    QVERIFY(!cfg.contains(QStringLiteral("dtdev"))); // the PL031 has no IOMMU
    QVERIFY(!cfg.contains(QStringLiteral("arm_sci")));
    QVERIFY(!cfg.contains(QStringLiteral("--force")));
    // Deterministic name-based uuid: same project + domain -> same uuid; other domain -> other uuid.
    const QRegularExpression uuidRe(QStringLiteral("uuid = \"([0-9a-f-]{36})\""));
    const QString uuid = uuidRe.match(cfg).captured(1);
    QVERIFY(!uuid.isEmpty());
    QCOMPARE(QUuid(uuid).version(), QUuid::Sha1);
    QCOMPARE(uuidRe.match(QString::fromUtf8(domCfg(f.ctx, p))).captured(1), uuid);
    DomainPlan other = p;
    other.config.name = QStringLiteral("domU2");
    QVERIFY(uuidRe.match(QString::fromUtf8(domCfg(f.ctx, other))).captured(1) != uuid);
    // Derived from the host DTB and the domain, never the project file: Python's
    // uuid.uuid5(UUID("6f1d7c1e-2b8a-4d5e-9c3a-0b7e4f2a9d61"), sha256(virt-gicv3.dtb) + "/domU1").
    QCOMPARE(f.model->sha256(), QStringLiteral("11af9b29e73206f18dd00bf1a6403c395f9ba5c66c949a6e42f066ac9f8e0d2b"));
    QCOMPARE(uuid, QStringLiteral("1441873b-462c-5b18-a91e-6e57c7516385"));
    ExportContext unsaved = f.ctx;
    unsaved.projectFile.clear(); // the studio before the first save
    QCOMPARE(uuidRe.match(QString::fromUtf8(domCfg(unsaved, p))).captured(1), uuid);
    unsaved.projectFile = QStringLiteral("/elsewhere/renamed.devassign.json");
    QCOMPARE(uuidRe.match(QString::fromUtf8(domCfg(unsaved, p))).captured(1), uuid);

    // dtdev only for protected devices; arm_sci with SCMI; forced header.
    p.devices[0].iommuProtected = true;
    p.needsScmi = true;
    f.ctx.forced = true;
    const QString cfg2 = QString::fromUtf8(domCfg(f.ctx, p));
    QVERIFY(cfg2.contains(QStringLiteral("\ndtdev = [ \"/pl031@9010000\" ]\n")));
    QVERIFY(cfg2.contains(QStringLiteral("\narm_sci = \"type=scmi_smc\"\n")));
    QVERIFY(cfg2.split(QLatin1Char('\n'))[1].startsWith(QStringLiteral("# EXPORTED WITH --force: 0 errors")));
}

void TestExporters::domCfgIomemAbove4GiB()
{
    Fixture f = virtPl031Fixture();
    DomainPlan &p = f.analysis.domains[0];
    p.devices[0].mmio = {{0x810000000ull, 0x40000000ull, 0x3000}, {0x9010000, 0x9010000, 0x1000}};
    const QString cfg = QString::fromUtf8(domCfg(f.ctx, p));
    QVERIFY2(cfg.contains(QStringLiteral("iomem = [ \"810000,3@40000\", \"9010,1@9010\" ]")), qPrintable(cfg));
}

void TestExporters::imageBuilderValues()
{
    Fixture f = virtPl031Fixture();
    DomainPlan &p = f.analysis.domains[0];
    p.config.directMap = true;
    p.config.staticMemory = {{0x60000000, 0x10000000}};
    const QString cfg = QString::fromUtf8(imageBuilderConfig(f.ctx));
    const QStringList lines = cfg.split(QLatin1Char('\n'));
    QVERIFY(lines[0].startsWith(QStringLiteral("# generated by devassign")));
    QVERIFY(lines.contains(QStringLiteral("MEMORY_START='0x40000000'")));
    QVERIFY(lines.contains(QStringLiteral("MEMORY_END='0xc0000000'")));
    QVERIFY(lines.contains(QStringLiteral("DEVICE_TREE='virt.dtb'")));
    QVERIFY(lines.contains(QStringLiteral("XEN_CMD='console=dtuart dtuart=/pl011@9000000 bootscrub=0'")));
    QVERIFY(lines.contains(QStringLiteral("NUM_DOMUS=1")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_KERNEL[0]='Image'")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_RAMDISK[0]='initrd.cpio'")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_PASSTHROUGH_DTB[0]='domU1/passthrough.dtb'")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_PASSTHROUGH_PATHS[0]='/pl031@9010000'")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_MEM[0]=256")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_VCPUS[0]=1")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_CMD[0]='console=ttyAMA0 rdinit=/init'")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_DIRECT_MAP[0]=1")));
    QVERIFY(lines.contains(QStringLiteral("DOMU_STATIC_MEM[0]='0x60000000 0x10000000'")));
    // ImageBuilder's defaults (README: a vPL011 unless DOMU_VPL011 is 0; DOMU_ENHANCED 1 when a
    // dom0 is loaded) must not differ from dom0less/host.dtb, where no vpl011 and no xen,enhanced
    // mean neither: the enhanced value is always written, DOMU_VPL011 when the domain has none.
    QVERIFY(lines.contains(QStringLiteral("DOMU_ENHANCED[0]=0")));
    QVERIFY(!cfg.contains(QStringLiteral("DOMU_VPL011")));
    const QVector<QPair<QString, QString>> enhanced = {{QStringLiteral("disabled"), QStringLiteral("DOMU_ENHANCED[0]=0")},
                                                       {QStringLiteral("enabled"), QStringLiteral("DOMU_ENHANCED[0]=1")},
                                                       {QStringLiteral("no-xenstore"), QStringLiteral("DOMU_ENHANCED[0]=2")}};
    for (const auto &[value, line] : enhanced) {
        p.config.enhanced = value;
        const QString text = QString::fromUtf8(imageBuilderConfig(f.ctx));
        QVERIFY2(text.split(QLatin1Char('\n')).contains(line), qPrintable(value));
        // uboot-script-gen tests `== 1 || (DOM0_KERNEL && != 0)` before `== 2`: with a dom0, 2 is 1.
        QCOMPARE(text.contains(QLatin1String("ImageBuilder reads DOMU_ENHANCED=2 as 1")), value == QLatin1String("no-xenstore"));
    }
    p.config.enhanced = QStringLiteral("legacy"); // no ImageBuilder value: a comment, and no default to take
    const QString legacy = QString::fromUtf8(imageBuilderConfig(f.ctx));
    QVERIFY(!legacy.contains(QStringLiteral("DOMU_ENHANCED")));
    QVERIFY(legacy.contains(QStringLiteral("xen,enhanced = \"legacy\", which ImageBuilder has no value for")));
    p.config.enhanced.clear();
    p.config.vpl011 = false;
    QVERIFY(QString::fromUtf8(imageBuilderConfig(f.ctx)).split(QLatin1Char('\n')).contains(QStringLiteral("DOMU_VPL011[0]=0")));
    p.config.vpl011 = true;
    // xl-only domains are not ImageBuilder domUs
    p.config.dom0less = false;
    QVERIFY(QString::fromUtf8(imageBuilderConfig(f.ctx)).contains(QStringLiteral("\nNUM_DOMUS=0\n")));
}

// Issue 4: a wrapper (1/1 cells, ranges) whose child is the real controller. The child stays
// nested in the wrapper's copy with a guest reg in 2/2 cells, GIC interrupts and its own
// xen,reg/xen,path/force flag; dom.cfg maps and routes it; both host DTBs mark both nodes.
void TestExporters::childDevicesOfAnAssignedNode()
{
    QString error;
    Fixture f;
    f.model = testsupport::modelFromDts(QStringLiteral(R"(/dts-v1/;
/ {
    #address-cells = <2>; #size-cells = <2>;
    interrupt-parent = <&gic>;
    chosen { };
    memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0x0 0x8000000 0x0 0x10000>, <0x0 0x80a0000 0x0 0xf60000>;
    };
    soc {
        compatible = "simple-bus"; #address-cells = <2>; #size-cells = <2>; ranges;
        usb@ff9d0000 {
            compatible = "xlnx,zynqmp-dwc3"; reg = <0 0xff9d0000 0 0x100>;
            #address-cells = <1>; #size-cells = <1>; ranges = <0xfe200000 0 0xfe200000 0x200000>;
            usb@fe200000 { compatible = "snps,dwc3"; reg = <0xfe200000 0x40000>; interrupts = <0 65 4>, <0 69 4>; };
            usb@fe300000 { compatible = "snps,dwc3"; reg = <0xfe300000 0x40000>; interrupts = <0 70 4>;
                           status = "disabled"; };
        };
    };
};
)"), &error);
    QVERIFY2(f.model, qPrintable(error));
    const QString wrapper = QStringLiteral("/soc/usb@ff9d0000");
    const QString child = QStringLiteral("/soc/usb@ff9d0000/usb@fe200000");
    DomainConfig g;
    g.name = QStringLiteral("g");
    g.kernel = QStringLiteral("/images/Image");
    g.memoryKiB = 256 * 1024;
    g.devices = {wrapper};
    g.xl = true;
    g.dom0less = true;
    f.project.domains = {g};
    f.project.hostDtbSha256 = f.model->sha256();
    f.project.acknowledgements.append({QStringLiteral("dma-without-iommu"), child, QStringLiteral("g"), QString()});
    f.analysis = analyze(*f.model, f.project);
    const Project kept = f.project;
    f.finish();
    f.project.acknowledgements = kept.acknowledgements;
    QCOMPARE(f.analysis.domains[0].devices.size(), 2);

    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    QCOMPARE(fdt_check_full(dtb.constData(), size_t(dtb.size())), 0);
    // The wrapper moved to guest 0x1040000, the child to 0x1000000 (both clash with guest RAM bank 0).
    const char *w = "/passthrough/usb@1040000";
    const char *c = "/passthrough/usb@1040000/usb@1000000";
    QCOMPARE(cellsAt(dtb, w, "reg"), (QVector<quint32>{0, 0x1040000, 0, 0x100}));
    QCOMPARE(cellsAt(dtb, w, "#address-cells"), QVector<quint32>{2});
    QCOMPARE(cellsAt(dtb, w, "#size-cells"), QVector<quint32>{2});
    bool present = false;
    QCOMPARE(bytesAt(dtb, w, "ranges", &present), QByteArray());
    QVERIFY(present);
    QCOMPARE(cellsAt(dtb, w, "xen,reg"), (QVector<quint32>{0, 0xff9d0000, 0, 0x1000, 0, 0x1040000}));
    QCOMPARE(bytesAt(dtb, w, "xen,path"), QByteArray("/soc/usb@ff9d0000") + '\0');
    bytesAt(dtb, w, "interrupts", &present);
    QVERIFY(!present);
    QCOMPARE(cellsAt(dtb, c, "reg"), (QVector<quint32>{0, 0x1000000, 0, 0x40000}));
    QCOMPARE(cellsAt(dtb, c, "interrupts"), (QVector<quint32>{0, 65, 4, 0, 69, 4}));
    QCOMPARE(cellsAt(dtb, c, "interrupt-parent"), QVector<quint32>{65000});
    QCOMPARE(cellsAt(dtb, c, "xen,reg"), (QVector<quint32>{0, 0xfe200000, 0, 0x40000, 0, 0x1000000}));
    QCOMPARE(bytesAt(dtb, c, "xen,path"), QByteArray("/soc/usb@ff9d0000/usb@fe200000") + '\0');
    bytesAt(dtb, c, "xen,force-assign-without-iommu", &present);
    QVERIFY(present); // acknowledged for the child
    bytesAt(dtb, w, "xen,force-assign-without-iommu", &present);
    QVERIFY(present); // the wrapper's DMA is only a guess from its name (dma-guessed-without-iommu, a warning)
    // The disabled sibling is copied as it is, its reg re-encoded for the new 2/2 cells.
    const char *off = "/passthrough/usb@1040000/usb@fe300000";
    QCOMPARE(cellsAt(dtb, off, "reg"), (QVector<quint32>{0, 0xfe300000, 0, 0x40000}));
    QCOMPARE(bytesAt(dtb, off, "status"), QByteArray("disabled") + '\0');
    bytesAt(dtb, off, "xen,path", &present);
    QVERIFY(!present);
    QCOMPARE(checkPhandles(dtb, *f.model), QString());

    const QStringList cfg = QString::fromUtf8(domCfg(f.ctx, f.analysis.domains[0])).split(QLatin1Char('\n'));
    QVERIFY2(cfg.contains(QStringLiteral("iomem = [ \"ff9d0,1@1040\", \"fe200,40@1000\" ]")),
             qPrintable(cfg.join(QLatin1Char('\n'))));
    QVERIFY(cfg.contains(QStringLiteral("irqs = [ 97, 101 ]")));
    for (const QString &line : cfg)
        QVERIFY2(!line.startsWith(QLatin1String("dtdev")), qPrintable(line)); // nothing is IOMMU-protected

    const QStringList marks = {wrapper, child}; // sorted
    const QByteArray dom0less = dom0lessHostDtb(f.ctx, &error);
    QVERIFY2(!dom0less.isEmpty(), qPrintable(error));
    QCOMPARE(passthroughMarks(dom0less), marks);
    const QByteArray xlHost = xlHostDtb(f.ctx, &error);
    QVERIFY2(!xlHost.isEmpty(), qPrintable(error));
    QCOMPARE(passthroughMarks(xlHost), marks);
    const QStringList ib = QString::fromUtf8(imageBuilderConfig(f.ctx)).split(QLatin1Char('\n'));
    QVERIFY2(ib.contains(QStringLiteral("DOMU_PASSTHROUGH_PATHS[0]='%1 %2'").arg(wrapper, child)),
             qPrintable(ib.join(QLatin1Char('\n'))));

    // A protected child would be listed in dtdev on its own.
    f.analysis.domains[0].devices[1].iommuProtected = true;
    const QString cfg2 = QString::fromUtf8(domCfg(f.ctx, f.analysis.domains[0]));
    QVERIFY(cfg2.contains(QStringLiteral("\ndtdev = [ \"/soc/usb@ff9d0000/usb@fe200000\" ]\n")));
}

void TestExporters::auditMentionsDecisions()
{
    Fixture f = virtPl031Fixture();
    Diagnostic d;
    d.rule = QStringLiteral("dma-without-iommu");
    d.severity = Severity::Error;
    d.message = QStringLiteral("the RTC has no IOMMU");
    d.fix = QStringLiteral("acknowledge it");
    d.domain = QStringLiteral("domU1");
    d.node = QStringLiteral("/pl031@9010000");
    d.acknowledged = true;
    f.analysis.diagnostics.append(d);
    const QString audit = QString::fromUtf8(auditReport(f.ctx));
    QVERIFY(audit.contains(QStringLiteral("## Domain `domU1`")));
    QVERIFY(audit.contains(QStringLiteral("#### `/pl031@9010000`")));
    QVERIFY(audit.contains(QStringLiteral("0x9010000 → 0x9010000, 0x1000 (1:1)")));
    QVERIFY(audit.contains(QStringLiteral("spi 2 (GIC id 34)")));
    QVERIFY(audit.contains(QStringLiteral("NOT protected by an IOMMU; dom0less: assigned with xen,force-assign-without-iommu")));
    QVERIFY(!audit.contains(QStringLiteral("xl: passed"))); // a dom0less-only domain
    {
        // An xl-only domain: xl has no force flag (docs/exports.md); dom.cfg passes the device
        // with iomem and irqs only, and audit.md says so instead of naming a flag nobody writes.
        Fixture xl = virtPl031Fixture();
        xl.analysis.domains[0].config.dom0less = false;
        xl.analysis.domains[0].config.xl = true;
        xl.finish();
        const QString xlAudit = QString::fromUtf8(auditReport(xl.ctx));
        QVERIFY2(xlAudit.contains(QStringLiteral("NOT protected by an IOMMU; xl: passed with iomem and irqs only, no dtdev")),
                 qPrintable(xlAudit));
        QVERIFY(!xlAudit.contains(QStringLiteral("xen,force-assign-without-iommu")));
    }
    QVERIFY(audit.contains(QStringLiteral("`clocks` → `/apb-pclk`: **copy**")));
    QVERIFY(audit.contains(QStringLiteral("| error | `dma-without-iommu` | `/pl031@9010000` | the RTC has no IOMMU | acknowledge it | yes |")));
    QVERIFY(audit.contains(QStringLiteral("errors: 0 (plus 1 acknowledged)")));

    // The note the user gave is shown with the acknowledgement it belongs to (docs/project-format.md).
    f.project.acknowledgements.append({QStringLiteral("dma-without-iommu"), QString(), QString(),
                                       QStringLiteral("any node, any domain")});
    f.project.acknowledgements.append({QStringLiteral("dma-without-iommu"), QStringLiteral("/pl031@9010000"),
                                       QStringLiteral("domU1"), QStringLiteral("the RTC | does no *DMA*")});
    const QString noted = QString::fromUtf8(auditReport(f.ctx));
    QVERIFY2(noted.contains(QStringLiteral(" | acknowledge it | yes: the RTC \\| does no \\*DMA\\* |\n")),
             qPrintable(noted));
}

// ZynqMP's GEM lists SPI 63 twice (zynqmp.dtsi: interrupts = <0 63 4>, <0 63 4>; macb asks for one
// IRQ per queue): the partial DTB copies both specifiers in order, xl's irqs names GIC id 95 once.
void TestExporters::interruptsCopiedExactly()
{
    Fixture f = analysedFixture(testsupport::loadData(QStringLiteral("zynqmp-zcu102-rev1.0.dtb")),
                                {QStringLiteral("/axi/ethernet@ff0e0000")}, {QStringLiteral("dma-without-iommu")});
    QString error;
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const int off = fdt_node_offset_by_compatible(dtb.constData(), -1, "cdns,zynqmp-gem");
    QVERIFY(off >= 0);
    int len = 0;
    const auto *v = static_cast<const fdt32_t *>(fdt_getprop(dtb.constData(), off, "interrupts", &len));
    QVERIFY(v);
    QVector<quint32> cells;
    for (int i = 0; i < len / 4; ++i)
        cells << fdt32_to_cpu(v[i]);
    QCOMPARE(cells, (QVector<quint32>{0, 0x3f, 4, 0, 0x3f, 4}));
    QCOMPARE(f.analysis.domains[0].irqs, QVector<quint32>{95});
    const QString cfg = QString::fromUtf8(domCfg(f.ctx, f.analysis.domains[0]));
    QVERIFY2(cfg.contains(QStringLiteral("\nirqs = [ 95 ]\n")), qPrintable(cfg));
}

// interrupt-names stays parallel to the specifiers that go to the guest: a PPI (which Xen cannot
// pass) leaves with its name.
void TestExporters::interruptNamesFollowTheKeptSpecifiers()
{
    QString error;
    const HostModelPtr m = testsupport::modelFromDts(QStringLiteral(R"(/dts-v1/;
/ {
    #address-cells = <2>; #size-cells = <2>; interrupt-parent = <&gic>;
    gic: interrupt-controller@8000000 { compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0xf60000>; };
    dev@9000000 { compatible = "test,dev"; reg = <0 0x9000000 0 0x1000>;
        interrupts = <0 5 4>, <1 9 4>, <0 6 4>, <0 5 4>; interrupt-names = "rx", "pmu", "tx", "rx2"; };
};
)"), &error);
    QVERIFY2(m, qPrintable(error));
    Fixture f = analysedFixture(m, {QStringLiteral("/dev@9000000")});
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const char *dev = "/passthrough/dev@9000000";
    QCOMPARE(cellsAt(dtb, dev, "interrupts"), (QVector<quint32>{0, 5, 4, 0, 6, 4, 0, 5, 4}));
    QCOMPARE(stringListOf(bytesAt(dtb, dev, "interrupt-names")),
             (QStringList{QStringLiteral("rx"), QStringLiteral("tx"), QStringLiteral("rx2")}));
}

// J721E's MCU CPSW (k3-j721e-mcu-wakeup.dtsi, read from the DTS): ethernet@46000000 maps
// 0x46000000 + 0x200000; its mdio@f00 (no interrupts) and cpts@3d000 (SPI 858 through
// interrupts-extended) lie inside that window. Xen's rule (handle_prop_pfdt): the MDIO child needs
// nothing from Xen and carries no xen,*; the CPTS needs its interrupt routed, so it carries
// xen,path with an empty xen,reg (it adds no window) and the force flag (no IOMMU).
void TestExporters::childDevicesFollowXensRule()
{
    const QString cpsw = QStringLiteral("/bus@100000/bus@28380000/ethernet@46000000");
    Fixture f = analysedFixture(testsupport::loadData(QStringLiteral("k3-j721e-common-proc-board.dtb")), {cpsw},
                                {QStringLiteral("dma-without-iommu")});
    QString error;
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    QCOMPARE(testsupport::xenPassthroughRuleProblems(dtb), QStringList());
    const void *fdt = dtb.constData();
    const int mdio = fdt_node_offset_by_compatible(fdt, -1, "ti,cpsw-mdio");
    const int cpts = fdt_node_offset_by_compatible(fdt, -1, "ti,am65-cpts");
    const int nuss = fdt_node_offset_by_compatible(fdt, -1, "ti,j721e-cpsw-nuss");
    QVERIFY(mdio >= 0 && cpts >= 0 && nuss >= 0);
    for (const char *xen : {"xen,reg", "xen,path", "xen,force-assign-without-iommu"})
        QVERIFY2(!fdt_getprop(fdt, mdio, xen, nullptr), xen);
    int len = -1;
    QVERIFY(fdt_getprop(fdt, cpts, "xen,reg", &len));
    QCOMPARE(len, 0);
    QCOMPARE(QString::fromUtf8(static_cast<const char *>(fdt_getprop(fdt, cpts, "xen,path", nullptr))),
             cpsw + QStringLiteral("/cpts@3d000"));
    QVERIFY(fdt_getprop(fdt, cpts, "xen,force-assign-without-iommu", nullptr));
    const auto *reg = static_cast<const fdt32_t *>(fdt_getprop(fdt, nuss, "xen,reg", &len));
    QVERIFY(reg);
    QCOMPARE(len, 24);
    QCOMPARE(fdt32_to_cpu(reg[1]), 0x46000000u);
    QCOMPARE(fdt32_to_cpu(reg[3]), 0x200000u);
}

// i.MX8MM's USB names its misc block with fsl,usbmisc = <&usbmisc1 0> (usb/ci-hdrc-usb2.yaml;
// phandle 0x40 in this DTB, read with dtc). By default the block stays with dom0: the property goes
// (a dangling phandle made ci_hdrc_imx fail to probe). Copied, the property points at the copy.
// A blob whose phandle names nothing is refused with the node and the property named.
void TestExporters::vendorPhandlesNeverDangle()
{
    const QString usb = QStringLiteral("/soc@0/bus@32c00000/usb@32e40000");
    const QString misc = QStringLiteral("/soc@0/bus@32c00000/usbmisc@32e40200");
    const HostModelPtr m = testsupport::loadData(QStringLiteral("imx8mm-evk.dtb"));
    Fixture f = analysedFixture(m, {usb}, {QStringLiteral("dma-without-iommu")});
    QString error;
    QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    int node = fdt_node_offset_by_compatible(dtb.constData(), -1, "fsl,imx8mm-usb");
    QVERIFY(node >= 0);
    QVERIFY(!fdt_getprop(dtb.constData(), node, "fsl,usbmisc", nullptr));

    DomainConfig copy = f.project.domains[0];
    copy.dependencyDecisions.insert(misc, DependencyAction::Copy);
    f.project.domains = {copy};
    f.analysis = analyze(*m, f.project);
    dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    node = fdt_node_offset_by_compatible(dtb.constData(), -1, "fsl,imx8mm-usb");
    int len = 0;
    const auto *cells = static_cast<const fdt32_t *>(fdt_getprop(dtb.constData(), node, "fsl,usbmisc", &len));
    QVERIFY(cells);
    QCOMPARE(len, 8);
    const int target = fdt_node_offset_by_phandle(dtb.constData(), fdt32_to_cpu(cells[0]));
    QVERIFY(target >= 0);
    QCOMPARE(fdt_node_check_compatible(dtb.constData(), target, "fsl,imx8mm-usbmisc"), 0);
    QCOMPARE(fdt32_to_cpu(cells[1]), 0u);
    QCOMPARE(exportutil::danglingPhandle(*m, dtb), QString());
    bool mmioWarned = false;
    for (const Diagnostic &d : f.analysis.diagnostics)
        mmioWarned = mmioWarned || (d.rule == QLatin1String("dependency-mmio-not-mapped") && d.node == usb);
    QVERIFY(mmioWarned);

    // Assigned (the fix the mmio warning offers): the block is one of the domain's devices, so
    // fsl,usbmisc points at a node Xen maps and assigns (xen,path = its host path, xen,reg).
    DomainConfig assign = f.project.domains[0];
    assign.dependencyDecisions.insert(misc, DependencyAction::Assign);
    f.project.domains = {assign};
    f.analysis = analyze(*m, f.project);
    const QByteArray assigned = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!assigned.isEmpty(), qPrintable(error));
    const int usbNode = fdt_node_offset_by_compatible(assigned.constData(), -1, "fsl,imx8mm-usb");
    const auto *ref = static_cast<const fdt32_t *>(fdt_getprop(assigned.constData(), usbNode, "fsl,usbmisc", &len));
    QVERIFY(ref);
    const int block = fdt_node_offset_by_phandle(assigned.constData(), fdt32_to_cpu(ref[0]));
    QVERIFY(block >= 0);
    QCOMPARE(QByteArray(static_cast<const char *>(fdt_getprop(assigned.constData(), block, "xen,path", nullptr))),
             misc.toUtf8());
    QVERIFY(fdt_getprop(assigned.constData(), block, "xen,reg", nullptr));
    for (const Diagnostic &d : f.analysis.diagnostics)
        QVERIFY2(d.rule != QLatin1String("dependency-mmio-not-mapped"), qPrintable(d.message));

    // The same blob with the copied block's phandle changed: the checker names what dangles.
    QByteArray broken = dtb;
    broken.append(QByteArray(64, '\0'));
    fdt_open_into(broken.constData(), broken.data(), broken.size());
    fdt_setprop_u32(broken.data(), target, "phandle", 0x7777);
    fdt_pack(broken.data());
    broken.truncate(int(fdt_totalsize(broken.constData())));
    char path[256];
    fdt_get_path(broken.constData(), node, path, sizeof path);
    QCOMPARE(exportutil::danglingPhandle(*m, broken),
             QString::fromUtf8(path) + QStringLiteral(": fsl,usbmisc refers to a phandle no node of the partial DTB has"));
}

// A GPIO controller's gpio-ranges (gpio/gpio.yaml: <&pinctrl gpio-offset pin-offset count>) names
// the host's pin controller. imx8mm-evk's gpio1, read with fdtget: gpio-ranges = <20 0 10 30>, and
// phandle 20 is /soc@0/bus@30000000/pinctrl@30330000 ("fsl,imx8mm-iomuxc"). Until devassign knew
// the property, it went into the guest as it was, naming a phandle no guest node has.
void TestExporters::standardPhandlesNeverDangle()
{
    const QString gpio = QStringLiteral("/soc@0/bus@30000000/gpio@30200000");
    const QString iomuxc = QStringLiteral("/soc@0/bus@30000000/pinctrl@30330000");
    const HostModelPtr m = testsupport::loadData(QStringLiteral("imx8mm-evk.dtb"));
    Fixture f = analysedFixture(m, {gpio});
    QString error;
    QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    int node = fdt_node_offset_by_compatible(dtb.constData(), -1, "fsl,imx8mm-gpio");
    QVERIFY(node >= 0);
    QVERIFY(!fdt_getprop(dtb.constData(), node, "gpio-ranges", nullptr)); // the pin controller stays with dom0
    bool warned = false;
    for (const Diagnostic &d : f.analysis.diagnostics)
        warned = warned
            || (d.rule == QLatin1String("dependency-not-in-domain") && d.node == gpio && d.message.contains(QLatin1String("gpio-ranges"))
                && d.message.contains(iomuxc));
    QVERIFY(warned);

    // Copied: the list points at the copy, with its three arguments as the host wrote them.
    DomainConfig copy = f.project.domains[0];
    copy.dependencyDecisions.insert(iomuxc, DependencyAction::Copy);
    f.project.domains = {copy};
    f.analysis = analyze(*m, f.project);
    dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    node = fdt_node_offset_by_compatible(dtb.constData(), -1, "fsl,imx8mm-gpio");
    int len = 0;
    const auto *cells = static_cast<const fdt32_t *>(fdt_getprop(dtb.constData(), node, "gpio-ranges", &len));
    QVERIFY(cells);
    QCOMPARE(len, 16);
    const int target = fdt_node_offset_by_phandle(dtb.constData(), fdt32_to_cpu(cells[0]));
    QVERIFY(target >= 0);
    QCOMPARE(fdt_node_check_compatible(dtb.constData(), target, "fsl,imx8mm-iomuxc"), 0);
    QCOMPARE(fdt32_to_cpu(cells[1]), 0u);
    QCOMPARE(fdt32_to_cpu(cells[2]), 10u);
    QCOMPARE(fdt32_to_cpu(cells[3]), 30u);
    QCOMPARE(exportutil::danglingPhandle(*m, dtb), QString());
}

// Vendor properties that Linux's bindings type as phandles but whose names end like a number's, so
// devassign's guess passed them over and copied their host phandles raw (a user trial found both):
// - rk3568-rock-3a's gmac1 (net/snps,dwmac.yaml): snps,axi-config, snps,mtl-rx-config and
//   snps,mtl-tx-config are <0x4a>, <0x4b>, <0x4c>, the phandles of its own children
//   stmmac-axi-config, rx-queues-config and tx-queues-config (read with fdtget). Copied with the
//   device, each must point at its child's copy, not at whatever node gets that number.
// - imx8mm-evk's fec1 (net/fsl,fec.yaml): fsl,stop-mode = <0x35 0x10 0x3>, 0x35 being
//   /soc@0/bus@30000000/iomuxc-gpr@30340000, which the domain does not get: dropped, and said so.
void TestExporters::vendorReferencesOfTheBindings()
{
    const HostModelPtr rk = testsupport::loadData(QStringLiteral("rk3568-rock-3a.dtb"));
    Fixture f = analysedFixture(rk, {QStringLiteral("/ethernet@fe010000")}, {QStringLiteral("dma-without-iommu")});
    QString error;
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const int gmac = fdt_node_offset_by_compatible(dtb.constData(), -1, "rockchip,rk3568-gmac");
    QVERIFY(gmac >= 0);
    const QVector<QPair<const char *, const char *>> links = {
        {"snps,axi-config", "stmmac-axi-config"}, {"snps,mtl-rx-config", "rx-queues-config"}, {"snps,mtl-tx-config", "tx-queues-config"}};
    for (const auto &[property, child] : links) {
        int len = 0;
        const auto *cell = static_cast<const fdt32_t *>(fdt_getprop(dtb.constData(), gmac, property, &len));
        QVERIFY2(cell && len == 4, property);
        const int target = fdt_node_offset_by_phandle(dtb.constData(), fdt32_to_cpu(*cell));
        QVERIFY2(target >= 0, property);
        QCOMPARE(fdt_parent_offset(dtb.constData(), target), gmac);
        QCOMPARE(QByteArray(fdt_get_name(dtb.constData(), target, nullptr)), QByteArray(child));
    }
    QCOMPARE(exportutil::danglingPhandle(*rk, dtb), QString());

    const QString fec = QStringLiteral("/soc@0/bus@30800000/ethernet@30be0000");
    const HostModelPtr mm = testsupport::loadData(QStringLiteral("imx8mm-evk.dtb"));
    Fixture g = analysedFixture(mm, {fec}, {QStringLiteral("dma-without-iommu")});
    const QByteArray fecDtb = partialDtb(g.ctx, g.analysis.domains[0], &error);
    QVERIFY2(!fecDtb.isEmpty(), qPrintable(error));
    const int node = fdt_node_offset_by_compatible(fecDtb.constData(), -1, "fsl,imx8mm-fec");
    QVERIFY(node >= 0);
    QVERIFY(!fdt_getprop(fecDtb.constData(), node, "fsl,stop-mode", nullptr));
    bool warned = false;
    for (const Diagnostic &d : g.analysis.diagnostics)
        warned = warned
            || (d.rule == QLatin1String("dependency-not-in-domain") && d.node == fec && d.message.contains(QLatin1String("fsl,stop-mode"))
                && d.message.contains(QLatin1String("/soc@0/bus@30000000/iomuxc-gpr@30340000")));
    QVERIFY(warned);

    // A vendor list of several references with one argument each (display/renesas,du.yaml:
    // renesas,vsps items: [phandle, channel index]): r8a774a1's DU has
    // renesas,vsps = <0x70 0 0x71 0 0x72 0>, the three VSPs vsp@fea20000, vsp@fea28000 and
    // vsp@fea30000 (read from the DTS). Each is its own reference, so none stays raw in a guest.
    const HostModelPtr rz = testsupport::loadData(QStringLiteral("r8a774a1-hihope-rzg2m.dtb"));
    const Node *du = rz->node(QStringLiteral("/soc/display@feb00000"));
    QVERIFY(du);
    QStringList vsps;
    for (const Dependency &d : du->dependencies)
        if (d.property == QLatin1String("renesas,vsps")) {
            QCOMPARE(d.args, Cells{0});
            vsps.append(d.target);
        }
    QCOMPARE(vsps, (QStringList{QStringLiteral("/soc/vsp@fea20000"), QStringLiteral("/soc/vsp@fea28000"),
                                QStringLiteral("/soc/vsp@fea30000")}));
    Fixture h = analysedFixture(rz, {QStringLiteral("/soc/display@feb00000")}, {QStringLiteral("dma-without-iommu")});
    const QByteArray duDtb = partialDtb(h.ctx, h.analysis.domains[0], &error);
    QVERIFY2(!duDtb.isEmpty(), qPrintable(error));
    const int duNode = fdt_node_offset_by_compatible(duDtb.constData(), -1, "renesas,du-r8a774a1");
    QVERIFY(duNode >= 0);
    QVERIFY(!fdt_getprop(duDtb.constData(), duNode, "renesas,vsps", nullptr)); // the VSPs stay with dom0
}

// A referenced node copied from the host keeps its host phandle, and a stub gets the number after
// the host's highest (read with libfdt's fdt_get_max_phandle). So a host phandle copied raw in a
// property devassign does not know (acme,bus-config, a vendor name that ends like a number's)
// names no guest node. Numbered from 1, as before, the copied refclk took 1 and the stub 2: the
// raw <2> then named the stub.
void TestExporters::copiedNodesKeepTheirHostPhandles()
{
    Fixture f;
    f.model = testsupport::gicv3Model(QStringLiteral(R"(
    refclk { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; phandle = <0x30>; };
    clock-controller@1000000 { compatible = "acme,ccu"; reg = <0 0x1000000 0 0x1000>; #clock-cells = <1>;
        clock-frequency = <100000000>; phandle = <0x40>; };
    ethernet@9000000 { compatible = "acme,eth"; reg = <0 0x9000000 0 0x10000>; interrupts = <0 5 4>;
        clocks = <0x30>, <0x40 3>; clock-names = "ref", "bus"; acme,bus-config = <2>;
        bus-config { acme,burst = <4>; phandle = <2>; };
    };
)"));
    DevicePlan eth = devicePlan(*f.model, QStringLiteral("/ethernet@9000000"));
    eth.dependencies = {
        {QStringLiteral("clocks"), QStringLiteral("/refclk"), DependencyAction::Copy, {}, {}},
        {QStringLiteral("clocks"), QStringLiteral("/clock-controller@1000000"), DependencyAction::Stub, {}, {}},
    };
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {eth}));
    f.finish();
    QString error;
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const uint32_t hostMax = fdt_get_max_phandle(f.model->blob().constData());
    QVERIFY(hostMax >= 0x40);
    const char *node = "/passthrough/ethernet@9000000";
    const QVector<quint32> clocks = cellsAt(dtb, node, "clocks");
    QCOMPARE(clocks.size(), 2);
    QCOMPARE(clocks[0], 0x30u);
    QCOMPARE(pathOf(dtb, fdt_node_offset_by_phandle(dtb.constData(), 0x30)), QStringLiteral("/passthrough/refclk"));
    QCOMPARE(clocks[1], hostMax + 1);
    const int stub = fdt_node_offset_by_phandle(dtb.constData(), clocks[1]);
    QCOMPARE(bytesAt(dtb, pathOf(dtb, stub).toLatin1().constData(), "compatible"), QByteArray("fixed-clock\0", 12));
    QCOMPARE(cellsAt(dtb, node, "acme,bus-config"), QVector<quint32>{2});
    QVERIFY(fdt_node_offset_by_phandle(dtb.constData(), 2) < 0);
    QVERIFY(fdt_get_max_phandle(dtb.constData()) < 65000u);

    // A host whose phandles reach Xen's range (refclk at 0xfde7, one below 65000 = 0xfde8):
    // refclk keeps it, and the stub takes the lowest number that no host node has either.
    Fixture high;
    high.model = testsupport::gicv3Model(QStringLiteral(R"(
    refclk { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; phandle = <0xfde7>; };
    clock-controller@1000000 { compatible = "acme,ccu"; reg = <0 0x1000000 0 0x1000>; #clock-cells = <1>; phandle = <1>; };
    misc@2000000 { compatible = "acme,misc"; reg = <0 0x2000000 0 0x1000>; phandle = <2>; };
    ethernet@9000000 { compatible = "acme,eth"; reg = <0 0x9000000 0 0x10000>; interrupts = <0 5 4>;
        clocks = <0xfde7>, <1 3>; clock-names = "ref", "bus"; acme,misc-config = <2>; };
)"));
    DevicePlan eth2 = devicePlan(*high.model, QStringLiteral("/ethernet@9000000"));
    eth2.dependencies = {
        {QStringLiteral("clocks"), QStringLiteral("/refclk"), DependencyAction::Copy, {}, {}},
        {QStringLiteral("clocks"), QStringLiteral("/clock-controller@1000000"), DependencyAction::Stub, {}, {}},
    };
    high.analysis.domains.append(domainPlan(QStringLiteral("guest"), {eth2}));
    high.finish();
    const QByteArray highDtb = partialDtb(high.ctx, high.analysis.domains[0], &error);
    QVERIFY2(!highDtb.isEmpty(), qPrintable(error));
    const QVector<quint32> highClocks = cellsAt(highDtb, node, "clocks");
    QCOMPARE(highClocks.size(), 2);
    QCOMPARE(highClocks[0], 0xfde7u);
    QVERIFY(highClocks[1] < 65000u);
    QVERIFY2(fdt_node_offset_by_phandle(high.model->blob().constData(), highClocks[1]) < 0, qPrintable(QString::number(highClocks[1])));
    QCOMPARE(cellsAt(highDtb, node, "acme,misc-config"), QVector<quint32>{2}); // raw, and names nothing
    QVERIFY(fdt_node_offset_by_phandle(highDtb.constData(), 2) < 0);
}

// imx8mm-evk's PMIC, copied with its I2C controller i2c1: interrupt-parent = <0x25> (gpio1,
// /soc@0/bus@30000000/gpio@30200000), interrupts = <3 8> (read from the DTS). Alone, the interrupt
// goes (Xen routes GIC interrupts only, irq-not-gic says so). With gpio1 in the same domain it
// stays, as interrupts-extended on gpio1's copy, so that no ancestor's interrupt-parent (the
// guest GIC's, on the I2C controller) is inherited.
void TestExporters::copiedNodesKeepInterruptsOnTheDomainsControllers()
{
    const QString i2c = QStringLiteral("/soc@0/bus@30800000/i2c@30a20000");
    const QString gpio = QStringLiteral("/soc@0/bus@30000000/gpio@30200000");
    const HostModelPtr m = testsupport::loadData(QStringLiteral("imx8mm-evk.dtb"));
    QString error;
    Fixture alone = analysedFixture(m, {i2c});
    QByteArray dtb = partialDtb(alone.ctx, alone.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    int pmic = fdt_node_offset_by_compatible(dtb.constData(), -1, "rohm,bd71847");
    QVERIFY(pmic >= 0);
    for (const char *p : {"interrupts", "interrupts-extended", "interrupt-parent"})
        QVERIFY2(!fdt_getprop(dtb.constData(), pmic, p, nullptr), p);

    Fixture both = analysedFixture(m, {i2c, gpio});
    dtb = partialDtb(both.ctx, both.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    pmic = fdt_node_offset_by_compatible(dtb.constData(), -1, "rohm,bd71847");
    QVERIFY(pmic >= 0);
    QVERIFY(!fdt_getprop(dtb.constData(), pmic, "interrupts", nullptr));
    QVERIFY(!fdt_getprop(dtb.constData(), pmic, "interrupt-parent", nullptr));
    int len = 0;
    const auto *cells = static_cast<const fdt32_t *>(fdt_getprop(dtb.constData(), pmic, "interrupts-extended", &len));
    QVERIFY(cells);
    QCOMPARE(len, 12);
    const int controller = fdt_node_offset_by_phandle(dtb.constData(), fdt32_to_cpu(cells[0]));
    QVERIFY(controller >= 0);
    QCOMPARE(QByteArray(static_cast<const char *>(fdt_getprop(dtb.constData(), controller, "xen,path", nullptr))), gpio.toUtf8());
    QVERIFY(fdt_getprop(dtb.constData(), controller, "interrupt-controller", nullptr));
    QCOMPARE(fdt32_to_cpu(cells[1]), 3u);
    QCOMPARE(fdt32_to_cpu(cells[2]), 8u);
    QCOMPARE(exportutil::danglingPhandle(*m, dtb), QString());
    for (const Diagnostic &d : both.analysis.diagnostics)
        QVERIFY2(d.rule != QLatin1String("irq-not-gic"), qPrintable(d.message));
}

// A reference that names no node on the host either (a board DTB cut down, as e2e-transplant
// grafts nodes, or simply broken): fsl,stop-mode = <0x77 0x10 0x3> and clocks = <0x78> with no
// node of phandle 0x77 or 0x78. Copied raw it could only dangle in the guest, and the export's
// own check refused the whole partial DTB; it goes, with clock-names.
void TestExporters::referencesDanglingOnTheHostAreLeftOut()
{
    Fixture f;
    f.model = testsupport::gicv3Model(QStringLiteral(R"(
    ethernet@9000000 { compatible = "acme,eth"; reg = <0 0x9000000 0 0x10000>; interrupts = <0 5 4>;
        fsl,stop-mode = <0x77 0x10 0x3>; clocks = <0x78>; clock-names = "ipg"; phy-mode = "rgmii"; };
)"));
    QVERIFY(f.model->node(QStringLiteral("/ethernet@9000000"))->danglingReferences.contains(QStringLiteral("fsl,stop-mode")));
    f.analysis.domains.append(domainPlan(QStringLiteral("guest"), {devicePlan(*f.model, QStringLiteral("/ethernet@9000000"))}));
    f.finish();
    QString error;
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const char *node = "/passthrough/ethernet@9000000";
    for (const char *gone : {"fsl,stop-mode", "clocks", "clock-names"}) {
        bool present = true;
        bytesAt(dtb, node, gone, &present);
        QVERIFY2(!present, gone);
    }
    QCOMPARE(bytesAt(dtb, node, "phy-mode"), QByteArray("rgmii\0", 6));
}

// Linux's of_clk_set_defaults sets the parent and rate of every assigned-clocks entry at probe and
// fails the probe on a fixed-clock stub: entries whose clock (or parent) is stubbed or dropped leave
// all three parallel arrays; the others stay, re-pointed at their copies.
void TestExporters::assignedClocksOnlyForCopiedClocks()
{
    QString error;
    const HostModelPtr m = testsupport::modelFromDts(QStringLiteral(R"(/dts-v1/;
/ {
    #address-cells = <2>; #size-cells = <2>; interrupt-parent = <&gic>;
    gic: interrupt-controller@8000000 { compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller;
        reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0xf60000>; };
    osc: osc { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; };
    cru: clock-controller@9070000 { compatible = "acme,cru"; reg = <0 0x9070000 0 0x1000>; #clock-cells = <1>; };
    dev@9000000 { compatible = "test,dev"; reg = <0 0x9000000 0 0x1000>; interrupts = <0 5 4>;
        clocks = <&cru 1>, <&osc>; clock-names = "core", "ref";
        assigned-clocks = <&cru 1>, <&osc>; assigned-clock-parents = <&cru 2>, <0>;
        assigned-clock-rates = <100000000>, <24000000>; };
};
)"), &error);
    QVERIFY2(m, qPrintable(error));
    Fixture f = analysedFixture(m, {QStringLiteral("/dev@9000000")});
    DomainConfig g = f.project.domains[0];
    g.dependencyDecisions.insert(QStringLiteral("/clock-controller@9070000"), DependencyAction::Stub);
    f.project.domains = {g};
    f.analysis = analyze(*m, f.project);
    const QByteArray dtb = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!dtb.isEmpty(), qPrintable(error));
    const char *dev = "/passthrough/dev@9000000";
    // The copied osc is the only entry left; its parent stays "none" (0) and its rate 24 MHz.
    bool present = false;
    bytesAt(dtb, dev, "assigned-clocks", &present);
    QVERIFY(present);
    const QVector<quint32> assigned = cellsAt(dtb, dev, "assigned-clocks");
    QCOMPARE(assigned.size(), 1);
    // It names the copy of /osc (24 MHz), not the stub of the CRU clock.
    const int target = fdt_node_offset_by_phandle(dtb.constData(), assigned[0]);
    QVERIFY(target >= 0);
    QCOMPARE(cellsAt(dtb, "/passthrough/osc", "clock-frequency"), QVector<quint32>{24000000});
    char targetPath[128];
    fdt_get_path(dtb.constData(), target, targetPath, sizeof targetPath);
    QCOMPARE(QString::fromUtf8(targetPath), QStringLiteral("/passthrough/osc"));
    QCOMPARE(cellsAt(dtb, dev, "assigned-clock-parents"), QVector<quint32>{0});
    QCOMPARE(cellsAt(dtb, dev, "assigned-clock-rates"), QVector<quint32>{24000000});
    // clocks keeps both: the stub (a probe needs the clock) and the copy of /osc.
    QCOMPARE(cellsAt(dtb, dev, "clocks").size(), 2);

    // With the osc dropped too, no entry is left: the three properties go.
    g.dependencyDecisions.insert(QStringLiteral("/osc"), DependencyAction::Drop);
    f.project.domains = {g};
    f.analysis = analyze(*m, f.project);
    const QByteArray none = partialDtb(f.ctx, f.analysis.domains[0], &error);
    QVERIFY2(!none.isEmpty(), qPrintable(error));
    for (const char *prop : {"assigned-clocks", "assigned-clock-parents", "assigned-clock-rates"}) {
        bytesAt(none, dev, prop, &present);
        QVERIFY2(!present, prop);
    }
}

// The dom0less importer takes out what keepDom0Clocks added (dom0BootargsWithoutClocks): the flags,
// and the property itself when dom0 gets the same command line without it. `chosen` is the exported
// /chosen, read by hand from the rule in core/export/hostdtb.cpp.
void TestExporters::importTakesOnlyTheClockFlagsOut_data()
{
    using Undo = exportutil::Dom0ArgsUndo;
    QTest::addColumn<QString>("chosen");
    QTest::addColumn<int>("action");
    QTest::addColumn<QByteArray>("dom0Args");
    QTest::newRow("host had dom0's own") << R"(xen,xen-bootargs = "console=dtuart"; xen,dom0-bootargs = "console=hvc0 clk_ignore_unused pd_ignore_unused";)"
                                          << int(Undo::Set) << QByteArray("console=hvc0");
    QTest::newRow("from /chosen bootargs") << R"(xen,xen-bootargs = "console=dtuart"; bootargs = "earlycon"; xen,dom0-bootargs = "earlycon clk_ignore_unused pd_ignore_unused";)"
                                            << int(Undo::Remove) << QByteArray();
    // A tab is white space to Linux's command-line parser as much as a space is.
    QTest::newRow("tab in /chosen bootargs") << "xen,xen-bootargs = \"x\"; bootargs = \"console=ttyAMA0\\tearlycon\"; "
                                                "xen,dom0-bootargs = \"console=ttyAMA0\\tearlycon clk_ignore_unused pd_ignore_unused\";"
                                             << int(Undo::Remove) << QByteArray();
    QTest::newRow("flags alone") << R"(xen,xen-bootargs = "console=dtuart"; xen,dom0-bootargs = "clk_ignore_unused pd_ignore_unused";)"
                                  << int(Undo::Remove) << QByteArray();
    QTest::newRow("bootargs not dom0's") << R"(bootargs = "earlycon"; xen,dom0-bootargs = "earlycon clk_ignore_unused pd_ignore_unused";)"
                                          << int(Undo::Set) << QByteArray("earlycon");
    QTest::newRow("dom0 module") << R"(xen,xen-bootargs = "x"; xen,dom0-bootargs = "root=/dev/vda clk_ignore_unused pd_ignore_unused";
        #address-cells = <1>; #size-cells = <1>;
        module@50000000 { compatible = "multiboot,kernel", "multiboot,module"; reg = <0x50000000 0x1000>; bootargs = "root=/dev/vda"; };)"
                                  << int(Undo::Remove) << QByteArray();
    QTest::newRow("neither flag") << R"(xen,xen-bootargs = "x"; xen,dom0-bootargs = "console=hvc0";)" << int(Undo::Keep) << QByteArray();
    QTest::newRow("no property") << R"(xen,xen-bootargs = "x";)" << int(Undo::Keep) << QByteArray();
}

void TestExporters::importTakesOnlyTheClockFlagsOut()
{
    QFETCH(QString, chosen);
    QFETCH(int, action);
    QFETCH(QByteArray, dom0Args);
    const HostModelPtr model = testsupport::modelFromDts(boardWith(qPrintable(QStringLiteral("chosen { %1 };\n").arg(chosen))));
    QVERIFY(model);
    const void *fdt = model->blob().constData();
    const exportutil::Dom0ArgsUndo undo = exportutil::dom0BootargsWithoutClocks(fdt, fdt_path_offset(fdt, "/chosen"));
    QCOMPARE(int(undo.action), action);
    QCOMPARE(undo.value, dom0Args);
}

QTEST_GUILESS_MAIN(TestExporters)
#include "tst_exporters.moc"
