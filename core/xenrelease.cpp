// SPDX-License-Identifier: GPL-2.0-or-later
#include "xenrelease.h"

#include "hostmodel.h"
#include "project.h"


#include <algorithm>

namespace devassign::xen {

// xen/include/public/arch-arm.h (Xen 4.17+; "not a stable ABI"). Only one vGIC is used per guest:
// GICv2 GICD 0x03001000 (4 KiB) + GICC 0x03002000 (8 KiB); GICv3 GICD 0x03001000 (64 KiB) + GICR0
// 0x03020000 (16 MiB). With no explicit version ("" = the host's) both are reserved. The vPL011,
// virtio-mmio and vPCI windows are reserved whether or not the domain uses them, so that turning
// them on later never moves a device.
QVector<GuestMapEntry> guestMemoryMap(const DomainConfig &d)
{
    QVector<GuestMapEntry> map;
    map.append({"virtio-mmio", 0x02000000, 0x00100000});            // GUEST_VIRTIO_MMIO_BASE/SIZE
    if (d.gicVersion != QLatin1String("v3")) {
        map.append({"GICv2 distributor", 0x03001000, 0x00001000}); // GUEST_GICD_BASE/SIZE
        map.append({"GICv2 CPU interface", 0x03002000, 0x00002000}); // GUEST_GICC_BASE/SIZE
    }
    if (d.gicVersion != QLatin1String("v2")) {
        map.append({"GICv3 distributor", 0x03001000, 0x00010000});   // GUEST_GICV3_GICD_BASE/SIZE
        map.append({"GICv3 redistributors", 0x03020000, 0x01000000}); // GUEST_GICV3_GICR0_BASE/SIZE
    }
    map.append({"vPCI ECAM", 0x10000000, 0x10000000});               // GUEST_VPCI_ECAM_BASE/SIZE
    map.append({"ACPI tables", 0x20000000, 0x02000000});             // GUEST_ACPI_BASE/SIZE
    map.append({"vPL011", 0x22000000, 0x00001000});                  // GUEST_PL011_BASE/SIZE
    map.append({"vPCI MEM", 0x23000000, 0x10000000});                // GUEST_VPCI_MEM_ADDR/SIZE
    map.append({"grant table", 0x38000000, 0x01000000});             // GUEST_GNTTAB_BASE/SIZE
    map.append({"magic pages", 0x39000000, 0x01000000});             // GUEST_MAGIC_BASE/SIZE
    map.append({"RAM bank 0", 0x40000000, 0xc0000000});              // GUEST_RAM0_BASE/SIZE
    map.append({"vPCI prefetchable MEM", 0x100000000ULL, 0x100000000ULL}); // GUEST_VPCI_PREFETCH_MEM_*
    map.append({"RAM bank 1", 0x200000000ULL, 0xfe00000000ULL});     // GUEST_RAM1_BASE/SIZE
    return map;
}

QString releaseName(Release r)
{
    static const char *const names[] = {"4.17", "4.18", "4.19", "4.20", "4.21", "4.22"};
    return QLatin1String(names[int(r)]);
}

QStringList releaseNames()
{
    QStringList out;
    for (int r = int(Release::Xen417); r <= int(Release::Xen422); ++r)
        out.append(releaseName(Release(r)));
    return out;
}

std::optional<Release> releaseFromName(const QString &name)
{
    const int i = releaseNames().indexOf(name);
    if (i < 0)
        return std::nullopt;
    return Release(i);
}

qsizetype guestDtBufferBytes(Release r, qsizetype partialDtbModuleBytes)
{
    constexpr qsizetype kMaxDt = 2 * 1024 * 1024; // SZ_2M
    if (r == Release::Xen417)
        return 4096; // DOMU_DTB_SIZE, partial DTB included
    const qsizetype base = r == Release::Xen422 ? 2048 + kMaxGuestVcpus * 128 : 4096;
    return std::min(base + partialDtbModuleBytes, kMaxDt);
}

// IOMMUs that Xen on Arm has a driver for, exactly the compatible tables of each release:
//  - xen/drivers/passthrough/arm/smmu.c, arm_smmu_of_match: SMMUv1/v2 ("arm,smmu-v1", "arm,smmu-v2",
//    "arm,mmu-400", "arm,mmu-401", "arm,mmu-500"); no vendor variants (cavium, qcom, nvidia).
//  - xen/drivers/passthrough/arm/smmu-v3.c, arm_smmu_of_match: "arm,smmu-v3" (tech preview).
//  - xen/drivers/passthrough/arm/ipmmu-vmsa.c, ipmmu_dt_match: R-Car H3 (r8a7795), M3-W (r8a7796),
//    M3-W+ (r8a77961), M3-N (r8a77965), S4 (r8a779f0) in 4.17; V4H (r8a779g0) from 4.20. RZ/G2
//    (r8a774*), E3, D3, V3U and the generic "renesas,ipmmu-vmsa" / "renesas,rcar-gen4-ipmmu-vmsa"
//    are NOT matched.
// Xen matches a node when any of its compatible strings is in a table, ignoring case (dt_match_node;
// hasCompatible), so "qcom,sc7280-smmu-500", "arm,mmu-500" is driven through its "arm,mmu-500" fallback.
bool drivesIommu(const QStringList &compatible, Release r)
{
    static const char *const driven[] = {
        "arm,smmu-v1",           "arm,smmu-v2",           "arm,mmu-400",           "arm,mmu-401",
        "arm,mmu-500",           "arm,smmu-v3",           "renesas,ipmmu-r8a7795", "renesas,ipmmu-r8a7796",
        "renesas,ipmmu-r8a77961", "renesas,ipmmu-r8a77965", "renesas,ipmmu-r8a779f0",
    };
    return hasAnyCompatible(compatible, driven)
        || (atLeast(r, Release::Xen420) && hasCompatible(compatible, QLatin1String("renesas,ipmmu-r8a779g0")));
}

// The DT_MATCH_COMPATIBLE tables of xen/drivers/char whose Kconfig builds them for ARM_64 (each
// driver marks its node DOMID_XEN and takes its IRQ), by the release that first has them.
// Xen 4.17.5: ns16550.c, cadence-uart.c, imx-lpuart.c, mvebu-uart.c, meson-uart.c, pl011.c and
// scif-uart.c (exynos4210 and omap are ARM_32 only there).
// 4.18: pl011.c matches "arm,sbsa-uart" ("xen/arm: pl011: Add SBSA UART device-tree support", 2023-06).
// 4.19: imx-lpuart.c matches "fsl,imx8qxp-lpuart" instead of "fsl,imx8qm-lpuart" ("imx-lpuart:
//       Replace iMX8QM compatible with iMX8QXP"), and omap-uart.c is built for ARM (not only
//       ARM_32) with "ti,am654-uart" added ("Enable OMAP UART driver for TI K3 devices"); both
//       were reviewed in April 2024, before 4.19's freeze.
// 4.20: linflex-uart.c (CHANGELOG 4.20.0: "NXP LINFlexD UART driver").
// imx-uart.c ("fsl,imx6q-uart") is in no release devassign knows of, so i.MX8M UARTs get no finding.
// omap-uart.c's omap_uart_init refused a node without a u32 clock-frequency (-EINVAL: Xen then has
// no console there) until "omap-uart: provide a default clock frequency" (48 MHz; v2 reviewed
// 2024-08, after 4.19, so 4.20 by date: unverified). K3 device trees give clocks instead: on 4.19
// such a UART is not Xen's, from 4.20 on it is (a wrong guess then warns rather than stays silent).
bool drivesConsoleUart(const Node &uart, Release r)
{
    struct Driven {
        const char *compatible;
        Release from;
        std::optional<Release> until = std::nullopt; // the first release without it
        std::optional<Release> clockFrequencyUntil = std::nullopt; // needs clock-frequency before this
    };
    static const Driven driven[] = {
        {"ns16550", Release::Xen417}, {"ns16550a", Release::Xen417}, {"snps,dw-apb-uart", Release::Xen417},
        {"brcm,bcm2835-aux-uart", Release::Xen417}, {"cdns,uart-r1p8", Release::Xen417},
        {"cdns,uart-r1p12", Release::Xen417}, {"fsl,imx8qm-lpuart", Release::Xen417, Release::Xen419},
        {"fsl,imx8qxp-lpuart", Release::Xen419}, {"marvell,armada-3700-uart", Release::Xen417},
        {"amlogic,meson-uart", Release::Xen417}, {"amlogic,meson6-uart", Release::Xen417},
        {"amlogic,meson8-uart", Release::Xen417}, {"amlogic,meson8b-uart", Release::Xen417},
        {"amlogic,meson-gx-uart", Release::Xen417}, {"arm,pl011", Release::Xen417},
        {"arm,sbsa-uart", Release::Xen418}, {"renesas,scif", Release::Xen417}, {"renesas,scifa", Release::Xen417},
        {"renesas,hscif", Release::Xen417}, {"ti,omap4-uart", Release::Xen419, std::nullopt, Release::Xen420},
        {"ti,am654-uart", Release::Xen419, std::nullopt, Release::Xen420},
        {"nxp,s32g2-linflexuart", Release::Xen420}, {"nxp,s32g3-linflexuart", Release::Xen420},
        {"fsl,s32v234-linflexuart", Release::Xen420},
    };
    // dt_property_read_u32 needs at least 4 bytes.
    const Property *clock = uart.property(QLatin1String("clock-frequency"));
    const bool hasClock = clock && clock->value.size() >= 4;
    for (const Driven &d : driven)
        if (atLeast(r, d.from) && (!d.until || !atLeast(r, *d.until))
            && hasCompatible(uart.compatible, QLatin1String(d.compatible))
            && (!d.clockFrequencyUntil || atLeast(r, *d.clockFrequencyUntil) || hasClock))
            return true;
    return false;
}

bool isSmmuV3(const QStringList &compatible)
{
    return hasCompatible(compatible, QLatin1String("arm,smmu-v3"));
}

bool drivesIommu(const IommuLink &link, Release r)
{
    return drivesIommu(link.iommuCompatible, r);
}

Protection protectionOf(const Node &n, Release r)
{
    if (isProtectedByXen(n, r))
        return Protection::ByXen;
    for (const IommuLink &l : n.iommu.links)
        if (l.iommuEnabled)
            return Protection::UndrivenIommu;
    return Protection::None;
}

bool isProtectedByXen(const Node &n, Release r)
{
    for (const IommuLink &l : n.iommu.links)
        if (l.iommuEnabled && drivesIommu(l, r))
            return true;
    return false;
}

QString iommuVerdict(const Node &n, Release r)
{
    if (n.iommu.links.isEmpty())
        return QStringLiteral("no iommus, mmu-masters or iommu-map links it to an IOMMU");
    QStringList parts;
    for (const IommuLink &l : n.iommu.links) {
        const QString what = QStringLiteral("%1 (%2)").arg(l.iommu, l.iommuCompatible.value(0));
        if (!l.iommuEnabled)
            parts.append(QStringLiteral("its IOMMU %1 is disabled").arg(what));
        else if (!drivesIommu(l, r))
            parts.append(QStringLiteral("its IOMMU %1 is one Xen %2 has no driver for (Xen on Arm drives Arm "
                                        "SMMUv1/v2/MMU-500, SMMUv3 and some Renesas IPMMU-VMSA only)")
                             .arg(what, releaseName(r)));
        else
            parts.append(QStringLiteral("its IOMMU %1 is driven by Xen").arg(what));
    }
    return parts.join(QStringLiteral("; "));
}

const Node *keptByXen(const HostModel &model, const Node &n, Release r, QString *role)
{
    for (const Node *cur = &n; cur; cur = model.parentOf(*cur))
        if (cur->isGic) {
            if (role)
                *role = cur == &n ? QStringLiteral("the host GIC") : QStringLiteral("part of the host GIC");
            return cur;
        }
    if (n.enabled && drivesIommu(n.compatible, r)) {
        if (role)
            *role = QStringLiteral("an IOMMU Xen %1 drives").arg(releaseName(r));
        return &n;
    }
    return nullptr;
}

} // namespace devassign::xen
