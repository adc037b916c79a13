// SPDX-License-Identifier: GPL-2.0-or-later
// core/pictures.h: the facts the studio's Audit, Memory map and IRQ map draw. Expected values are
// read by hand from the DTS in each test (or from tests/data's boards, decompiled with dtc).
#include "analysis.h"
#include "pictures.h"
#include "testsupport.h"

#include <QtTest>

using namespace devassign;
using namespace devassign::pictures;

namespace {

HostModelPtr fromDts(const QString &body)
{
    return testsupport::gicv3Model(
        QStringLiteral("    memory@40000000 { device_type = \"memory\"; reg = <0x0 0x40000000 0x0 0x40000000>; };\n") + body);
}

// Two UARTs in one 4 KiB page (0x9000000 and 0x9000800) on one SPI (5), a timer on PPI 14, a
// device on SPI 0 (GIC id 32, the guest's vPL011 SPI), and a UART alone in the next page.
const char *const kSharingBoard = R"(
    uart0: serial@9000000 { compatible = "arm,pl011"; reg = <0x0 0x9000000 0x0 0x100>; interrupts = <0 5 4>; };
    uart1: serial@9000800 { compatible = "arm,pl011"; reg = <0x0 0x9000800 0x0 0x100>; interrupts = <0 5 4>; };
    serial@9001000 { compatible = "arm,pl011"; reg = <0x0 0x9001000 0x0 0x1000>; interrupts = <0 0 4>; };
    timer { compatible = "arm,armv8-timer"; interrupts = <1 14 4>; };
    watchdog@9002000 { compatible = "arm,sbsa-gwdt"; reg = <0x0 0x9002000 0x0 0x1000>; interrupts = <1 9 4>; };
)";

Project projectOf(const QList<QPair<QString, QStringList>> &domains)
{
    return testsupport::projectWith(domains);
}

const IrqLine *lineOf(const QVector<IrqLine> &lines, quint32 irq)
{
    for (const IrqLine &l : lines)
        if (l.irq == irq)
            return &l;
    return nullptr;
}

} // namespace

class TestPictures : public QObject
{
    Q_OBJECT
private slots:
    void sharedPagesByArithmetic();
    void sharedPageOnBoard();
    void irqClashes();
    void xenKeepsItsOwnOnTheMaps();
    void guestMapRelocatesOutOfXensLayout();
    void staticMemoryAndBootModulesOnTheHostMap();
    void auditOnJuno();
};

// Regions by hand: the shared pages are the whole pages both owners' registers touch.
void TestPictures::sharedPagesByArithmetic()
{
    const QVector<HostRegion> regions = {
        {HostRegionKind::Device, QStringLiteral("/a"), QStringLiteral("d1"), 0x1000, 0x100},
        {HostRegionKind::Device, QStringLiteral("/b"), kDom0, 0x1800, 0x100},       // same page as /a
        {HostRegionKind::Device, QStringLiteral("/c"), QStringLiteral("d1"), 0x2000, 0x2000},
        {HostRegionKind::Device, QStringLiteral("/d"), QStringLiteral("d1"), 0x3000, 0x10}, // same owner as /c
        {HostRegionKind::Device, QStringLiteral("/e"), QStringLiteral("d2"), 0x10000, 0x3000},
        {HostRegionKind::Device, QStringLiteral("/f"), kDom0, 0x11ff0, 0x20},       // pages 0x11000 and 0x12000
        {HostRegionKind::Ram, QStringLiteral("RAM bank 0"), QString(), 0x0, 0x100000}, // RAM is no device
        // Hostile: the end wraps past 2^64, or lies in the last page; never shared, never a huge range.
        {HostRegionKind::Device, QStringLiteral("/g"), QStringLiteral("d3"), 0xfffffffffffff800ULL, 0x1000},
        {HostRegionKind::Device, QStringLiteral("/h"), kDom0, 0xfffffffffffff000ULL, 0x10},
    };
    const QVector<SharedRange> shared = sharedPages(regions);
    QCOMPARE(shared.size(), 2);
    QCOMPARE(shared[0].address, quint64(0x1000));
    QCOMPARE(shared[0].size, quint64(0x1000));
    QCOMPARE(shared[0].owners, (QStringList{QStringLiteral("d1"), kDom0}));
    QCOMPARE(shared[0].nodes, (QStringList{QStringLiteral("/a"), QStringLiteral("/b")}));
    QCOMPARE(shared[1].address, quint64(0x11000));
    QCOMPARE(shared[1].size, quint64(0x2000));
    QCOMPARE(shared[1].owners, (QStringList{QStringLiteral("d2"), kDom0}));
}

void TestPictures::sharedPageOnBoard()
{
    const HostModelPtr model = fromDts(QString::fromLatin1(kSharingBoard));
    const Project p = projectOf({{QStringLiteral("a"), {QStringLiteral("/serial@9000000")}},
                                 {QStringLiteral("b"), {QStringLiteral("/serial@9000800")}}});
    const Analysis analysis = analyze(*model, p);
    const MemoryPicture memory = memoryPicture(*model, p, analysis);
    QCOMPARE(memory.shared.size(), 1);
    QCOMPARE(memory.shared[0].address, quint64(0x9000000));
    QCOMPARE(memory.shared[0].size, quint64(0x1000));
    QCOMPARE(memory.shared[0].owners, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    // The host map: the RAM bank from /memory, each UART with its owner, the third UART with dom0.
    int ram = 0;
    QString ownerOfThird;
    for (const HostRegion &r : memory.host) {
        ram += r.kind == HostRegionKind::Ram && r.address == 0x40000000 && r.size == 0x40000000;
        if (r.what == QLatin1String("/serial@9001000"))
            ownerOfThird = r.owner;
    }
    QCOMPARE(ram, 1);
    QCOMPARE(ownerOfThird, kDom0);

    // The audit draws the analysis' shared-page and irq-shared findings as links between the two.
    const AuditPicture audit = auditPicture(*model, p, analysis);
    QCOMPARE(audit.columns, (QStringList{kDom0, QStringLiteral("a"), QStringLiteral("b")}));
    QSet<QString> links;
    for (const AuditLink &l : audit.links)
        links.insert(QStringLiteral("%1 %2 %3 %4").arg(linkKindName(l.kind), l.rule, l.from, l.to));
    QVERIFY2(links.contains(QStringLiteral("page shared-page /serial@9000800 /serial@9000000")), qPrintable(QStringList(links.values()).join('\n')));
    QVERIFY2(links.contains(QStringLiteral("irq irq-shared /serial@9000800 /serial@9000000")), qPrintable(QStringList(links.values()).join('\n')));
    for (const AuditLink &l : audit.links)
        QCOMPARE(l.severity, Severity::Error); // both rules are errors (rules.json)
}

void TestPictures::irqClashes()
{
    const HostModelPtr model = fromDts(QString::fromLatin1(kSharingBoard));
    const Project p = projectOf({{QStringLiteral("a"), {QStringLiteral("/serial@9000000"), QStringLiteral("/serial@9001000")}},
                                 {QStringLiteral("w"), {QStringLiteral("/watchdog@9002000")}}});
    const QVector<IrqLine> lines = irqPicture(*model, p, analyze(*model, p));
    // SPI 5 = GIC id 37: uart0 in a, uart1 stays with dom0.
    const IrqLine *spi5 = lineOf(lines, 37);
    QVERIFY(spi5);
    QCOMPARE(spi5->users.size(), 2);
    QCOMPARE(spi5->clashes, QStringList{QStringLiteral("shared")});
    // SPI 0 = GIC id 32 = GUEST_VPL011_SPI, and domain a has a vPL011 (the default).
    const IrqLine *spi0 = lineOf(lines, 32);
    QVERIFY(spi0);
    QCOMPARE(spi0->clashes, QStringList{QStringLiteral("vPL011")});
    // PPI 9 = GIC id 25 on the watchdog of w: a PPI on a guest's device.
    const IrqLine *ppi9 = lineOf(lines, 25);
    QVERIFY(ppi9);
    QCOMPARE(ppi9->type, IrqType::Ppi);
    QCOMPARE(ppi9->clashes, QStringList{QStringLiteral("PPI")});
    // PPI 14 = GIC id 30, the timer: dom0 only, no clash.
    const IrqLine *ppi14 = lineOf(lines, 30);
    QVERIFY(ppi14);
    QVERIFY(ppi14->clashes.isEmpty());
    QCOMPARE(ppi14->users.front().owner, kDom0);
}

// What no domain has is dom0's, except what Xen keeps (handle_node in xen/arch/arm/domain_build.c
// gives dom0 neither the GIC nor a node marked DOMID_XEN, as pl011.c marks its console UART): the
// GIC's frames and the console's registers are Xen's, and of the console's interrupts only the
// first (platform_get_irq(dev, 0)) is; its second is nobody's.
void TestPictures::xenKeepsItsOwnOnTheMaps()
{
    const HostModelPtr model = fromDts(QStringLiteral(R"(
    chosen { stdout-path = "/serial@9000000"; };
    serial@9000000 { compatible = "arm,pl011"; reg = <0x0 0x9000000 0x0 0x1000>; interrupts = <0 20 4>, <0 21 4>; };
    serial@9010000 { compatible = "arm,pl011"; reg = <0x0 0x9010000 0x0 0x1000>; interrupts = <0 22 4>; };
    rtc@9020000 { compatible = "arm,pl031"; reg = <0x0 0x9020000 0x0 0x1000>; interrupts = <0 23 4>; };
)"));
    const Project p = projectOf({{QStringLiteral("a"), {QStringLiteral("/rtc@9020000")}}});
    const Analysis analysis = analyze(*model, p);
    QHash<QString, QStringList> owners;
    for (const HostRegion &r : memoryPicture(*model, p, analysis).host)
        if (r.kind == HostRegionKind::Device)
            owners[r.what].append(r.owner);
    QCOMPARE(owners.value(QStringLiteral("/interrupt-controller@8000000")), (QStringList{kXen, kXen})); // both frames
    QCOMPARE(owners.value(QStringLiteral("/serial@9000000")), QStringList{kXen});
    QCOMPARE(owners.value(QStringLiteral("/serial@9010000")), QStringList{kDom0});
    QCOMPARE(owners.value(QStringLiteral("/rtc@9020000")), QStringList{QStringLiteral("a")});

    const QVector<IrqLine> lines = irqPicture(*model, p, analysis);
    const IrqLine *spi20 = lineOf(lines, 52); // SPI n = GIC id 32 + n
    QVERIFY(spi20);
    QCOMPARE(spi20->users.size(), 1);
    QCOMPARE(spi20->users.front().owner, kXen);
    QVERIFY(!lineOf(lines, 53));
    QCOMPARE(lineOf(lines, 54)->users.front().owner, kDom0);
    QCOMPARE(lineOf(lines, 55)->users.front().owner, QStringLiteral("a"));
}

// juno-r2-scmi's hdlcd@7ff60000 (0x7ff60000, 4 KiB) lies in Xen's GUEST_RAM0 (1 GiB at 0x40000000,
// xen/include/public/arch-arm.h): the planner moves its window; the picture shows where, and no clash.
void TestPictures::guestMapRelocatesOutOfXensLayout()
{
    const HostModelPtr model = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    const Project p = projectOf({{QStringLiteral("display"), {QStringLiteral("/hdlcd@7ff60000")}}});
    const MemoryPicture memory = memoryPicture(*model, p, analyze(*model, p));
    QCOMPARE(memory.guests.size(), 1);
    const GuestMap &g = memory.guests.front();
    QCOMPARE(g.domain, QStringLiteral("display"));
    int windows = 0;
    bool vpl011 = false;
    for (const GuestEntry &e : g.entries) {
        vpl011 = vpl011 || (e.what == QLatin1String("vPL011") && e.address == 0x22000000 && e.size == 0x1000);
        if (!e.device)
            continue;
        ++windows;
        QCOMPARE(e.what, QStringLiteral("/hdlcd@7ff60000"));
        QCOMPARE(e.hostAddress, quint64(0x7ff60000));
        QCOMPARE(e.size, quint64(0x1000));
        QVERIFY(!(e.address >= 0x40000000 && e.address < 0x100000000ULL)); // out of RAM bank 0
        QVERIFY2(e.clash.isEmpty(), qPrintable(e.clash));
    }
    QCOMPARE(windows, 1);
    QVERIFY(vpl011);
    // Xen's 3 GiB RAM bank 0 slot (GUEST_RAM0_BASE/SIZE) is layout; the domain's 256 MiB (the
    // default memory) fill it from its base, as allocate_memory does.
    bool slot = false, used = false, bank1 = false;
    for (const GuestEntry &e : g.entries) {
        slot = slot || (e.what == QLatin1String("bank 0 slot (guest RAM up to 3G)") && e.address == 0x40000000 && e.size == 0xc0000000);
        used = used || (e.what == QLatin1String("RAM 256M (bank 0)") && e.address == 0x40000000 && e.size == 256ULL << 20);
        bank1 = bank1 || (e.what.startsWith(QLatin1String("RAM")) && e.what.endsWith(QLatin1String("(bank 1)")));
    }
    QVERIFY(slot);
    QVERIFY(used);
    QVERIFY(!bank1); // 256 MiB fit in bank 0
    // The host map has juno's two RAM banks (memory@80000000: 0x80000000 + 0x7f000000, 0x880000000 + 0x180000000).
    QVector<QPair<quint64, quint64>> ram;
    for (const HostRegion &r : memory.host)
        if (r.kind == HostRegionKind::Ram)
            ram.append({r.address, r.size});
    QCOMPARE(ram, (QVector<QPair<quint64, quint64>>{{0x80000000, 0x7f000000}, {0x880000000ULL, 0x180000000ULL}}));
}

// A dom0less domain with a 16 MiB xen,static-mem bank at 0x52000000 on a board with 1 GiB of RAM at
// 0x40000000. The export places modules from RAM start + 256 MiB (0x50000000), 2 MiB aligned, clear
// of static memory (core/export/dom0less.cpp): the 37 MiB + 5 kernel would end at 0x52500005,
// inside the bank, so it goes to the bank's end, 0x53000000; the ramdisk (3 MiB + 17) after it at
// align(0x55500005) = 0x55600000; the partial DTB at align(0x55900011) = 0x55a00000.
void TestPictures::staticMemoryAndBootModulesOnTheHostMap()
{
    const HostModelPtr model = fromDts(QString::fromLatin1(kSharingBoard));
    Project p = projectOf({{QStringLiteral("rtc"), {QStringLiteral("/serial@9001000")}}});
    DomainConfig &d = p.domains.front();
    d.kernel = QStringLiteral("/images/Image");
    d.ramdisk = QStringLiteral("/images/initrd.cpio");
    d.memoryKiB = 16 * 1024;
    d.staticMemory = {{0x52000000, 0x1000000}};
    const Analysis analysis = analyze(*model, p);
    ExportContext ctx(model.get(), &p, &analysis, QStringLiteral("/work/p.devassign.json"));
    ctx.fileSizes.insert(QStringLiteral("/images/Image"), 37 * 1024 * 1024 + 5);
    ctx.fileSizes.insert(QStringLiteral("/images/initrd.cpio"), 3 * 1024 * 1024 + 17);
    QString error;
    const QVector<BootModule> modules = dom0lessBootModules(ctx, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(modules.size(), 3);
    QCOMPARE(modules[0].kind, QStringLiteral("kernel"));
    QCOMPARE(modules[0].address, quint64(0x53000000));
    QCOMPARE(modules[1].kind, QStringLiteral("ramdisk"));
    QCOMPARE(modules[1].address, quint64(0x55600000));
    QCOMPARE(modules[2].kind, QStringLiteral("device-tree"));
    QCOMPARE(modules[2].address, quint64(0x55a00000));
    QVERIFY(modules[2].size > 0 && modules[2].size < 4096); // one PL011 node

    const MemoryPicture memory = memoryPicture(*model, p, analysis, modules);
    QStringList inRam;
    for (const HostRegion &r : memory.host)
        if (r.kind == HostRegionKind::StaticMemory || r.kind == HostRegionKind::BootModule)
            inRam << QStringLiteral("%1 %2 %3+%4").arg(r.owner, r.what.section(QLatin1Char(' '), 0, 0)).arg(r.address, 0, 16).arg(r.size, 0, 16);
    QCOMPARE(inRam, (QStringList{QStringLiteral("rtc xen,static-mem 52000000+1000000"), QStringLiteral("rtc kernel 53000000+2500005"),
                                 QStringLiteral("rtc ramdisk 55600000+300011"),
                                 QStringLiteral("rtc device-tree 55a00000+%1").arg(modules[2].size, 0, 16)}));
    // Without the sizes, nothing is guessed: no modules (the kernel's size is unknown).
    ctx.fileSizes.clear();
    QVERIFY(dom0lessBootModules(ctx, &error).isEmpty());
    QVERIFY2(error.contains(QLatin1String("size unknown")), qPrintable(error));
}

// juno-r2-scmi: both HDLCDs use SCMI clock 3 (clocks = <&scmi_clk 3>, protocol@14) and each sits
// behind its own MMU-401, a compatible Xen 4.17's SMMU driver matches (arm_smmu_of_match in
// xen/drivers/passthrough/arm/smmu.c). The PL011 has no IOMMU and no DMA.
void TestPictures::auditOnJuno()
{
    const HostModelPtr model = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    const Project p = projectOf({{QStringLiteral("display"), {QStringLiteral("/hdlcd@7ff60000")}},
                                 {QStringLiteral("display2"), {QStringLiteral("/hdlcd@7ff50000")}},
                                 {QStringLiteral("console"), {QStringLiteral("/serial@7ff80000")}}});
    const AuditPicture audit = auditPicture(*model, p, analyze(*model, p));
    QCOMPARE(audit.columns, (QStringList{kDom0, QStringLiteral("display"), QStringLiteral("display2"), QStringLiteral("console")}));
    QCOMPARE(audit.cards.size(), 3);
    const AuditCard *hdlcd = audit.card(QStringLiteral("/hdlcd@7ff60000"));
    QVERIFY(hdlcd);
    QCOMPARE(hdlcd->column, QStringLiteral("display"));
    QCOMPARE(hdlcd->protection, xen::Protection::ByXen);
    QCOMPARE(hdlcd->scmi, QStringList{QStringLiteral("clock 3")});
    const AuditCard *serial = audit.card(QStringLiteral("/serial@7ff80000"));
    QVERIFY(serial);
    QCOMPARE(serial->protection, xen::Protection::None);
    QVERIFY(serial->forced);        // no DMA: passed with xen,force-assign-without-iommu
    QVERIFY(!serial->acknowledged);
    QVERIFY(serial->scmi.isEmpty());
    QCOMPARE(audit.links.size(), 1);
    QCOMPARE(audit.links[0].kind, LinkKind::Scmi);
    QCOMPARE(audit.links[0].rule, QStringLiteral("scmi-resource-shared"));
    QCOMPARE(QSet<QString>({audit.links[0].from, audit.links[0].to}),
             QSet<QString>({QStringLiteral("/hdlcd@7ff50000"), QStringLiteral("/hdlcd@7ff60000")}));
}

QTEST_GUILESS_MAIN(TestPictures)
#include "tst_pictures.moc"
