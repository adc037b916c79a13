// SPDX-License-Identifier: GPL-2.0-or-later
// Analysis: (host model, project) -> per-domain plan + diagnostics.
//
// First the plan is built for every domain (guest addresses, page windows, interrupts, IOMMU
// verdict, dependency actions); facts the rules need that only the planner sees (relocations,
// dropped dependencies) are recorded in the Context. Then every rule's check function runs, in the
// order of kChecks. Rule texts, severities and sources come from core/rules.json (rules.h).

#include "analysis.h"
#include "rules.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <optional>

namespace devassign {

namespace {

constexpr quint64 kPage = 0x1000;
// Relocated windows are placed in the lowest hole of Xen's guest memory map at or above 16 MiB
// (guest address 0 stays unused: some drivers treat a 0 resource start as "absent") and below
// the end of GUEST_RAM1 (1 TiB, the 40-bit IPA size of most Arm p2m set-ups).
constexpr quint64 kRelocationFloor = 0x01000000;
constexpr quint64 kGuestTop = 0x10000000000ULL;
// GUEST_VPL011_SPI and libxl's virtio-mmio SPIs (xen/include/public/arch-arm.h,
// GUEST_VIRTIO_MMIO_SPI_FIRST/LAST; tools/libs/light/libxl_arm.c).
constexpr quint32 kVpl011Irq = 32;
constexpr quint32 kVirtioFirstIrq = 33;
constexpr quint32 kVirtioLastIrq = 43;
constexpr quint32 kFirstEspi = 4096;

quint64 pageDown(quint64 a) { return a & ~(kPage - 1); }
quint64 pageUp(quint64 a) { return (a + kPage - 1) & ~(kPage - 1); }
bool overlaps(quint64 a, quint64 as, quint64 b, quint64 bs) { return a < b + bs && b < a + as; }

QString hex(quint64 v) { return QStringLiteral("0x") + QString::number(v, 16); }
// Inclusive range, e.g. "0x9010000-0x9010fff".
QString span(quint64 base, quint64 size)
{
    return size ? hex(base) + QLatin1Char('-') + hex(base + size - 1) : hex(base);
}

const QString kDmaRule = QStringLiteral("dma-without-iommu");

// ---- facts the planner records for the checks -----------------------------------------------
struct Relocation {
    QString domain;
    QString node;
    quint64 host = 0;
    quint64 size = 0;
    quint64 guest = 0;
    QString clash;   // "vPL011 (0x22000000-0x22000fff)"
    bool placed = true;
};

enum class DependencyNoteKind { DefaultDrop, StubInvalid, StubRateUnknown };
struct DependencyNote {
    DependencyNoteKind kind;
    QString domain;
    QString node;
    QString property;
    QString provider;
    QString owner; // another domain that owns the provider, if any
    QString value; // the diagnostic's {value} when it is not the property (stub rates)
};

struct Context {
    const HostModel &model;
    const Project &project;
    Analysis &out;
    QVector<Relocation> relocations;
    QVector<DependencyNote> dependencyNotes;

    void report(const QString &ruleId, const QString &domain, const QString &node, const QString &other,
                const QString &value, const QStringList &related = {})
    {
        const Rule *rule = findRule(ruleId);
        Q_ASSERT_X(rule, "analysis", "check reports a rule that rules.json lacks");
        if (!rule)
            return;
        Diagnostic d;
        d.rule = ruleId;
        d.severity = rule->severity;
        d.message = expandRuleTemplate(rule->message, node, domain, other, value);
        d.fix = expandRuleTemplate(rule->fix, node, domain, other, value);
        d.domain = domain;
        d.node = node;
        d.related = related;
        d.source = rule->source;
        d.acknowledged = project.isAcknowledged(ruleId, node, domain);
        out.diagnostics.append(d);
    }

    // The domain plans together with their device plans and host nodes, for the checks.
    template <typename Fn> void forEachDevice(Fn fn) const
    {
        for (const DomainPlan &dp : out.domains)
            for (const DevicePlan &dev : dp.devices)
                if (const Node *n = model.node(dev.hostPath))
                    fn(dp, dev, *n);
    }
    // The same over everything mapped into a guest: the devices and the SCMI shmem channels.
    template <typename Fn> void forEachMapped(Fn fn) const
    {
        for (const DomainPlan &dp : out.domains)
            for (const DevicePlan &dev : dp.devices + dp.scmiShmem)
                if (const Node *n = model.node(dev.hostPath))
                    fn(dp, dev, *n);
    }
};

// ---- helpers about nodes ----------------------------------------------------------------------
bool isAncestorOrSelf(const HostModel &model, const Node &ancestor, const Node &n)
{
    for (const Node *cur = &n; cur; cur = model.parentOf(*cur))
        if (cur == &ancestor)
            return true;
    return false;
}

// The SCMI agent node at or above `n`, or nullptr.
const Node *scmiAgentOf(const HostModel &model, const Node &n)
{
    for (const Node *cur = &n; cur; cur = model.parentOf(*cur))
        if (isScmiAgent(*cur))
            return cur;
    return nullptr;
}

// The arm,scmi-shmem nodes an SCMI agent's `shmem` names that have a CPU-addressable region.
QVector<const Node *> scmiShmemNodes(const HostModel &model, const Node &agent)
{
    QVector<const Node *> out;
    for (const Dependency &d : agent.dependencies) {
        const Node *shm = d.property == QLatin1String("shmem") ? model.node(d.target) : nullptr;
        if (!shm || !shm->compatible.contains(QStringLiteral("arm,scmi-shmem")) || out.contains(shm))
            continue;
        for (const Region &r : shm->regions)
            if (r.cpuAddressable) {
                out.append(shm);
                break;
            }
    }
    return out;
}

// Why Xen cannot pass `agent` to a guest, or "" when it can. Upstream Xen (4.21+) forwards only the
// SMC transport: scmi-smc.c probes compatible "arm,scmi-smc" only (scmi_smc_match) and needs a u32
// arm,smc-id (scmi_dom0_init); the calls are forwarded zero-copy, so the guest needs the shmem
// channel mapped (docs/hypervisor-guide/arm/firmware/arm-scmi.rst).
QString scmiNotForwardable(const HostModel &model, const Node &agent)
{
    if (!agent.compatible.contains(QStringLiteral("arm,scmi-smc"))) {
        const QString compatible = agent.compatible.value(0);
        QString transport = QStringLiteral("not SMC");
        if (compatible == QLatin1String("arm,scmi"))
            transport = QStringLiteral("a mailbox");
        else if (compatible == QLatin1String("arm,scmi-virtio"))
            transport = QStringLiteral("virtio");
        else if (compatible == QLatin1String("linaro,scmi-optee"))
            transport = QStringLiteral("OP-TEE");
        else if (compatible.contains(QLatin1String("smc")))
            transport = QStringLiteral("an SMC variant Xen does not match");
        return QStringLiteral("its compatible is \"%1\" (transport: %2)").arg(compatible, transport);
    }
    const Property *id = agent.property(QStringLiteral("arm,smc-id"));
    if (!id || id->value.size() != 4)
        return QStringLiteral("it has no 32-bit arm,smc-id");
    if (scmiShmemNodes(model, agent).isEmpty())
        return QStringLiteral("its shmem names no arm,scmi-shmem node with a CPU-addressable reg");
    return QString();
}

// The SCMI agent nodes whose resources a domain's devices use, in first-use order.
QStringList scmiAgentsOf(const DomainPlan &dp)
{
    QStringList agents;
    for (const ScmiResource &r : dp.scmi)
        if (!agents.contains(r.scmiNode))
            agents.append(r.scmiNode);
    return agents;
}

// Ancestors of `n` below the root, outermost first: what a copy needs for its binding to hold.
QStringList ancestorsOf(const HostModel &model, const Node &n)
{
    QStringList out;
    for (const Node *cur = model.parentOf(n); cur && cur->parent >= 0; cur = model.parentOf(*cur))
        out.prepend(cur->path);
    return out;
}

// Properties whose targets Xen or the guest set-up handle themselves: the guest GIC replaces the
// interrupt parent (GUEST_PHANDLE_GIC), and IOMMU links are consumed by Xen from the host node
// named by xen,path / dtdev (xen/drivers/passthrough/device_tree.c).
bool handledByXen(const QString &property)
{
    return property == QLatin1String("interrupt-parent") || property == QLatin1String("interrupts-extended")
        || property == QLatin1String("iommus") || property == QLatin1String("iommu-map");
}

bool isClockProperty(const QString &property)
{
    return property == QLatin1String("clocks") || property == QLatin1String("assigned-clocks")
        || property == QLatin1String("assigned-clock-parents");
}

// Providers that need nothing from the host to work and can be copied into a partial DTB as they
// are: fixed clocks and fixed regulators whose own dependencies are again such providers.
bool isSimpleProvider(const HostModel &model, const Node &n, int depth = 0)
{
    static const QStringList simple = {QStringLiteral("fixed-clock"), QStringLiteral("fixed-factor-clock"),
                                       QStringLiteral("regulator-fixed")};
    if (depth > 8 || n.hasReg)
        return false;
    bool match = false;
    for (const QString &c : n.compatible)
        match = match || simple.contains(c);
    if (!match)
        return false;
    for (const Dependency &d : n.dependencies) {
        if (d.property == QLatin1String("interrupt-parent"))
            continue;
        const Node *t = model.node(d.target);
        if (!t || !isSimpleProvider(model, *t, depth + 1))
            return false;
    }
    return true;
}

// A provider's clock-frequency as the fixed-clock binding takes it (one u32; a u64 only when it fits).
std::optional<quint32> providerRate(const Node &provider)
{
    const Property *p = provider.property(QStringLiteral("clock-frequency"));
    if (!p || (p->value.size() != 4 && p->value.size() != 8))
        return std::nullopt;
    const QVector<quint32> cells = cellsOf(p->value);
    const quint64 hz = cellsToU64(cells.constData(), cells.size());
    if (hz > 0xffffffffULL)
        return std::nullopt;
    return quint32(hz);
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

// The assigned node (in `devices`) that is `n` or one of its ancestors.
bool coveredBy(const HostModel &model, const QStringList &devices, const Node &n)
{
    for (const Node *cur = &n; cur; cur = model.parentOf(*cur))
        if (devices.contains(cur->path))
            return true;
    return false;
}

QString ownerDomainOf(const HostModel &model, const Project &p, const Node &n, const QString &except)
{
    for (const DomainConfig &d : p.domains)
        if (d.name != except && coveredBy(model, d.devices, n))
            return d.name;
    return QString();
}

bool hasXenDrivenIommu(const Node &n)
{
    for (const IommuLink &l : n.iommu.links)
        if (l.iommuEnabled && l.xenDriver)
            return true;
    return false;
}

// Why a device is (not) protected, naming disabled IOMMUs and IOMMUs Xen has no driver for.
QString iommuVerdict(const Node &n)
{
    if (n.iommu.links.isEmpty())
        return QStringLiteral("no iommus, mmu-masters or iommu-map links it to an IOMMU");
    QStringList parts;
    for (const IommuLink &l : n.iommu.links) {
        const QString what = QStringLiteral("%1 (%2)").arg(l.iommu, l.iommuCompatible.value(0));
        if (!l.iommuEnabled)
            parts.append(QStringLiteral("its IOMMU %1 is disabled").arg(what));
        else if (!l.xenDriver)
            parts.append(QStringLiteral("its IOMMU %1 is one Xen has no driver for (Xen on Arm drives Arm "
                                        "SMMUv1/v2/MMU-500, SMMUv3 and Renesas IPMMU-VMSA only)")
                             .arg(what));
        else
            parts.append(QStringLiteral("its IOMMU %1 is driven by Xen").arg(what));
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

const GuestMapEntry *clashOf(const QVector<GuestMapEntry> &map, quint64 base, quint64 size)
{
    for (const GuestMapEntry &e : map)
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
    const QVector<GuestMapEntry> map = guestMemoryMap(dp.config);
    QVector<MmioMapping> placed = hostWindows;
    QVector<MmioMapping> used;
    for (const GuestMapEntry &e : map)
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
        const GuestMapEntry *e = clashOf(map, w.hostAddress, w.size);
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
    if (decision != dc.dependencyDecisions.constEnd()) {
        plan.action = *decision;
        plan.reason = QStringLiteral("your decision");
        if (plan.action == DependencyAction::Stub && !isClockProperty(dep.property)) {
            plan.action = DependencyAction::Drop;
            plan.reason = QStringLiteral("stub is only possible for clocks; dropped");
            note(DependencyNoteKind::StubInvalid);
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
    const QString owner = ownerDomainOf(ctx.model, ctx.project, *provider, dc.name);
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
            plan.action = DependencyAction::Copy;
            plan.reason = QStringLiteral("needed by %1, which is copied").arg(current.provider);
            dev.dependencies.append(plan);
        }
    }
}

DevicePlan planDevice(Context &ctx, const DomainPlan &dp, const Node &n)
{
    DevicePlan dev;
    dev.hostPath = n.path;
    for (const Region &r : n.regions)
        if (r.cpuAddressable)
            dev.regions.append({r.address, r.address, r.size});
    dev.mmio = deviceWindows(dev.regions);
    QSet<quint32> seen;
    for (const Interrupt &i : n.interrupts)
        if (i.gic && i.irq && (i.type == IrqType::Spi || i.type == IrqType::Espi) && !seen.contains(*i.irq)) {
            seen.insert(*i.irq);
            dev.interrupts.append(i);
        }
    dev.iommuProtected = n.iommu.isProtected && hasXenDrivenIommu(n);
    dev.forceWithoutIommu = !dev.iommuProtected
        && (!n.dma.likely || ctx.project.isAcknowledged(kDmaRule, n.path, dp.config.name));
    QSet<QString> done;
    for (const Dependency &d : n.dependencies) {
        const QString key = d.property + QLatin1Char('\n') + d.target;
        if (handledByXen(d.property) || d.target == n.path || done.contains(key))
            continue;
        done.insert(key);
        dev.dependencies.append(planDependency(ctx, dp, n, d));
    }
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
    if (!dp.needsScmi)
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
            for (const Region &r : shm->regions)
                if (r.cpuAddressable)
                    plan.regions.append({r.address, r.address, r.size});
            plan.mmio = deviceWindows(plan.regions);
            plan.forceWithoutIommu = true; // memory, not a bus master: nothing for an IOMMU to protect
            out.append(plan);
        }
    }
    return out;
}

// A node Xen would give dom0 on its own: CPU-addressable registers (mapped by handle_device) or
// interrupts on the GIC (map_device_irqs_to_domain skips the others), xen/arch/arm/device.c.
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
    for (const Node *n : nodes)
        addScmi(dp, *n);
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
    if (!dp.irqs.isEmpty() && dp.irqs.last() >= kFirstEspi)
        dp.nrSpis = int(dp.irqs.last() - 32 + 1);
    return dp;
}

// ---- the checks, one per rule id ---------------------------------------------------------------
void checkNodeNotFound(Context &ctx)
{
    for (const DomainConfig &d : ctx.project.domains)
        for (const QString &path : d.devices)
            if (!ctx.model.node(path))
                ctx.report(QStringLiteral("node-not-found"), d.name, path, QString(), QString());
}

void checkHostDtbChanged(Context &ctx)
{
    if (ctx.out.hostDtbChanged)
        ctx.report(QStringLiteral("host-dtb-changed"), QString(), QString(), ctx.project.hostDtbSha256,
                   ctx.model.sha256());
}

void checkDeviceInTwoDomains(Context &ctx)
{
    QHash<QString, QString> firstOwner;
    for (const DomainConfig &d : ctx.project.domains) {
        // The named nodes and the child devices planned with them (an ancestor's assignment
        // takes its children along, so naming the child in another domain clashes too).
        QStringList paths = d.devices;
        if (const DomainPlan *dp = ctx.out.domain(d.name))
            for (const DevicePlan &dev : dp->devices)
                if (!dev.parentDevice.isEmpty())
                    paths.append(dev.hostPath);
        for (const QString &path : paths) {
            const QString owner = firstOwner.value(path);
            if (owner.isEmpty())
                firstOwner.insert(path, d.name);
            else if (owner != d.name)
                ctx.report(QStringLiteral("device-in-two-domains"), d.name, path, owner, QString(), {owner});
        }
    }
}

void checkDeviceDisabled(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        if (!n.enabled)
            ctx.report(QStringLiteral("device-disabled"), dp.config.name, n.path, QString(), n.status);
    });
}

void checkDeviceWithoutResources(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (dev.parentDevice.isEmpty() && dev.regions.isEmpty() && dev.interrupts.isEmpty())
            ctx.report(QStringLiteral("device-without-resources"), dp.config.name, n.path, QString(), QString());
    });
}

void checkRegionNotCpuAddressable(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (int i = 0; i < n.regions.size(); ++i) {
            const Region &r = n.regions[i];
            if (!r.cpuAddressable)
                ctx.report(QStringLiteral("region-not-cpu-addressable"), dp.config.name, n.path, r.problem,
                           QStringLiteral("#%1 (bus address %2, size %3)").arg(i).arg(hex(r.busAddress), hex(r.size)));
        }
    });
}

// Enabled host devices outside `domain` with a region inside [base, base + size), except the
// node's own ancestors and descendants.
QStringList neighboursIn(const Context &ctx, const Node &self, const QString &domain, quint64 base, quint64 size)
{
    const DomainConfig *d = ctx.project.domain(domain);
    QStringList out;
    for (const Node *other : ctx.model.devices()) {
        if (!other->enabled || isAncestorOrSelf(ctx.model, *other, self) || isAncestorOrSelf(ctx.model, self, *other))
            continue;
        if (d && coveredBy(ctx.model, d->devices, *other))
            continue;
        for (const Region &r : other->regions)
            if (r.cpuAddressable && overlaps(base, size, r.address, std::max<quint64>(r.size, 1))) {
                out.append(other->path);
                break;
            }
    }
    return out;
}

void checkMmioUnaligned(Context &ctx)
{
    ctx.forEachMapped([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        for (const GuestRegion &r : dev.regions) {
            if (r.hostAddress % kPage == 0 && r.size % kPage == 0)
                continue;
            const quint64 start = pageDown(r.hostAddress);
            const quint64 size = pageUp(r.hostAddress + std::max<quint64>(r.size, 1)) - start;
            QString pages = QStringLiteral("%1 (%2 page%3)").arg(span(start, size)).arg(size / kPage)
                                .arg(size / kPage == 1 ? "" : "s");
            const QStringList neighbours = neighboursIn(ctx, n, dp.config.name, start, size);
            if (!neighbours.isEmpty())
                pages += QStringLiteral(", which also hold %1,").arg(neighbours.join(QStringLiteral(", ")));
            ctx.report(QStringLiteral("mmio-unaligned"), dp.config.name, n.path, pages,
                       QStringLiteral("%1 (size %2)").arg(hex(r.hostAddress), hex(r.size)), neighbours);
        }
    });
}

void checkSharedPage(Context &ctx)
{
    const QVector<DomainPlan> &doms = ctx.out.domains;
    for (int a = 0; a < doms.size(); ++a)
        for (int b = a + 1; b < doms.size(); ++b)
            for (const DevicePlan &da : doms[a].devices + doms[a].scmiShmem)
                for (const DevicePlan &db : doms[b].devices + doms[b].scmiShmem) {
                    if (da.hostPath == db.hostPath)
                        continue; // device-in-two-domains
                    for (const MmioMapping &wa : da.mmio)
                        for (const MmioMapping &wb : db.mmio) {
                            if (!overlaps(wa.hostAddress, wa.size, wb.hostAddress, wb.size))
                                continue;
                            const quint64 lo = std::max(wa.hostAddress, wb.hostAddress);
                            const quint64 hi = std::min(wa.hostAddress + wa.size, wb.hostAddress + wb.size);
                            ctx.report(QStringLiteral("shared-page"), doms[b].config.name, db.hostPath,
                                       QStringLiteral("%1 in domain %2").arg(da.hostPath, doms[a].config.name),
                                       span(lo, hi - lo), {da.hostPath, doms[a].config.name});
                        }
                }
}

void checkGuestMapClash(Context &ctx)
{
    for (const Relocation &r : ctx.relocations)
        if (r.placed)
            ctx.report(QStringLiteral("guest-map-clash"), r.domain, r.node, r.clash,
                       QStringLiteral("host %1 at guest %2").arg(span(r.host, r.size), hex(r.guest)));
}

void checkGuestMapNoRoom(Context &ctx)
{
    for (const Relocation &r : ctx.relocations)
        if (!r.placed)
            ctx.report(QStringLiteral("guest-map-no-room"), r.domain, r.node, r.clash, span(r.host, r.size));
}

void checkDmaWithoutIommu(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dev.iommuProtected && n.dma.likely)
            ctx.report(kDmaRule, dp.config.name, n.path, iommuVerdict(n), n.dma.reasons.join(QStringLiteral(", ")));
    });
}

void checkPassedWithoutIommu(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dev.iommuProtected && !n.dma.likely)
            ctx.report(QStringLiteral("passed-without-iommu"), dp.config.name, n.path, iommuVerdict(n), QString());
    });
}

void checkXlDtdevUnprotected(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (dp.config.xl && !dev.iommuProtected)
            ctx.report(QStringLiteral("xl-dtdev-unprotected"), dp.config.name, n.path, QString(), QString());
    });
}

struct Owner {
    QString domain;
    QString node;
};

// Reports every later owner of a shared key whose domain differs from the first owner's.
void reportSplit(Context &ctx, const QString &rule, const QVector<QPair<QString, Owner>> &uses)
{
    QHash<QString, Owner> first;
    for (const auto &[key, owner] : uses) {
        const auto it = first.constFind(key);
        if (it == first.constEnd())
            first.insert(key, owner);
        else if (it->domain != owner.domain && it->node != owner.node)
            ctx.report(rule, owner.domain, owner.node, QStringLiteral("%1 in domain %2").arg(it->node, it->domain),
                       key.section(QLatin1Char('\n'), -1), {it->node, it->domain});
    }
}

void checkStreamIdSplit(Context &ctx)
{
    QVector<QPair<QString, Owner>> uses;
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const IommuLink &l : n.iommu.links)
            if (l.iommuEnabled && l.xenDriver)
                for (quint32 sid : l.streamIds)
                    uses.append({l.iommu + QStringLiteral("\n%1 on %2").arg(hex(sid), l.iommu),
                                 {dp.config.name, n.path}});
    });
    reportSplit(ctx, QStringLiteral("stream-id-split"), uses);
}

void checkIrqShared(Context &ctx)
{
    QVector<QPair<QString, Owner>> uses;
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        for (const Interrupt &i : dev.interrupts)
            uses.append({QString::number(*i.irq), {dp.config.name, n.path}});
    });
    reportSplit(ctx, QStringLiteral("irq-shared"), uses);
}

// ---- what stays with dom0 ----------------------------------------------------------------------
// Xen gives dom0 (the hardware domain) every enabled node that is not marked xen,passthrough:
// handle_node (xen/arch/arm/domain_build.c) calls handle_device (xen/arch/arm/device.c) for every
// available node that is not /memory, which maps the node's MMIO into dom0, routes its interrupts
// to dom0 and, when an IOMMU Xen drives protects it, attaches its stream ids to dom0. devassign
// marks every assigned node, so "stays with dom0" = enabled, not covered by any domain. The GIC
// (with its ITS / v2m frames) and the IOMMUs are the host's own: Xen drives them, or (an IOMMU Xen
// has no driver for) dom0 does; sharing a page with them is reported separately.
struct HostDevice {
    const Node *node = nullptr;
    QString role;     // "" (an ordinary dom0 device), "the host GIC", "an IOMMU"
    bool xenOwned = false; // Xen itself uses it (GIC, IOMMU Xen drives): its IRQs are "used by Xen"
};

bool isMemoryNode(const Node &n)
{
    const Property *type = n.property(QStringLiteral("device_type"));
    return type && stringListOf(type->value).value(0) == QLatin1String("memory");
}

// The nodes Xen handles for dom0 without devassign ever mapping them: /chosen (boot modules, Xen's
// own view), /reserved-memory (RAM carve-outs, not device registers) and /memory.
bool outsideDeviceSpace(const HostModel &model, const Node &n)
{
    for (const Node *cur = &n; cur; cur = model.parentOf(*cur)) {
        const Node *parent = model.parentOf(*cur);
        if (parent && parent->parent < 0
            && (cur->name == QLatin1String("chosen") || cur->name == QLatin1String("reserved-memory")))
            return true;
    }
    return isMemoryNode(n);
}

QVector<HostDevice> hostDevicesOutsideDomains(const Context &ctx)
{
    QSet<QString> iommus;          // every node some device names as its IOMMU
    QSet<QString> xenIommus;       // ... of which Xen drives (and is enabled)
    for (const Node &n : ctx.model.nodes())
        for (const IommuLink &l : n.iommu.links) {
            iommus.insert(l.iommu);
            if (l.xenDriver && l.iommuEnabled)
                xenIommus.insert(l.iommu);
        }
    QSet<QString> planned; // SCMI shmem channels a domain gets: Xen removes them from dom0
    for (const DomainPlan &dp : ctx.out.domains)
        for (const DevicePlan &shm : dp.scmiShmem)
            planned.insert(shm.hostPath);
    QVector<HostDevice> out;
    for (const Node &n : ctx.model.nodes()) {
        if (n.parent < 0 || !n.enabled || !n.isDevice() || planned.contains(n.path)
            || outsideDeviceSpace(ctx.model, n))
            continue;
        bool assigned = false;
        for (const DomainConfig &d : ctx.project.domains)
            assigned = assigned || coveredBy(ctx.model, d.devices, n);
        if (assigned)
            continue;
        HostDevice h;
        h.node = &n;
        for (const Node *cur = &n; cur && h.role.isEmpty(); cur = ctx.model.parentOf(*cur))
            if (cur->isGic)
                h.role = QStringLiteral("the host GIC");
        if (h.role.isEmpty() && (iommus.contains(n.path) || n.property(QStringLiteral("#iommu-cells"))
                                 || n.property(QStringLiteral("mmu-masters"))))
            h.role = QStringLiteral("an IOMMU");
        h.xenOwned = h.role == QLatin1String("the host GIC") || xenIommus.contains(n.path);
        out.append(h);
    }
    return out;
}

// The pages of `windows` that also hold a CPU-addressable register of `other`, as inclusive spans.
QStringList sharedPages(const QVector<MmioMapping> &windows, const Node &other)
{
    QStringList spans;
    for (const MmioMapping &w : windows)
        for (const Region &r : other.regions) {
            if (!r.cpuAddressable || !overlaps(w.hostAddress, w.size, r.address, std::max<quint64>(r.size, 1)))
                continue;
            const quint64 lo = std::max(w.hostAddress, pageDown(r.address));
            const quint64 hi = std::min(w.hostAddress + w.size, pageUp(r.address + std::max<quint64>(r.size, 1)));
            const QString s = span(lo, hi - lo);
            if (!spans.contains(s))
                spans.append(s);
        }
    return spans;
}

// The devices outside every domain whose registers share a page with each mapped device of a
// domain, grouped per mapped device: fn(domain, node, host devices, pages). The host device's own
// ancestors are skipped: a bus or multi-function parent whose reg covers the assigned child
// describes the same hardware block, not a second device (docs/rules.md).
template <typename Keep, typename Fn> void forEachPageSharedWithHost(Context &ctx, Keep keep, Fn fn)
{
    const QVector<HostDevice> host = hostDevicesOutsideDomains(ctx);
    ctx.forEachMapped([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        QVector<HostDevice> sharers;
        QStringList pages;
        for (const HostDevice &h : host) {
            if (!keep(h) || !h.node->hasReg || isAncestorOrSelf(ctx.model, *h.node, n))
                continue;
            const QStringList shared = sharedPages(dev.mmio, *h.node);
            if (shared.isEmpty())
                continue;
            sharers.append(h);
            for (const QString &p : shared)
                if (!pages.contains(p))
                    pages.append(p);
        }
        if (!sharers.isEmpty()) {
            std::sort(pages.begin(), pages.end());
            fn(dp, n, sharers, pages.join(QStringLiteral(", ")));
        }
    });
}

void checkSharedPageDom0(Context &ctx)
{
    forEachPageSharedWithHost(
        ctx, [](const HostDevice &h) { return h.role.isEmpty(); },
        [&](const DomainPlan &dp, const Node &n, const QVector<HostDevice> &sharers, const QString &pages) {
            QStringList paths;
            for (const HostDevice &h : sharers)
                paths.append(h.node->path);
            ctx.report(QStringLiteral("shared-page-dom0"), dp.config.name, n.path, paths.join(QStringLiteral(", ")),
                       pages, paths + QStringList{QStringLiteral("dom0")});
        });
}

void checkSharedPageGicIommu(Context &ctx)
{
    forEachPageSharedWithHost(
        ctx, [](const HostDevice &h) { return !h.role.isEmpty(); },
        [&](const DomainPlan &dp, const Node &n, const QVector<HostDevice> &sharers, const QString &pages) {
            QStringList names;
            QStringList paths;
            for (const HostDevice &h : sharers) {
                names.append(QStringLiteral("%1 (%2)").arg(h.node->path, h.role));
                paths.append(h.node->path);
            }
            ctx.report(QStringLiteral("shared-page-gic-iommu"), dp.config.name, n.path,
                       names.join(QStringLiteral(", ")), pages, paths);
        });
}

// Xen's SMMU driver keeps one stream-map entry per stream id: arm_smmu_find_sme
// (xen/drivers/passthrough/arm/smmu.c) hands a second master with the same id the existing entry,
// and arm_smmu_domain_add_master points that entry's S2CR at the attaching domain's context bank;
// smmu-v3.c likewise has one stream table entry per id. Dom0's devices are attached at boot
// (handle_device -> iommu_assign_dt_device), so assigning the guest's device re-points dom0's.
void checkStreamIdDom0(Context &ctx)
{
    const QVector<HostDevice> host = hostDevicesOutsideDomains(ctx);
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        QSet<QString> reported;
        for (const IommuLink &l : n.iommu.links) {
            if (!l.iommuEnabled || !l.xenDriver)
                continue;
            for (const HostDevice &h : host)
                for (const IommuLink &hl : h.node->iommu.links)
                    for (quint32 sid : l.streamIds) {
                        const QString value = QStringLiteral("%1 on %2").arg(hex(sid), l.iommu);
                        if (hl.iommu != l.iommu || !hl.streamIds.contains(sid)
                            || reported.contains(h.node->path + QLatin1Char('\n') + value))
                            continue;
                        reported.insert(h.node->path + QLatin1Char('\n') + value);
                        ctx.report(QStringLiteral("stream-id-dom0"), dp.config.name, n.path, h.node->path, value,
                                   {h.node->path, QStringLiteral("dom0")});
                    }
        }
    });
}

// At boot Xen routes every GIC SPI of a dom0 device to dom0 (handle_device ->
// map_device_irqs_to_domain) and keeps the IRQs of its own devices (SMMU); route_irq_to_guest
// (xen/arch/arm/irq.c) then refuses the guest: "IRQ %u is already used by domain %u" / "... by Xen".
void checkIrqSharedDom0(Context &ctx)
{
    const QVector<HostDevice> host = hostDevicesOutsideDomains(ctx);
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        for (const Interrupt &i : dev.interrupts)
            for (const HostDevice &h : host) {
                bool uses = false;
                for (const Interrupt &hi : h.node->interrupts)
                    uses = uses || (hi.gic && hi.irq && *hi.irq == *i.irq);
                if (!uses)
                    continue;
                const QString owner = h.xenOwned ? QStringLiteral("Xen") : QStringLiteral("dom0");
                ctx.report(QStringLiteral("irq-shared-dom0"), dp.config.name, n.path,
                           QStringLiteral("%1 (%2)").arg(h.node->path, h.xenOwned ? QStringLiteral("used by Xen itself")
                                                                                 : QStringLiteral("stays with dom0")),
                           QString::number(*i.irq), {h.node->path, owner});
            }
    });
}

void checkIrqPpi(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const Interrupt &i : n.interrupts)
            if (i.gic && i.type == IrqType::Ppi)
                ctx.report(QStringLiteral("irq-ppi"), dp.config.name, n.path, QString(),
                           QStringLiteral("PPI %1 (GIC id %2)").arg(i.number).arg(i.irq.value_or(i.number + 16)));
    });
}

void checkIrqNotGic(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const Interrupt &i : n.interrupts)
            if (!i.gic) {
                const QString where = i.controller.isEmpty() ? QStringLiteral("an unknown controller") : i.controller;
                ctx.report(QStringLiteral("irq-not-gic"), dp.config.name, n.path, QString(),
                           QStringLiteral("%1 (specifier %2)").arg(where).arg(i.number), {i.controller});
            }
    });
}

void checkIrqVpl011Clash(Context &ctx)
{
    // A direct-mapped domU's vPL011 takes the host UART's IRQ instead (create_domUs), not SPI 32.
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dp.config.vpl011 || dp.config.directMap)
            return;
        for (const Interrupt &i : dev.interrupts)
            if (*i.irq == kVpl011Irq)
                ctx.report(QStringLiteral("irq-vpl011-clash"), dp.config.name, n.path, QString(),
                           QString::number(kVpl011Irq));
    });
}

void checkIrqVirtioClash(Context &ctx)
{
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        if (!dp.config.xl)
            return;
        for (const Interrupt &i : dev.interrupts)
            if (*i.irq >= kVirtioFirstIrq && *i.irq <= kVirtioLastIrq)
                ctx.report(QStringLiteral("irq-virtio-clash"), dp.config.name, n.path, QString(),
                           QString::number(*i.irq));
    });
}

void reportDependencyNotes(Context &ctx, DependencyNoteKind kind, const QString &rule)
{
    for (const DependencyNote &d : ctx.dependencyNotes)
        if (d.kind == kind) {
            QStringList related = {d.provider};
            if (!d.owner.isEmpty())
                related.append(d.owner);
            ctx.report(rule, d.domain, d.node, d.provider, d.value.isEmpty() ? d.property : d.value, related);
        }
}

void checkDependencyNotInDomain(Context &ctx)
{
    reportDependencyNotes(ctx, DependencyNoteKind::DefaultDrop, QStringLiteral("dependency-not-in-domain"));
}

void checkDependencyStubInvalid(Context &ctx)
{
    reportDependencyNotes(ctx, DependencyNoteKind::StubInvalid, QStringLiteral("dependency-stub-invalid"));
}

void checkStubClockRateUnknown(Context &ctx)
{
    reportDependencyNotes(ctx, DependencyNoteKind::StubRateUnknown, QStringLiteral("stub-clock-rate-unknown"));
}

void checkScmiResourceShared(Context &ctx)
{
    QVector<QPair<QString, Owner>> uses;
    ctx.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const ScmiResource &r : n.scmi)
            uses.append({QStringLiteral("protocol %1 id %2 on %3").arg(hex(r.protocol)).arg(r.id).arg(r.scmiNode),
                         {dp.config.name, n.path}});
    });
    reportSplit(ctx, QStringLiteral("scmi-resource-shared"), uses);
}

void checkScmiMultipleDomains(Context &ctx)
{
    QStringList names;
    for (const DomainPlan &dp : ctx.out.domains)
        if (dp.needsScmi)
            names.append(dp.config.name);
    if (names.size() > 1)
        ctx.report(QStringLiteral("scmi-multiple-domains"), QString(), QString(), QString(),
                   names.join(QStringLiteral(", ")), names);
}

void checkScmiTransportNotForwardable(Context &ctx)
{
    for (const DomainPlan &dp : ctx.out.domains)
        for (const QString &path : scmiAgentsOf(dp)) {
            const Node *agent = ctx.model.node(path);
            const QString why = agent ? scmiNotForwardable(ctx.model, *agent) : QString();
            if (why.isEmpty())
                continue;
            QStringList users;
            for (const DevicePlan &dev : dp.devices)
                if (const Node *n = ctx.model.node(dev.hostPath))
                    for (const ScmiResource &r : n->scmi)
                        if (r.scmiNode == path && !users.contains(n->path))
                            users.append(n->path);
            ctx.report(QStringLiteral("scmi-transport-not-forwardable"), dp.config.name, path, why,
                       users.join(QStringLiteral(", ")), users);
        }
}

void checkDirectMapWithoutStaticMem(Context &ctx)
{
    for (const DomainConfig &d : ctx.project.domains)
        if (d.directMap && d.staticMemory.isEmpty())
            ctx.report(QStringLiteral("direct-map-without-static-mem"), d.name, QString(), QString(), QString());
}

void checkDom0lessWithoutKernel(Context &ctx)
{
    for (const DomainConfig &d : ctx.project.domains)
        if (d.dom0less && d.kernel.isEmpty())
            ctx.report(QStringLiteral("dom0less-without-kernel"), d.name, QString(), QString(), QString());
}

struct Check {
    const char *rule;
    void (*run)(Context &);
};

// The check table: one function per rule id in core/rules.json (tst_rules checks both ways).
const Check kChecks[] = {
    {"node-not-found", checkNodeNotFound},
    {"host-dtb-changed", checkHostDtbChanged},
    {"device-in-two-domains", checkDeviceInTwoDomains},
    {"device-disabled", checkDeviceDisabled},
    {"device-without-resources", checkDeviceWithoutResources},
    {"region-not-cpu-addressable", checkRegionNotCpuAddressable},
    {"mmio-unaligned", checkMmioUnaligned},
    {"shared-page", checkSharedPage},
    {"shared-page-dom0", checkSharedPageDom0},
    {"shared-page-gic-iommu", checkSharedPageGicIommu},
    {"guest-map-clash", checkGuestMapClash},
    {"guest-map-no-room", checkGuestMapNoRoom},
    {"dma-without-iommu", checkDmaWithoutIommu},
    {"passed-without-iommu", checkPassedWithoutIommu},
    {"xl-dtdev-unprotected", checkXlDtdevUnprotected},
    {"stream-id-split", checkStreamIdSplit},
    {"stream-id-dom0", checkStreamIdDom0},
    {"irq-shared", checkIrqShared},
    {"irq-shared-dom0", checkIrqSharedDom0},
    {"irq-ppi", checkIrqPpi},
    {"irq-not-gic", checkIrqNotGic},
    {"irq-vpl011-clash", checkIrqVpl011Clash},
    {"irq-virtio-clash", checkIrqVirtioClash},
    {"dependency-not-in-domain", checkDependencyNotInDomain},
    {"dependency-stub-invalid", checkDependencyStubInvalid},
    {"stub-clock-rate-unknown", checkStubClockRateUnknown},
    {"scmi-resource-shared", checkScmiResourceShared},
    {"scmi-multiple-domains", checkScmiMultipleDomains},
    {"scmi-transport-not-forwardable", checkScmiTransportNotForwardable},
    {"direct-map-without-static-mem", checkDirectMapWithoutStaticMem},
    {"dom0less-without-kernel", checkDom0lessWithoutKernel},
};

} // namespace

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Error: return QStringLiteral("error");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Info: return QStringLiteral("info");
    }
    return QString();
}

QStringList checkedRuleIds()
{
    QStringList ids;
    for (const Check &c : kChecks)
        ids.append(QLatin1String(c.rule));
    return ids;
}

int Analysis::count(Severity s, bool includeAcknowledged) const
{
    int n = 0;
    for (const Diagnostic &d : diagnostics)
        if (d.severity == s && (includeAcknowledged || !d.acknowledged))
            ++n;
    return n;
}

const DomainPlan *Analysis::domain(const QString &name) const
{
    for (const DomainPlan &d : domains)
        if (d.config.name == name)
            return &d;
    return nullptr;
}

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

StubClockRate stubClockRate(const HostModel &model, const Node &consumer, const Dependency &clock)
{
    StubClockRate out;
    if (const Node *provider = model.node(clock.target))
        if (const std::optional<quint32> hz = providerRate(*provider)) {
            out.hz = *hz;
            out.source = StubClockRate::Provider;
            return out;
        }
    // assigned-clock-rates is parallel to assigned-clocks (clock/clock-bindings.txt).
    const Property *rates = consumer.property(QStringLiteral("assigned-clock-rates"));
    if (!rates)
        return out;
    const QVector<quint32> cells = cellsOf(rates->value);
    int index = 0;
    for (const Dependency &d : consumer.dependencies) {
        if (d.property != QLatin1String("assigned-clocks"))
            continue;
        if (d.target == clock.target && d.args == clock.args && cells.value(index) != 0) {
            out.hz = cells.value(index);
            out.source = StubClockRate::AssignedRate;
            return out;
        }
        ++index;
    }
    return out;
}

Analysis analyze(const HostModel &model, const Project &project)
{
    Analysis a;
    a.hostDtbChanged = !project.hostDtbSha256.isEmpty()
        && project.hostDtbSha256.compare(model.sha256(), Qt::CaseInsensitive) != 0;
    Context ctx{model, project, a, {}, {}};
    for (const DomainConfig &dc : project.domains)
        a.domains.append(planDomain(ctx, dc));
    for (const Check &c : kChecks)
        c.run(ctx);
    return a;
}

} // namespace devassign
