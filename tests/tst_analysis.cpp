// SPDX-License-Identifier: GPL-2.0-or-later
// The per-domain plan on real board DTBs (tests/data) and on hand-made trees: guest addresses,
// page windows, interrupts, IOMMU verdicts, dependency actions, SCMI and nr_spis.

#include "analysis.h"
#include "planner.h"
#include "testsupport.h"

#include <QtTest>

using namespace devassign;

namespace {

DomainConfig domain(const QString &name, const QStringList &devices)
{
    DomainConfig d;
    d.name = name;
    d.kernel = QStringLiteral("Image");
    d.devices = devices;
    return d;
}

Project project(const HostModel &model, const QVector<DomainConfig> &domains)
{
    Project p;
    p.hostDtb = model.sourceName();
    p.hostDtbSha256 = model.sha256();
    p.domains = domains;
    return p;
}

const DevicePlan &device(const Analysis &a, const QString &domainName, const QString &path)
{
    const DomainPlan *dp = a.domain(domainName);
    if (!dp)
        qFatal("no plan for domain %s", qPrintable(domainName));
    for (const DevicePlan &d : dp->devices)
        if (d.hostPath == path)
            return d;
    qFatal("no plan for %s in %s", qPrintable(path), qPrintable(domainName));
}

QVector<Diagnostic> diagnostics(const Analysis &a, const QString &rule)
{
    QVector<Diagnostic> out;
    for (const Diagnostic &d : a.diagnostics)
        if (d.rule == rule)
            out.append(d);
    return out;
}

const DependencyPlan *dependency(const DevicePlan &dev, const QString &property, const QString &provider)
{
    for (const DependencyPlan &d : dev.dependencies)
        if (d.property == property && d.provider == provider)
            return &d;
    return nullptr;
}

HostModelPtr fromDts(const QString &body)
{
    return testsupport::gicv3Model(body);
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private slots:
    void virtPl031Plan();
    void virtTwoDomainsClean();
    void junoSmmuProtectedWithScmi();
    void junoOhciEhciShareAStreamId();
    void rk3568GpuGetsScmiShmem();
    void zynqmpDisabledSmmu();
    void zynqmpUartRelocatedUnlessDirectMapped();
    void rk3568RockchipIommuIsNotProtection();
    void devicesSharingAPageMoveTogether();
    void regionsMergeIntoPageWindows();
    void espiSetsNrSpis();
    void copiedFixedClockBringsItsParent();
    void guestMemoryMapFollowsGicVersion();
    void virtVirtioMmioSharesItsPageWithDom0();
    void junoOhciAloneSharesAStreamIdWithDom0();
    void junoKmisShareAnInterrupt();
    void rk3568CodecSharesAPageWithItsIommu();
    void childDevicesArePlannedWithTheirParent();
    void childDevicesZynqmpUsb0();
    void severityNames();
    void bulkDecisionsOnSc7280Sdhci();
};

void TestAnalysis::virtPl031Plan()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const QString rtc = QStringLiteral("/pl031@9010000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("rtc"), {rtc})}));
    QVERIFY(!a.hostDtbChanged);
    QCOMPARE(a.domains.size(), 1);
    const DomainPlan &dp = a.domains[0];
    QCOMPARE(dp.config.name, QStringLiteral("rtc"));
    const DevicePlan &d = device(a, QStringLiteral("rtc"), rtc);
    QCOMPARE(d.regions.size(), 1);
    QCOMPARE(d.regions[0].hostAddress, 0x9010000ULL);
    QCOMPARE(d.regions[0].guestAddress, 0x9010000ULL); // 1:1: a hole in Xen's guest map
    QCOMPARE(d.regions[0].size, 0x1000ULL);
    QCOMPARE(d.mmio.size(), 1);
    QCOMPARE(d.mmio[0].hostAddress, 0x9010000ULL);
    QCOMPARE(d.mmio[0].guestAddress, 0x9010000ULL);
    QCOMPARE(d.mmio[0].size, 0x1000ULL);
    QCOMPARE(d.interrupts.size(), 1);
    QCOMPARE(*d.interrupts[0].irq, 34u);
    QCOMPARE(dp.irqs, QVector<quint32>{34});
    QCOMPARE(dp.nrSpis, 0);
    QVERIFY(!d.iommuProtected);
    QVERIFY(d.forceWithoutIommu); // not a DMA master: no acknowledgement needed
    QCOMPARE(d.dependencies.size(), 1);
    QCOMPARE(d.dependencies[0].property, QStringLiteral("clocks"));
    QCOMPARE(d.dependencies[0].provider, QStringLiteral("/apb-pclk"));
    QCOMPARE(d.dependencies[0].action, DependencyAction::Copy);
    QVERIFY(d.dependencies[0].contextPath.isEmpty());
    QVERIFY(!dp.needsScmi);
    QCOMPARE(a.errorCount(), 0);
    QCOMPARE(a.count(Severity::Warning), 0);
    QCOMPARE(diagnostics(a, QStringLiteral("passed-without-iommu")).size(), 1);
}

void TestAnalysis::virtTwoDomainsClean()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("rtc"), {QStringLiteral("/pl031@9010000")}),
                                                domain(QStringLiteral("gpio"), {QStringLiteral("/pl061@9030000")})}));
    QCOMPARE(a.errorCount(), 0);
    // One warning: QEMU's /gpio-keys/poweroff (gpios = <&pl061 3 0>) stays with dom0 and loses its
    // GPIO controller (provider-used-by-dom0).
    QCOMPARE(a.count(Severity::Warning), 1);
    const auto used = diagnostics(a, QStringLiteral("provider-used-by-dom0"));
    QCOMPARE(used.size(), 1);
    QCOMPARE(used[0].node, QStringLiteral("/pl061@9030000"));
    QVERIFY2(used[0].message.contains(QLatin1String("(/gpio-keys/poweroff; by gpios)")), qPrintable(used[0].message));
    QCOMPARE(a.domain(QStringLiteral("gpio"))->irqs, QVector<quint32>{39});
    // The shared /apb-pclk fixed clock is copied into both partial DTBs.
    QCOMPARE(device(a, QStringLiteral("gpio"), QStringLiteral("/pl061@9030000")).dependencies[0].action,
             DependencyAction::Copy);
}

void TestAnalysis::junoSmmuProtectedWithScmi()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    const QString hdlcd = QStringLiteral("/hdlcd@7ff50000");
    // The SMMU in front of the HDLCD is enabled on Juno (no status property) and is an MMU-401.
    const Node *smmu = m->node(QStringLiteral("/iommu@7fb10000"));
    QVERIFY(smmu && smmu->enabled);
    QVERIFY(smmu->compatible.contains(QStringLiteral("arm,mmu-401")));

    Project p = project(*m, {domain(QStringLiteral("disp"), {hdlcd})});
    p.platform.xen = xen::Release::Xen421; // SCMI for a guest: 4.21 and later
    const Analysis a = analyze(*m, p);
    const DevicePlan &d = device(a, QStringLiteral("disp"), hdlcd);
    QVERIFY(d.iommuProtected);
    QVERIFY(!d.forceWithoutIommu);
    QVERIFY(diagnostics(a, QStringLiteral("dma-without-iommu")).isEmpty());
    QVERIFY(diagnostics(a, QStringLiteral("passed-without-iommu")).isEmpty());
    // 0x7ff50000 lies in guest RAM bank 0: relocated to the first hole at 16 MiB.
    QCOMPARE(d.mmio[0].guestAddress, 0x1000000ULL);
    QCOMPARE(d.regions[0].guestAddress, 0x1000000ULL);
    QCOMPARE(diagnostics(a, QStringLiteral("guest-map-clash")).size(), 1);
    // SCMI clock 3: the domain needs SCMI; the protocol node is copied with its parents.
    const DomainPlan *dp = a.domain(QStringLiteral("disp"));
    QVERIFY(dp->needsScmi);
    QCOMPARE(dp->scmi.size(), 1);
    QCOMPARE(dp->scmi[0].protocol, 0x14u);
    QCOMPARE(dp->scmi[0].id, 3u);
    const DependencyPlan *clk = dependency(d, QStringLiteral("clocks"), QStringLiteral("/firmware/scmi/protocol@14"));
    QVERIFY(clk);
    QCOMPARE(clk->action, DependencyAction::Copy);
    QCOMPARE(clk->contextPath, (QStringList{QStringLiteral("/firmware"), QStringLiteral("/firmware/scmi")}));
    QVERIFY(!dependency(d, QStringLiteral("iommus"), QStringLiteral("/iommu@7fb10000"))); // Xen's business
    // Juno's SCMI agent is a mailbox ("arm,scmi"): Xen cannot forward it, so the only error is
    // scmi-transport-not-forwardable, and no shmem page is mapped into the guest.
    QCOMPARE(a.errorCount(), 1);
    const auto transport = diagnostics(a, QStringLiteral("scmi-transport-not-forwardable"));
    QCOMPARE(transport.size(), 1);
    QCOMPARE(transport[0].node, QStringLiteral("/firmware/scmi"));
    QCOMPARE(transport[0].related, QStringList{hdlcd});
    QVERIFY(dp->scmiShmem.isEmpty());
}

void TestAnalysis::rk3568GpuGetsScmiShmem()
{
    // Rock 3A: /firmware/scmi is arm,scmi-smc (arm,smc-id 0x82000010) with its 0x100-byte shmem at
    // 0x10f000 in an mmio-sram; the GPU's clock is SCMI clock 1.
    const HostModelPtr m = testsupport::loadData(QStringLiteral("rk3568-rock-3a.dtb"));
    const QString gpu = QStringLiteral("/gpu@fde60000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("gfx"), {gpu})}));
    const DomainPlan *dp = a.domain(QStringLiteral("gfx"));
    QVERIFY(dp->needsScmi);
    QVERIFY(diagnostics(a, QStringLiteral("scmi-transport-not-forwardable")).isEmpty());
    QCOMPARE(dp->scmiShmem.size(), 1);
    const DevicePlan &shm = dp->scmiShmem[0];
    QCOMPARE(shm.hostPath, QStringLiteral("/sram@10f000/sram@0"));
    QCOMPARE(shm.regions.size(), 1);
    QCOMPARE(shm.regions[0].hostAddress, 0x10f000ULL);
    QCOMPARE(shm.regions[0].size, 0x100ULL);
    // Below Xen's guest map (virtio-mmio starts at 0x2000000): mapped 1:1, one whole page.
    QCOMPARE(shm.mmio.size(), 1);
    QCOMPARE(shm.mmio[0].hostAddress, 0x10f000ULL);
    QCOMPARE(shm.mmio[0].guestAddress, 0x10f000ULL);
    QCOMPARE(shm.mmio[0].size, 0x1000ULL);
    QVERIFY(shm.forceWithoutIommu);
    // The rounded-out page is reported for the shmem like for a device.
    bool unaligned = false;
    for (const Diagnostic &d : diagnostics(a, QStringLiteral("mmio-unaligned")))
        unaligned = unaligned || d.node == shm.hostPath;
    QVERIFY(unaligned);
}

void TestAnalysis::junoOhciEhciShareAStreamId()
{
    // Juno's OHCI and EHCI both master through stream id 0 of the SMMU at 0x7fb30000.
    const HostModelPtr m = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    const QString ohci = QStringLiteral("/usb@7ffb0000");
    const QString ehci = QStringLiteral("/usb@7ffc0000");
    const Analysis split = analyze(*m, project(*m, {domain(QStringLiteral("a"), {ohci}),
                                                    domain(QStringLiteral("b"), {ehci})}));
    const auto d = diagnostics(split, QStringLiteral("stream-id-split"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].node, ehci);
    QVERIFY2(d[0].message.contains(QStringLiteral("stream id 0x0 on /iommu@7fb30000")), qPrintable(d[0].message));
    QVERIFY(device(split, QStringLiteral("a"), ohci).iommuProtected);

    const Analysis together = analyze(*m, project(*m, {domain(QStringLiteral("a"), {ohci, ehci})}));
    QVERIFY(diagnostics(together, QStringLiteral("stream-id-split")).isEmpty());
    QCOMPARE(together.errorCount(), 0);
    // Both use the /clk48mhz fixed clock: copied.
    QCOMPARE(dependency(device(together, QStringLiteral("a"), ehci), QStringLiteral("clocks"),
                        QStringLiteral("/clk48mhz"))->action,
             DependencyAction::Copy);
}

void TestAnalysis::zynqmpDisabledSmmu()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("zynqmp-zcu102-rev1.0.dtb"));
    const QString dma = QStringLiteral("/axi/dma-controller@fd500000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("d"), {dma})}));
    const DevicePlan &d = device(a, QStringLiteral("d"), dma);
    QVERIFY(!d.iommuProtected);
    QVERIFY(!d.forceWithoutIommu);
    const auto e = diagnostics(a, QStringLiteral("dma-without-iommu"));
    QCOMPARE(e.size(), 1);
    QVERIFY2(e[0].message.contains(QStringLiteral("/axi/iommu@fd800000 (arm,mmu-500) is disabled")),
             qPrintable(e[0].message));
    QVERIFY(e[0].message.contains(QStringLiteral("DMA controller")));
    QCOMPARE(a.errorCount(), 1);
}

void TestAnalysis::zynqmpUartRelocatedUnlessDirectMapped()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("zynqmp-zcu102-rev1.0.dtb"));
    const QString uart = QStringLiteral("/axi/serial@ff000000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("u"), {uart})}));
    const DevicePlan &d = device(a, QStringLiteral("u"), uart);
    QCOMPARE(d.mmio[0].hostAddress, 0xff000000ULL);
    QCOMPARE(d.mmio[0].guestAddress, 0x1000000ULL);
    QCOMPARE(d.regions[0].guestAddress, 0x1000000ULL);
    QCOMPARE(a.domain(QStringLiteral("u"))->irqs, QVector<quint32>{53});
    const auto info = diagnostics(a, QStringLiteral("guest-map-clash"));
    QCOMPARE(info.size(), 1);
    QVERIFY2(info[0].message.contains(QStringLiteral("RAM bank 0 (0x40000000-0xffffffff)")),
             qPrintable(info[0].message));
    QVERIFY(info[0].message.contains(QStringLiteral("host 0xff000000-0xff000fff at guest 0x1000000")));
    // The firmware clock controller, power domain and pin group stay with Xen/dom0: dropped; the
    // clock and power domain warned, the pin group (pinctrl-0 = <&pinctrl_uart0_default>) said
    // once as the pinctrl default (info).
    const auto deps = diagnostics(a, QStringLiteral("dependency-not-in-domain"));
    QCOMPARE(deps.size(), 2);
    const auto pins = diagnostics(a, QStringLiteral("pinctrl-left-to-host"));
    QCOMPARE(pins.size(), 1);
    QCOMPARE(pins[0].severity, Severity::Info);
    QCOMPARE(pins[0].node, uart);
    QVERIFY2(pins[0].message.contains(QStringLiteral("(pinctrl-0: /firmware/zynqmp-firmware/pinctrl/uart0-default)")),
             qPrintable(pins[0].message));
    const QStringList dropped = {QStringLiteral("clocks"), QStringLiteral("power-domains"),
                                 QStringLiteral("pinctrl-0")};
    for (const QString &prop : dropped) {
        bool found = false;
        for (const DependencyPlan &dep : d.dependencies)
            if (dep.property == prop) {
                QCOMPARE(dep.action, DependencyAction::Drop);
                found = true;
            }
        QVERIFY2(found, qPrintable(prop));
    }
    QCOMPARE(d.dependencies.size(), 3); // interrupt-parent is not a dependency to copy

    DomainConfig dm = domain(QStringLiteral("u"), {uart});
    dm.directMap = true;
    dm.staticMemory = {{0x60000000, 0x10000000}};
    const Analysis direct = analyze(*m, project(*m, {dm}));
    QCOMPARE(device(direct, QStringLiteral("u"), uart).mmio[0].guestAddress, 0xff000000ULL);
    QVERIFY(diagnostics(direct, QStringLiteral("guest-map-clash")).isEmpty());
}

void TestAnalysis::rk3568RockchipIommuIsNotProtection()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("rk3568-rock-3a.dtb"));
    const QString vpu = QStringLiteral("/video-codec@fdea0400");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("v"), {vpu})}));
    const DevicePlan &d = device(a, QStringLiteral("v"), vpu);
    QVERIFY(!d.iommuProtected);
    QVERIFY(!d.forceWithoutIommu);
    const auto e = diagnostics(a, QStringLiteral("dma-without-iommu"));
    QCOMPARE(e.size(), 1);
    QCOMPARE(e[0].severity, Severity::Error);
    const QString noDriver = QStringLiteral("/iommu@fdea0800 (rockchip,rk3568-iommu) is one Xen 4.17 has no driver for");
    QVERIFY2(e[0].message.contains(noDriver),
             qPrintable(e[0].message));
    // Its 2 KiB region shares a page with the IOMMU itself, which stays outside the domain.
    const auto u = diagnostics(a, QStringLiteral("mmio-unaligned"));
    QCOMPARE(u.size(), 1);
    QVERIFY(u[0].message.contains(QStringLiteral("0xfdea0000-0xfdea0fff (1 page), which also hold /iommu@fdea0800")));
}

void TestAnalysis::devicesSharingAPageMoveTogether()
{
    // Two devices in one page at the guest's vPL011 address, in one domain that is not
    // direct-mapped: one guest page for both, each keeping its offset; in two domains: an error.
    const HostModelPtr m = fromDts(QStringLiteral(R"(
    timer@22000000 { compatible = "test,timer"; reg = <0 0x22000000 0 0x100>; interrupts = <0 60 4>; };
    wdt@22000800 { compatible = "test,wdt"; reg = <0 0x22000800 0 0x100>; interrupts = <0 61 4>; };
)"));
    const QString timer = QStringLiteral("/timer@22000000");
    const QString wdt = QStringLiteral("/wdt@22000800");
    const Analysis one = analyze(*m, project(*m, {domain(QStringLiteral("g"), {timer, wdt})}));
    const DevicePlan &t = device(one, QStringLiteral("g"), timer);
    const DevicePlan &w = device(one, QStringLiteral("g"), wdt);
    QCOMPARE(t.mmio[0].guestAddress, 0x1000000ULL);
    QCOMPARE(w.mmio[0].guestAddress, 0x1000000ULL);
    QCOMPARE(t.regions[0].guestAddress, 0x1000000ULL);
    QCOMPARE(w.regions[0].guestAddress, 0x1000800ULL);
    QVERIFY(diagnostics(one, QStringLiteral("shared-page")).isEmpty());
    QCOMPARE(one.domain(QStringLiteral("g"))->irqs, (QVector<quint32>{92, 93}));

    const Analysis two = analyze(*m, project(*m, {domain(QStringLiteral("a"), {timer}),
                                                  domain(QStringLiteral("b"), {wdt})}));
    const auto e = diagnostics(two, QStringLiteral("shared-page"));
    QCOMPARE(e.size(), 1);
    QCOMPARE(e[0].severity, Severity::Error);
    QVERIFY(e[0].message.contains(QStringLiteral("0x22000000-0x22000fff")));
}

void TestAnalysis::regionsMergeIntoPageWindows()
{
    const HostModelPtr m = fromDts(QStringLiteral(
        "dev@9000000 { compatible = \"test,dev\"; interrupts = <0 3 4>, <0 3 4>;"
        " reg = <0 0x9000000 0 0x100>, <0 0x9000200 0 0x100>, <0 0x9001000 0 0x1000>, <0 0x9005000 0 0x10>; };"));
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("g"), {QStringLiteral("/dev@9000000")})}));
    const DevicePlan &d = device(a, QStringLiteral("g"), QStringLiteral("/dev@9000000"));
    QCOMPARE(d.regions.size(), 4);
    QCOMPARE(d.mmio.size(), 2); // the first three pages touch: one window; the last is apart
    QCOMPARE(d.mmio[0].hostAddress, 0x9000000ULL);
    QCOMPARE(d.mmio[0].size, 0x2000ULL);
    QCOMPARE(d.mmio[1].hostAddress, 0x9005000ULL);
    QCOMPARE(d.mmio[1].size, 0x1000ULL);
    // Both specifiers are kept for the partial DTB, exactly as the host lists them (macb asks for
    // one per queue); xl's irqs lists the id once.
    QCOMPARE(d.interrupts.size(), 2);
    QCOMPARE(d.interrupts[0].irq, std::optional<quint32>(35));
    QCOMPARE(d.interrupts[1].irq, std::optional<quint32>(35));
    QCOMPARE(d.interruptIndex, (QVector<int>{0, 1}));
    QCOMPARE(a.domain(QStringLiteral("g"))->irqs, QVector<quint32>{35});
}

void TestAnalysis::espiSetsNrSpis()
{
    // eSPI 5 = GIC id 4101: beyond the dom0less default (host GIC lines), so nr_spis = 4101 - 32 + 1.
    const HostModelPtr m = fromDts(QStringLiteral(
        "dev@9000000 { compatible = \"test,dev\"; reg = <0 0x9000000 0 0x1000>; interrupts = <2 5 4>, <0 3 4>; };"));
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("g"), {QStringLiteral("/dev@9000000")})}));
    const DomainPlan *dp = a.domain(QStringLiteral("g"));
    QCOMPARE(dp->irqs, (QVector<quint32>{35, 4101}));
    QCOMPARE(dp->nrSpis, 4070);
}

void TestAnalysis::copiedFixedClockBringsItsParent()
{
    // A fixed-factor clock is copied, and with it the fixed clock it divides; an MMIO clock
    // controller behind a fixed-factor clock makes it not simple: dropped.
    const HostModelPtr m = fromDts(QStringLiteral(R"(
    osc: osc { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; };
    div: div { compatible = "fixed-factor-clock"; #clock-cells = <0>; clocks = <&osc>; clock-div = <2>;
        clock-mult = <1>; };
    cru: clock-controller@9070000 { compatible = "test,cru"; reg = <0 0x9070000 0 0x1000>; #clock-cells = <1>; };
    div2: div2 { compatible = "fixed-factor-clock"; #clock-cells = <0>; clocks = <&cru 1>; clock-div = <2>;
        clock-mult = <1>; };
    rtc@9010000 { compatible = "test,rtc"; reg = <0 0x9010000 0 0x1000>; interrupts = <0 2 4>; clocks = <&div>; };
    wdt@9020000 { compatible = "test,wdt"; reg = <0 0x9020000 0 0x1000>; interrupts = <0 3 4>; clocks = <&div2>; };
)"));
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("g"), {QStringLiteral("/rtc@9010000"),
                                                                          QStringLiteral("/wdt@9020000")})}));
    const DevicePlan &rtc = device(a, QStringLiteral("g"), QStringLiteral("/rtc@9010000"));
    QCOMPARE(rtc.dependencies.size(), 2);
    QCOMPARE(dependency(rtc, QStringLiteral("clocks"), QStringLiteral("/div"))->action, DependencyAction::Copy);
    const DependencyPlan *parent = dependency(rtc, QStringLiteral("clocks"), QStringLiteral("/osc"));
    QVERIFY(parent);
    QCOMPARE(parent->action, DependencyAction::Copy);
    QVERIFY(parent->reason.contains(QStringLiteral("needed by /div")));
    const DevicePlan &wdt = device(a, QStringLiteral("g"), QStringLiteral("/wdt@9020000"));
    QCOMPARE(wdt.dependencies.size(), 1);
    QCOMPARE(wdt.dependencies[0].action, DependencyAction::Drop);
    QCOMPARE(diagnostics(a, QStringLiteral("dependency-not-in-domain")).size(), 1);
}

void TestAnalysis::guestMemoryMapFollowsGicVersion()
{
    DomainConfig d;
    auto names = [](const QVector<xen::GuestMapEntry> &map) {
        QStringList out;
        for (const xen::GuestMapEntry &e : map)
            out.append(QLatin1String(e.name));
        return out;
    };
    d.gicVersion = QStringLiteral("v2");
    QVERIFY(names(xen::guestMemoryMap(d)).contains(QStringLiteral("GICv2 CPU interface")));
    QVERIFY(!names(xen::guestMemoryMap(d)).contains(QStringLiteral("GICv3 redistributors")));
    d.gicVersion = QStringLiteral("v3");
    QVERIFY(!names(xen::guestMemoryMap(d)).contains(QStringLiteral("GICv2 CPU interface")));
    d.gicVersion.clear(); // the host's: both reserved
    const QVector<xen::GuestMapEntry> map = xen::guestMemoryMap(d);
    QVERIFY(names(map).contains(QStringLiteral("GICv2 CPU interface")));
    QVERIFY(names(map).contains(QStringLiteral("GICv3 redistributors")));
    // Spot-check the arch-arm.h values.
    for (const xen::GuestMapEntry &e : map) {
        if (QLatin1String(e.name) == QLatin1String("vPL011"))
            QCOMPARE(e.base, 0x22000000ULL);
        if (QLatin1String(e.name) == QLatin1String("RAM bank 1")) {
            QCOMPARE(e.base, 0x200000000ULL);
            QCOMPARE(e.size, 0xfe00000000ULL);
        }
    }
}

void TestAnalysis::virtVirtioMmioSharesItsPageWithDom0()
{
    // QEMU virt packs eight 0x200-byte virtio-mmio transports into each page.
    const HostModelPtr m = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const QString first = QStringLiteral("/virtio_mmio@a000000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("v"), {first})}));
    const auto d = diagnostics(a, QStringLiteral("shared-page-dom0"));
    QCOMPARE(d.size(), 1); // one finding naming all seven neighbours
    QCOMPARE(d[0].node, first);
    QCOMPARE(d[0].related.size(), 8);
    QCOMPARE(d[0].related.first(), QStringLiteral("/virtio_mmio@a000200"));
    QCOMPARE(d[0].related.at(6), QStringLiteral("/virtio_mmio@a000e00"));
    QCOMPARE(d[0].related.last(), QStringLiteral("dom0"));
    QVERIFY2(d[0].message.contains(QStringLiteral("the page(s) 0xa000000-0xa000fff")), qPrintable(d[0].message));
    QVERIFY(!d[0].message.contains(QStringLiteral("/virtio_mmio@a001000"))); // the next page

    // The PL031 RTC has its page to itself and its SPI 2 (GIC id 34) to itself.
    const Analysis rtc = analyze(*m, project(*m, {domain(QStringLiteral("rtc"), {QStringLiteral("/pl031@9010000")})}));
    QVERIFY(diagnostics(rtc, QStringLiteral("shared-page-dom0")).isEmpty());
    QVERIFY(diagnostics(rtc, QStringLiteral("irq-shared-dom0")).isEmpty());
    QCOMPARE(rtc.errorCount(), 0);
}

void TestAnalysis::junoOhciAloneSharesAStreamIdWithDom0()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    const QString ohci = QStringLiteral("/usb@7ffb0000");
    const QString ehci = QStringLiteral("/usb@7ffc0000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("a"), {ohci})}));
    const auto d = diagnostics(a, QStringLiteral("stream-id-dom0"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].node, ohci);
    QCOMPARE(d[0].related, (QStringList{ehci, QStringLiteral("dom0")}));
    QVERIFY2(d[0].message.contains(QStringLiteral("stream id 0x0 on /iommu@7fb30000 with /usb@7ffc0000")),
             qPrintable(d[0].message));
    QCOMPARE(a.errorCount(), 1);
}

void TestAnalysis::junoKmisShareAnInterrupt()
{
    // Juno's motherboard interrupt-map sends both KMIs to SPI 165 (GIC id 197).
    const HostModelPtr m = testsupport::loadData(QStringLiteral("juno-r2-scmi.dtb"));
    const QString bus = QStringLiteral("/bus@8000000/motherboard-bus@8000000/iofpga-bus@300000000");
    const QString kmi0 = bus + QStringLiteral("/kmi@60000");
    const QString kmi1 = bus + QStringLiteral("/kmi@70000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("k"), {kmi0})}));
    const auto d = diagnostics(a, QStringLiteral("irq-shared-dom0"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].related, (QStringList{kmi1, QStringLiteral("dom0")}));
    QVERIFY2(d[0].message.contains(QStringLiteral("IRQ 197 is already used by domain 0")), qPrintable(d[0].message));

    const Analysis both = analyze(*m, project(*m, {domain(QStringLiteral("k"), {kmi0, kmi1})}));
    QVERIFY(diagnostics(both, QStringLiteral("irq-shared-dom0")).isEmpty());
}

void TestAnalysis::rk3568CodecSharesAPageWithItsIommu()
{
    // The RK3568 video decoder (0xfdea0400) and its Rockchip IOMMU (0xfdea0800) share one page.
    const HostModelPtr m = testsupport::loadData(QStringLiteral("rk3568-rock-3a.dtb"));
    const QString codec = QStringLiteral("/video-codec@fdea0400");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("vpu"), {codec})}));
    const auto d = diagnostics(a, QStringLiteral("shared-page-gic-iommu"));
    QCOMPARE(d.size(), 1);
    QCOMPARE(d[0].related, QStringList{QStringLiteral("/iommu@fdea0800")});
    QVERIFY2(d[0].message.contains(QStringLiteral("0xfdea0000-0xfdea0fff with /iommu@fdea0800 (an IOMMU)")),
             qPrintable(d[0].message));
    QVERIFY(diagnostics(a, QStringLiteral("shared-page-dom0")).isEmpty());
}

// A wrapper whose child is the real controller (xlnx,zynqmp-dwc3 + snps,dwc3): assigning the
// wrapper plans the enabled child as its own device (Xen decides per node, issue 4).
void TestAnalysis::childDevicesArePlannedWithTheirParent()
{
    const HostModelPtr m = fromDts(QStringLiteral(R"(
    memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };
    soc {
        compatible = "simple-bus"; #address-cells = <2>; #size-cells = <2>; ranges;
        usb@ff9d0000 {
            compatible = "xlnx,zynqmp-dwc3"; reg = <0 0xff9d0000 0 0x100>;
            #address-cells = <1>; #size-cells = <1>; ranges = <0xfe200000 0 0xfe200000 0x200000>;
            usb@fe200000 { compatible = "snps,dwc3"; reg = <0xfe200000 0x40000>; interrupts = <0 65 4>, <0 69 4>;
                           dma-coherent; };
            usb@fe300000 { compatible = "snps,dwc3"; reg = <0xfe300000 0x40000>; interrupts = <0 70 4>;
                           status = "disabled"; };
        };
    };
)"));
    const QString wrapper = QStringLiteral("/soc/usb@ff9d0000");
    const QString child = QStringLiteral("/soc/usb@ff9d0000/usb@fe200000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("g"), {wrapper})}));
    const DomainPlan &dp = *a.domain(QStringLiteral("g"));
    QCOMPARE(dp.devices.size(), 2); // the disabled sibling is not planned
    QCOMPARE(dp.devices[0].hostPath, wrapper);
    QCOMPARE(dp.devices[0].parentDevice, QString());
    QCOMPARE(dp.devices[1].hostPath, child);
    QCOMPARE(dp.devices[1].parentDevice, wrapper);
    const DevicePlan &c = device(a, QStringLiteral("g"), child);
    QCOMPARE(c.regions.size(), 1);
    QCOMPARE(c.regions[0].hostAddress, 0xfe200000ULL);
    QCOMPARE(c.regions[0].size, 0x40000ULL);
    // Both clash with guest RAM bank 0 and move to the lowest holes, the lower host address first.
    QCOMPARE(c.regions[0].guestAddress, 0x1000000ULL);
    QCOMPARE(c.mmio.size(), 1);
    QCOMPARE(c.mmio[0].guestAddress, 0x1000000ULL);
    QCOMPARE(c.mmio[0].size, 0x40000ULL);
    QCOMPARE(device(a, QStringLiteral("g"), wrapper).regions[0].guestAddress, 0x1040000ULL);
    QCOMPARE(c.interrupts.size(), 2);
    QCOMPARE(dp.irqs, (QVector<quint32>{97, 101}));
    QVERIFY(!c.iommuProtected);
    QVERIFY(!c.forceWithoutIommu); // a dma-coherent master: not without an acknowledgement
    // Rules see the child per node: the child's DMA is evidence (an error), the wrapper's only its
    // name (a warning, and the force flag); relocation reported per node.
    QStringList dma;
    for (const Diagnostic &d : diagnostics(a, QStringLiteral("dma-without-iommu")))
        dma << d.node;
    QCOMPARE(dma, QStringList{child});
    QStringList guessed;
    for (const Diagnostic &d : diagnostics(a, QStringLiteral("dma-guessed-without-iommu")))
        guessed << d.node;
    QCOMPARE(guessed, QStringList{wrapper});
    QVERIFY(device(a, QStringLiteral("g"), wrapper).forceWithoutIommu);
    QStringList relocated;
    for (const Diagnostic &d : diagnostics(a, QStringLiteral("guest-map-clash")))
        relocated << d.node;
    relocated.sort();
    QCOMPARE(relocated, (QStringList{wrapper, child}));
    QVERIFY(diagnostics(a, QStringLiteral("device-without-resources")).isEmpty());
    QCOMPARE(a.errorCount(), 1);

    // The acknowledgement is per node: acknowledging the child gives it alone the force flag.
    Project acked = project(*m, {domain(QStringLiteral("g"), {wrapper})});
    acked.acknowledgements.append({QStringLiteral("dma-without-iommu"), child, QStringLiteral("g"), QString()});
    const Analysis b = analyze(*m, acked);
    QVERIFY(device(b, QStringLiteral("g"), child).forceWithoutIommu);
    QCOMPARE(b.errorCount(), 0);

    // The child named in another domain: the same node in two domains.
    const Analysis two = analyze(*m, project(*m, {domain(QStringLiteral("g"), {wrapper}),
                                                  domain(QStringLiteral("h"), {child})}));
    const auto clash = diagnostics(two, QStringLiteral("device-in-two-domains"));
    QCOMPARE(clash.size(), 1);
    QCOMPARE(clash[0].node, child);
    // Naming the child too in the same domain plans it once, as a device of its own.
    const Analysis both = analyze(*m, project(*m, {domain(QStringLiteral("g"), {wrapper, child})}));
    QCOMPARE(both.domain(QStringLiteral("g"))->devices.size(), 2);
    QCOMPARE(device(both, QStringLiteral("g"), child).parentDevice, QString());
}

// The real ZynqMP USB0: the dwc3 child carries the controller's MMIO and SPIs 65/69 (GIC 97/101).
void TestAnalysis::childDevicesZynqmpUsb0()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("zynqmp-zcu102-rev1.0.dtb"));
    const QString wrapper = QStringLiteral("/axi/usb@ff9d0000");
    const QString child = QStringLiteral("/axi/usb@ff9d0000/usb@fe200000");
    const Analysis a = analyze(*m, project(*m, {domain(QStringLiteral("g"), {wrapper})}));
    const DomainPlan &dp = *a.domain(QStringLiteral("g"));
    QCOMPARE(dp.irqs, (QVector<quint32>{97, 101}));
    const DevicePlan &c = device(a, QStringLiteral("g"), child);
    QCOMPARE(c.parentDevice, wrapper);
    QCOMPARE(c.mmio.size(), 1);
    QCOMPARE(c.mmio[0].hostAddress, 0xfe200000ULL);
    QCOMPARE(c.mmio[0].size, 0x40000ULL);
    QVERIFY(c.mmio[0].guestAddress < 0x40000000ULL); // moved out of guest RAM bank 0
    QVERIFY(device(a, QStringLiteral("g"), wrapper).interrupts.isEmpty());
    // The child's own IOMMU link (iommus = <&smmu 0x860>) decides its verdict; the SMMU is disabled.
    QVERIFY(!c.iommuProtected);
    bool childDma = false;
    for (const Diagnostic &d : diagnostics(a, QStringLiteral("dma-without-iommu")))
        childDma = childDma || d.node == child;
    QVERIFY(childDma);
}

void TestAnalysis::severityNames()
{
    QCOMPARE(severityName(Severity::Error), QStringLiteral("error"));
    QCOMPARE(severityName(Severity::Warning), QStringLiteral("warning"));
    QCOMPARE(severityName(Severity::Info), QStringLiteral("info"));
}

// sc7280-herobrine-crd's SDHCI (dtc -I dtb -O dts): pinctrl-0 = <0x2e 0x2f 0x30 0x31>, pinctrl-1 =
// <0x32 0x33 0x34 0x35> (sdc1-{clk,cmd,data,rclk}[-sleep]-pins of pinctrl@f100000); clocks = <&gcc
// (0x2c) 0x6c &gcc 0x6d &rpmhcc (0x27) 0>; resets = <&gcc 6>; interconnects into 0x37, 0x08, 0x07,
// 0x38; power-domains = <&rpmhpd (0x2b)>; vmmc-supply = <&ldo7>, vqmmc-supply = <&ldo19>; its
// opp-table's opp-100000000 and opp-384000000 have required-opps = <0x23> / <0x26>, rpmhpd's
// opp-table/opp2 and opp6.
void TestAnalysis::bulkDecisionsOnSc7280Sdhci()
{
    const HostModelPtr m = testsupport::loadData(QStringLiteral("sc7280-herobrine-crd.dtb"));
    const QString mmc = QStringLiteral("/soc@0/mmc@7c4000");
    const QString pins = QStringLiteral("/soc@0/pinctrl@f100000/sdc1-%1-pins");
    QStringList pinGroups;
    for (const char *g : { "clk", "cmd", "data", "rclk", "clk-sleep", "cmd-sleep", "data-sleep", "rclk-sleep" })
        pinGroups << pins.arg(QLatin1String(g));
    pinGroups.sort();
    const Project p = project(*m, {domain(QStringLiteral("g1"), {mmc})});

    const auto drop = bulkDependencyDecisions(*m, p, QStringLiteral("g1"), {mmc}, BulkDecision::DropPinctrl);
    QCOMPARE(drop.keys(), pinGroups);
    for (DependencyAction a : drop)
        QCOMPARE(a, DependencyAction::Drop);

    // gcc also gives the reset: only rpmhcc is stubbed.
    const auto stub = bulkDependencyDecisions(*m, p, QStringLiteral("g1"), {mmc}, BulkDecision::StubClocks);
    QCOMPARE(stub.keys(), QStringList{QStringLiteral("/soc@0/rsc@18200000/clock-controller")});
    QCOMPARE(stub.first(), DependencyAction::Stub);

    QStringList providers = pinGroups;
    providers << QStringLiteral("/soc@0/clock-controller@100000") << QStringLiteral("/soc@0/rsc@18200000/clock-controller")
              << QStringLiteral("/soc@0/interconnect@16e0000") << QStringLiteral("/soc@0/interconnect@1580000")
              << QStringLiteral("/soc@0/interconnect@9100000") << QStringLiteral("/soc@0/interconnect@1500000")
              << QStringLiteral("/soc@0/rsc@18200000/power-controller")
              << QStringLiteral("/soc@0/rsc@18200000/pm7325-regulators/ldo7")
              << QStringLiteral("/soc@0/rsc@18200000/pm7325-regulators/ldo19")
              << QStringLiteral("/soc@0/rsc@18200000/power-controller/opp-table/opp2")
              << QStringLiteral("/soc@0/rsc@18200000/power-controller/opp-table/opp6");
    providers.sort();
    const auto policy = bulkDependencyDecisions(*m, p, QStringLiteral("g1"), {}, BulkDecision::SuggestedPolicy);
    QCOMPARE(policy.keys(), providers);
    Project decided = p;
    decided.domains[0].dependencyDecisions = policy;
    const Analysis a = analyze(*m, decided);
    for (const char *rule : { "dependency-not-in-domain", "pinctrl-left-to-host", "dependency-stub-invalid" })
        QVERIFY2(diagnostics(a, QLatin1String(rule)).isEmpty(), rule);
    // Nothing left to suggest; an unknown domain has nothing either.
    QVERIFY(bulkDependencyDecisions(*m, decided, QStringLiteral("g1"), {mmc}, BulkDecision::SuggestedPolicy).isEmpty());
    QVERIFY(bulkDependencyDecisions(*m, p, QStringLiteral("nope"), {}, BulkDecision::DropPinctrl).isEmpty());
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
