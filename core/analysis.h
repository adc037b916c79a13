// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Analysis: a pure function of (host model, project) that yields every rule's diagnostics and a
// per-domain plan that the exporters turn into bytes. Rules are data (core/rules.json, documented
// in docs/rules.md); each rule's check is a small function named after the rule id.

#include "hostmodel.h"
#include "project.h"

#include <QString>
#include <QVector>

namespace devassign {

enum class Severity { Error, Warning, Info };
QString severityName(Severity s); // "error", "warning", "info"

struct Diagnostic {
    QString rule;          // rule id, e.g. "dma-without-iommu"
    Severity severity = Severity::Error;
    QString message;       // one sentence: cause (what is wrong and why it matters)
    QString fix;           // one sentence: how to fix it
    QString domain;        // location: domain name ("" = project-wide)
    QString node;          // location: host node path ("" = the domain itself)
    QStringList related;   // other locations involved (the other domain, the clashing node…)
    bool acknowledged = false; // the user accepted it: reported, but does not count as an error
    QString source;        // where the rule comes from (Xen source file / doc), from rules.json
};

// One 4 KiB-aligned MMIO window given to a guest (xl `iomem`, dom0less `xen,reg`).
struct MmioMapping {
    quint64 hostAddress = 0;  // page aligned
    quint64 guestAddress = 0; // page aligned
    quint64 size = 0;         // page aligned (whole pages)
};

// One `reg` entry of a passed-through device as the guest sees it.
struct GuestRegion {
    quint64 hostAddress = 0;  // exact host address from the model (may be unaligned)
    quint64 guestAddress = 0; // exact guest address (same offset inside its page as the host)
    quint64 size = 0;         // exact size from the model
};

struct DependencyPlan {
    QString property;         // the consumer property, e.g. "clocks"
    QString provider;         // host path of the provider node
    DependencyAction action = DependencyAction::Copy;
    QString reason;           // why this action (user decision, or devassign's default)
    QStringList contextPath;  // ancestors (host paths) that must be copied for the binding to work
};

struct DevicePlan {
    QString hostPath;
    // "" for a node the domain's config names; else the host path of the assigned ancestor this
    // enabled descendant belongs to. Xen decides per node (dt_device_for_passthrough checks the
    // node's own xen,passthrough in xen/arch/arm/domain_build.c), so every descendant with
    // CPU-addressable registers or GIC interrupts is planned as its own device, listed right after
    // its assigned ancestor (docs/rules.md, "Child devices").
    QString parentDevice;
    QVector<GuestRegion> regions;
    QVector<MmioMapping> mmio;       // page-rounded windows covering `regions`
    QVector<Interrupt> interrupts;   // GIC SPI/eSPI interrupts passed through 1:1
    bool iommuProtected = false;     // protected by an IOMMU that Xen drives (dtdev / xen,path OK)
    bool forceWithoutIommu = false;  // acknowledged: emit xen,force-assign-without-iommu
    QVector<DependencyPlan> dependencies;
};

struct DomainPlan {
    DomainConfig config;
    QVector<DevicePlan> devices;
    QVector<quint32> irqs;           // sorted GIC ids for xl `irqs`
    int nrSpis = 0;                  // 0 = Xen's default is enough; else value for `nr_spis`
    QVector<ScmiResource> scmi;      // SCMI resources the domain's devices use
    bool needsScmi = false;          // arm_sci / xen,sci_type
    // The arm,scmi-shmem channel(s) of the SCMI agent the domain gets (only for a transport Xen can
    // forward: arm,scmi-smc with arm,smc-id), mapped like MMIO without a host device: dom0less
    // `xen,reg` + `xen,force-assign-without-iommu` and no `xen,path`, xl `iomem`. hostPath is the
    // shmem node; no interrupts, no dependencies (xen/arch/arm/firmware/scmi-smc.c,
    // docs/hypervisor-guide/arm/firmware/arm-scmi.rst, Xen 4.21+).
    QVector<DevicePlan> scmiShmem;
};

struct Analysis {
    QVector<Diagnostic> diagnostics;
    QVector<DomainPlan> domains;
    bool hostDtbChanged = false;     // project hash differs from the loaded DTB

    int count(Severity s, bool includeAcknowledged = false) const;
    int errorCount() const { return count(Severity::Error); }
    const DomainPlan *domain(const QString &name) const;
};

// Xen's guest memory map for Arm guests that are not direct-mapped
// (xen/include/public/arch-arm.h, GUEST_* constants). Used to find clashes and free holes.
struct GuestMapEntry {
    const char *name;
    quint64 base;
    quint64 size;
};
QVector<GuestMapEntry> guestMemoryMap(const DomainConfig &d);

// The rate of the fixed-clock stub that replaces `clock` (an entry of `consumer`'s clocks or
// assigned-clocks): the provider's clock-frequency when it has one that fits 32 bits; else the
// consumer's assigned-clock-rates entry for the same clock (same provider and arguments in
// assigned-clocks); else 0. `source` says which, so the analysis can report an unknown rate.
struct StubClockRate {
    enum Source { Provider, AssignedRate, Unknown };
    quint32 hz = 0;
    Source source = Unknown;
};
StubClockRate stubClockRate(const HostModel &model, const Node &consumer, const Dependency &clock);

Analysis analyze(const HostModel &model, const Project &project);

} // namespace devassign
