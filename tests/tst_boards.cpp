// SPDX-License-Identifier: GPL-2.0-or-later
// Independent checks of the host model against real board DTBs (tests/data, copies of
// /work/shared/dtbs). Every expected value below was worked out BY HAND from the DTS that
// `dtc -I dtb -O dts` prints for the board (phandles looked up by their `phandle = <..>` line),
// never from devassign's own output. The comment next to each row says how.
//
// Conventions used in the derivations:
//   * GIC specifier <type n flags>: type 0 = SPI -> id n+32, type 1 = PPI -> id n+16.
//   * "identity" = an empty `ranges;` or a ranges entry whose child and parent addresses match.
//   * Numbers are written as in the DTS (hex) and, where it helps, in decimal.

#include "xenrelease.h"
#include "dtsource.h"
#include "hostmodel.h"
#include "testsupport.h"

#include <QFile>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace devassign;

using U32s = QVector<quint32>;

namespace {

constexpr qint64 kNone = -1; // "no GIC id" (irq == std::nullopt) / "do not check" for flags/length

// Each board is loaded once and shared by every test function.
HostModelPtr board(const QString &file, QString *error = nullptr)
{
    static QHash<QString, HostModelPtr> cache;
    if (const auto it = cache.constFind(file); it != cache.constEnd())
        return *it;
    QString localError;
    HostModelPtr model = HostModel::load(testsupport::dataPath(file), error ? error : &localError);
    if (model)
        cache.insert(file, model);
    return model;
}

QString describe(const QVector<Dependency> &deps)
{
    QStringList out;
    for (const Dependency &d : deps) {
        QStringList args;
        for (quint32 a : d.args)
            args << QStringLiteral("0x%1").arg(a, 0, 16);
        out << QStringLiteral("%1 -> %2 <%3>").arg(d.property, d.target, args.join(QLatin1Char(' ')));
    }
    return out.join(QStringLiteral("; "));
}

U32s range(quint32 first, quint32 last)
{
    U32s v;
    for (quint32 i = first; i <= last; ++i)
        v << i;
    return v;
}

} // namespace

// Fetches the model of `file` and the node at `path`, failing the current test if either is missing.
#define FETCH_NODE(file, path)                                                                      \
    QString loadError_;                                                                             \
    const HostModelPtr model = board(file, &loadError_);                                            \
    QVERIFY2(model, qPrintable(QStringLiteral("%1: %2").arg(file, loadError_)));                     \
    const Node *node = model->node(path);                                                           \
    QVERIFY2(node, qPrintable(QStringLiteral("%1: no node %2").arg(file, path)))

class TestBoards : public QObject {
    Q_OBJECT

private slots:
    void loadsEveryBoard_data();
    void loadsEveryBoard();
    void gic_data();
    void gic();
    void regions_data();
    void regions();
    void interrupts_data();
    void interrupts();
    void iommu_data();
    void iommu();
    void scmi_data();
    void scmi();
    void dependencies_data();
    void dependencies();
    void decompileIsPlainDtcOutput_data();
    void decompileIsPlainDtcOutput();
    void dtcThatLacksAQuietCheckStillDecompiles();
};

// ---------------------------------------------------------------------------------------------
// Every board loads, has devices, and every region is either addressable with a size or explains
// itself. The root compatible is read straight off the first `compatible` line of each DTS.
void TestBoards::loadsEveryBoard_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("rootCompatible");

    QTest::newRow("juno") << "juno-r2-scmi.dtb" << QStringList{"arm,juno-r2", "arm,juno", "arm,vexpress"};
    QTest::newRow("zcu102") << "zynqmp-zcu102-rev1.0.dtb"
                            << QStringList{"xlnx,zynqmp-zcu102-rev1.0", "xlnx,zynqmp-zcu102", "xlnx,zynqmp"};
    QTest::newRow("sc7280") << "sc7280-herobrine-crd.dtb"
                            << QStringList{"google,zoglin", "google,hoglin", "qcom,sc7280"};
    QTest::newRow("r8a774a1") << "r8a774a1-hihope-rzg2m.dtb"
                              << QStringList{"hoperun,hihope-rzg2m", "renesas,r8a774a1"};
    QTest::newRow("rk3568") << "rk3568-rock-3a.dtb" << QStringList{"radxa,rock3a", "rockchip,rk3568"};
    QTest::newRow("j721e") << "k3-j721e-common-proc-board.dtb" << QStringList{"ti,j721e-evm", "ti,j721e"};
    QTest::newRow("virt-gicv3") << "virt-gicv3.dtb" << QStringList{"linux,dummy-virt"};
    QTest::newRow("virt-gicv2") << "virt-gicv2.dtb" << QStringList{"linux,dummy-virt"};
    QTest::newRow("virt-smmuv3") << "virt-gicv3-smmuv3.dtb" << QStringList{"linux,dummy-virt"};
    QTest::newRow("imx8mm") << "imx8mm-evk.dtb" << QStringList{"fsl,imx8mm-evk", "fsl,imx8mm"};
    QTest::newRow("tegra210") << "tegra210-p3450-0000.dtb"
                              << QStringList{"nvidia,p3450-0000", "nvidia,tegra210"};
    QTest::newRow("bcm2711") << "bcm2711-rpi-4-b.dtb" << QStringList{"raspberrypi,4-model-b", "brcm,bcm2711"};
    QTest::newRow("imx8ulp") << "imx8ulp-evk.dtb" << QStringList{"fsl,imx8ulp-evk", "fsl,imx8ulp"};
}

void TestBoards::loadsEveryBoard()
{
    QFETCH(QString, file);
    QFETCH(QStringList, rootCompatible);

    QString error;
    const HostModelPtr model = board(file, &error);
    QVERIFY2(model, qPrintable(QStringLiteral("%1: %2").arg(file, error)));
    QCOMPARE(model->rootCompatible(), rootCompatible);
    QCOMPARE(model->node(QStringLiteral("/")), &model->root());

    const QVector<const Node *> devices = model->devices();
    QVERIFY2(!devices.isEmpty(), qPrintable(file));
    // Collect every offender so one run names them all.
    QStringList offenders;
    for (const Node *n : devices) {
        QVERIFY(n);
        QVERIFY2(n->isDevice(), qPrintable(n->path));
        for (int i = 0; i < n->regions.size(); ++i) {
            const Region &r = n->regions.at(i);
            const QString where = QStringLiteral("%1 reg[%2]").arg(n->path).arg(i);
            if (r.cpuAddressable && r.size == 0 && r.problem.isEmpty())
                offenders << where + QStringLiteral(": addressable, size 0, no reason");
            else if (!r.cpuAddressable && r.problem.isEmpty())
                offenders << where + QStringLiteral(": not addressable, no reason");
        }
    }
    QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(QStringLiteral("; "))));

    // compatible and status as stringListOf reads the raw property (the builder interns them).
    for (const Node &n : model->nodes()) {
        const Property *c = n.property(QLatin1String("compatible"));
        QCOMPARE(n.compatible, c ? stringListOf(c->value) : QStringList());
        const Property *s = n.property(QLatin1String("status"));
        QCOMPARE(n.status, s ? stringListOf(s->value).value(0) : QString());
    }

    // Every resolved reference carries its target's index, and that node has the target's path.
    for (const Node &n : model->nodes())
        for (const Dependency &d : n.dependencies) {
            QVERIFY2(d.targetIndex >= 0 && d.targetIndex < model->nodes().size(), qPrintable(n.path + QLatin1Char(' ') + d.property));
            QCOMPARE(model->nodes()[d.targetIndex].path, d.target);
            QCOMPARE(model->node(d.target), &model->nodes()[d.targetIndex]);
        }
}

// ---------------------------------------------------------------------------------------------
// HostModel::gic(): the root's interrupt-parent when it is a GIC.
void TestBoards::gic_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    // root interrupt-parent = <0x01>; phandle 0x01 is interrupt-controller@2c010000, "arm,gic-400".
    QTest::newRow("juno") << "juno-r2-scmi.dtb" << "/interrupt-controller@2c010000";
    // root interrupt-parent = <0x8003>; phandle 0x8003 is /intc@8000000, "arm,gic-v3".
    QTest::newRow("virt-gicv3") << "virt-gicv3.dtb" << "/intc@8000000";
    // same phandle in the v2 tree, compatible "arm,cortex-a15-gic".
    QTest::newRow("virt-gicv2") << "virt-gicv2.dtb" << "/intc@8000000";
    // root interrupt-parent = <0x01> -> /soc@0/interrupt-controller@17a00000, "arm,gic-v3".
    QTest::newRow("sc7280") << "sc7280-herobrine-crd.dtb" << "/soc@0/interrupt-controller@17a00000";
    // root interrupt-parent = <0x01> -> /soc/interrupt-controller@40041000, "arm,gic-400".
    QTest::newRow("bcm2711") << "bcm2711-rpi-4-b.dtb" << "/soc/interrupt-controller@40041000";
}

void TestBoards::gic()
{
    QFETCH(QString, file);
    QFETCH(QString, path);
    FETCH_NODE(file, path);
    QVERIFY(node->isGic);
    QVERIFY(node->isInterruptController);
    QVERIFY(model->gic());
    QCOMPARE(model->gic()->path, path);
}

// ---------------------------------------------------------------------------------------------
// Node::regions: `reg` translated through every parent `ranges`.
// Columns: count = regions.size(); addressable == false rows check busAddress and a problem only.
void TestBoards::regions_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("index");
    QTest::addColumn<bool>("addressable");
    QTest::addColumn<quint64>("address");
    QTest::addColumn<quint64>("size");
    QTest::addColumn<quint64>("busAddress");

    auto row = [](const char *file, const char *path, int count, int index, bool addressable,
                  quint64 address, quint64 size, quint64 bus) {
        QTest::addRow("%s %s [%d]", file, path, index)
            << QString::fromLatin1(file) << QString::fromLatin1(path) << count << index << addressable
            << address << size << bus;
    };

    // ---- Juno r2 ----
    // root #address-cells 2 / #size-cells 2: reg <0x0 0x7ff50000 0x0 0x1000> -> 0x7ff50000 + 0x1000.
    row("juno-r2-scmi.dtb", "/hdlcd@7ff50000", 1, 0, true, 0x7ff50000, 0x1000, 0x7ff50000);
    // mmc@50000 reg <0x50000 0x1000> (iofpga-bus #a 1/#s 1).
    //  iofpga-bus ranges <0x0  0x3 0x0  0x200000>: child 0 -> motherboard-bus (3,0)     => (3, 0x50000)
    //  motherboard-bus (#a 2/#s 1) ranges entry <0x3 0x0  0x0 0x1c000000  0x4000000>    => (0, 0x1c050000)
    //  bus@8000000 (#a 2/#s 1) ranges <0x0 0x8000000  0x0 0x8000000  0x18000000>: identity => 0x1c050000
    row("juno-r2-scmi.dtb", "/bus@8000000/motherboard-bus@8000000/iofpga-bus@300000000/mmc@50000", 1, 0, true,
        0x1c050000, 0x1000, 0x50000);
    // ethernet@200000000 reg <0x2 0x0 0x10000> under motherboard-bus:
    //  entry <0x2 0x0  0x0 0x18000000  0x4000000> => 0x18000000; bus@8000000 identity => 0x18000000
    row("juno-r2-scmi.dtb", "/bus@8000000/motherboard-bus@8000000/ethernet@200000000", 1, 0, true, 0x18000000,
        0x10000, 0x200000000ULL);
    // v2m@10000 reg <0x10000 0x10000> under the GIC (#a 1/#s 1) whose ranges <0x0  0x0 0x2c1c0000  0x40000>
    //  => 0x2c1c0000 + 0x10000 = 0x2c1d0000.
    row("juno-r2-scmi.dtb", "/interrupt-controller@2c010000/v2m@10000", 1, 0, true, 0x2c1d0000, 0x10000, 0x10000);

    // ---- ZynqMP zcu102 ---- (/axi has `ranges;` -> identity, #a 2/#s 2)
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ethernet@ff0e0000", 1, 0, true, 0xff0e0000, 0x1000, 0xff0e0000);
    // usb@ff9d0000 also has `ranges;`: reg <0x0 0xfe200000 0x0 0x40000> -> identity twice.
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/usb@ff9d0000/usb@fe200000", 1, 0, true, 0xfe200000, 0x40000,
        0xfe200000);

    // ---- SC7280 ---- (/soc@0 ranges <0x0 0x0  0x0 0x0  0x10 0x0>: identity over 64 GiB)
    // reg <0x0 0x7c4000 0x0 0x1000  0x0 0x7c5000 0x0 0x1000>
    row("sc7280-herobrine-crd.dtb", "/soc@0/mmc@7c4000", 2, 0, true, 0x7c4000, 0x1000, 0x7c4000);
    row("sc7280-herobrine-crd.dtb", "/soc@0/mmc@7c4000", 2, 1, true, 0x7c5000, 0x1000, 0x7c5000);
    // usb@a6f8800 has `ranges;`: reg <0x0 0xa600000 0x0 0xe000>.
    row("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800/usb@a600000", 1, 0, true, 0xa600000, 0xe000, 0xa600000);

    // ---- R-Car RZ/G2M ---- (/soc `ranges;`)
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/ethernet@e6800000", 1, 0, true, 0xe6800000, 0x800, 0xe6800000);
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/fcp@fea27000", 1, 0, true, 0xfea27000, 0x200, 0xfea27000);

    // ---- RK3568 ----
    // sram@10f000 (#a 1/#s 1) ranges <0x0  0x0 0x10f000  0x100>; child sram@0 reg <0x0 0x100>
    //  => 0x10f000 + 0 = 0x10f000, size 0x100 (root has no ranges to cross).
    row("rk3568-rock-3a.dtb", "/sram@10f000/sram@0", 1, 0, true, 0x10f000, 0x100, 0x0);
    // video-codec@fdea0400: the unit address says ...0400 but reg <0x0 0xfdea0000 0x0 0x800> wins.
    row("rk3568-rock-3a.dtb", "/video-codec@fdea0400", 1, 0, true, 0xfdea0000, 0x800, 0xfdea0000);
    // vop reg <0x0 0xfe040000 0x0 0x3000  0x0 0xfe044000 0x0 0x1000>
    row("rk3568-rock-3a.dtb", "/vop@fe040000", 2, 0, true, 0xfe040000, 0x3000, 0xfe040000);
    row("rk3568-rock-3a.dtb", "/vop@fe040000", 2, 1, true, 0xfe044000, 0x1000, 0xfe044000);

    // ---- J721E ---- (three levels: bus@100000 -> bus@28380000 -> device with its own ranges)
    // cpts@3d000 reg <0x0 0x3d000 0x0 0x400> under ethernet@46000000 (#a 2/#s 2)
    //  ethernet ranges <0x0 0x0  0x0 0x46000000  0x0 0x200000>          => 0x4603d000
    //  bus@28380000 entry <0x0 0x46000000 0x0 0x46000000 0x0 0x200000>  identity
    //  bus@100000   entry <0x0 0x46000000 0x0 0x46000000 0x0 0x200000>  identity => 0x4603d000
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/bus@28380000/ethernet@46000000/cpts@3d000", 1, 0, true,
        0x4603d000, 0x400, 0x3d000);
    // mdio@f00 reg <0x0 0xf00 0x0 0x100>: same chain => 0x46000f00.
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/bus@28380000/ethernet@46000000/mdio@f00", 1, 0, true,
        0x46000f00, 0x100, 0xf00);
    // phy@4040 reg <0x4040 0x4> under syscon@40f00000 (#a 1/#s 1) ranges <0x0  0x0 0x40f00000  0x20000>
    //  => 0x40f04040; bus@28380000 / bus@100000 entries <0x0 0x40f00000 0x0 0x40f00000 0x0 0x20000> identity.
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/bus@28380000/syscon@40f00000/phy@4040", 1, 0, true,
        0x40f04040, 0x4, 0x4040);
    // icssg@b000000 (#a 1/#s 1) ranges <0x0  0x0 0xb000000  0x100000>; bus@100000 entry
    //  <0x0 0x1000000 0x0 0x1000000 0x0 0xaf02400> (covers 0x1000000..0xbf023ff) is identity.
    // pru@34000 reg <0x34000 0x3000  0x22000 0x100  0x22400 0x100>
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/icssg@b000000/pru@34000", 3, 0, true, 0xb034000, 0x3000,
        0x34000);
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/icssg@b000000/pru@34000", 3, 1, true, 0xb022000, 0x100,
        0x22000);
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/icssg@b000000/pru@34000", 3, 2, true, 0xb022400, 0x100,
        0x22400);
    // cfg@26000 reg <0x26000 0x200> => 0xb026000.
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/icssg@b000000/cfg@26000", 1, 0, true, 0xb026000, 0x200,
        0x26000);
    // coreclk-mux@3c reg <0x3c> sits under cfg@26000/clocks, which has #address-cells 1 / #size-cells 0
    //  and NO ranges => not CPU addressable; the bus address is 0x3c.
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/icssg@b000000/cfg@26000/clocks/coreclk-mux@3c", 1, 0,
        false, 0, 0, 0x3c);

    // ---- QEMU virt ---- (root-level, #a 2/#s 2)
    row("virt-gicv3.dtb", "/pl031@9010000", 1, 0, true, 0x9010000, 0x1000, 0x9010000);
    row("virt-gicv2.dtb", "/pl031@9010000", 1, 0, true, 0x9010000, 0x1000, 0x9010000);
    // intc reg <0x0 0x8000000 0x0 0x10000  0x0 0x80a0000 0x0 0xf60000>
    row("virt-gicv3.dtb", "/intc@8000000", 2, 1, true, 0x80a0000, 0xf60000, 0x80a0000);
    // pcie reg <0x40 0x10000000  0x0 0x10000000> => 0x40_1000_0000, size 0x1000_0000.
    row("virt-gicv3-smmuv3.dtb", "/pcie@10000000", 1, 0, true, 0x4010000000ULL, 0x10000000, 0x4010000000ULL);

    // ---- i.MX8MM EVK ----
    // jr@2000 reg <0x2000 0x1000> under crypto@30900000 (#a 1/#s 1) ranges <0x0  0x30900000  0x40000>
    //  => 0x30902000; bus@30800000 ranges <0x30800000 0x30800000 0x400000 ...> identity;
    //  soc@0 (#a 1/#s 1) ranges <0x0  0x0 0x0  0x3e000000> identity => 0x30902000.
    row("imx8mm-evk.dtb", "/soc@0/bus@30800000/crypto@30900000/jr@2000", 1, 0, true, 0x30902000, 0x1000, 0x2000);
    // pmic@4b reg <0x4b> on an I2C bus (i2c@30a20000 has #size-cells 0 and no ranges) => not addressable.
    row("imx8mm-evk.dtb", "/soc@0/bus@30800000/i2c@30a20000/pmic@4b", 1, 0, false, 0, 0, 0x4b);

    // ---- Tegra210 (Jetson Nano) ---- reg <0x0 0x57000000 0x0 0x1000000  0x0 0x58000000 0x0 0x1000000>
    row("tegra210-p3450-0000.dtb", "/gpu@57000000", 2, 1, true, 0x58000000, 0x1000000, 0x58000000);
    row("tegra210-p3450-0000.dtb", "/serial@70006000", 1, 0, true, 0x70006000, 0x40, 0x70006000);
    // PCI: pcie@1003000 (#a 3/#s 2) ranges only map phys.hi space codes 0x01 (I/O, 0x1000000...) and
    //  0x02/0x42 (memory). pci@2,0 reg <0x1000 0x0 0x0  0x0 0x0> is a configuration-space address
    //  (phys.hi 0x00001000: space 00, device 2) => no window => not addressable; low 64 bits 0.
    row("tegra210-p3450-0000.dtb", "/pcie@1003000/pci@2,0", 1, 0, false, 0, 0, 0x0);
    // ethernet@0,0 reg <0x0 0x0 0x0  0x0 0x0>: crosses pci@2,0 `ranges;` (identity, #a 3) and reaches
    //  pcie@1003000 as config-space address phys.hi 0x0 (space 00). The I/O window
    //  <0x1000000 0x0 0x0  0x0 0x12000000  0x0 0x10000> has space code 01, so it does NOT match
    //  (Linux of_bus_pci_map rejects a space-type mismatch) => not addressable, bus address 0.
    row("tegra210-p3450-0000.dtb", "/pcie@1003000/pci@2,0/ethernet@0,0", 1, 0, false, 0, 0, 0x0);

    // ---- Raspberry Pi 4 (BCM2711) ----
    // /soc (#a 1/#s 1) ranges <0x7e000000  0x0 0xfe000000  0x1800000
    //                          0x7c000000  0x0 0xfc000000  0x2000000
    //                          0x40000000  0x0 0xff800000  0x800000>
    // serial@7e201000 reg <0x7e201000 0x200>: first entry => 0xfe000000 + 0x201000 = 0xfe201000.
    row("bcm2711-rpi-4-b.dtb", "/soc/serial@7e201000", 1, 0, true, 0xfe201000, 0x200, 0x7e201000);
    // GIC reg <0x40041000 0x1000  0x40042000 0x2000 ...>: third entry => 0xff800000 + 0x41000 = 0xff841000.
    row("bcm2711-rpi-4-b.dtb", "/soc/interrupt-controller@40041000", 4, 0, true, 0xff841000, 0x1000, 0x40041000);
    row("bcm2711-rpi-4-b.dtb", "/soc/interrupt-controller@40041000", 4, 3, true, 0xff846000, 0x2000, 0x40046000);
    // /emmc2bus (#a 2/#s 1) ranges <0x0 0x7e000000  0x0 0xfe000000  0x1800000>; mmc reg <0x0 0x7e340000 0x100>
    //  => 0xfe340000.
    row("bcm2711-rpi-4-b.dtb", "/emmc2bus/mmc@7e340000", 1, 0, true, 0xfe340000, 0x100, 0x7e340000);
    // /scb (#a 2/#s 1) ranges <0x0 0x7c000000  0x0 0xfc000000  0x3800000 ...>; genet reg <0x0 0x7d580000 0x10000>
    //  => 0xfc000000 + 0x1580000 = 0xfd580000.
    row("bcm2711-rpi-4-b.dtb", "/scb/ethernet@7d580000", 1, 0, true, 0xfd580000, 0x10000, 0x7d580000);
    // mdio@e14 reg <0xe14 0x8>: ethernet@7d580000 has #a 1/#s 1 but no ranges => not addressable.
    row("bcm2711-rpi-4-b.dtb", "/scb/ethernet@7d580000/mdio@e14", 1, 0, false, 0, 0, 0xe14);

    // ---- i.MX8ULP EVK ----
    // sram@2201f000 (#a 1/#s 1) ranges <0x0  0x0 0x2201f000  0x1000>; child reg <0x0 0x400> => 0x2201f000.
    row("imx8ulp-evk.dtb", "/sram@2201f000/scmi-sram-section@0", 1, 0, true, 0x2201f000, 0x400, 0x0);
    // soc@0 ranges <0x0  0x0 0x0  0x40000000> identity; bus@29800000 `ranges;` => 0x298d0000.
    row("imx8ulp-evk.dtb", "/soc@0/bus@29800000/mmc@298d0000", 1, 0, true, 0x298d0000, 0x10000, 0x298d0000);
}

void TestBoards::regions()
{
    QFETCH(QString, file);
    QFETCH(QString, path);
    QFETCH(int, count);
    QFETCH(int, index);
    QFETCH(bool, addressable);
    QFETCH(quint64, address);
    QFETCH(quint64, size);
    QFETCH(quint64, busAddress);

    FETCH_NODE(file, path);
    QVERIFY(node->hasReg);
    QCOMPARE(node->regions.size(), count);
    const Region &r = node->regions.at(index);
    QCOMPARE(r.busAddress, busAddress);
    QCOMPARE(r.cpuAddressable, addressable);
    if (addressable) {
        QCOMPARE(r.address, address);
        QCOMPARE(r.size, size);
    } else {
        QVERIFY2(!r.problem.isEmpty(), "an untranslatable region must say why");
    }
}

// ---------------------------------------------------------------------------------------------
// Node::interrupts. irq == kNone means std::nullopt; flags == kNone means "not checked" (non-GIC).
void TestBoards::interrupts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("controller");
    QTest::addColumn<bool>("gic");
    QTest::addColumn<int>("type");
    QTest::addColumn<quint32>("number");
    QTest::addColumn<qint64>("irq");
    QTest::addColumn<qint64>("flags");
    QTest::addColumn<U32s>("cells");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("via");

    auto row = [](const char *file, const char *path, int count, int index, const char *controller, bool gic,
                  IrqType type, quint32 number, qint64 irq, qint64 flags, const U32s &cells, const char *source,
                  const char *via = "") {
        QTest::addRow("%s %s [%d]", file, path, index)
            << QString::fromLatin1(file) << QString::fromLatin1(path) << count << index
            << QString::fromLatin1(controller) << gic << int(type) << number << irq << flags << cells
            << QString::fromLatin1(source) << QString::fromLatin1(via);
    };
    const char *I = "interrupts";
    const char *IX = "interrupts-extended";

    // ---- Juno r2 ---- root interrupt-parent <0x01> = /interrupt-controller@2c010000 (gic-400)
    const char *junoGic = "/interrupt-controller@2c010000";
    // <0x0 0x5d 0x4>: SPI 93 -> 125
    row("juno-r2-scmi.dtb", "/hdlcd@7ff50000", 1, 0, junoGic, true, IrqType::Spi, 93, 125, 4, {0, 0x5d, 4}, I);
    // GPU <0 0x21 4  0 0x22 4  0 0x20 4>: SPIs 33, 34, 32 -> 65, 66, 64
    row("juno-r2-scmi.dtb", "/gpu@2d000000", 3, 0, junoGic, true, IrqType::Spi, 33, 65, 4, {0, 0x21, 4}, I);
    row("juno-r2-scmi.dtb", "/gpu@2d000000", 3, 2, junoGic, true, IrqType::Spi, 32, 64, 4, {0, 0x20, 4}, I);
    // pl330: 9 SPIs, first 0x58 = 88 -> 120, last 0x6f = 111 -> 143
    row("juno-r2-scmi.dtb", "/dma-controller@7ff00000", 9, 8, junoGic, true, IrqType::Spi, 111, 143, 4,
        {0, 0x6f, 4}, I);
    // mmc@50000 `interrupts = <0x05>`, no interrupt-parent on it, iofpga-bus or motherboard-bus; the first
    // ancestor with #interrupt-cells is bus@8000000 (#interrupt-cells 1) = an interrupt-map nexus.
    //  mask <0x0 0x0 0xf>; entry "0x0 0x0 0x5  0x01  0x0  0x0 0xa2 0x4" (child unit 2 cells, child irq 1,
    //  phandle, GIC #address-cells 1, GIC specifier 3) => GIC <0 0xa2 4> = SPI 162 -> 194.
    row("juno-r2-scmi.dtb", "/bus@8000000/motherboard-bus@8000000/iofpga-bus@300000000/mmc@50000", 1, 0, junoGic,
        true, IrqType::Spi, 162, 194, 4, {0, 0xa2, 4}, I, "/bus@8000000");
    // ethernet@200000000 `interrupts = <0x03>` => entry "0 0 3  1  0  0 0xa0 4" => SPI 160 -> 192.
    row("juno-r2-scmi.dtb", "/bus@8000000/motherboard-bus@8000000/ethernet@200000000", 1, 0, junoGic, true,
        IrqType::Spi, 160, 192, 4, {0, 0xa0, 4}, I, "/bus@8000000");

    // ---- ZynqMP ---- interrupt-parent <0x04> = /axi/interrupt-controller@f9010000 (gic-400)
    const char *zGic = "/axi/interrupt-controller@f9010000";
    // GEM3 <0 0x3f 4  0 0x3f 4>: SPI 63 -> 95, twice
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ethernet@ff0e0000", 2, 0, zGic, true, IrqType::Spi, 63, 95, 4,
        {0, 0x3f, 4}, I);
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ethernet@ff0e0000", 2, 1, zGic, true, IrqType::Spi, 63, 95, 4,
        {0, 0x3f, 4}, I);
    // SD1 <0 0x31 4>: SPI 49 -> 81
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/mmc@ff170000", 1, 0, zGic, true, IrqType::Spi, 49, 81, 4, {0, 0x31, 4}, I);
    // dwc3 <0 0x41 4  0 0x45 4>: SPI 65 -> 97, SPI 69 -> 101
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/usb@ff9d0000/usb@fe200000", 2, 0, zGic, true, IrqType::Spi, 65, 97, 4,
        {0, 0x41, 4}, I);
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/usb@ff9d0000/usb@fe200000", 2, 1, zGic, true, IrqType::Spi, 69, 101, 4,
        {0, 0x45, 4}, I);
    // SATA <0 0x85 4>: SPI 133 -> 165
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ahci@fd0c0000", 1, 0, zGic, true, IrqType::Spi, 133, 165, 4,
        {0, 0x85, 4}, I);

    // ---- SC7280 ---- root interrupt-parent <0x01> = /soc@0/interrupt-controller@17a00000 (gic-v3)
    const char *qGic = "/soc@0/interrupt-controller@17a00000";
    const char *pdc = "/soc@0/interrupt-controller@b220000"; // phandle 0xe1, "qcom,sc7280-pdc"
    // sdhc_1 <0 0x28c 4  0 0x290 4>: SPI 652 -> 684, SPI 656 -> 688
    row("sc7280-herobrine-crd.dtb", "/soc@0/mmc@7c4000", 2, 0, qGic, true, IrqType::Spi, 652, 684, 4,
        {0, 0x28c, 4}, I);
    row("sc7280-herobrine-crd.dtb", "/soc@0/mmc@7c4000", 2, 1, qGic, true, IrqType::Spi, 656, 688, 4,
        {0, 0x290, 4}, I);
    // sdhc_2 <0 0xcf 4  0 0xdf 4>: SPI 207 -> 239
    row("sc7280-herobrine-crd.dtb", "/soc@0/mmc@8804000", 2, 0, qGic, true, IrqType::Spi, 207, 239, 4,
        {0, 0xcf, 4}, I);
    // dwc3 <0 0x85 4>: SPI 133 -> 165
    row("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800/usb@a600000", 1, 0, qGic, true, IrqType::Spi, 133, 165, 4,
        {0, 0x85, 4}, I);
    // gpu <0 0x12c 4>: SPI 300 -> 332
    row("sc7280-herobrine-crd.dtb", "/soc@0/gpu@3d00000", 1, 0, qGic, true, IrqType::Spi, 300, 332, 4,
        {0, 0x12c, 4}, I);
    // usb@a6f8800 interrupts-extended = <0x01 0 0x83 4   0xe1 0x0e 3   0xe1 0x0f 3   0xe1 0x11 4>
    //  [0] GIC SPI 131 -> 163; [1..3] PDC (#interrupt-cells 2): non-GIC, number = first cell.
    row("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800", 4, 0, qGic, true, IrqType::Spi, 131, 163, 4,
        {0, 0x83, 4}, IX);
    row("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800", 4, 1, pdc, false, IrqType::Other, 0x0e, kNone, kNone,
        {0x0e, 3}, IX);
    row("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800", 4, 3, pdc, false, IrqType::Other, 0x11, kNone, kNone,
        {0x11, 4}, IX);
    // eud interrupts-extended = <0xe1 0x0b 0x04>: PDC pin 11.
    row("sc7280-herobrine-crd.dtb", "/soc@0/eud@88e0000", 1, 0, pdc, false, IrqType::Other, 0x0b, kNone, kNone,
        {0x0b, 4}, IX);

    // ---- R-Car RZ/G2M ---- /soc interrupt-parent <0x0d> = /soc/interrupt-controller@f1010000 (gic-400)
    const char *rGic = "/soc/interrupt-controller@f1010000";
    // EtherAVB: 25 SPIs 0x27..0x3f; [0] 39 -> 71, [24] 63 -> 95
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/ethernet@e6800000", 25, 0, rGic, true, IrqType::Spi, 39, 71, 4,
        {0, 0x27, 4}, I);
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/ethernet@e6800000", 25, 24, rGic, true, IrqType::Spi, 63, 95, 4,
        {0, 0x3f, 4}, I);
    // SYS-DMAC2: 17 SPIs; [0] 0x1a0 = 416 -> 448, [16] 0x18d = 397 -> 429
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/dma-controller@e7310000", 17, 0, rGic, true, IrqType::Spi, 416, 448, 4,
        {0, 0x1a0, 4}, I);
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/dma-controller@e7310000", 17, 16, rGic, true, IrqType::Spi, 397, 429, 4,
        {0, 0x18d, 4}, I);

    // ---- RK3568 ---- root interrupt-parent <0x01> = /interrupt-controller@fd400000 (gic-v3)
    const char *rkGic = "/interrupt-controller@fd400000";
    row("rk3568-rock-3a.dtb", "/vop@fe040000", 1, 0, rkGic, true, IrqType::Spi, 148, 180, 4, {0, 0x94, 4}, I);
    row("rk3568-rock-3a.dtb", "/video-codec@fdea0400", 1, 0, rkGic, true, IrqType::Spi, 139, 171, 4,
        {0, 0x8b, 4}, I);
    // gpu <0 0x28 4  0 0x29 4  0 0x27 4>: [2] SPI 39 -> 71
    row("rk3568-rock-3a.dtb", "/gpu@fde60000", 3, 2, rkGic, true, IrqType::Spi, 39, 71, 4, {0, 0x27, 4}, I);

    // ---- J721E ---- cpts interrupts-extended = <0x01 0 0x35a 4>; 0x01 = /bus@100000/interrupt-controller@1800000
    //  (gic-v3): SPI 858 -> 890
    row("k3-j721e-common-proc-board.dtb", "/bus@100000/bus@28380000/ethernet@46000000/cpts@3d000", 1, 0,
        "/bus@100000/interrupt-controller@1800000", true, IrqType::Spi, 858, 890, 4, {0, 0x35a, 4}, IX);

    // ---- QEMU virt ---- root interrupt-parent <0x8003> = /intc@8000000
    // pl031 <0 0x2 4>: SPI 2 -> 34
    row("virt-gicv3.dtb", "/pl031@9010000", 1, 0, "/intc@8000000", true, IrqType::Spi, 2, 34, 4, {0, 2, 4}, I);
    row("virt-gicv2.dtb", "/pl031@9010000", 1, 0, "/intc@8000000", true, IrqType::Spi, 2, 34, 4, {0, 2, 4}, I);
    // arch timer <1 0xd 4  1 0xe 4  1 0xb 4  1 0xa 4>: PPI 13 -> 29, ..., PPI 10 -> 26
    row("virt-gicv3.dtb", "/timer", 4, 0, "/intc@8000000", true, IrqType::Ppi, 13, 29, 4, {1, 0xd, 4}, I);
    row("virt-gicv3.dtb", "/timer", 4, 3, "/intc@8000000", true, IrqType::Ppi, 10, 26, 4, {1, 0xa, 4}, I);

    // ---- i.MX8MM ---- root interrupt-parent <0x01> = /soc@0/interrupt-controller@38800000 (gic-v3)
    // jr@2000 <0 0x6a 4>: SPI 106 -> 138
    row("imx8mm-evk.dtb", "/soc@0/bus@30800000/crypto@30900000/jr@2000", 1, 0,
        "/soc@0/interrupt-controller@38800000", true, IrqType::Spi, 106, 138, 4, {0, 0x6a, 4}, I);
    // pmic interrupt-parent <0x25> = gpio@30200000 (GPIO1), interrupts <0x3 0x8>: non-GIC, number 3.
    row("imx8mm-evk.dtb", "/soc@0/bus@30800000/i2c@30a20000/pmic@4b", 1, 0, "/soc@0/bus@30000000/gpio@30200000",
        false, IrqType::Other, 3, kNone, kNone, {3, 8}, I);

    // ---- Tegra210 ---- root interrupt-parent <0x01> = /interrupt-controller@60004000 "nvidia,tegra210-ictlr"
    //  => non-GIC; number = first specifier cell (0 here, the "SPI" type cell of the ictlr specifier).
    const char *ictlr = "/interrupt-controller@60004000";
    row("tegra210-p3450-0000.dtb", "/gpu@57000000", 2, 0, ictlr, false, IrqType::Other, 0, kNone, kNone,
        {0, 0x9d, 4}, I);
    row("tegra210-p3450-0000.dtb", "/gpu@57000000", 2, 1, ictlr, false, IrqType::Other, 0, kNone, kNone,
        {0, 0x9e, 4}, I);
    row("tegra210-p3450-0000.dtb", "/serial@70006000", 1, 0, ictlr, false, IrqType::Other, 0, kNone, kNone,
        {0, 0x24, 4}, I);
    // /timer has its own interrupt-parent <0x02> = /interrupt-controller@50041000 (gic-400):
    //  <1 0xd 0xf08 ...>: PPI 13 -> 29, flags 0xf08
    row("tegra210-p3450-0000.dtb", "/timer", 4, 0, "/interrupt-controller@50041000", true, IrqType::Ppi, 13, 29,
        0xf08, {1, 0xd, 0xf08}, I);

    // ---- BCM2711 ---- root interrupt-parent <0x01> = /soc/interrupt-controller@40041000 (gic-400)
    const char *bGic = "/soc/interrupt-controller@40041000";
    row("bcm2711-rpi-4-b.dtb", "/soc/serial@7e201000", 1, 0, bGic, true, IrqType::Spi, 121, 153, 4,
        {0, 0x79, 4}, I);
    row("bcm2711-rpi-4-b.dtb", "/emmc2bus/mmc@7e340000", 1, 0, bGic, true, IrqType::Spi, 126, 158, 4,
        {0, 0x7e, 4}, I);
    row("bcm2711-rpi-4-b.dtb", "/scb/ethernet@7d580000", 2, 1, bGic, true, IrqType::Spi, 158, 190, 4,
        {0, 0x9e, 4}, I);

    // ---- i.MX8ULP ---- root interrupt-parent <0x01> = /interrupt-controller@2d400000 (gic-v3)
    row("imx8ulp-evk.dtb", "/soc@0/bus@29800000/mmc@298d0000", 1, 0, "/interrupt-controller@2d400000", true,
        IrqType::Spi, 142, 174, 4, {0, 0x8e, 4}, I);
}

void TestBoards::interrupts()
{
    QFETCH(QString, file);
    QFETCH(QString, path);
    QFETCH(int, count);
    QFETCH(int, index);
    QFETCH(QString, controller);
    QFETCH(bool, gic);
    QFETCH(int, type);
    QFETCH(quint32, number);
    QFETCH(qint64, irq);
    QFETCH(qint64, flags);
    QFETCH(U32s, cells);
    QFETCH(QString, source);
    QFETCH(QString, via);

    FETCH_NODE(file, path);
    QVERIFY(node->hasInterrupts);
    QCOMPARE(node->interrupts.size(), count);
    const Interrupt &irqEntry = node->interrupts.at(index);
    QCOMPARE(irqEntry.controller, controller);
    QCOMPARE(irqEntry.gic, gic);
    QCOMPARE(int(irqEntry.type), type);
    QCOMPARE(irqTypeName(irqEntry.type), irqTypeName(IrqType(type)));
    QCOMPARE(irqEntry.number, number);
    if (irq == kNone) {
        QVERIFY2(!irqEntry.irq.has_value(), "a non-GIC interrupt has no GIC id");
    } else {
        QVERIFY2(irqEntry.irq.has_value(), "a GIC interrupt has a GIC id");
        QCOMPARE(qint64(*irqEntry.irq), irq);
    }
    if (flags != kNone)
        QCOMPARE(qint64(irqEntry.flags), flags);
    QCOMPARE(irqEntry.cells, cells);
    QCOMPARE(irqEntry.source, source);
    QCOMPARE(irqEntry.via, via);
    QVERIFY2(irqEntry.problem.isEmpty(), qPrintable(irqEntry.problem));
}

// ---------------------------------------------------------------------------------------------
// Node::iommu. linkCount == 0 rows only check that the device is unprotected and has no links.
// xenDriver follows Xen's own match tables: smmu.c (arm,smmu-v1/-v2, arm,mmu-400/401/500),
// smmu-v3.c (arm,smmu-v3), ipmmu-vmsa.c (renesas,ipmmu-r8a7795/-r8a77965/-r8a7796/-r8a77961/
// -r8a779f0/-r8a779g0 only). Rockchip, Tegra MC have no Xen driver.
void TestBoards::iommu_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("isProtected");
    QTest::addColumn<int>("linkCount");
    QTest::addColumn<QString>("iommuPath");
    QTest::addColumn<int>("binding");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<bool>("xenDriver");
    QTest::addColumn<U32s>("streamIds");
    QTest::addColumn<qint64>("length");

    auto row = [](const char *file, const char *path, bool prot, int linkCount, const char *iommu,
                  IommuBinding binding, bool enabled, bool xen, const U32s &ids, qint64 length = kNone) {
        QTest::addRow("%s %s", file, path) << QString::fromLatin1(file) << QString::fromLatin1(path) << prot
                                           << linkCount << QString::fromLatin1(iommu) << int(binding) << enabled
                                           << xen << ids << length;
    };
    auto none = [](const char *file, const char *path) {
        QTest::addRow("%s %s (none)", file, path) << QString::fromLatin1(file) << QString::fromLatin1(path)
                                                  << false << 0 << QString() << 0 << false << false << U32s{}
                                                  << kNone;
    };
    const auto It = IommuBinding::Iommus;

    // ---- Juno r2 ---- all SMMUs "arm,mmu-401", "arm,smmu-v1"; none of these four has a status.
    // hdlcd@7ff50000 iommus <0x3c 0x0>: 0x3c = /iommu@7fb10000 -> stream 0
    row("juno-r2-scmi.dtb", "/hdlcd@7ff50000", true, 1, "/iommu@7fb10000", It, true, true, {0});
    // hdlcd@7ff60000 iommus <0x3f 0x0>: 0x3f = /iommu@7fb20000
    row("juno-r2-scmi.dtb", "/hdlcd@7ff60000", true, 1, "/iommu@7fb20000", It, true, true, {0});
    // etr@20070000 iommus <0x12 0x0>: 0x12 = /iommu@2b600000
    row("juno-r2-scmi.dtb", "/etr@20070000", true, 1, "/iommu@2b600000", It, true, true, {0});
    // pl330 iommus <0x3a 0 0x3a 1 ... 0x3a 8>: 0x3a = /iommu@7fb00000 -> streams 0..8, one IOMMU.
    row("juno-r2-scmi.dtb", "/dma-controller@7ff00000", true, 1, "/iommu@7fb00000", It, true, true, range(0, 8));
    // the Mali has no iommus and no SMMU lists it in mmu-masters.
    none("juno-r2-scmi.dtb", "/gpu@2d000000");

    // ---- ZynqMP ---- 0x0e = /axi/iommu@fd800000 "arm,mmu-500", status = "disabled" in this DTB
    //  => stream ids are known, Xen has a driver, but nothing is protected.
    const char *zSmmu = "/axi/iommu@fd800000";
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ethernet@ff0e0000", false, 1, zSmmu, It, false, true, {0x877});
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/mmc@ff170000", false, 1, zSmmu, It, false, true, {0x871});
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/usb@ff9d0000/usb@fe200000", false, 1, zSmmu, It, false, true, {0x860});
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ahci@fd0c0000", false, 1, zSmmu, It, false, true,
        {0x4c0, 0x4c1, 0x4c2, 0x4c3});

    // ---- SC7280 ---- 0x36 = /soc@0/iommu@15000000 "qcom,sc7280-smmu-500", "arm,mmu-500" (#iommu-cells 2,
    //  no status); specifier <sid mask> -> stream id = first cell.
    const char *apps = "/soc@0/iommu@15000000";
    row("sc7280-herobrine-crd.dtb", "/soc@0/mmc@7c4000", true, 1, apps, It, true, true, {0xc0});
    row("sc7280-herobrine-crd.dtb", "/soc@0/mmc@8804000", true, 1, apps, It, true, true, {0x100});
    row("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800/usb@a600000", true, 1, apps, It, true, true, {0xe0});
    // gpu iommus <0xeb 0x0 0x400  0xeb 0x1 0x400>: 0xeb = /soc@0/iommu@3da0000 (adreno smmu, "arm,mmu-500").
    row("sc7280-herobrine-crd.dtb", "/soc@0/gpu@3d00000", true, 1, "/soc@0/iommu@3da0000", It, true, true, {0, 1});
    // the dwc3 glue itself has no iommus (its child does).
    none("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800");

    // ---- R-Car RZ/G2M ---- IPMMUs "renesas,ipmmu-r8a774a1" (no status). Xen's ipmmu-vmsa.c does not list
    //  r8a774a1 => xenDriver false, but the IOMMU is enabled so the device counts as protected.
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/ethernet@e6800000", true, 1, "/soc/iommu@e6740000", It, true, false,
        {0x10}); // <0x22 0x10>, 0x22 = ipmmu_ds0
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/fcp@fea27000", true, 1, "/soc/iommu@febd0000", It, true, false,
        {8}); // <0x55 0x08>, 0x55 = ipmmu_vi0
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/fcp@fe9af000", true, 1, "/soc/iommu@fe6b0000", It, true, false,
        {0x13}); // <0x56 0x13>, 0x56 = ipmmu_vc0
    row("r8a774a1-hihope-rzg2m.dtb", "/soc/dma-controller@e7310000", true, 1, "/soc/iommu@e7740000", It, true,
        false, range(0x10, 0x1f)); // <0x23 0x10 ... 0x23 0x1f>, 0x23 = ipmmu_ds1

    // ---- RK3568 ---- "rockchip,rk3568-iommu", #iommu-cells 0 => no stream ids at all.
    // video-codec iommus <0x48>: /iommu@fdea0800 has no status => enabled.
    row("rk3568-rock-3a.dtb", "/video-codec@fdea0400", true, 1, "/iommu@fdea0800", It, true, false, {});
    // vop iommus <0x55>: /iommu@fe043e00 status = "okay".
    row("rk3568-rock-3a.dtb", "/vop@fe040000", true, 1, "/iommu@fe043e00", It, true, false, {});

    // ---- Tegra210 ---- gpu iommus <0x0d 0x11>: 0x0d = /memory-controller@70019000 "nvidia,tegra210-mc".
    row("tegra210-p3450-0000.dtb", "/gpu@57000000", true, 1, "/memory-controller@70019000", It, true, false, {0x11});

    // ---- QEMU virt ----
    none("virt-gicv3.dtb", "/pl031@9010000");
    none("virt-gicv2.dtb", "/pl031@9010000");
    none("virt-gicv3-smmuv3.dtb", "/pl031@9010000");
    // pcie iommu-map = <0x0 0x8005 0x0 0x10000>: rid-base 0 -> /smmuv3@9050000 ("arm,smmu-v3", no status),
    //  iommu-base (stream id) 0, length 0x10000.
    row("virt-gicv3-smmuv3.dtb", "/pcie@10000000", true, 1, "/smmuv3@9050000", IommuBinding::IommuMap, true, true,
        {0}, 0x10000);
}

void TestBoards::iommu()
{
    QFETCH(QString, file);
    QFETCH(QString, path);
    QFETCH(bool, isProtected);
    QFETCH(int, linkCount);
    QFETCH(QString, iommuPath);
    QFETCH(int, binding);
    QFETCH(bool, enabled);
    QFETCH(bool, xenDriver);
    QFETCH(U32s, streamIds);
    QFETCH(qint64, length);

    FETCH_NODE(file, path);
    QCOMPARE(node->iommu.isProtected, isProtected);
    QCOMPARE(node->iommu.links.size(), linkCount);
    if (linkCount == 0)
        return;
    const IommuLink &link = node->iommu.links.front();
    QCOMPARE(link.iommu, iommuPath);
    QCOMPARE(int(link.binding), binding);
    QCOMPARE(link.iommuEnabled, enabled);
    QCOMPARE(devassign::xen::drivesIommu(link), xenDriver);
    QCOMPARE(link.streamIds, streamIds);
    if (length != kNone)
        QCOMPARE(qint64(link.length), length);
    const Node *iommuNode = model->node(iommuPath);
    QVERIFY(iommuNode);
    QCOMPARE(link.iommuCompatible, iommuNode->compatible);
}

// ---------------------------------------------------------------------------------------------
// Node::scmi. count = scmi.size(); a row with an empty property only checks the count.
void TestBoards::scmi_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("property");
    QTest::addColumn<quint32>("protocol");
    QTest::addColumn<quint32>("id");
    QTest::addColumn<QString>("scmiNode");

    auto row = [](const char *file, const char *path, int count, const char *property, quint32 protocol,
                  quint32 id, const char *scmiNode = "/firmware/scmi") {
        QTest::addRow("%s %s %s", file, path, property)
            << QString::fromLatin1(file) << QString::fromLatin1(path) << count << QString::fromLatin1(property)
            << protocol << id << QString::fromLatin1(scmiNode);
    };

    // ---- Juno r2 ---- /firmware/scmi "arm,scmi": protocol@11 = phandle 0x0b, protocol@13 = 0x36,
    //  protocol@14 = 0x3d.
    // hdlcd clocks <0x3d 0x03> -> clock protocol 0x14, id 3 (no other SCMI consumer property).
    row("juno-r2-scmi.dtb", "/hdlcd@7ff50000", 1, "clocks", 0x14, 3);
    // etr (CoreSight TMC) power-domains <0x0b 0x08> -> 0x11 id 8; clocks <0x09> is /clk50mhz, not SCMI.
    row("juno-r2-scmi.dtb", "/etr@20070000", 1, "power-domains", 0x11, 8);
    // Mali clocks <0x36 0x02> -> perf/DVFS protocol 0x13 id 2; power-domains <0x0b 0x09> -> 0x11 id 9.
    row("juno-r2-scmi.dtb", "/gpu@2d000000", 2, "clocks", 0x13, 2);
    row("juno-r2-scmi.dtb", "/gpu@2d000000", 2, "power-domains", 0x11, 9);
    // The MMU-401 in front of the CoreSight ETR: power-domains <0x0b 0x08>.
    row("juno-r2-scmi.dtb", "/iommu@2b600000", 1, "power-domains", 0x11, 8);

    // ---- RK3568 ---- /firmware/scmi "arm,scmi-smc", protocol@14 = phandle 0x02.
    // gpu clocks <0x02 0x01  0x0e 0x1b>: SCMI clock 1, then the CRU (not SCMI).
    row("rk3568-rock-3a.dtb", "/gpu@fde60000", 1, "clocks", 0x14, 1);

    // ---- i.MX8ULP ---- /firmware/scmi "arm,scmi-smc", protocol@11 = phandle 0x0a.
    row("imx8ulp-evk.dtb", "/soc@0/bus@29800000/mmc@298d0000", 1, "power-domains", 0x11, 3);
    row("imx8ulp-evk.dtb", "/soc@0/bus@29800000/mmc@298f0000", 1, "power-domains", 0x11, 5);

    // ---- no SCMI ---- zynqmp power-domains point at /firmware/zynqmp-firmware (EEMI, not SCMI).
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ethernet@ff0e0000", 0, "", 0, 0);
    row("virt-gicv3.dtb", "/pl031@9010000", 0, "", 0, 0);
}

void TestBoards::scmi()
{
    QFETCH(QString, file);
    QFETCH(QString, path);
    QFETCH(int, count);
    QFETCH(QString, property);
    QFETCH(quint32, protocol);
    QFETCH(quint32, id);
    QFETCH(QString, scmiNode);

    FETCH_NODE(file, path);
    QCOMPARE(node->scmi.size(), count);
    if (property.isEmpty())
        return;
    const ScmiResource *found = nullptr;
    for (const ScmiResource &r : node->scmi) {
        if (r.property == property)
            found = &r;
    }
    QVERIFY2(found, qPrintable(QStringLiteral("no SCMI resource from %1").arg(property)));
    QCOMPARE(found->protocol, protocol);
    QCOMPARE(found->id, id);
    QCOMPARE(found->scmiNode, scmiNode);
}

// ---------------------------------------------------------------------------------------------
// Node::dependencies: {property, target, args} must be present (order is not part of the contract).
void TestBoards::dependencies_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("target");
    QTest::addColumn<U32s>("args");

    auto row = [](const char *file, const char *path, const char *property, const char *target, const U32s &args) {
        QTest::addRow("%s %s %s -> %s", file, path, property, target)
            << QString::fromLatin1(file) << QString::fromLatin1(path) << QString::fromLatin1(property)
            << QString::fromLatin1(target) << args;
    };

    // virt: clocks <0x8000>; 0x8000 = /apb-pclk ("fixed-clock", #clock-cells 0) -> no args.
    row("virt-gicv3.dtb", "/pl031@9010000", "clocks", "/apb-pclk", {});
    row("virt-gicv2.dtb", "/pl031@9010000", "clocks", "/apb-pclk", {});
    // gpio-keys/poweroff gpios <0x8005 0x3 0x0>; 0x8005 = /pl061@9030000 (#gpio-cells 2).
    row("virt-gicv3.dtb", "/gpio-keys/poweroff", "gpios", "/pl061@9030000", {3, 0});
    // Juno hdlcd: clocks <0x3d 0x3> (protocol@14, #clock-cells 1); iommus <0x3c 0x0>.
    row("juno-r2-scmi.dtb", "/hdlcd@7ff50000", "clocks", "/firmware/scmi/protocol@14", {3});
    row("juno-r2-scmi.dtb", "/hdlcd@7ff50000", "iommus", "/iommu@7fb10000", {0});
    // ZynqMP GEM3: resets <0x0f 0x20> (0x0f = reset-controller, #reset-cells 1), pinctrl-0 <0x11>,
    //  iommus <0x0e 0x877>.
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ethernet@ff0e0000", "resets", "/firmware/zynqmp-firmware/reset-controller",
        {0x20});
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ethernet@ff0e0000", "pinctrl-0",
        "/firmware/zynqmp-firmware/pinctrl/gem3-default", {});
    row("zynqmp-zcu102-rev1.0.dtb", "/axi/ethernet@ff0e0000", "iommus", "/axi/iommu@fd800000", {0x877});
    // SC7280 dwc3 phys <0x137 0x2a>: both providers have #phy-cells 0 => two dependencies without args.
    row("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800/usb@a600000", "phys", "/soc@0/phy@88e3000", {});
    row("sc7280-herobrine-crd.dtb", "/soc@0/usb@a6f8800/usb@a600000", "phys",
        "/soc@0/phy-wrapper@88e9000/usb3-phy@88e9200", {});
    // Tegra UART: dmas <0x24 0x8 0x24 0x8> (0x24 = /dma@60020000, #dma-cells 1); resets <0x03 0x06>
    //  (0x03 = /clock@60006000, #reset-cells 1).
    row("tegra210-p3450-0000.dtb", "/serial@70006000", "dmas", "/dma@60020000", {8});
    row("tegra210-p3450-0000.dtb", "/serial@70006000", "resets", "/clock@60006000", {6});
    // i.MX8MM PMIC: interrupt-parent <0x25> = GPIO1.
    row("imx8mm-evk.dtb", "/soc@0/bus@30800000/i2c@30a20000/pmic@4b", "interrupt-parent",
        "/soc@0/bus@30000000/gpio@30200000", {});
    // RK3568 VOP: iommus <0x55> (#iommu-cells 0).
    row("rk3568-rock-3a.dtb", "/vop@fe040000", "iommus", "/iommu@fe043e00", {});
}

void TestBoards::dependencies()
{
    QFETCH(QString, file);
    QFETCH(QString, path);
    QFETCH(QString, property);
    QFETCH(QString, target);
    QFETCH(U32s, args);

    FETCH_NODE(file, path);
    bool found = false;
    for (const Dependency &d : node->dependencies) {
        if (d.property == property && d.target == target && d.args == args)
            found = true;
    }
    QVERIFY2(found, qPrintable(QStringLiteral("missing %1 -> %2; have: %3")
                                   .arg(property, target, describe(node->dependencies))));
}

// ---------------------------------------------------------------------------------------------
// decompileDtb turns dtc's warning checks off (core/dtsource.cpp): every board's DTS is byte for
// byte what a plain `dtc -q -I dtb -O dts` writes.
void TestBoards::decompileIsPlainDtcOutput_data()
{
    loadsEveryBoard_data();
}

void TestBoards::decompileIsPlainDtcOutput()
{
    QFETCH(QString, file);
    QFile f(testsupport::dataPath(file));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray dtb = f.readAll();
    QProcess dtc;
    dtc.start(QStringLiteral(DTC_EXECUTABLE), {"-q", "-I", "dtb", "-O", "dts", "-o", "-", testsupport::dataPath(file)});
    QVERIFY(dtc.waitForFinished(30000));
    const QByteArray plain = dtc.readAllStandardOutput();
    QVERIFY(plain.startsWith("/dts-v1/;"));
    QString error;
    QCOMPARE(decompileDtb(dtb, &error), plain);
}

// A dtc of another release that does not know one of the checks (FATAL ERROR: Unrecognized check
// name, as dtc 1.6.1's checks.c says it) is run again without them, and its output is used.
void TestBoards::dtcThatLacksAQuietCheckStillDecompiles()
{
    QTemporaryDir dir;
    const QString fake = dir.filePath(QStringLiteral("old-dtc"));
    QFile script(fake);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\n"
                 "for a in \"$@\"; do case \"$a\" in no-graph_endpoint) "
                 "echo refused >> \"$0.runs\"; echo 'FATAL ERROR: Unrecognized check name \"graph_endpoint\"' >&2; "
                 "exit 1;; esac; done\n"
                 "echo run >> \"$0.runs\"\n"
                 "exec " DTC_EXECUTABLE " \"$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QFile f(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray dtb = f.readAll();
    QString error;
    const QByteArray withChecks = decompileDtb(dtb, &error);
    qputenv("DEVASSIGN_DTC", QFile::encodeName(fake));
    const QByteArray first = decompileDtb(dtb, &error);
    const QString firstError = error;
    const QByteArray second = decompileDtb(dtb, &error);
    qunsetenv("DEVASSIGN_DTC");
    QVERIFY2(!first.isEmpty(), qPrintable(firstError));
    QCOMPARE(first, withChecks);
    QCOMPARE(second, withChecks);
    QFile runs(fake + QStringLiteral(".runs"));
    QVERIFY(runs.open(QIODevice::ReadOnly));
    // Asked with the checks off once, run again without them, then without them straight away.
    QCOMPARE(runs.readAll(), QByteArray("refused\nrun\nrun\n"));
}

QTEST_GUILESS_MAIN(TestBoards)
#include "tst_boards.moc"
