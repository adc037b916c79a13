// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// What devassign knows about Xen on Arm itself, in one place: the guest's memory map and fixed
// numbers, the IOMMUs Xen drives and the limits of a guest. docs/xen-releases.md gives each fact
// with the Xen source file it is read from.

#include <QString>
#include <QStringList>
#include <QVector>
#include <QtGlobal>

#include <optional>

namespace devassign {
class HostModel;
struct DomainConfig;
struct IommuLink;
struct Node;
}

namespace devassign::xen {

// The Xen releases devassign knows (docs/xen-releases.md has each difference with its source).
// A project targets one (`devassign platform set P --xen 4.19`); 4.17 is the default and the
// release the e2e boots run.
enum class Release { Xen417, Xen418, Xen419, Xen420, Xen421, Xen422 };
constexpr Release kDefaultRelease = Release::Xen417;
QString releaseName(Release r); // "4.17"
std::optional<Release> releaseFromName(const QString &name);
QStringList releaseNames();     // "4.17" … "4.22"
inline bool atLeast(Release r, Release min) { return int(r) >= int(min); }

// The buffer Xen gives a dom0less domU's device tree (prepare_dtb_domU): 4.17 DOMU_DTB_SIZE 4096
// for everything (xen/arch/arm/domain_build.c); 4.18-4.21 add the partial DTB module's size;
// 4.22 starts from 2048 + 128 x MAX_VIRT_CPUS; capped at 2 MiB from 4.18 on.
qsizetype guestDtBufferBytes(Release r, qsizetype partialDtbModuleBytes);
// Xen forwards a domU's SCMI calls only from 4.21 (arm_sci, xen,sci_type, scmi-smc-passthrough;
// xen/arch/arm/firmware/sci.c, scmi-smc.c).
inline bool scmiGuestsSupported(Release r) { return atLeast(r, Release::Xen421); }
// xen,enhanced = "legacy" is parsed from 4.21 (dom0less-build.c, DOM0LESS_ENHANCED_LEGACY).
inline bool enhancedLegacySupported(Release r) { return atLeast(r, Release::Xen421); }
// Guests get GICv3.1 extended SPIs (INTID 4096-5119) from 4.21, with CONFIG_GICV3_ESPI.
inline bool guestEspiSupported(Release r) { return atLeast(r, Release::Xen421); }
// Errors in nodes below /passthrough stop the domain from 4.18; 4.17 logs them and boots on
// (scan_pfdt_node ignores its recursive calls' return value).
inline bool nestedPassthroughErrorsFatal(Release r) { return atLeast(r, Release::Xen418); }

// MAX_VIRT_CPUS on arm64: 128 (xen/arch/arm/include/asm/config.h); the vGICv3 redistributor
// region of a guest (GUEST_GICV3_GICR0_SIZE, 16 MiB of 128 KiB frames) holds as many.
constexpr int kMaxGuestVcpus = 128;
// A guest that is not direct-mapped gets its RAM in GUEST_RAM0 (3 GiB at 1 GiB) and GUEST_RAM1
// (1016 GiB at 8 GiB): xen/include/public/arch-arm.h.
constexpr quint64 kGuestRam0Bytes = 0xc0000000ULL;
constexpr quint64 kGuestRam1Bytes = 0xfe00000000ULL;
constexpr quint64 kMaxGuestRamKiB = (kGuestRam0Bytes + kGuestRam1Bytes) / 1024;

// Interrupts (xen/include/public/arch-arm.h; tools/libs/light/libxl_arm.c).
constexpr quint32 kVpl011Irq = 32;        // GUEST_VPL011_SPI (SPI 0)
constexpr quint32 kVirtioFirstIrq = 33;   // GUEST_VIRTIO_MMIO_SPI_FIRST
constexpr quint32 kVirtioLastIrq = 43;    // GUEST_VIRTIO_MMIO_SPI_LAST
constexpr quint32 kFirstEspi = 4096;      // GICv3.1 extended SPI INTIDs 4096-5119
// The guest GIC's fixed phandle (xen/include/public/device_tree_defs.h, GUEST_PHANDLE_GIC).
constexpr quint32 kGuestGicPhandle = 65000;
constexpr quint64 kPageSize = 4096;

// One window of Xen's guest memory map.
struct GuestMapEntry {
    const char *name;
    quint64 base;
    quint64 size;
};
// Xen's memory map for Arm guests that are not direct-mapped (xen/include/public/arch-arm.h,
// GUEST_* constants). Used to find clashes and free holes.
QVector<GuestMapEntry> guestMemoryMap(const DomainConfig &d);

// Whether release `r` has a driver for an IOMMU with these compatible strings (smmu.c, smmu-v3.c,
// ipmmu-vmsa.c compatible tables; Xen matches when any string is in a table).
bool drivesIommu(const QStringList &compatible, Release r = kDefaultRelease);
// An SMMUv3 ("arm,smmu-v3"): Xen's driver is a tech preview behind CONFIG_EXPERT in every release.
bool isSmmuV3(const QStringList &compatible);
bool drivesIommu(const IommuLink &link, Release r = kDefaultRelease);
// Whether a node with these compatible strings is a UART Xen's arm64 build can drive as its
// dtuart console (xen/drivers/char/*.c DT_MATCH_COMPATIBLE tables of the drivers its Kconfig
// builds for ARM_64) and the driver's init accepts it; Xen can take no other UART for its console.
bool drivesConsoleUart(const Node &uart, Release r = kDefaultRelease);
// Whether `n` is protected by an enabled IOMMU that Xen `r` drives: the one test every face uses
// (the hardware fact alone, an IOMMU link, is Node::iommu.isProtected).
bool isProtectedByXen(const Node &n, Release r = kDefaultRelease);
// The protection a device has, as Xen sees it: an IOMMU Xen drives, an enabled IOMMU Xen has no
// driver for (the hardware is there, the protection is not), or none.
enum class Protection { ByXen, UndrivenIommu, None };
Protection protectionOf(const Node &n, Release r = kDefaultRelease);
// Why a device is (not) protected, naming disabled IOMMUs and IOMMUs Xen has no driver for.
QString iommuVerdict(const Node &n, Release r = kDefaultRelease);

// What Xen keeps for itself and gives to no domain (handle_node in xen/arch/arm/domain_build.c):
// the host GIC and every node under it (GICv3 ITS, GICv2m frames), and an enabled IOMMU Xen `r`
// drives. Returns the GIC node (`n` or an ancestor) or `n` itself for such an IOMMU; nullptr
// for a node a domain can have. `role` says which ("the host GIC", "part of the host GIC",
// "an IOMMU Xen 4.17 drives").
const Node *keptByXen(const HostModel &model, const Node &n, Release r, QString *role = nullptr);

} // namespace devassign::xen
