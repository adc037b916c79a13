// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Analysis: a pure function of (host model, project) that yields a per-domain plan, which the
// exporters turn into bytes (core/planner.h makes it), and every rule's diagnostics (core/checks/:
// one function per rule id, in a file per family; the rules themselves are data in core/rules.json,
// documented in docs/rules.md).

#include "diagnostic.h"
#include "hostmodel.h"
#include "project.h"
#include "xenrelease.h"

#include <QString>
#include <QVector>

namespace devassign {

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
    QString holder = {};      // host path of the node whose property it is: the device, a descendant
                              // copied inside it (a PHY's reset-gpios), or a copied provider
};

struct DevicePlan {
    QString hostPath;
    int hostNode = -1;               // its index in the planned host's HostModel::nodes(), -1 if unknown
    // "" for a node the domain's config names; else the host path of the assigned ancestor this
    // enabled descendant belongs to. Xen decides per node (dt_device_for_passthrough checks the
    // node's own xen,passthrough in xen/arch/arm/domain_build.c), so every descendant with
    // CPU-addressable registers or GIC interrupts is planned as its own device, listed right after
    // its assigned ancestor (docs/rules.md, "Child devices").
    QString parentDevice;
    QVector<GuestRegion> regions;
    QVector<MmioMapping> mmio;       // page-rounded windows covering `regions`
    QVector<Interrupt> interrupts;   // GIC SPI/eSPI interrupts passed through 1:1, in host order, repeats kept
    QVector<int> interruptIndex;     // position of each in the host node's interrupt list (interrupt-names)
    bool iommuProtected = false;     // protected by an IOMMU that Xen drives (dtdev / xen,path OK)
    bool forceWithoutIommu = false;  // emit xen,force-assign-without-iommu ...
    QString forceWhy;                // ... and why: the user's acknowledgement, or devassign's default
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
    // Host devices outside every domain that Xen keeps for itself (the GIC, the IOMMUs it drives,
    // its console UART: checks/checks.cpp hostDevicesOutsideDomains), for the memory and IRQ maps.
    QStringList xenDevices;
    QString xenConsole;              // of those, the console UART: only its first interrupt is Xen's

    int count(Severity s, bool includeAcknowledged = false) const;
    int errorCount() const { return count(Severity::Error); }
    int acknowledgedCount() const; // findings of any severity the user acknowledged
    const DomainPlan *domain(const QString &name) const;
};

// The rule ids that have a check (core/checks/), in the order rules.json gives them.
QStringList checkedRuleIds();

struct AnalysisCache; // core/analysiscache.h
// With `cache` (kept by the caller between calls on one host), the domains an edit did not touch
// are not planned, built or measured again; the result is the same as without.
Analysis analyze(const HostModel &model, const Project &project, AnalysisCache *cache = nullptr);

} // namespace devassign
