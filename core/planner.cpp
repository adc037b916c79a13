// SPDX-License-Identifier: GPL-2.0-or-later
// The planner (planner.h). Every Xen fact it uses is cited where it is used.
#include "planner.h"

#include "bindings.h"
#include "format.h"
#include "scmi.h"
#include "xenrelease.h"

#include <QSet>

#include <libfdt.h>

#include <algorithm>
#include <optional>

namespace devassign {

using bindings::handledByXen;
using bindings::isClockProperty;
using bindings::isStubbableProperty;
using bindings::isSimpleProvider;
using bindings::providerRate;
using bindings::stubClockRate;
using bindings::StubClockRate;
using format::hex;
using format::span;

namespace {

// Relocated windows are placed in the lowest hole of Xen's guest memory map at or above 16 MiB
// (guest address 0 stays unused: some drivers treat a 0 resource start as "absent") and below
// the end of GUEST_RAM1 (1 TiB, the 40-bit IPA size of most Arm p2m set-ups).
constexpr quint64 kRelocationFloor = 0x01000000;
constexpr quint64 kGuestTop = 0x10000000000ULL;

const QString kDmaRule = QStringLiteral("dma-without-iommu");

// What the planning functions share: the inputs and where the facts for the checks go.
struct Context {
    const HostModel &model;
    const Project &project;
    QVector<Relocation> &relocations;
    QVector<DependencyNote> &dependencyNotes;
    QHash<QString, QString> &owners; // every owner question asked, for the PlanMemo
};

// The domain other than `except` that owns `provider` (ownerDomainOf), noted for the memo: what
// the plan of one domain reads of the others.
QString ownerOf(Context &ctx, const Node &provider, const QString &except)
{
    const QString owner = ownerDomainOf(ctx.model, ctx.project, provider, except);
    ctx.owners.insert(provider.path, owner);
    return owner;
}

// What the stubs of `device`'s `property` entries into `provider` will say, for the diagnostic:
// "0 Hz", or "50000000 Hz (its assigned-clock-rates)", per entry when there are several.
QString stubRateText(const HostModel &model, const Node &device, const QString &property, const QString &provider)
{
    QStringList parts;
    QSet<QString> seen;
    for (const Dependency &d : device.dependencies) {
        if (d.property != property || d.target != provider)
            continue;
        QStringList args;
        for (quint32 a : d.args)
            args << QString::number(a);
        if (seen.contains(args.join(QLatin1Char(','))))
            continue;
        seen.insert(args.join(QLatin1Char(',')));
        const StubClockRate rate = stubClockRate(model, device, d);
        QString text = rate.source == StubClockRate::AssignedRate
            ? QStringLiteral("%1 Hz (taken from its assigned-clock-rates)").arg(rate.hz)
            : QStringLiteral("0 Hz");
        if (!args.isEmpty())
            text = QStringLiteral("clock %1: %2").arg(args.join(QLatin1Char(' ')), text);
        parts << text;
    }
    return parts.join(QStringLiteral("; "));
}

// ---- the planner ------------------------------------------------------------------------------
QVector<MmioMapping> mergeWindows(QVector<MmioMapping> windows)
{
    std::sort(windows.begin(), windows.end(),
              [](const MmioMapping &a, const MmioMapping &b) { return a.hostAddress < b.hostAddress; });
    QVector<MmioMapping> out;
    for (const MmioMapping &w : windows) {
        if (!out.isEmpty() && w.hostAddress <= out.last().hostAddress + out.last().size) {
            MmioMapping &last = out.last();
            last.size = std::max(last.hostAddress + last.size, w.hostAddress + w.size) - last.hostAddress;
            continue;
        }
        out.append(w);
    }
    return out;
}

// Page windows of one device, 1:1 for now (guest addresses are fixed per domain later).
QVector<MmioMapping> deviceWindows(const QVector<GuestRegion> &regions)
{
    QVector<MmioMapping> windows;
    for (const GuestRegion &r : regions) {
        const quint64 start = pageDown(r.hostAddress);
        const quint64 end = pageUp(r.hostAddress + std::max<quint64>(r.size, 1));
        windows.append({start, start, end - start});
    }
    return mergeWindows(windows);
}

const xen::GuestMapEntry *clashOf(const QVector<xen::GuestMapEntry> &map, quint64 base, quint64 size)
{
    for (const xen::GuestMapEntry &e : map)
        if (overlaps(base, size, e.base, e.size))
            return &e;
    return nullptr;
}

// Lowest page-aligned guest address >= kRelocationFloor where `size` bytes overlap nothing in `used`.
std::optional<quint64> findHole(const QVector<MmioMapping> &used, quint64 size)
{
    quint64 candidate = kRelocationFloor;
    for (bool moved = true; moved;) {
        moved = false;
        for (const MmioMapping &u : used)
            if (overlaps(candidate, size, u.guestAddress, u.size)) {
                candidate = pageUp(u.guestAddress + u.size);
                moved = true;
            }
        if (candidate + size > kGuestTop || candidate + size < candidate)
            return std::nullopt;
    }
    return candidate;
}

// Places every domain window: 1:1 unless (not direct-mapped and) it overlaps Xen's guest map.
QVector<MmioMapping> placeWindows(Context &ctx, const DomainPlan &dp, const QVector<MmioMapping> &hostWindows)
{
    const QVector<xen::GuestMapEntry> map = xen::guestMemoryMap(dp.config);
    QVector<MmioMapping> placed = hostWindows;
    QVector<MmioMapping> used;
    for (const xen::GuestMapEntry &e : map)
        used.append({e.base, e.base, e.size});
    QVector<int> clashing;
    for (int i = 0; i < placed.size(); ++i) {
        if (!dp.config.directMap && clashOf(map, placed[i].hostAddress, placed[i].size))
            clashing.append(i);
        else
            used.append(placed[i]);
    }
    for (int i : clashing) {
        MmioMapping &w = placed[i];
        const xen::GuestMapEntry *e = clashOf(map, w.hostAddress, w.size);
        Relocation r;
        r.domain = dp.config.name;
        r.host = w.hostAddress;
        r.size = w.size;
        r.clash = QStringLiteral("%1 (%2)").arg(QLatin1String(e->name), span(e->base, e->size));
        if (const std::optional<quint64> hole = findHole(used, w.size)) {
            w.guestAddress = *hole;
            used.append(w);
        } else {
            r.placed = false;
        }
        r.guest = w.guestAddress;
        ctx.relocations.append(r);
    }
    return placed;
}

// One unknown-rate report per stubbed clock: from `clocks`, or from assigned-clocks when the
// device's clocks do not name that provider.
bool reportsStubRate(const Node &device, const Dependency &dep)
{
    if (dep.property == QLatin1String("clocks"))
        return true;
    for (const Dependency &d : device.dependencies)
        if (d.property == QLatin1String("clocks") && d.target == dep.target)
            return false;
    return dep.property == QLatin1String("assigned-clocks");
}

DependencyPlan planDependency(Context &ctx, const DomainPlan &dp, const Node &device, const Dependency &dep)
{
    DependencyPlan plan;
    plan.property = dep.property;
    plan.provider = dep.target;
    const Node *provider = ctx.model.node(dep.target);
    const DomainConfig &dc = dp.config;
    auto note = [&](DependencyNoteKind kind, const QString &owner = QString(), const QString &value = QString()) {
        ctx.dependencyNotes.append({kind, dc.name, device.path, dep.property, dep.target, owner, value});
    };
    const auto decision = dc.dependencyDecisions.constFind(dep.target);
    if (decision != dc.dependencyDecisions.constEnd() && *decision == DependencyAction::Assign) {
        plan.action = DependencyAction::Assign;
        plan.reason = QStringLiteral("your decision: assigned to this domain, its registers mapped");
        if (provider && coveredBy(ctx.model, dc.devices, *provider))
            return plan; // withAssignedProviders made it one of the domain's devices
        const QString owner = provider ? ownerOf(ctx, *provider, dc.name) : QString();
        plan.action = DependencyAction::Drop;
        plan.reason = owner.isEmpty() ? QStringLiteral("cannot be assigned (not a device, or not in the host DTB); dropped")
                                      : QStringLiteral("owned by domain %1, so not assignable here; dropped").arg(owner);
        note(DependencyNoteKind::DefaultDrop, owner);
        return plan;
    }
    // A copy or stub a project file asks for a node no domain can get (a host CPU: its reg means
    // nothing under the guest's /cpus) is dropped, and dependency-not-assignable says so.
    if (decision != dc.dependencyDecisions.constEnd() && *decision != DependencyAction::Drop
        && !notAssignableWhy(dep.target).isEmpty()) {
        plan.action = DependencyAction::Drop;
        plan.reason = QStringLiteral("cannot be copied or stubbed (no domain can get it); dropped");
        note(DependencyNoteKind::DefaultDrop);
        return plan;
    }
    if (decision != dc.dependencyDecisions.constEnd()) {
        plan.action = *decision;
        plan.reason = QStringLiteral("your decision");
        if (plan.action == DependencyAction::Stub && !isStubbableProperty(dep.property)) {
            // The partial DTB stubs clock references (a fixed-clock) and supplies (a fixed
            // regulator) only (PartialDtbBuilder::stubFor). A clock provider that also provides
            // resets (a CRU): the stub stands in for its clocks, and the other references are
            // dropped (a warning); a stub for a provider used for neither is a wrong decision.
            const bool stubbedElsewhere = (provider && provider->property(QStringLiteral("#clock-cells")))
                || std::any_of(device.dependencies.cbegin(), device.dependencies.cend(), [&](const Dependency &d) {
                       return d.target == dep.target && isStubbableProperty(d.property);
                   });
            plan.action = DependencyAction::Drop;
            plan.reason = stubbedElsewhere ? QStringLiteral("a stub stands in for clocks and supplies only; dropped")
                                           : QStringLiteral("stub is only possible for clocks and supplies; dropped");
            note(stubbedElsewhere ? DependencyNoteKind::StubDropsOther : DependencyNoteKind::StubInvalid);
        } else if (plan.action == DependencyAction::Stub && provider && !providerRate(*provider)
                   && reportsStubRate(device, dep)) {
            note(DependencyNoteKind::StubRateUnknown, QString(),
                 stubRateText(ctx.model, device, dep.property, dep.target));
        }
        if (plan.action == DependencyAction::Copy && provider)
            plan.contextPath = ancestorsOf(ctx.model, *provider);
        return plan;
    }
    if (!provider) {
        plan.action = DependencyAction::Drop;
        plan.reason = QStringLiteral("the provider is not in the host DTB");
        return plan;
    }
    if (coveredBy(ctx.model, dc.devices, *provider)) {
        plan.action = DependencyAction::Copy;
        plan.reason = QStringLiteral("assigned to this domain");
        return plan;
    }
    if (const Node *agent = scmiAgentOf(ctx.model, *provider); agent && dp.needsScmi) {
        // SCMI protocol nodes only work inside their agent node (and its parent, e.g. /firmware):
        // arm,scmi.yaml; Xen single-agent SCMI passes the agent to this guest (arm-scmi.rst).
        plan.action = DependencyAction::Copy;
        plan.reason = QStringLiteral("SCMI, which this domain gets");
        plan.contextPath = ancestorsOf(ctx.model, *provider);
        return plan;
    }
    if (isSimpleProvider(ctx.model, *provider)) {
        plan.action = DependencyAction::Copy;
        plan.reason = QStringLiteral("a fixed clock or regulator needs nothing from the host");
        return plan;
    }
    plan.action = DependencyAction::Drop;
    const QString owner = ownerOf(ctx, *provider, dc.name);
    if (owner.isEmpty() && bindings::isPinctrlState(dep.property)) {
        // Xen passes no guest the pin controller (one register block for every pin), so pin
        // states stay with the host: the pins keep what firmware and dom0 configured, and a
        // node without pinctrl-N has no states for Linux (drivers/pinctrl/devicetree.c).
        plan.reason = QStringLiteral("pin states stay with the host (devassign's default for pinctrl)");
        note(DependencyNoteKind::PinsLeftToHost);
        return plan;
    }
    plan.reason = owner.isEmpty() ? QStringLiteral("stays with dom0 / Xen")
                                  : QStringLiteral("owned by domain %1").arg(owner);
    note(DependencyNoteKind::DefaultDrop, owner);
    return plan;
}

// A copied fixed provider may itself refer to fixed providers (a fixed-factor-clock's parent
// clock): those are copied too, so every phandle in the partial DTB resolves. Entries added here
// name the copied provider's property and say which provider needs them.
void addProviderClosure(const HostModel &model, DevicePlan &dev, QSet<QString> &done)
{
    for (int i = 0; i < dev.dependencies.size(); ++i) {
        const DependencyPlan current = dev.dependencies[i];
        const Node *provider = model.node(current.provider);
        if (current.action != DependencyAction::Copy || !provider || !isSimpleProvider(model, *provider))
            continue;
        for (const Dependency &d : provider->dependencies) {
            const QString key = d.property + QLatin1Char('\n') + d.target;
            if (d.property == QLatin1String("interrupt-parent") || done.contains(key))
                continue;
            done.insert(key);
            DependencyPlan plan;
            plan.property = d.property;
            plan.provider = d.target;
            plan.holder = current.provider;
            plan.action = DependencyAction::Copy;
            plan.reason = QStringLiteral("needed by %1, which is copied").arg(current.provider);
            dev.dependencies.append(plan);
        }
    }
}

bool hasOwnResources(const Node &n)
{
    for (const Region &r : n.regions)
        if (r.cpuAddressable)
            return true;
    for (const Interrupt &i : n.interrupts)
        if (i.gic)
            return true;
    return false;
}

// The descendants of `n` that are copied inside it but not planned as devices of their own (no
// CPU-addressable registers and no GIC interrupt, or disabled), depth first; the subtree of a
// descendant planned on its own (plannedDescendants) or named by the domain is that one's.
void collectPassiveDescendants(const HostModel &model, const Node &n, const QStringList &named,
                               QVector<const Node *> &out)
{
    for (int c : n.children) {
        const Node &child = model.nodes()[c];
        if (named.contains(child.path) || (child.enabled && hasOwnResources(child)))
            continue;
        out.append(&child);
        collectPassiveDescendants(model, child, named, out);
    }
}

QVector<const Node *> passiveDescendants(const HostModel &model, const Node &n, const QStringList &named)
{
    QVector<const Node *> out;
    collectPassiveDescendants(model, n, named, out);
    return out;
}

DevicePlan planDevice(Context &ctx, const DomainPlan &dp, const Node &n)
{
    DevicePlan dev;
    dev.hostPath = n.path;
    dev.hostNode = n.index;
    for (const Region &r : n.regions)
        if (r.cpuAddressable)
            dev.regions.append({r.address, r.address, r.size});
    dev.mmio = deviceWindows(dev.regions);
    // Every GIC SPI/eSPI specifier exactly as the host lists them: same order, repeats kept (macb
    // asks for one IRQ per queue, and ZynqMP's GEM lists SPI 63 twice). Only xl's `irqs` and the
    // sharing rules look at distinct ids.
    for (int index = 0; index < n.interrupts.size(); ++index) {
        const Interrupt &i = n.interrupts[index];
        if (i.gic && i.irq && (i.type == IrqType::Spi || i.type == IrqType::Espi)) {
            dev.interrupts.append(i);
            dev.interruptIndex.append(index);
        }
    }
    dev.iommuProtected = xen::isProtectedByXen(n, ctx.project.platform.xen);
    // Rules dma-without-iommu (acknowledged), passed-without-iommu and dma-guessed-without-iommu.
    // The default reasons come first: they hold whether or not the user also acknowledged.
    if (!dev.iommuProtected) {
        if (!n.dma.likely)
            dev.forceWhy = QStringLiteral("devassign's default: nothing shows that it masters the bus");
        else if (n.dma.byClassOnly)
            dev.forceWhy = QStringLiteral("devassign's default: only its name or compatible suggests DMA");
        else if (ctx.project.isAcknowledged(kDmaRule, n.path, dp.config.name))
            dev.forceWhy = QStringLiteral("you acknowledged dma-without-iommu");
        dev.forceWithoutIommu = !dev.forceWhy.isEmpty();
    }
    QSet<QString> done;
    auto planReferencesOf = [&](const Node &holder) {
        for (const Dependency &d : holder.dependencies) {
            const QString key = d.property + QLatin1Char('\n') + d.target;
            if (handledByXen(d.property) || d.target == holder.path || done.contains(key))
                continue;
            done.insert(key);
            dev.dependencies.append(planDependency(ctx, dp, holder, d));
            dev.dependencies.last().holder = holder.path;
        }
    };
    planReferencesOf(n);
    // The descendants the partial DTB copies inside this device without making them devices of
    // their own carry references too (J721E cpsw ethernet-ports/port@1: phys, ti,syscon-efuse):
    // each is decided like the device's own, and check names the descendant.
    for (const Node *inner : passiveDescendants(ctx.model, n, dp.config.devices))
        planReferencesOf(*inner);
    addProviderClosure(ctx.model, dev, done);
    return dev;
}

// Moves every device window and region to the guest address of the domain window holding it.
void applyPlacement(DevicePlan &dev, const QVector<MmioMapping> &placed)
{
    auto guestOf = [&](quint64 host) {
        for (const MmioMapping &w : placed)
            if (host >= w.hostAddress && host < w.hostAddress + w.size)
                return w.guestAddress + (host - w.hostAddress);
        return host;
    };
    for (MmioMapping &w : dev.mmio)
        w.guestAddress = guestOf(w.hostAddress);
    for (GuestRegion &r : dev.regions)
        r.guestAddress = guestOf(r.hostAddress); // keeps the offset inside the page
}

void addScmi(DomainPlan &dp, const Node &n)
{
    for (const ScmiResource &r : n.scmi) {
        bool dup = false;
        for (const ScmiResource &s : dp.scmi)
            dup = dup || (s.scmiNode == r.scmiNode && s.protocol == r.protocol && s.id == r.id);
        if (!dup)
            dp.scmi.append(r);
    }
}

// The shmem channel(s) of every SCMI agent the domain gets that Xen can forward: mapped into the
// guest like MMIO without a host device (Xen's arm-scmi.rst: xl iomem; dom0less xen,reg and
// xen,force-assign-without-iommu, no xen,path). A shmem node the domain is assigned is not repeated.
QVector<DevicePlan> planScmiShmem(const Context &ctx, const DomainPlan &dp)
{
    QVector<DevicePlan> out;
    // With devassign's mediator the guest's channel is a page Xen allocates for it (docs/hypervisor.md
    // §2): nothing of the host's shared memory is mapped.
    if (!dp.needsScmi || ctx.project.platform.scmiMediator)
        return out;
    for (const QString &path : scmiAgentsOf(dp)) {
        const Node *agent = ctx.model.node(path);
        if (!agent || !scmiNotForwardable(ctx.model, *agent).isEmpty())
            continue;
        for (const Node *shm : scmiShmemNodes(ctx.model, *agent)) {
            bool planned = coveredBy(ctx.model, dp.config.devices, *shm);
            for (const DevicePlan &p : out)
                planned = planned || p.hostPath == shm->path;
            if (planned)
                continue;
            DevicePlan plan;
            plan.hostPath = shm->path;
            plan.hostNode = shm->index;
            for (const Region &r : shm->regions)
                if (r.cpuAddressable)
                    plan.regions.append({r.address, r.address, r.size});
            plan.mmio = deviceWindows(plan.regions);
            plan.forceWithoutIommu = true; // memory, not a bus master: nothing for an IOMMU to protect
            plan.forceWhy = QStringLiteral("shared memory, not a bus master");
            out.append(plan);
        }
    }
    return out;
}

// A node Xen would give dom0 on its own: CPU-addressable registers (mapped by handle_device) or
// interrupts on the GIC (map_device_irqs_to_domain skips the others), xen/arch/arm/device.c.
// The enabled descendants of an assigned node that Xen would otherwise give dom0, depth first. A
// disabled node's subtree is skipped; a descendant the domain names itself is planned on its own.
void collectDescendants(const HostModel &model, const Node &n, const QStringList &named, QVector<const Node *> &out)
{
    for (int c : n.children) {
        const Node &child = model.nodes()[c];
        if (!child.enabled || named.contains(child.path))
            continue;
        if (hasOwnResources(child))
            out.append(&child);
        collectDescendants(model, child, named, out);
    }
}

QVector<const Node *> plannedDescendants(const HostModel &model, const Node &n, const QStringList &named)
{
    QVector<const Node *> out;
    collectDescendants(model, n, named, out);
    return out;
}

bool containedIn(const QVector<MmioMapping> &windows, const MmioMapping &w)
{
    for (const MmioMapping &o : windows)
        if (w.hostAddress >= o.hostAddress && w.hostAddress + w.size <= o.hostAddress + o.size)
            return true;
    return false;
}

DomainPlan planDomain(Context &ctx, const DomainConfig &dc)
{
    DomainPlan dp;
    dp.config = dc;
    QVector<const Node *> nodes;
    for (const QString &path : dc.devices)
        if (const Node *n = ctx.model.node(path))
            nodes.append(n);
    // The SCMI resources of the assigned nodes and of the children taken along with them.
    for (const Node *n : nodes) {
        addScmi(dp, *n);
        for (const Node *child : plannedDescendants(ctx.model, *n, dc.devices))
            addScmi(dp, *child);
    }
    dp.needsScmi = !dp.scmi.isEmpty();

    QVector<MmioMapping> hostWindows;
    for (const Node *n : nodes) {
        dp.devices.append(planDevice(ctx, dp, *n));
        QVector<MmioMapping> family = dp.devices.last().mmio;
        for (const Node *child : plannedDescendants(ctx.model, *n, dc.devices)) {
            DevicePlan dev = planDevice(ctx, dp, *child);
            dev.parentDevice = n->path;
            // A window the ancestor (or an earlier child) already maps is not mapped twice.
            QVector<MmioMapping> own;
            for (const MmioMapping &w : dev.mmio)
                if (!containedIn(family, w))
                    own.append(w);
            dev.mmio = own;
            family += own;
            dp.devices.append(dev);
        }
        hostWindows += family;
    }
    dp.scmiShmem = planScmiShmem(ctx, dp);
    for (const DevicePlan &shm : dp.scmiShmem)
        hostWindows += shm.mmio;
    const int firstRelocation = ctx.relocations.size();
    const QVector<MmioMapping> placed = placeWindows(ctx, dp, mergeWindows(hostWindows));
    for (DevicePlan &dev : dp.devices)
        applyPlacement(dev, placed);
    for (DevicePlan &shm : dp.scmiShmem)
        applyPlacement(shm, placed);
    // Name the devices behind every relocated window (one relocation per device and window).
    QVector<Relocation> perDevice;
    for (int i = firstRelocation; i < ctx.relocations.size(); ++i)
        for (const DevicePlan &dev : dp.devices + dp.scmiShmem)
            for (const MmioMapping &w : dev.mmio)
                if (overlaps(w.hostAddress, w.size, ctx.relocations[i].host, ctx.relocations[i].size)) {
                    Relocation r = ctx.relocations[i];
                    r.node = dev.hostPath;
                    r.host = w.hostAddress;
                    r.size = w.size;
                    r.guest = w.guestAddress;
                    perDevice.append(r);
                }
    ctx.relocations.resize(firstRelocation);
    ctx.relocations += perDevice;

    QSet<quint32> irqs;
    for (const DevicePlan &dev : dp.devices)
        for (const Interrupt &i : dev.interrupts)
            irqs.insert(*i.irq);
    dp.irqs = QVector<quint32>(irqs.begin(), irqs.end());
    std::sort(dp.irqs.begin(), dp.irqs.end());
    // nr_spis: libxl derives it from `irqs` itself, and dom0less defaults to the host GIC's lines
    // (VGIC_DEF_NR_SPIS / gic_number_lines() - 32 in create_domUs), which cover every host SPI.
    // Only an eSPI (GIC id >= 4096) is beyond that default: then highest id - 32 + 1.
    if (!dp.irqs.isEmpty() && dp.irqs.last() >= xen::kFirstEspi)
        dp.nrSpis = int(dp.irqs.last() - 32 + 1);
    return dp;
}

} // namespace

bool isAncestorOrSelf(const HostModel &model, const Node &ancestor, const Node &n)
{
    for (const Node *cur = &n; cur; cur = model.parentOf(*cur))
        if (cur == &ancestor)
            return true;
    return false;
}

bool coveredBy(const HostModel &model, const QStringList &devices, const Node &n)
{
    for (const Node *cur = &n; cur; cur = model.parentOf(*cur))
        if (devices.contains(cur->path))
            return true;
    return false;
}

bool interruptsStayInGuest(const HostModel &model, const QStringList &devices, const Node &n)
{
    if (n.interrupts.isEmpty())
        return false;
    for (const Interrupt &i : n.interrupts) {
        const Node *controller = i.gic || !i.problem.isEmpty() ? nullptr : model.node(i.controller);
        if (!controller || !coveredBy(model, devices, *controller))
            return false;
    }
    return true;
}

QString assignDecisionProblem(const HostModel &model, const Project &project, const QString &domain,
                              const QString &provider)
{
    const Node *node = model.node(provider);
    if (!node)
        return {};
    if (const QString reason = notAssignableReason(provider); !reason.isEmpty())
        return reason;
    Project others = withAssignedProviders(model, project);
    others.domains.erase(std::remove_if(others.domains.begin(), others.domains.end(),
                                        [&](const DomainConfig &d) { return d.name == domain; }),
                         others.domains.end());
    const QString owner = ownerDomainOf(model, others, *node, domain);
    if (owner.isEmpty())
        return {};
    return QStringLiteral("%1 already belongs to domain '%2' (assigned to it, or by its own assign decision); Xen gives "
                          "a node to one domain only: copy or stub it for %3, or take it from %2 first")
        .arg(provider, owner, domain);
}

QString dependencyDecisionProblem(const HostModel &model, const Project &project, const QString &domain,
                                  const QString &provider, std::optional<DependencyAction> action)
{
    if (action == DependencyAction::Assign)
        return assignDecisionProblem(model, project, domain, provider);
    if (action == DependencyAction::Copy || action == DependencyAction::Stub)
        if (const QString why = notAssignableWhy(provider); !why.isEmpty())
            return QStringLiteral("%1 cannot be %2 into a domain's partial DTB: %3; choose drop, or leave the device "
                                  "that refers to it with dom0")
                .arg(provider, *action == DependencyAction::Copy ? QStringLiteral("copied") : QStringLiteral("stubbed"), why);
    return QString();
}

QString ownerDomainOf(const HostModel &model, const Project &p, const Node &n, const QString &except)
{
    for (const DomainConfig &d : p.domains)
        if (d.name != except && coveredBy(model, d.devices, n))
            return d.name;
    return QString();
}

QVector<quint64> domainCoverage(const HostModel &model, const Project &p)
{
    if (p.domains.size() > kCoverageDomains)
        return {};
    QVector<quint64> coverage(model.nodes().size(), 0);
    for (int d = 0; d < p.domains.size(); ++d)
        for (const QString &path : p.domains[d].devices)
            if (const Node *n = model.node(path))
                coverage[n->index] |= quint64(1) << d;
    // Parents come before their children in HostModel::nodes() (core/modelbuilder.cpp readTree).
    for (const Node &n : model.nodes())
        if (n.parent >= 0 && n.parent < n.index)
            coverage[n.index] |= coverage[n.parent];
    return coverage;
}

QString ownerDomainOf(const Project &p, const QVector<quint64> &coverage, const Node &n, const QString &except)
{
    const quint64 covering = coverage.value(n.index);
    for (int d = 0; d < p.domains.size() && d < kCoverageDomains; ++d)
        if ((covering & (quint64(1) << d)) && p.domains[d].name != except)
            return p.domains[d].name;
    return QString();
}

QVector<MemoryRange> hostRamBanks(const HostModel &model, const Project &project)
{
    if (!project.platform.ram.isEmpty())
        return project.platform.ram;
    QVector<MemoryRange> banks;
    for (const Region &b : model.memoryBanks())
        if (b.size)
            banks.append({b.address, b.size});
    return banks;
}

QVector<ReservedRange> hostReservedRanges(const HostModel &model)
{
    QVector<ReservedRange> out;
    // Boot modules the host DTB already names (dom0's kernel and ramdisk, an XSM policy): every
    // node below /chosen with a reg, read in its parent's cells as Xen reads a module's reg
    // (process_multiboot_node in xen/arch/arm/bootfdt.c). Xen refuses modules that overlap each
    // other or reserved memory (check_reserved_regions_overlap, xen/arch/arm/setup.c), and a boot
    // loader would load one file over the other. /chosen has no ranges, so the model leaves these
    // regions untranslated: their bus address is the one Xen uses.
    for (const Node &n : model.nodes()) {
        const Node *parent = model.parentOf(n);
        if (parent && parent->path == QLatin1String("/reserved-memory") && n.enabled)
            for (const Region &r : n.regions)
                if (r.cpuAddressable && r.size)
                    out.append({n.path, r.address, r.size});
        if (n.path.startsWith(QLatin1String("/chosen/")))
            for (const Region &r : n.regions) {
                const quint64 address = r.cpuAddressable ? r.address : r.busAddress;
                if (r.size && address + r.size > address)
                    out.append({n.path, address, r.size});
            }
    }
    const void *fdt = model.blob().constData();
    for (int i = 0, count = fdt_num_mem_rsv(fdt); i < count; ++i) {
        uint64_t a = 0, s = 0;
        if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0 && s)
            out.append({QStringLiteral("/memreserve/ #%1").arg(i), a, s});
    }
    return out;
}

QStringList ancestorsOf(const HostModel &model, const Node &n)
{
    QStringList out;
    for (const Node *cur = model.parentOf(n); cur && cur->parent >= 0; cur = model.parentOf(*cur))
        out.prepend(cur->path);
    return out;
}

bool referencedFrom(const HostModel &model, const QStringList &devices, const QString &provider)
{
    for (const Node &n : model.nodes())
        for (const Dependency &d : n.dependencies)
            if (d.target == provider && coveredBy(model, devices, n))
                return true;
    return false;
}

namespace {

// One pass over a domain's "assign" decisions; true when it added a provider.
bool addAssignedProviders(const HostModel &model, const Project &project, DomainConfig &dc)
{
    bool added = false;
    for (auto it = dc.dependencyDecisions.cbegin(); it != dc.dependencyDecisions.cend(); ++it) {
        const Node *provider = model.node(it.key());
        if (*it != DependencyAction::Assign || !provider || provider->parent < 0
            || !notAssignableReason(it.key()).isEmpty() // /cpus/cpu@0 (an etm's cpu), /chosen...
            || coveredBy(model, dc.devices, *provider)
            || !ownerDomainOf(model, project, *provider, dc.name).isEmpty()
            || !referencedFrom(model, dc.devices, it.key()))
            continue;
        dc.devices.append(it.key());
        added = true;
    }
    return added;
}

} // namespace

Project withAssignedProviders(const HostModel &model, const Project &project)
{
    Project effective = project;
    for (DomainConfig &dc : effective.domains)
        while (addAssignedProviders(model, effective, dc)) {
        }
    return effective;
}

namespace {

// Whether `memo` is what planning `dc` in `project` would give again (see PlanMemo).
bool memoHolds(const HostModel &model, const Project &project, const QVector<quint64> &coverage,
               const DomainConfig &dc, const PlanMemo &memo)
{
    if (!(memo.config == dc) || !(memo.platform == project.platform) || memo.acknowledgements != project.acknowledgements)
        return false;
    for (auto it = memo.owners.cbegin(); it != memo.owners.cend(); ++it) {
        const Node *n = model.node(it.key());
        if (!n)
            return false;
        const QString now = coverage.isEmpty() ? ownerDomainOf(model, project, *n, dc.name)
                                               : ownerDomainOf(project, coverage, *n, dc.name);
        if (now != *it)
            return false;
    }
    return true;
}

PlanMemo planMemo(const HostModel &model, const Project &project, const DomainConfig &dc, quint64 generation)
{
    PlanMemo memo;
    memo.config = dc;
    memo.platform = project.platform;
    memo.acknowledgements = project.acknowledgements;
    memo.generation = generation;
    Context ctx{model, project, memo.facts.relocations, memo.facts.dependencyNotes, memo.owners};
    memo.plan = planDomain(ctx, dc);
    return memo;
}

} // namespace

QVector<DomainPlan> planDomains(const HostModel &model, const Project &project, PlannerFacts *facts, PlanCache *cache)
{
    PlanCache none; // without a cache every domain is planned: nothing to find in an empty one
    if (!cache)
        cache = &none;
    QVector<DomainPlan> plans;
    QHash<QString, PlanMemo> kept;
    // Only a memo to check needs the owners of the new project.
    const QVector<quint64> coverage = cache->domains.isEmpty() ? QVector<quint64>() : domainCoverage(model, project);
    for (const DomainConfig &dc : project.domains) {
        auto old = cache->domains.find(dc.name);
        PlanMemo memo = old != cache->domains.end() && memoHolds(model, project, coverage, dc, *old)
            ? std::move(*old)
            : planMemo(model, project, dc, cache->nextGeneration++);
        plans.append(memo.plan);
        facts->relocations += memo.facts.relocations;
        facts->dependencyNotes += memo.facts.dependencyNotes;
        kept.insert(dc.name, std::move(memo));
    }
    cache->domains = std::move(kept);
    return plans;
}

namespace {

// The references planned for the selected devices of one domain, with the device that holds them.
struct PlannedReference {
    const DevicePlan *device;
    const DependencyPlan *dependency;
};

bool selectedDevice(const DevicePlan &d, const QStringList &devices)
{
    return devices.isEmpty() || devices.contains(d.hostPath) || devices.contains(d.parentDevice);
}

QVector<PlannedReference> plannedReferences(const DomainPlan &dp, const QStringList &devices)
{
    QVector<PlannedReference> out;
    for (const DevicePlan &d : dp.devices)
        if (selectedDevice(d, devices))
            for (const DependencyPlan &p : d.dependencies)
                out.append({&d, &p});
    return out;
}

// A provider the domain gets (or that is gone from the host): nothing to decide about it.
bool domainHas(const HostModel &model, const DomainConfig &dc, const QString &provider)
{
    const Node *n = model.node(provider);
    return !n || coveredBy(model, dc.devices, *n);
}

// A provider the domain uses through a property other than a clock one.
bool usedBeyondClocks(const DomainPlan &dp, const QString &provider)
{
    for (const PlannedReference &r : plannedReferences(dp, {}))
        if (r.dependency->provider == provider && !bindings::isClockProperty(r.dependency->property))
            return true;
    return false;
}

QMap<QString, DependencyAction> dropPinctrl(const HostModel &model, const DomainPlan &dp, const QStringList &devices)
{
    QMap<QString, DependencyAction> out;
    for (const PlannedReference &r : plannedReferences(dp, devices))
        if (bindings::isPinctrlState(r.dependency->property) && !domainHas(model, dp.config, r.dependency->provider))
            out.insert(r.dependency->provider, DependencyAction::Drop);
    return out;
}

QMap<QString, DependencyAction> stubClocks(const HostModel &model, const DomainPlan &dp, const QStringList &devices)
{
    QMap<QString, DependencyAction> out;
    for (const PlannedReference &r : plannedReferences(dp, devices)) {
        const QString &provider = r.dependency->provider;
        if (!isClockProperty(r.dependency->property) || domainHas(model, dp.config, provider)
            || isSimpleProvider(model, *model.node(provider)) || usedBeyondClocks(dp, provider))
            continue;
        out.insert(provider, DependencyAction::Stub);
    }
    return out;
}

QMap<QString, DependencyAction> suggestedPolicy(const HostModel &model, const DomainConfig &dc,
                                                const QStringList &devices, const PlannerFacts &facts)
{
    QMap<QString, DependencyAction> out;
    for (const DependencyNote &note : facts.dependencyNotes) {
        if (note.domain != dc.name
            || (note.kind != DependencyNoteKind::DefaultDrop && note.kind != DependencyNoteKind::PinsLeftToHost)
            || dc.dependencyDecisions.contains(note.provider))
            continue;
        const Node *holder = model.node(note.node);
        bool selected = devices.isEmpty();
        for (const QString &device : devices)
            selected = selected || (holder && model.node(device) && isAncestorOrSelf(model, *model.node(device), *holder));
        if (selected)
            out.insert(note.provider, DependencyAction::Drop); // the default of both kinds
    }
    return out;
}

} // namespace

QMap<QString, DependencyAction> bulkDependencyDecisions(const HostModel &model, const Project &project,
                                                        const QString &domain, const QStringList &devices,
                                                        BulkDecision what)
{
    const Project planned = withAssignedProviders(model, project);
    PlannerFacts facts;
    const QVector<DomainPlan> plans = planDomains(model, planned, &facts);
    for (const DomainPlan &dp : plans) {
        if (dp.config.name != domain)
            continue;
        switch (what) {
        case BulkDecision::DropPinctrl:
            return dropPinctrl(model, dp, devices);
        case BulkDecision::StubClocks:
            return stubClocks(model, dp, devices);
        case BulkDecision::SuggestedPolicy:
            return suggestedPolicy(model, dp.config, devices, facts);
        }
    }
    return {};
}

} // namespace devassign
