// SPDX-License-Identifier: GPL-2.0-or-later
// Hand-made device trees, compiled with dtc, for every address-translation and decoding corner of
// the host model. Every expected value is worked out by hand in the comment next to it.

#include "bindings.h"
#include "xenrelease.h"
#include "hostmodel.h"
#include "testsupport.h"

#include <QtTest>

using namespace devassign;

namespace {

// A root with the given cells, the GIC as the default interrupt parent, and `body` inside the root.
QString dts(const QString &body, int rootAddressCells = 2, int rootSizeCells = 2)
{
    const QString gicReg = rootAddressCells == 2 ? QStringLiteral("<0x0 0x8000000 0x0 0x10000>")
                                                 : QStringLiteral("<0x8000000 0x10000>"); // 1/1 root
    return QStringLiteral(R"(/dts-v1/;
/ {
    #address-cells = <%1>;
    #size-cells = <%2>;
    interrupt-parent = <&gic>;
    gic: interrupt-controller@8000000 {
        compatible = "arm,gic-v3";
        interrupt-controller;
        #interrupt-cells = <3>;
        #address-cells = <2>;
        #size-cells = <2>;
        ranges;
        reg = %3;
    };
%4
};
)")
        .arg(rootAddressCells)
        .arg(rootSizeCells)
        .arg(gicReg, body);
}

bool hasDiagnostic(const Node &n, const QString &needle)
{
    for (const QString &d : n.diagnostics)
        if (d.contains(needle))
            return true;
    return false;
}

QString diagnosticsOf(const Node &n)
{
    return n.diagnostics.join(QStringLiteral(" | "));
}

const char kGic[] = "/interrupt-controller@8000000";

} // namespace

// Fetches a node or fails the test.
#define NODE(var, model, path)                                                                                       \
    const Node *var = (model)->node(QStringLiteral(path));                                                             \
    QVERIFY2(var, "no node " path)

#define BUILD(var, text)                                                                                               \
    QString var##Error;                                                                                                \
    const HostModelPtr var = testsupport::modelFromDts(text, &var##Error);                                             \
    QVERIFY2(var, qPrintable(var##Error))

class TestDtsCorners : public QObject {
    Q_OBJECT

private slots:
    // ---------------------------------------------------------------- address translation
    void oneCellBusUnderTwoCellRoot()
    {
        BUILD(m, dts(QStringLiteral(R"(
    soc@40000000 {
        compatible = "simple-bus";
        #address-cells = <1>;
        #size-cells = <1>;
        ranges = <0x0 0x0 0x40000000 0x10000000>; /* child 1 cell, parent 2 cells, size 1 cell */
        uart@1000 {
            reg = <0x1000 0x100>;
            interrupts = <0 5 4>;
        };
    };)")));
        NODE(uart, m, "/soc@40000000/uart@1000");
        QCOMPARE(uart->regions.size(), 1);
        QVERIFY(uart->regions[0].cpuAddressable);
        QCOMPARE(uart->regions[0].address, quint64(0x40001000)); // 0x40000000 + 0x1000
        QCOMPARE(uart->regions[0].size, quint64(0x100));
        QCOMPARE(uart->regions[0].busAddress, quint64(0x1000));
        QVERIFY2(uart->diagnostics.isEmpty(), qPrintable(diagnosticsOf(*uart)));
    }

    void twoCellBusUnderOneCellRoot()
    {
        BUILD(m, dts(QStringLiteral(R"(
    bus@80000000 {
        #address-cells = <2>;
        #size-cells = <2>;
        /* child 0x1_0000_0000 (2 cells) -> parent 0x80000000 (1 cell), size 0x10000000 (2 cells) */
        ranges = <0x1 0x0 0x80000000 0x0 0x10000000>;
        dev@100002000 { reg = <0x1 0x2000 0x0 0x1000>; };
        low@2000 { reg = <0x0 0x2000 0x0 0x1000>; };
    };
    direct@9000000 { reg = <0x9000000 0x1000>; };)"),
                     1, 1));
        NODE(dev, m, "/bus@80000000/dev@100002000");
        QCOMPARE(dev->regions.size(), 1);
        QVERIFY(dev->regions[0].cpuAddressable);
        QCOMPARE(dev->regions[0].address, quint64(0x80002000));
        QCOMPARE(dev->regions[0].busAddress, quint64(0x100002000));
        QCOMPARE(dev->regions[0].size, quint64(0x1000));

        NODE(low, m, "/bus@80000000/low@2000");
        QCOMPARE(low->regions.size(), 1);
        QVERIFY(!low->regions[0].cpuAddressable);
        QCOMPARE(low->regions[0].busAddress, quint64(0x2000));
        QVERIFY2(low->regions[0].problem.contains(QLatin1String("outside every 'ranges' window of /bus@80000000")),
                 qPrintable(low->regions[0].problem));

        NODE(direct, m, "/direct@9000000");
        QCOMPARE(direct->regions.value(0).address, quint64(0x9000000));
        QCOMPARE(direct->regions.value(0).size, quint64(0x1000));
    }

    void severalRangesWindows()
    {
        BUILD(m, dts(QStringLiteral(R"(
    bus@10000000 {
        #address-cells = <1>;
        #size-cells = <1>;
        ranges = <0x0 0x0 0x10000000 0x100000>, <0x100000 0x0 0x20000000 0x100000>;
        a@1000 { reg = <0x1000 0x10>; };
        b@101000 { reg = <0x101000 0x10>; };
        edge@100000 { reg = <0x100000 0x4>; };
        c@300000 { reg = <0x300000 0x10>; };
        two@10 { reg = <0x10 0x10>, <0x100010 0x20>; };
    };)")));
        NODE(a, m, "/bus@10000000/a@1000");
        QCOMPARE(a->regions.value(0).address, quint64(0x10001000));
        NODE(b, m, "/bus@10000000/b@101000");
        QCOMPARE(b->regions.value(0).address, quint64(0x20001000)); // second window: 0x20000000 + 0x1000
        NODE(edge, m, "/bus@10000000/edge@100000");
        QCOMPARE(edge->regions.value(0).address, quint64(0x20000000)); // first byte of the second window
        NODE(c, m, "/bus@10000000/c@300000");
        QCOMPARE(c->regions.size(), 1);
        QVERIFY(!c->regions[0].cpuAddressable);
        QCOMPARE(c->regions[0].busAddress, quint64(0x300000));
        QVERIFY2(c->regions[0].problem.contains(QLatin1String("0x300000"))
                     && c->regions[0].problem.contains(QLatin1String("/bus@10000000")),
                 qPrintable(c->regions[0].problem));
        NODE(two, m, "/bus@10000000/two@10");
        QCOMPARE(two->regions.size(), 2);
        QCOMPARE(two->regions[0].address, quint64(0x10000010));
        QCOMPARE(two->regions[0].size, quint64(0x10));
        QCOMPARE(two->regions[1].address, quint64(0x20000010));
        QCOMPARE(two->regions[1].size, quint64(0x20));
    }

    void missingRangesOnIntermediateBus()
    {
        BUILD(m, dts(QStringLiteral(R"(
    soc {
        #address-cells = <1>;
        #size-cells = <1>;
        ranges = <0x0 0x0 0x0 0x80000000>;
        sub@1000000 {
            #address-cells = <1>;
            #size-cells = <1>;
            reg = <0x1000000 0x1000>;
            dev@10 { reg = <0x10 0x4>; };
        };
    };)")));
        NODE(sub, m, "/soc/sub@1000000");
        QVERIFY(sub->regions.value(0).cpuAddressable);
        QCOMPARE(sub->regions.value(0).address, quint64(0x1000000));
        NODE(dev, m, "/soc/sub@1000000/dev@10");
        QCOMPARE(dev->regions.size(), 1);
        QVERIFY(!dev->regions[0].cpuAddressable);
        QCOMPARE(dev->regions[0].busAddress, quint64(0x10));
        QCOMPARE(dev->regions[0].size, quint64(4));
        QVERIFY2(dev->regions[0].problem.contains(QLatin1String("/soc/sub@1000000 has no 'ranges'")),
                 qPrintable(dev->regions[0].problem));
    }

    void nestedRangesThreeLevels()
    {
        BUILD(m, dts(QStringLiteral(R"(
    l1@10000000 {
        #address-cells = <1>;
        #size-cells = <1>;
        ranges = <0x0 0x0 0x10000000 0x1000000>;
        l2@100000 {
            #address-cells = <1>;
            #size-cells = <1>;
            ranges = <0x0 0x100000 0x10000>;
            l3@2000 {
                #address-cells = <1>;
                #size-cells = <1>;
                ranges = <0x0 0x2000 0x1000>;
                dev@30 { reg = <0x30 0x8>; };
            };
        };
        id {
            #address-cells = <1>;
            #size-cells = <1>;
            ranges;
            dev@500 { reg = <0x500 0x10>; };
        };
    };)")));
        // 0x30 -> l3: 0x2000 + 0x30 = 0x2030 -> l2: 0x100000 + 0x2030 = 0x102030 -> l1: 0x10000000 + 0x102030
        NODE(dev, m, "/l1@10000000/l2@100000/l3@2000/dev@30");
        QCOMPARE(dev->regions.size(), 1);
        QVERIFY2(dev->regions[0].cpuAddressable, qPrintable(dev->regions[0].problem));
        QCOMPARE(dev->regions[0].address, quint64(0x10102030));
        QCOMPARE(dev->regions[0].size, quint64(8));
        // An empty `ranges` is the identity: 0x500 -> l1: 0x10000500.
        NODE(idDev, m, "/l1@10000000/id/dev@500");
        QCOMPARE(idDev->regions.value(0).address, quint64(0x10000500));
    }

    void sizeCellsZeroChildren()
    {
        BUILD(m, dts(QStringLiteral(R"(
    i2c@9000000 {
        #address-cells = <1>;
        #size-cells = <0>;
        reg = <0x0 0x9000000 0x0 0x1000>;
        eeprom@50 { compatible = "atmel,24c02"; reg = <0x50>; };
    };)")));
        NODE(i2c, m, "/i2c@9000000");
        QCOMPARE(i2c->regions.value(0).address, quint64(0x9000000));
        NODE(eeprom, m, "/i2c@9000000/eeprom@50");
        QCOMPARE(eeprom->regions.size(), 1);
        QVERIFY(!eeprom->regions[0].cpuAddressable);
        QCOMPARE(eeprom->regions[0].busAddress, quint64(0x50));
        QCOMPARE(eeprom->regions[0].size, quint64(0));
        QVERIFY2(eeprom->regions[0].problem.contains(QLatin1String("#size-cells = 0")),
                 qPrintable(eeprom->regions[0].problem));
    }

    void pciThreeCellBus()
    {
        BUILD(m, dts(QStringLiteral(R"(
    pcie@4010000000 {
        compatible = "pci-host-ecam-generic";
        device_type = "pci";
        #address-cells = <3>;
        #size-cells = <2>;
        #interrupt-cells = <1>;
        reg = <0x40 0x10000000 0x0 0x10000000>;
        ranges = <0x01000000 0x0 0x0   0x0 0x3eff0000   0x0 0x10000>,
                 <0x02000000 0x0 0x0   0x0 0x40000000   0x0 0x10000000>,
                 <0x43000000 0x80 0x0  0x80 0x0         0x10 0x0>;
        interrupt-map-mask = <0x1800 0 0 7>;
        interrupt-map = <0x0000 0 0 1 &gic 0 0 0 100 4>,
                        <0x0800 0 0 1 &gic 0 0 0 101 4>,
                        <0x0800 0 0 2 &gic 0 0 0 102 4>;
        dev@1,0 {
            reg = <0x00000800 0x0 0x0    0x0 0x0>,
                  <0x02000810 0x0 0x100  0x0 0x100>,
                  <0x01000814 0x0 0x20   0x0 0x20>,
                  <0x03000818 0x80 0x1000 0x0 0x1000>,
                  <0x02000820 0x80 0x2000 0x0 0x1000>;
            interrupts = <2>;
        };
        pci@2,0 {
            reg = <0x1000 0x0 0x0 0x0 0x0>;
            #address-cells = <3>;
            #size-cells = <2>;
            ranges; /* a root port: identity, still PCI address space */
            nic@0,0 { reg = <0x10000 0x0 0x0 0x0 0x0>, <0x02010010 0x0 0x200 0x0 0x100>; };
        };
    };)")));
        NODE(host, m, "/pcie@4010000000");
        QCOMPARE(host->regions.value(0).address, quint64(0x4010000000));
        QCOMPARE(host->regions.value(0).size, quint64(0x10000000));

        NODE(dev, m, "/pcie@4010000000/dev@1,0");
        QCOMPARE(dev->regions.size(), 5);
        // Configuration space (space code 0) is in no window: not CPU-addressable, said clearly.
        QVERIFY(!dev->regions[0].cpuAddressable);
        QVERIFY2(dev->regions[0].problem.contains(QLatin1String("PCI address space, phys.hi 0x800")),
                 qPrintable(dev->regions[0].problem));
        // 32-bit memory 0x100 -> memory window: 0x40000000 + 0x100 (the I/O window also starts at 0
        // but has space code 1, so it must not match).
        QVERIFY2(dev->regions[1].cpuAddressable, qPrintable(dev->regions[1].problem));
        QCOMPARE(dev->regions[1].address, quint64(0x40000100));
        QCOMPARE(dev->regions[1].size, quint64(0x100));
        // I/O 0x20 -> I/O window: 0x3eff0000 + 0x20.
        QVERIFY2(dev->regions[2].cpuAddressable, qPrintable(dev->regions[2].problem));
        QCOMPARE(dev->regions[2].address, quint64(0x3eff0020));
        // 64-bit memory 0x80_0000_1000 -> 64-bit window (identity).
        QVERIFY2(dev->regions[3].cpuAddressable, qPrintable(dev->regions[3].problem));
        QCOMPARE(dev->regions[3].address, quint64(0x8000001000));
        // 32-bit memory code in a 64-bit memory window: both are memory space, as in Linux's
        // of_bus_pci_map (it compares IORESOURCE_MEM/IO, not the raw space code).
        QVERIFY2(dev->regions[4].cpuAddressable, qPrintable(dev->regions[4].problem));
        QCOMPARE(dev->regions[4].address, quint64(0x8000002000));

        // INTB (2) of device 1: unit 0x800 0 0, masked key <0x800 0 0 2> -> third entry -> SPI 102.
        QCOMPARE(dev->interrupts.size(), 1);
        const Interrupt &irq = dev->interrupts[0];
        QVERIFY2(irq.problem.isEmpty(), qPrintable(irq.problem));
        QCOMPARE(irq.controller, QString::fromLatin1(kGic));
        QVERIFY(irq.gic);
        QCOMPARE(irq.type, IrqType::Spi);
        QCOMPARE(irq.number, 102u);
        QCOMPARE(irq.irq, std::optional<quint32>(134));
        QCOMPARE(irq.flags, 4u);
        QCOMPARE(irq.via, QStringLiteral("/pcie@4010000000"));
        QCOMPARE(irq.source, QStringLiteral("interrupts"));

        // Behind a root port with `ranges;` the space code still decides: config space stays
        // unmapped, the memory BAR goes through the host bridge's memory window.
        NODE(nic, m, "/pcie@4010000000/pci@2,0/nic@0,0");
        QCOMPARE(nic->regions.size(), 2);
        QVERIFY(!nic->regions[0].cpuAddressable);
        QVERIFY2(nic->regions[0].problem.contains(QLatin1String("PCI address space")), qPrintable(nic->regions[0].problem));
        QVERIFY2(nic->regions[1].cpuAddressable, qPrintable(nic->regions[1].problem));
        QCOMPARE(nic->regions[1].address, quint64(0x40000200));
    }

    void zeroSizeRegion()
    {
        BUILD(m, dts(QStringLiteral(R"(
    memory@0 { device_type = "memory"; reg = <0x0 0x0 0x0 0x0>; };
    memory@80000000 { device_type = "memory"; reg = <0x0 0x80000000 0x0 0x40000000>; };)")));
        NODE(empty, m, "/memory@0");
        QCOMPARE(empty->regions.size(), 1);
        QVERIFY(!empty->regions[0].cpuAddressable);
        QVERIFY2(empty->regions[0].problem.contains(QLatin1String("size 0")), qPrintable(empty->regions[0].problem));
        const QVector<Region> banks = m->memoryBanks();
        QCOMPARE(banks.size(), 1);
        QCOMPARE(banks[0].address, quint64(0x80000000));
        QCOMPARE(banks[0].size, quint64(0x40000000));
    }

    // ---------------------------------------------------------------- interrupts
    void interruptsExtendedToTwoControllers()
    {
        BUILD(m, dts(QStringLiteral(R"(
    gpio: gpio@9030000 {
        compatible = "arm,pl061";
        reg = <0x0 0x9030000 0x0 0x1000>;
        gpio-controller;
        #gpio-cells = <2>;
        interrupt-controller;
        #interrupt-cells = <2>;
        interrupts = <0 7 4>;
    };
    dev@9050000 {
        reg = <0x0 0x9050000 0x0 0x1000>;
        interrupts-extended = <&gic 0 10 4>, <&gpio 3 2>, <&gic 1 9 4>, <&gic 2 5 4>;
    };)")));
        NODE(gpio, m, "/gpio@9030000");
        QCOMPARE(gpio->interrupts.value(0).irq, std::optional<quint32>(39)); // SPI 7 + 32

        NODE(dev, m, "/dev@9050000");
        QVERIFY(dev->hasInterrupts);
        QCOMPARE(dev->interrupts.size(), 4);
        for (const Interrupt &i : dev->interrupts)
            QCOMPARE(i.source, QStringLiteral("interrupts-extended"));
        // <&gic 0 10 4>: SPI 10 -> 42, level-high
        QCOMPARE(dev->interrupts[0].controller, QString::fromLatin1(kGic));
        QCOMPARE(dev->interrupts[0].type, IrqType::Spi);
        QCOMPARE(dev->interrupts[0].irq, std::optional<quint32>(42));
        QCOMPARE(dev->interrupts[0].flags, 4u);
        // <&gpio 3 2>: a GPIO line, not a GIC interrupt: cannot be passed through as-is.
        QCOMPARE(dev->interrupts[1].controller, QStringLiteral("/gpio@9030000"));
        QVERIFY(!dev->interrupts[1].gic);
        QCOMPARE(dev->interrupts[1].type, IrqType::Other);
        QCOMPARE(dev->interrupts[1].number, 3u);
        QVERIFY(!dev->interrupts[1].irq.has_value());
        QCOMPARE(dev->interrupts[1].cells, (QVector<quint32>{3, 2}));
        // <&gic 1 9 4>: PPI 9 -> 25
        QCOMPARE(dev->interrupts[2].type, IrqType::Ppi);
        QCOMPARE(dev->interrupts[2].number, 9u);
        QCOMPARE(dev->interrupts[2].irq, std::optional<quint32>(25));
        // <&gic 2 5 4>: eSPI 5 -> 4096 + 5
        QCOMPARE(dev->interrupts[3].type, IrqType::Espi);
        QCOMPARE(dev->interrupts[3].irq, std::optional<quint32>(4101));
        QVERIFY2(dev->diagnostics.isEmpty(), qPrintable(diagnosticsOf(*dev)));
    }

    void interruptParentFoundThroughTreeParents()
    {
        BUILD(m, dts(QStringLiteral(R"(
    uart@9000000 { reg = <0x0 0x9000000 0x0 0x1000>; interrupts = <0 1 4>; };
    soc {
        #address-cells = <2>;
        #size-cells = <2>;
        ranges;
        interrupt-parent = <&gpio>;
        gpio: gpio@9030000 {
            reg = <0x0 0x9030000 0x0 0x1000>;
            interrupt-controller;
            #interrupt-cells = <2>;
            interrupt-parent = <&gic>;
            interrupts = <0 7 4>;
        };
        sensor@9060000 { reg = <0x0 0x9060000 0x0 0x100>; interrupts = <5 8>; };
        sub {
            #address-cells = <2>;
            #size-cells = <2>;
            ranges;
            deep@9070000 { reg = <0x0 0x9070000 0x0 0x100>; interrupts = <6 1>; };
        };
        intc3: interrupt-controller@9080000 {
            reg = <0x0 0x9080000 0x0 0x100>;
            interrupt-controller;
            #interrupt-cells = <1>;
            child { interrupts = <4>; };
        };
    };)")));
        // No interrupt-parent anywhere on the way: the root's (the GIC).
        NODE(uart, m, "/uart@9000000");
        QCOMPARE(uart->interrupts.value(0).controller, QString::fromLatin1(kGic));
        QCOMPARE(uart->interrupts.value(0).irq, std::optional<quint32>(33));
        // The gpio's own interrupt-parent wins over the one of its bus.
        NODE(gpio, m, "/soc/gpio@9030000");
        QCOMPARE(gpio->interrupts.value(0).irq, std::optional<quint32>(39));
        // The bus's interrupt-parent is inherited.
        NODE(sensor, m, "/soc/sensor@9060000");
        QCOMPARE(sensor->interrupts.size(), 1);
        QCOMPARE(sensor->interrupts[0].controller, QStringLiteral("/soc/gpio@9030000"));
        QVERIFY(!sensor->interrupts[0].gic);
        QCOMPARE(sensor->interrupts[0].number, 5u);
        QVERIFY(!sensor->interrupts[0].irq.has_value());
        // Two levels up: deep -> sub (no #interrupt-cells, no interrupt-parent) -> soc -> gpio.
        NODE(deep, m, "/soc/sub/deep@9070000");
        QCOMPARE(deep->interrupts.value(0).controller, QStringLiteral("/soc/gpio@9030000"));
        QCOMPARE(deep->interrupts.value(0).number, 6u);
        // A tree parent that has #interrupt-cells is the interrupt parent (of_irq_find_parent).
        NODE(child, m, "/soc/interrupt-controller@9080000/child");
        QCOMPARE(child->interrupts.value(0).controller, QStringLiteral("/soc/interrupt-controller@9080000"));
        QCOMPARE(child->interrupts.value(0).cells, QVector<quint32>{4});
    }

    void interruptThroughGlueNode()
    {
        // A node with #interrupt-cells that is neither a controller nor a nexus: Linux's
        // of_irq_parse_raw passes the specifier on to its own interrupt parent ("skiplevel").
        BUILD(m, dts(QStringLiteral(R"(
    glue: glue {
        #interrupt-cells = <3>;
        interrupt-parent = <&gic>;
    };
    dev@9090000 {
        reg = <0x0 0x9090000 0x0 0x100>;
        interrupt-parent = <&glue>;
        interrupts = <0 20 4>;
    };)")));
        NODE(dev, m, "/dev@9090000");
        QCOMPARE(dev->interrupts.size(), 1);
        QVERIFY2(dev->interrupts[0].problem.isEmpty(), qPrintable(dev->interrupts[0].problem));
        QCOMPARE(dev->interrupts[0].controller, QString::fromLatin1(kGic));
        QCOMPARE(dev->interrupts[0].irq, std::optional<quint32>(52));
        QCOMPARE(dev->interrupts[0].via, QStringLiteral("/glue"));
    }

    void gicPpiAndEspi()
    {
        BUILD(m, dts(QStringLiteral(R"(
    timer { compatible = "arm,armv8-timer"; interrupts = <1 13 0xf08>, <1 14 0xf08>; };
    big@9100000 { reg = <0x0 0x9100000 0x0 0x1000>; interrupts = <2 0 4>, <2 1023 1>; };)")));
        NODE(timer, m, "/timer");
        QCOMPARE(timer->interrupts.size(), 2);
        QCOMPARE(timer->interrupts[0].type, IrqType::Ppi);
        QCOMPARE(timer->interrupts[0].irq, std::optional<quint32>(29)); // 13 + 16
        QCOMPARE(timer->interrupts[0].flags, 0xf08u);
        QCOMPARE(timer->interrupts[1].irq, std::optional<quint32>(30));
        NODE(big, m, "/big@9100000");
        QCOMPARE(big->interrupts[0].type, IrqType::Espi);
        QCOMPARE(big->interrupts[0].irq, std::optional<quint32>(4096));
        QCOMPARE(big->interrupts[1].irq, std::optional<quint32>(5119)); // last eSPI
        QCOMPARE(big->interrupts[1].flags, 1u);
    }

    // Xen and Linux match compatible strings ignoring case (dt_compat_cmp and of_compat_cmp are
    // strcasecmp): a GIC or an SCMI agent written in capitals is still one.
    void compatibleMatchIgnoresCase()
    {
        BUILD(m, QStringLiteral(R"(/dts-v1/;
/ {
    #address-cells = <2>;
    #size-cells = <2>;
    interrupt-parent = <&gic>;
    gic: interrupt-controller@8000000 {
        compatible = "ARM,Cortex-A15-GIC";
        interrupt-controller;
        #interrupt-cells = <3>;
        reg = <0x0 0x8000000 0x0 0x10000>;
    };
    firmware {
        scmi {
            compatible = "Arm,SCMI-SMC";
            #address-cells = <1>;
            #size-cells = <0>;
            scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
        };
    };
    uart@9000000 {
        reg = <0x0 0x9000000 0x0 0x1000>;
        interrupts = <0 1 4>;
        clocks = <&scmi_clk 3>;
    };
};
)"));
        QVERIFY(m->gic());
        QCOMPARE(m->gic()->path, QLatin1String(kGic));
        NODE(uart, m, "/uart@9000000");
        QCOMPARE(uart->interrupts.size(), 1);
        QVERIFY(uart->interrupts[0].gic);
        QCOMPARE(uart->interrupts[0].irq, std::optional<quint32>(33)); // SPI 1 + 32
        NODE(scmi, m, "/firmware/scmi");
        QVERIFY(devassign::isScmiAgent(*scmi));
        QCOMPARE(uart->scmi.size(), 1);
        QCOMPARE(uart->scmi[0].protocol, 0x14u);
        QCOMPARE(uart->scmi[0].id, 3u);
        // The helper itself, and a near miss that must not match.
        QVERIFY(devassign::hasCompatible({QStringLiteral("ARM,GIC-V3")}, QLatin1String("arm,gic-v3")));
        QVERIFY(!devassign::hasCompatible({QStringLiteral("arm,gic-v3x")}, QLatin1String("arm,gic-v3")));
        QVERIFY(devassign::xen::isSmmuV3({QStringLiteral("ARM,SMMU-V3")}));
    }

    // ---------------------------------------------------------------- malformed input
    void brokenPhandles()
    {
        BUILD(m, dts(QStringLiteral(R"(
    pd: power-controller { #power-domain-cells = <1>; };
    dev@9000000 {
        reg = <0x0 0x9000000 0x0 0x1000>;
        clocks = <0x4242>;
        power-domains = <&pd 1>, <0x777 3>;
        interrupt-parent = <0x999>;
        interrupts = <0 1 4>;
    };
    ext@9010000 {
        reg = <0x0 0x9010000 0x0 0x1000>;
        interrupts-extended = <&gic 0 3 4>, <0x555 0 4 4>;
    };)")));
        NODE(dev, m, "/dev@9000000");
        QVERIFY2(hasDiagnostic(*dev, QStringLiteral("'clocks' refers to phandle 0x4242, which no node has")),
                 qPrintable(diagnosticsOf(*dev)));
        QVERIFY2(hasDiagnostic(*dev, QStringLiteral("'power-domains' refers to phandle 0x777")),
                 qPrintable(diagnosticsOf(*dev)));
        // The resolvable part is kept: power-domains -> /power-controller <1>.
        QCOMPARE(dev->dependencies.size(), 1);
        QCOMPARE(dev->dependencies[0].property, QStringLiteral("power-domains"));
        QCOMPARE(dev->dependencies[0].target, QStringLiteral("/power-controller"));
        QCOMPARE(dev->dependencies[0].args, QVector<quint32>{1});
        // The interrupt is reported, undecoded, with the reason.
        QCOMPARE(dev->interrupts.size(), 1);
        QVERIFY(!dev->interrupts[0].irq.has_value());
        QVERIFY2(dev->interrupts[0].problem.contains(QLatin1String("0x999")), qPrintable(dev->interrupts[0].problem));
        QVERIFY(hasDiagnostic(*dev, QStringLiteral("cannot decode 'interrupts'")));
        // The region is still right.
        QCOMPARE(dev->regions.value(0).address, quint64(0x9000000));

        NODE(ext, m, "/ext@9010000");
        QCOMPARE(ext->interrupts.size(), 2);
        QCOMPARE(ext->interrupts[0].irq, std::optional<quint32>(35));
        QVERIFY(!ext->interrupts[1].irq.has_value());
        QVERIFY2(ext->interrupts[1].problem.contains(QLatin1String("0x555")), qPrintable(ext->interrupts[1].problem));
        QVERIFY2(hasDiagnostic(*ext, QStringLiteral("0x555")), qPrintable(diagnosticsOf(*ext)));
    }

    void wrongCellCounts()
    {
        BUILD(m, dts(QStringLiteral(R"(
    clk: clock-controller@9100000 { reg = <0x0 0x9100000 0x0 0x1000>; #clock-cells = <1>; };
    dev@9110000 {
        reg = <0x0 0x9110000 0x0 0x1000 0x0 0x9120000>;
        clocks = <&clk 1 &clk>;
        interrupts = <0 3 4 0 4>;
    };
    bytes@9130000 { reg = [00 00 00 00 01]; };)")));
        NODE(dev, m, "/dev@9110000");
        // reg: 6 cells with 2+2 per entry -> one whole entry, and a diagnostic.
        QCOMPARE(dev->regions.size(), 1);
        QCOMPARE(dev->regions[0].address, quint64(0x9110000));
        QVERIFY2(hasDiagnostic(*dev, QStringLiteral("'reg' is 24 bytes")), qPrintable(diagnosticsOf(*dev)));
        // clocks: <&clk 1> is whole, the second <&clk> lacks its argument cell.
        QVERIFY2(hasDiagnostic(*dev, QStringLiteral("'clocks' is truncated")), qPrintable(diagnosticsOf(*dev)));
        QVERIFY(dev->dependencies.size() >= 1);
        QCOMPARE(dev->dependencies[0].target, QStringLiteral("/clock-controller@9100000"));
        QCOMPARE(dev->dependencies[0].args, QVector<quint32>{1});
        // interrupts: 5 cells, #interrupt-cells 3 -> one interrupt + diagnostic.
        QCOMPARE(dev->interrupts.size(), 1);
        QCOMPARE(dev->interrupts[0].irq, std::optional<quint32>(35));
        QVERIFY2(hasDiagnostic(*dev, QStringLiteral("not a multiple of 3 cells")), qPrintable(diagnosticsOf(*dev)));

        NODE(bytes, m, "/bytes@9130000");
        QVERIFY(bytes->regions.isEmpty());
        QVERIFY2(hasDiagnostic(*bytes, QStringLiteral("'reg' is 5 bytes")), qPrintable(diagnosticsOf(*bytes)));
    }

    void interruptParentCycle()
    {
        BUILD(m, dts(QStringLiteral(R"(
    a: node-a { interrupt-parent = <&b>; };
    b: node-b { interrupt-parent = <&a>; };
    dev@9200000 { reg = <0x0 0x9200000 0x0 0x100>; interrupt-parent = <&a>; interrupts = <1 2 3>; };)")));
        NODE(dev, m, "/dev@9200000");
        QCOMPARE(dev->interrupts.size(), 1);
        QVERIFY(!dev->interrupts[0].irq.has_value());
        QVERIFY2(dev->interrupts[0].problem.contains(QLatin1String("loops")), qPrintable(dev->interrupts[0].problem));
        QVERIFY(hasDiagnostic(*dev, QStringLiteral("loops without reaching a controller")));
    }

    void interruptMapPointingAtItself()
    {
        BUILD(m, dts(QStringLiteral(R"(
    nexus: nexus {
        #interrupt-cells = <1>;
        #address-cells = <0>;
        interrupt-map-mask = <0>;
        interrupt-map = <0 &nexus 0>;
    };
    dev@9210000 { reg = <0x0 0x9210000 0x0 0x100>; interrupt-parent = <&nexus>; interrupts = <5>; };)")));
        NODE(dev, m, "/dev@9210000");
        QCOMPARE(dev->interrupts.size(), 1);
        QVERIFY(!dev->interrupts[0].irq.has_value());
        QVERIFY2(dev->interrupts[0].problem.contains(QLatin1String("16 hops")), qPrintable(dev->interrupts[0].problem));
    }

    void interruptMapWithoutMatch()
    {
        BUILD(m, dts(QStringLiteral(R"(
    nexus {
        #interrupt-cells = <1>;
        #address-cells = <1>;
        #size-cells = <0>;
        interrupt-map-mask = <0xff 0x7>;
        interrupt-map = <0x1 1 &gic 0 0 0 40 4>; /* GIC #address-cells = 2 */
        dev@2 { reg = <0x2>; interrupts = <1>; };
        dev@1 { reg = <0x1>; interrupts = <1>; };
    };)")));
        NODE(hit, m, "/nexus/dev@1");
        QCOMPARE(hit->interrupts.value(0).irq, std::optional<quint32>(72)); // SPI 40 + 32
        QCOMPARE(hit->interrupts.value(0).via, QStringLiteral("/nexus"));
        NODE(miss, m, "/nexus/dev@2");
        QCOMPARE(miss->interrupts.size(), 1);
        QVERIFY(!miss->interrupts[0].irq.has_value());
        QVERIFY2(miss->interrupts[0].problem.contains(QLatin1String("no 'interrupt-map' entry of /nexus")),
                 qPrintable(miss->interrupts[0].problem));
    }

    // ---------------------------------------------------------------- IOMMU
    void iommuCoverage()
    {
        BUILD(m, dts(QStringLiteral(R"(
    smmu: iommu@9300000 { compatible = "arm,smmu-v3"; reg = <0x0 0x9300000 0x0 0x20000>; #iommu-cells = <1>; };
    smmu_off: iommu@9400000 {
        compatible = "arm,smmu-v3"; reg = <0x0 0x9400000 0x0 0x20000>; #iommu-cells = <1>; status = "disabled";
    };
    smmu2: iommu@9500000 {
        compatible = "qcom,sc7280-smmu-500", "arm,mmu-500"; reg = <0x0 0x9500000 0x0 0x10000>; #iommu-cells = <2>;
    };
    iommu@9600000 {
        compatible = "arm,mmu-401", "arm,smmu-v1";
        reg = <0x0 0x9600000 0x0 0x10000>;
        mmu-masters = <&m1 0x20 0x21>, <&m2 0x30>;
    };
    rkiommu: iommu@9700000 { compatible = "rockchip,rk3568-iommu"; reg = <0x0 0x9700000 0x0 0x100>; #iommu-cells = <0>; };
    rzg2: iommu@9800000 { compatible = "renesas,ipmmu-r8a774a1"; reg = <0x0 0x9800000 0x0 0x1000>; #iommu-cells = <1>; };
    h3: iommu@9900000 { compatible = "renesas,ipmmu-r8a7795"; reg = <0x0 0x9900000 0x0 0x1000>; #iommu-cells = <1>; };

    dma@9310000 { reg = <0x0 0x9310000 0x0 0x1000>; iommus = <&smmu 0x10>, <&smmu 0x11>; };
    off@9410000 { reg = <0x0 0x9410000 0x0 0x1000>; iommus = <&smmu_off 0x12>; };
    gpu@9510000 { reg = <0x0 0x9510000 0x0 0x1000>; iommus = <&smmu2 0x100 0x7>, <&smmu2 0x200 0x0>; };
    m1: ethernet@9610000 { reg = <0x0 0x9610000 0x0 0x1000>; #stream-id-cells = <2>; };
    m2: sata@9620000 { reg = <0x0 0x9620000 0x0 0x1000>; #stream-id-cells = <1>; };
    vop@9710000 { reg = <0x0 0x9710000 0x0 0x1000>; iommus = <&rkiommu>; };
    vin@9810000 { reg = <0x0 0x9810000 0x0 0x1000>; iommus = <&rzg2 5>; };
    vin@9910000 { reg = <0x0 0x9910000 0x0 0x1000>; iommus = <&h3 6>; };
    plain@9a00000 { reg = <0x0 0x9a00000 0x0 0x1000>; };
    pcie@9b00000 {
        reg = <0x0 0x9b00000 0x0 0x100000>;
        iommu-map = <0x0 &smmu 0x10000 0x100>, <0x100 &smmu 0x20000 0x100>;
    };
    pcie@9c00000 {
        reg = <0x0 0x9c00000 0x0 0x100000>;
        iommu-map = <0x0 &smmu2 0x400 0x10>, <0x10 &smmu2 0x800 0x10>;
    };)")));
        NODE(dma, m, "/dma@9310000");
        QVERIFY(dma->iommu.isProtected);
        QCOMPARE(dma->iommu.links.size(), 1); // both specifiers go to the same SMMU
        QCOMPARE(dma->iommu.links[0].binding, IommuBinding::Iommus);
        QCOMPARE(dma->iommu.links[0].iommu, QStringLiteral("/iommu@9300000"));
        QCOMPARE(dma->iommu.links[0].streamIds, (QVector<quint32>{0x10, 0x11}));
        QVERIFY(dma->iommu.links[0].iommuEnabled);
        QVERIFY(devassign::xen::drivesIommu(dma->iommu.links[0]));
        QVERIFY2(dma->iommu.reason().startsWith(QLatin1String("protected")), qPrintable(dma->iommu.reason()));

        NODE(off, m, "/off@9410000");
        QVERIFY(!off->iommu.isProtected);
        QCOMPARE(off->iommu.links.size(), 1);
        QVERIFY(!off->iommu.links[0].iommuEnabled);
        QCOMPARE(off->iommu.links[0].streamIds, QVector<quint32>{0x12});
        QVERIFY2(off->iommu.reason().contains(QLatin1String("disabled")), qPrintable(off->iommu.reason()));

        // #iommu-cells = 2: <sid mask>; the stream id is the first cell of each specifier.
        NODE(gpu, m, "/gpu@9510000");
        QCOMPARE(gpu->iommu.links.size(), 1);
        QCOMPARE(gpu->iommu.links[0].streamIds, (QVector<quint32>{0x100, 0x200}));
        QCOMPARE(gpu->iommu.links[0].cells, (QVector<quint32>{0x100, 0x7, 0x200, 0x0}));
        QVERIFY(devassign::xen::drivesIommu(gpu->iommu.links[0])); // through the "arm,mmu-500" fallback
        // Xen matches compatible strings ignoring case (dt_compat_cmp is strcasecmp).
        QVERIFY(devassign::xen::drivesIommu(QStringList{QStringLiteral("ARM,MMU-500")}));
        QVERIFY(!devassign::xen::drivesIommu(QStringList{QStringLiteral("Renesas,IPMMU-R8A779G0")}, devassign::xen::Release::Xen419));
        QVERIFY(devassign::xen::drivesIommu(QStringList{QStringLiteral("Renesas,IPMMU-R8A779G0")}, devassign::xen::Release::Xen420));

        // Legacy mmu-masters with the master's #stream-id-cells.
        NODE(eth, m, "/ethernet@9610000");
        QVERIFY(eth->iommu.isProtected);
        QCOMPARE(eth->iommu.links.size(), 1);
        QCOMPARE(eth->iommu.links[0].binding, IommuBinding::MmuMasters);
        QCOMPARE(eth->iommu.links[0].iommu, QStringLiteral("/iommu@9600000"));
        QCOMPARE(eth->iommu.links[0].streamIds, (QVector<quint32>{0x20, 0x21}));
        QVERIFY(devassign::xen::drivesIommu(eth->iommu.links[0]));
        NODE(sata, m, "/sata@9620000");
        QCOMPARE(sata->iommu.links.value(0).streamIds, QVector<quint32>{0x30});

        // An IOMMU Xen cannot drive: the hardware link is reported, xenDriver says Xen cannot use it.
        NODE(vop, m, "/vop@9710000");
        QCOMPARE(vop->iommu.links.size(), 1);
        QVERIFY(vop->iommu.links[0].streamIds.isEmpty()); // #iommu-cells = 0
        QVERIFY(!devassign::xen::drivesIommu(vop->iommu.links[0]));
        QVERIFY2(vop->iommu.reason().contains(QLatin1String("no driver")), qPrintable(vop->iommu.reason()));
        // Renesas: Xen's ipmmu-vmsa.c drives R-Car H3 (r8a7795) but not RZ/G2M (r8a774a1).
        NODE(rzg2Vin, m, "/vin@9810000");
        QCOMPARE(rzg2Vin->iommu.links.value(0).streamIds, QVector<quint32>{5});
        QVERIFY(!devassign::xen::drivesIommu(rzg2Vin->iommu.links.value(0)));
        NODE(h3Vin, m, "/vin@9910000");
        QVERIFY(devassign::xen::drivesIommu(h3Vin->iommu.links.value(0)));

        NODE(plain, m, "/plain@9a00000");
        QVERIFY(!plain->iommu.isProtected);
        QVERIFY(plain->iommu.links.isEmpty());
        QVERIFY2(plain->iommu.reason().contains(QLatin1String("no 'iommus'")), qPrintable(plain->iommu.reason()));

        // iommu-map: <rid-base iommu iommu-base length>, always 4 cells (Linux of_map_id).
        NODE(pcie, m, "/pcie@9b00000");
        QVERIFY(pcie->iommu.isProtected);
        QCOMPARE(pcie->iommu.links.size(), 1);
        QCOMPARE(pcie->iommu.links[0].binding, IommuBinding::IommuMap);
        QCOMPARE(pcie->iommu.links[0].streamIds, (QVector<quint32>{0x10000, 0x20000}));
        QCOMPARE(pcie->iommu.links[0].length, 0x200u);
        NODE(pcie2, m, "/pcie@9c00000");
        QCOMPARE(pcie2->iommu.links.size(), 1);
        QCOMPARE(pcie2->iommu.links[0].streamIds, (QVector<quint32>{0x400, 0x800}));
        QCOMPARE(pcie2->iommu.links[0].length, 0x20u);
        QVERIFY2(pcie2->diagnostics.isEmpty(), qPrintable(diagnosticsOf(*pcie2)));
    }

    // ---------------------------------------------------------------- SCMI
    void scmiResources()
    {
        BUILD(m, dts(QStringLiteral(R"(
    firmware {
        scmi: scmi {
            compatible = "arm,scmi-smc";
            arm,smc-id = <0x82000002>;
            #address-cells = <1>;
            #size-cells = <0>;
            #access-controller-cells = <1>;
            scmi_pd: protocol@11 { reg = <0x11>; #power-domain-cells = <1>; };
            scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
            scmi_reset: protocol@16 { reg = <0x16>; #reset-cells = <1>; };
            scmi_sensor: protocol@15 { reg = <0x15>; #thermal-sensor-cells = <1>; };
            protocol@17 {
                reg = <0x17>;
                regulators {
                    #address-cells = <1>;
                    #size-cells = <0>;
                    vdd: regulator@5 { reg = <5>; regulator-name = "vdd"; };
                };
            };
        };
    };
    osc: oscillator { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; };
    fixed: regulator-fixed { compatible = "regulator-fixed"; };
    rifsc: bus@42080000 {
        compatible = "st,stm32mp25-rifsc";
        reg = <0x0 0x42080000 0x0 0x1000>;
        #access-controller-cells = <1>;
    };
    mmc@9900000 {
        reg = <0x0 0x9900000 0x0 0x1000>;
        clocks = <&scmi_clk 3>, <&osc>;
        power-domains = <&scmi_pd 2>;
        resets = <&scmi_reset 7>;
        vdd-supply = <&vdd>;
        vqmmc-supply = <&fixed>;
        access-controllers = <&scmi 9>;
        assigned-clocks = <&scmi_clk 4>;
        thermal-sensors = <&scmi_sensor 1>;
    };
    spi@9a00000 {
        reg = <0x0 0x9a00000 0x0 0x1000>;
        access-controllers = <&rifsc 4>;
    };)")));
        NODE(mmc, m, "/mmc@9900000");
        struct Expected { const char *property; quint32 protocol; quint32 id; };
        const Expected expected[] = {
            {"clocks", 0x14, 3}, {"power-domains", 0x11, 2}, {"resets", 0x16, 7},
            {"vdd-supply", 0x17, 5}, {"access-controllers", 0x10, 9}, {"assigned-clocks", 0x14, 4},
            {"thermal-sensors", 0x15, 1},
        };
        QCOMPARE(mmc->scmi.size(), int(std::size(expected)));
        for (int i = 0; i < mmc->scmi.size(); ++i) {
            QCOMPARE(mmc->scmi[i].property, QLatin1String(expected[i].property));
            QCOMPARE(mmc->scmi[i].protocol, expected[i].protocol);
            QCOMPARE(mmc->scmi[i].id, expected[i].id);
            QCOMPARE(mmc->scmi[i].scmiNode, QStringLiteral("/firmware/scmi"));
        }
        // The non-SCMI clock and regulator are ordinary dependencies.
        bool oscDep = false, fixedDep = false;
        for (const Dependency &d : mmc->dependencies) {
            oscDep = oscDep || (d.property == QLatin1String("clocks") && d.target == QLatin1String("/oscillator"));
            fixedDep = fixedDep || (d.property == QLatin1String("vqmmc-supply") && d.target == QLatin1String("/regulator-fixed"));
        }
        QVERIFY(oscDep);
        QVERIFY(fixedDep);

        // An STM32 firewall is an access controller, but not SCMI.
        NODE(spi, m, "/spi@9a00000");
        QVERIFY(spi->scmi.isEmpty());
        QCOMPARE(spi->dependencies.size(), 1);
        QCOMPARE(spi->dependencies[0].property, QStringLiteral("access-controllers"));
        QCOMPARE(spi->dependencies[0].target, QStringLiteral("/bus@42080000"));
        QCOMPARE(spi->dependencies[0].args, QVector<quint32>{4});
    }

    // ---------------------------------------------------------------- dependencies
    void dependencies()
    {
        BUILD(m, dts(QStringLiteral(R"(
    pinctrl@9a00000 {
        reg = <0x0 0x9a00000 0x0 0x1000>;
        pins_a: uart-pins { function = "uart"; };
        pins_b: uart-sleep { function = "gpio"; };
    };
    gpio: gpio@9030000 { reg = <0x0 0x9030000 0x0 0x1000>; gpio-controller; #gpio-cells = <2>; };
    phy: phy0 { compatible = "ethernet-phy-ieee802.3-c22"; };
    reserved-memory {
        #address-cells = <2>;
        #size-cells = <2>;
        ranges;
        rmem: buffer@a0000000 { reg = <0x0 0xa0000000 0x0 0x100000>; no-map; };
    };
    efuse@9b00000 {
        reg = <0x0 0x9b00000 0x0 0x1000>;
        #address-cells = <1>;
        #size-cells = <1>;
        mac: mac@10 { reg = <0x10 0x6>; };
    };
    eth@9c00000 {
        reg = <0x0 0x9c00000 0x0 0x1000>;
        pinctrl-names = "default", "sleep";
        pinctrl-0 = <&pins_a>;
        pinctrl-1 = <&pins_b>;
        reset-gpios = <&gpio 5 1>;
        gpios = <&gpio 1 0>, <0>, <&gpio 2 1>;
        phy-handle = <&phy>;
        memory-region = <&rmem>;
        nvmem-cells = <&mac>;
        nvmem-cell-names = "mac-address";
    };)")));
        NODE(eth, m, "/eth@9c00000");
        struct Expected { const char *property; const char *target; QVector<quint32> args; };
        const QVector<Expected> expected = {
            {"pinctrl-0", "/pinctrl@9a00000/uart-pins", {}},
            {"pinctrl-1", "/pinctrl@9a00000/uart-sleep", {}},
            {"reset-gpios", "/gpio@9030000", {5, 1}},
            {"gpios", "/gpio@9030000", {1, 0}},   // then a 0 placeholder, skipped
            {"gpios", "/gpio@9030000", {2, 1}},
            {"phy-handle", "/phy0", {}},
            {"memory-region", "/reserved-memory/buffer@a0000000", {}},
            {"nvmem-cells", "/efuse@9b00000/mac@10", {}},
        };
        QCOMPARE(eth->dependencies.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            QCOMPARE(eth->dependencies[i].property, QLatin1String(expected[i].property));
            QCOMPARE(eth->dependencies[i].target, QLatin1String(expected[i].target));
            QCOMPARE(eth->dependencies[i].args, expected[i].args);
        }
        QVERIFY2(eth->diagnostics.isEmpty(), qPrintable(diagnosticsOf(*eth)));
        // The efuse has no `ranges`: its cells are not CPU-addressable.
        NODE(mac, m, "/efuse@9b00000/mac@10");
        QVERIFY(!mac->regions.value(0).cpuAddressable);
        QVERIFY(mac->regions.value(0).problem.contains(QLatin1String("/efuse@9b00000 has no 'ranges'")));
        // Reserved memory below a `ranges;` bus is translated.
        NODE(rmem, m, "/reserved-memory/buffer@a0000000");
        QCOMPARE(rmem->regions.value(0).address, quint64(0xa0000000));
    }

    void dmaHintAndStatus()
    {
        BUILD(m, dts(QStringLiteral(R"(
    dmac: dma-controller@9000000 { compatible = "arm,pl330"; reg = <0x0 0x9000000 0x0 0x1000>; #dma-cells = <1>; };
    spi@9010000 { compatible = "arm,pl022"; reg = <0x0 0x9010000 0x0 0x1000>; dmas = <&dmac 1>, <&dmac 2>; };
    coherent@9020000 { reg = <0x0 0x9020000 0x0 0x1000>; dma-coherent; status = "ok"; };
    serial@9030000 { compatible = "arm,pl011"; reg = <0x0 0x9030000 0x0 0x1000>; status = "disabled"; };)")));
        NODE(dmac, m, "/dma-controller@9000000");
        QVERIFY(dmac->dma.likely);
        QVERIFY(dmac->dma.reasons().join(QLatin1Char(' ')).contains(QLatin1String("#dma-cells")));
        // A DMA client (dma/dma.txt): the PL330 makes its transfers, the PL022 masters nothing.
        NODE(spi, m, "/spi@9010000");
        QVERIFY(!spi->dma.likely);
        QVERIFY(spi->dma.reasons().isEmpty());
        NODE(coherent, m, "/coherent@9020000");
        QVERIFY(coherent->dma.likely);
        QVERIFY(coherent->dma.reasons().join(QLatin1Char(' ')).contains(QLatin1String("dma-coherent")));
        QVERIFY(coherent->enabled); // "ok" counts as enabled
        NODE(serial, m, "/serial@9030000");
        QVERIFY(!serial->dma.likely);
        QVERIFY(serial->dma.reasons().isEmpty());
        QVERIFY(!serial->enabled);
        QCOMPARE(serial->status, QStringLiteral("disabled"));
    }

    // A PHY is named after its MAC's class but masters no bus: no class guess for a node with
    // #phy-cells or "phy" in its name or a compatible; its MAC keeps the guess.
    void phyIsNoBusMasterClass()
    {
        BUILD(m, dts(QStringLiteral(R"(
    ethernet@9100000 { compatible = "acme,mac"; reg = <0x0 0x9100000 0x0 0x1000>;
        mdio { #address-cells = <1>; #size-cells = <0>;
            ethernet-phy@1 { compatible = "ethernet-phy-ieee802.3-c22"; reg = <1>; }; }; };
    usb2phy@9200000 { compatible = "acme,usb2phy"; reg = <0x0 0x9200000 0x0 0x1000>; #phy-cells = <0>; };
    usb@9300000 { compatible = "acme,usb-ctl"; reg = <0x0 0x9300000 0x0 0x1000>; };
    pcie-misc@9400000 { compatible = "acme,pcie-glue"; reg = <0x0 0x9400000 0x0 0x1000>; #phy-cells = <1>; };)")));
        NODE(mac, m, "/ethernet@9100000");
        QVERIFY(mac->dma.masterClass >= 0);
        QVERIFY(mac->dma.likely);
        NODE(phy, m, "/ethernet@9100000/mdio/ethernet-phy@1");
        QCOMPARE(phy->dma.masterClass, qint8(-1));
        QVERIFY(!phy->dma.likely);
        NODE(usbPhy, m, "/usb2phy@9200000");
        QCOMPARE(usbPhy->dma.masterClass, qint8(-1));
        NODE(usb, m, "/usb@9300000");
        QVERIFY(usb->dma.masterClass >= 0);
        NODE(glue, m, "/pcie-misc@9400000"); // #phy-cells alone is enough
        QCOMPARE(glue->dma.masterClass, qint8(-1));
    }

    // Class words match whole words only (RK3568's power-management@fdd90000 once read as "gem"),
    // an interconnect provider is no bus master (SC7280's "qcom,sc7280-gem-noc"), and a PHY in a
    // wrapper with iommus (SC7280's MDSS eDP PHY) takes no DMA guess from the wrapper.
    void classWordsAreWholeWords()
    {
        BUILD(m, dts(QStringLiteral(R"(
    smmu: iommu@9500000 { compatible = "arm,mmu-500"; reg = <0x0 0x9500000 0x0 0x10000>; #iommu-cells = <1>; };
    power-management@9100000 { compatible = "acme,pmu", "syscon"; reg = <0x0 0x9100000 0x0 0x1000>; };
    interconnect@9200000 { compatible = "acme,soc-gem-noc"; reg = <0x0 0x9200000 0x0 0x1000>; #interconnect-cells = <2>; };
    gem@9300000 { compatible = "cdns,zynqmp-gem"; reg = <0x0 0x9300000 0x0 0x1000>; };
    ctl@9400000 { compatible = "acme,usb3-ctl"; reg = <0x0 0x9400000 0x0 0x1000>; };
    ethernet@9700000 { compatible = "phytium,gmac"; reg = <0x0 0x9700000 0x0 0x1000>; };
    display-subsystem@9600000 { compatible = "acme,mdss"; reg = <0x0 0x9600000 0x0 0x1000>; iommus = <&smmu 0x800>;
        #address-cells = <2>; #size-cells = <2>; ranges;
        phy@9610000 { compatible = "acme,edp-phy"; reg = <0x0 0x9610000 0x0 0x200>; #phy-cells = <0>; };
        dpu@9620000 { compatible = "acme,dpu"; reg = <0x0 0x9620000 0x0 0x1000>; };
    };)")));
        NODE(pm, m, "/power-management@9100000");
        QCOMPARE(pm->dma.masterClass, qint8(-1));
        QVERIFY(!pm->dma.likely);
        NODE(noc, m, "/interconnect@9200000"); // "gem" is a whole word here, but a NoC does no DMA
        QCOMPARE(noc->dma.masterClass, qint8(-1));
        QVERIFY(!noc->dma.likely);
        NODE(gem, m, "/gem@9300000");
        QVERIFY(gem->dma.masterClass >= 0);
        NODE(usb, m, "/ctl@9400000"); // "usb" in "acme,usb3-ctl": a digit may touch the word
        QVERIFY(usb->dma.masterClass >= 0);
        // "phy" in the vendor prefix ("phytium,…") names no PHY: the MAC keeps its guess.
        NODE(phytium, m, "/ethernet@9700000");
        QVERIFY(phytium->dma.masterClass >= 0);
        QVERIFY(phytium->dma.likely);
        NODE(phy, m, "/display-subsystem@9600000/phy@9610000");
        QCOMPARE(phy->dma.evidence, quint8(0));
        QVERIFY(!phy->dma.likely);
        NODE(dpu, m, "/display-subsystem@9600000/dpu@9620000"); // the wrapper's real master keeps both guesses
        QCOMPARE(dpu->dma.evidence, quint8(DmaHint::ParentIommu));
        QVERIFY(dpu->dma.masterClass >= 0);
    }

    // A QUP-like wrapper (qcom,geni-se-qup.yaml): the wrapper has the iommus, its serial engine has
    // none of its own but issues DMA with the wrapper's stream id; a node outside it has no such hint.
    void dmaHintFromWrapperIommu()
    {
        BUILD(m, dts(QStringLiteral(R"(
    smmu: iommu@9500000 { compatible = "arm,mmu-500"; reg = <0x0 0x9500000 0x0 0x10000>; #iommu-cells = <2>; };
    geniqup@9c0000 { compatible = "qcom,geni-se-qup"; reg = <0x0 0x9c0000 0x0 0x2000>; iommus = <&smmu 0x123 0x0>;
        #address-cells = <2>; #size-cells = <2>; ranges;
        serial@99c000 { compatible = "qcom,geni-uart"; reg = <0x0 0x99c000 0x0 0x4000>; };
        engine@9a0000 { compatible = "qcom,geni-i2c"; reg = <0x0 0x9a0000 0x0 0x4000>; iommus = <&smmu 0x124 0x0>;
            #address-cells = <1>; #size-cells = <0>;
            eeprom@50 { compatible = "atmel,24c32"; reg = <0x50>; }; };
    };
    serial@9030000 { compatible = "arm,pl011"; reg = <0x0 0x9030000 0x0 0x1000>; };)")));
        NODE(serial, m, "/geniqup@9c0000/serial@99c000");
        QVERIFY(serial->dma.likely);
        QVERIFY(serial->dma.byClassOnly); // a guess: dma-guessed-without-iommu, not an error
        QCOMPARE(serial->dma.evidence, quint8(DmaHint::ParentIommu));
        QVERIFY(serial->dma.reasons().join(QLatin1Char(' ')).contains(QLatin1String("wrapper")));
        NODE(client, m, "/geniqup@9c0000/engine@9a0000/eeprom@50"); // reg = <0x50>: no CPU address
        QCOMPARE(client->dma.evidence, quint8(0));
        NODE(engine, m, "/geniqup@9c0000/engine@9a0000");
        QCOMPARE(engine->dma.evidence, quint8(DmaHint::IommuMapping)); // its own link, not the parent's
        NODE(plain, m, "/serial@9030000");
        QVERIFY(!plain->dma.likely);
    }

    // Property names the bindings read as phandle lists by their shape: pinctrl-<digits>
    // (pinctrl-bindings.txt) and the word "syscon" bounded by start, '-', ',' or end (mfd/syscon.yaml
    // vendor references), read by hand from those rules.
    void referencesByNameShape()
    {
        bindings::PhandleList list;
        QVERIFY(bindings::phandleListFor(QStringLiteral("pinctrl-0"), &list));
        QVERIFY(bindings::phandleListFor(QStringLiteral("pinctrl-12"), &list));
        QVERIFY(!bindings::phandleListFor(QStringLiteral("pinctrl-"), &list));
        QVERIFY(!bindings::phandleListFor(QStringLiteral("pinctrl-a"), &list));
        QVERIFY(!bindings::phandleListFor(QStringLiteral("pinctrl-names"), &list));
        for (const char *yes : {"ti,syscon-pcie-ctrl", "arm,syscon", "acme,cpu-syscon", "syscon-poweroff", "a,b,syscon"}) {
            QVERIFY2(bindings::phandleListFor(QLatin1String(yes), &list), yes);
            QCOMPARE(list.fixedCells, bindings::kRestIsArguments);
        }
        for (const char *no : {"acme,sysconfig", "acme,mysyscon", "acme,syscon_x", "acme,sys-con"})
            QVERIFY2(!bindings::phandleListFor(QLatin1String(no), &list), no);
    }

    // Nodes whose properties are names, not references: /aliases (an alias called "ethernet" or
    // "display", both reference names of the bindings), /__symbols__ (labels), and a dom0less
    // domain node's cpus, a vCPU count (booting.txt), here 2, which is also the phandle of a node.
    // None gets a dependency or a decoding problem; the device's own cpus-free references do.
    void namesAreNotReferences()
    {
        BUILD(m, dts(QStringLiteral(R"(
    aliases { ethernet = "/eth@9000000"; display = "/eth@9000000"; };
    __symbols__ { gpr = "/syscon@9100000"; flash = "/eth@9000000"; };
    syscon@9100000 { reg = <0x0 0x9100000 0x0 0x1000>; phandle = <2>; };
    eth@9000000 { reg = <0x0 0x9000000 0x0 0x1000>; gpr = <2>; };
    chosen {
        domU1 { compatible = "xen,domain"; #address-cells = <1>; #size-cells = <1>; memory = <0 0x40000>; cpus = <2>; };
    };
)")));
        for (const char *path : {"/aliases", "/__symbols__", "/chosen/domU1"}) {
            const Node *n = m->node(QLatin1String(path));
            QVERIFY2(n, path);
            QVERIFY2(n->dependencies.isEmpty(), path);
            QVERIFY2(n->diagnostics.isEmpty(), qPrintable(n->diagnostics.join(QStringLiteral("; "))));
        }
        const Node *eth = m->node(QStringLiteral("/eth@9000000"));
        QCOMPARE(eth->dependencies.size(), 1);
        QCOMPARE(eth->dependencies[0].property, QStringLiteral("gpr"));
        QCOMPARE(eth->dependencies[0].target, QStringLiteral("/syscon@9100000"));
    }

    // Every non-vendor property that Linux 6.1's bindings and dt-schema type as a phandle or a
    // phandle array (tests/data/phandle-properties.txt, written by tools/phandle-properties from
    // the schemas, not from devassign) is read as a reference. A name the model does not know is
    // copied into a guest's tree as it is, so its host phandle would dangle there or, worse, name
    // another node. Patterns are checked through names they match; the names left out say why.
    void phandlePropertiesOfTheBindings()
    {
        const QHash<QString, QString> leftOut = {
            // <&msi base count>: the specifier between is the parent's #interrupt-cells. Only MSI
            // controllers carry it, and Xen keeps the host's ITS and GIC for itself.
            {QStringLiteral("msi-ranges"), QStringLiteral("MSI controllers only")},
            // PowerPC power management (powerpc/sleep.yaml); not on Arm.
            {QStringLiteral("sleep"), QStringLiteral("PowerPC only")},
        };
        const QHash<QString, QStringList> patterns = {
            {QStringLiteral("-supply$"), {QStringLiteral("vbat-supply")}},
            {QStringLiteral("^[a-zA-Z0-9-]+-supply$"), {QStringLiteral("vdd-io-supply")}},
            {QStringLiteral("(?<!,nr)-gpios?$"), {QStringLiteral("reset-gpios"), QStringLiteral("enable-gpio")}},
            {QStringLiteral("pinctrl-[0-9]"), {QStringLiteral("pinctrl-0"), QStringLiteral("pinctrl-9")}},
        };
        QFile file(testsupport::dataPath(QStringLiteral("phandle-properties.txt")));
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        int names = 0;
        QStringList unknown;
        while (!file.atEnd()) {
            const QString line = QString::fromUtf8(file.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            const QString name = line.section(QLatin1Char('\t'), 0, 0);
            const QString args = line.section(QLatin1Char('\t'), 2, 2);
            ++names;
            if (leftOut.contains(name))
                continue;
            bindings::PhandleList list;
            for (const QString &example : patterns.value(name, {name}))
                if (!bindings::phandleListFor(example, &list))
                    unknown.append(example);
                // A list whose schema fixes the cells of each entry ("args=N") is read with N
                // arguments after each phandle and no cells property (gpio-ranges: 3).
                else if (args.startsWith(QLatin1String("args=")) && args != QLatin1String("args=?")
                         && (list.cellsName || list.fixedCells != args.mid(5).toInt()))
                    unknown.append(example + QStringLiteral(" (not ") + args + QLatin1Char(')'));
        }
        QVERIFY2(names > 100, qPrintable(QString::number(names))); // 130 in Linux 6.1
        QVERIFY2(unknown.isEmpty(), qPrintable(QStringLiteral("not read as references: ") + unknown.join(QStringLiteral(", "))));
    }

    // A bus-master class is a guess from the node name (before '@') and the compatibles, in any
    // case; when several classes appear, the one listed first in the builder's table wins (usb
    // before dwc3, codec before video). Expected classes read off the table by hand.
    void dmaHintByClassName()
    {
        BUILD(m, dts(QStringLiteral(R"(
    USB@9000000 { compatible = "snps,dwc3"; reg = <0x0 0x9000000 0x0 0x1000>; };
    vcodec@9010000 { compatible = "acme,video-codec"; reg = <0x0 0x9010000 0x0 0x1000>; };
    serial@9020000 { compatible = "acme,uart-pcie"; reg = <0x0 0x9020000 0x0 0x1000>; };
    timer@9030000 { compatible = "acme,ti", "acme,ufx"; reg = <0x0 0x9030000 0x0 0x1000>; };
    ethernet@9040000 { reg = <0x0 0x9040000 0x0 0x1000>; dma-coherent; };
    controller { compatible = "acme,usb"; };
    hub@9050000 { compatible = "acme,XHCİ"; reg = <0x0 0x9050000 0x0 0x1000>; };)")));
        const auto reasons = [](const Node *n) { return n->dma.reasons().join(QLatin1String("; ")); };
        NODE(usb, m, "/USB@9000000");
        QVERIFY(usb->dma.likely && usb->dma.byClassOnly);
        QCOMPARE(reasons(usb), QStringLiteral("looks like a bus-master class (usb)"));
        NODE(vcodec, m, "/vcodec@9010000");
        QCOMPARE(reasons(vcodec), QStringLiteral("looks like a bus-master class (codec)"));
        NODE(serial, m, "/serial@9020000");
        QCOMPARE(reasons(serial), QStringLiteral("looks like a bus-master class (pcie)"));
        NODE(timer, m, "/timer@9030000"); // "ufx" is not "ufs", "ti" is no class
        QVERIFY(!timer->dma.likely);
        QVERIFY(reasons(timer).isEmpty());
        NODE(eth, m, "/ethernet@9040000"); // evidence first, then the class
        QVERIFY(eth->dma.likely && !eth->dma.byClassOnly);
        QCOMPARE(reasons(eth), QStringLiteral("is marked dma-coherent; looks like a bus-master class (ethernet)"));
        NODE(controller, m, "/controller"); // no reg: no class guess
        QVERIFY(!controller->dma.likely);
        NODE(hub, m, "/hub@9050000"); // lower-cased by Unicode's rules: "İ" is "i" and a dot
        QCOMPARE(reasons(hub), QStringLiteral("looks like a bus-master class (xhci)"));
    }
};

QTEST_GUILESS_MAIN(TestDtsCorners)
#include "tst_dtscorners.moc"
