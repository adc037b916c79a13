// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The safety picture as pure data: what the studio's Audit, Memory map and IRQ map views draw
// (views/pictures.h lays it out and paints it), and what an HTML report can draw the same way.
// Every fact comes from the analysis (diagnostics, plan) or from the one predicate that decides
// it (xen::protectionOf); nothing here decides a rule again.

#include "analysis.h"
#include "exporters.h"
#include "xenrelease.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace devassign::pictures {

// The column of the hardware domain, and of what Xen itself keeps (the host GIC, the IOMMUs it drives).
inline const QString kDom0 = QStringLiteral("dom0");
inline const QString kXen = QStringLiteral("Xen");

// ---- Audit ---------------------------------------------------------------------------------------
// What two devices share, by the rule that found it.
enum class LinkKind { Page, Irq, Clock, StreamId, Scmi };
QString linkKindName(LinkKind kind); // "page", "irq", "clock", "stream id", "scmi"

struct AuditCard {
    QString column;      // domain name, kDom0 or kXen
    QString node;        // host path
    xen::Protection protection = xen::Protection::None;
    bool forced = false; // passed without an IOMMU (xen,force-assign-without-iommu): no DMA, or acknowledged
    bool acknowledged = false; // the user acknowledged dma-without-iommu / dma-guessed-without-iommu for it
    QString verdict;     // xen::iommuVerdict: why (not) protected
    QStringList scmi;    // "clock 3", "power domain 2" (protocol and resource id on the agent)
};

struct AuditLink {
    LinkKind kind = LinkKind::Page;
    QString rule;        // the diagnostic's rule id
    Severity severity = Severity::Error;
    bool acknowledged = false;
    QString from;        // host path of the diagnostic's node
    QString to;          // host path of the sharer (a related location)
    QString message;
};

struct AuditPicture {
    QStringList columns;       // kDom0, every domain in project order, kXen when a link reaches it
    QVector<AuditCard> cards;  // every assigned device, and every dom0/Xen device a link reaches
    QVector<AuditLink> links;

    const AuditCard *card(const QString &node) const;
};
// The SCMI protocol of a resource, in words ("clock" for 0x14; SCMI spec DEN0056, section 4).
QString scmiProtocolName(quint32 protocol);
AuditPicture auditPicture(const HostModel &model, const Project &project, const Analysis &analysis);

// ---- Memory map ----------------------------------------------------------------------------------
// StaticMemory: a domain's xen,static-mem bank; BootModule: a dom0less boot module where the
// export places it (kernel, ramdisk, partial DTB, scmi-policy.bin), both inside RAM.
enum class HostRegionKind { Ram, Reserved, Device, StaticMemory, BootModule };
struct HostRegion {
    HostRegionKind kind = HostRegionKind::Device;
    QString what;        // node path, "RAM bank 0", the reserved range's name, "kernel Image"
    QString owner;       // Device: domain name or kDom0; StaticMemory/BootModule: domain (kXen for
                         // scmi-policy.bin); "" otherwise
    quint64 address = 0;
    quint64 size = 0;
};

// Whole 4 KiB pages that hold registers of devices of more than one owner (domains, dom0).
struct SharedRange {
    quint64 address = 0; // page aligned
    quint64 size = 0;    // whole pages
    QStringList owners;  // sorted, distinct
    QStringList nodes;   // the devices whose registers are in these pages
};
// Pure: the pages of `regions` (Device kind) owned by more than one owner. Sorted by address.
QVector<SharedRange> sharedPages(const QVector<HostRegion> &regions);

struct GuestEntry {
    QString what;        // Xen's name ("vPL011", "grant table", "RAM bank 0") or the device's host path
    quint64 address = 0;
    quint64 size = 0;
    bool device = false; // a mapped device window (MMIO page range) rather than Xen's layout
    quint64 hostAddress = 0;  // device windows: where the registers are on the host
    QString clash;       // "" or what else the window overlaps in the guest's map
};
struct GuestMap {
    QString domain;
    bool directMap = false; // 1:1: the guest sees host addresses (no Xen layout to clash with)
    QVector<GuestEntry> entries; // sorted by address
};

struct MemoryPicture {
    QVector<HostRegion> host;    // RAM banks, reserved ranges, device regions; sorted by address
    QVector<SharedRange> shared;
    QVector<GuestMap> guests;    // one per domain, in project order
};
// `modules`: dom0lessBootModules() when the module files' sizes are known ("where known": the
// studio and the report pass them; without them the map shows no modules).
MemoryPicture memoryPicture(const HostModel &model, const Project &project, const Analysis &analysis,
                            const QVector<BootModule> &modules = {});

// ---- IRQ map -------------------------------------------------------------------------------------
struct IrqUser {
    QString owner;       // domain name or kDom0
    QString node;
};
struct IrqLine {
    quint32 irq = 0;     // GIC interrupt id
    IrqType type = IrqType::Spi;
    QVector<IrqUser> users;
    QStringList clashes; // "shared" (more than one owner), "vPL011" (SPI 0 of a guest that has one), "PPI" (on a guest's device)
};
QVector<IrqLine> irqPicture(const HostModel &model, const Project &project, const Analysis &analysis);

} // namespace devassign::pictures
