// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of dependencies (clocks, resets, pins, supplies…) (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
#include "checks/check.h"

#include "project.h"

#include "format.h"
#include "scmi.h"
#include "xenrelease.h"

#include <QHash>
#include <QSet>
#include <QVarLengthArray>

#include <algorithm>

namespace devassign::checks {

namespace {

using format::hex;
using format::span;

// The dependencies the planner decided on its own, of one kind: {provider} and `valueParam`
// (the property, or the stub's rate).
void reportDependencyNotes(const DomainFacts &facts, Reporter &report, DependencyNoteKind kind, const QString &valueParam)
{
    for (const DependencyNote &d : facts.dependencyNotes)
        if (d.kind == kind) {
            QStringList related = {d.provider};
            if (!d.owner.isEmpty())
                related.append(d.owner);
            report({d.domain, d.node},
                   {{QStringLiteral("provider"), d.provider}, {valueParam, d.value.isEmpty() ? d.property : d.value}},
                   related);
        }
}

// A reference the planner dropped: to a provider no domain has (dependency-not-in-domain), or to
// one another domain has, which this domain cannot get as well (dependency-owned-by-domain).
void reportDrops(const DomainFacts &facts, Reporter &report, bool owned)
{
    for (const DependencyNote &d : facts.dependencyNotes) {
        if (d.kind != DependencyNoteKind::DefaultDrop || d.owner.isEmpty() == owned || !notAssignableWhy(d.provider).isEmpty())
            continue;
        RuleValues params = {{QStringLiteral("provider"), d.provider},
                                                   {QStringLiteral("property"), d.property}};
        if (owned)
            params.append({QStringLiteral("owner"), d.owner});
        report({d.domain, d.node}, params, owned ? QStringList{d.provider, d.owner} : QStringList{d.provider});
    }
}

void checkDependencyNotInDomain(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    reportDrops(facts, report, false);
}

// One finding per (device, property, reason): a PMU's interrupt-affinity names every CPU, and
// one line says it.
void checkDependencyNotAssignable(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    struct Drop {
        QString domain, node, property, why;
        QStringList providers;
    };
    QVector<Drop> found;
    for (const DependencyNote &d : facts.dependencyNotes) {
        if (d.kind != DependencyNoteKind::DefaultDrop)
            continue;
        const QString why = notAssignableWhy(d.provider);
        if (why.isEmpty())
            continue;
        auto same = std::find_if(found.begin(), found.end(), [&](const Drop &f) {
            return f.domain == d.domain && f.node == d.node && f.property == d.property && f.why == why;
        });
        if (same == found.end())
            found.append({d.domain, d.node, d.property, why, {d.provider}});
        else if (!same->providers.contains(d.provider))
            same->providers.append(d.provider);
    }
    for (const Drop &f : found)
        report({f.domain, f.node},
               {{QStringLiteral("provider"), f.providers.join(QStringLiteral(", "))}, {QStringLiteral("property"), f.property}, {QStringLiteral("why"), f.why}},
               f.providers);
}

void checkDependencyOwnedByDomain(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    reportDrops(facts, report, true);
}

// One finding per device for all the pin states the planner left to the host by default.
void checkPinctrlLeftToHost(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    struct Pins {
        QString domain, node;
        QStringList states, groups;
    };
    QVector<Pins> found;
    for (const DependencyNote &d : facts.dependencyNotes) {
        if (d.kind != DependencyNoteKind::PinsLeftToHost)
            continue;
        if (found.isEmpty() || found.last().domain != d.domain || found.last().node != d.node)
            found.append({d.domain, d.node, {}, {}});
        Pins &p = found.last();
        if (!p.states.contains(d.property))
            p.states.append(d.property);
        if (!p.groups.contains(d.provider))
            p.groups.append(d.provider);
    }
    for (const Pins &p : found)
        report({p.domain, p.node},
               {{QStringLiteral("states"), p.states.join(QStringLiteral(", "))},
                {QStringLiteral("groups"), p.groups.join(QStringLiteral(", "))}},
               p.groups);
}

void checkDependencyStubInvalid(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    reportDependencyNotes(facts, report, DependencyNoteKind::StubInvalid, QStringLiteral("property"));
}

void checkStubDropsNonClock(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    reportDependencyNotes(facts, report, DependencyNoteKind::StubDropsOther, QStringLiteral("property"));
}

void checkStubClockRateUnknown(const CheckInput &, const DomainPlan &, const DomainFacts &facts, Reporter &report)
{
    reportDependencyNotes(facts, report, DependencyNoteKind::StubRateUnknown, QStringLiteral("rate"));
}

// A copied provider with CPU-addressable registers that the domain does not get: Xen maps only the
// xen,reg windows of a partial DTB (handle_passthrough_prop, xen/arch/arm/domain_build.c), so the
// guest finds the node, its driver maps its reg and takes a data abort on the first access.
void checkDependencyMmioNotMapped(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        QStringList reported;
        for (const DependencyPlan &dep : dev.dependencies) {
            const Node *provider = in.model.node(dep.provider);
            if (dep.action != DependencyAction::Copy || !provider || reported.contains(dep.provider)
                || coveredBy(in.model, dp.config.devices, *provider))
                continue;
            bool mmio = false;
            for (const Region &r : provider->regions)
                mmio = mmio || r.cpuAddressable;
            bool shmem = false; // the SCMI channel is mapped by the plan itself
            for (const DevicePlan &s : dp.scmiShmem)
                shmem = shmem || s.hostPath == dep.provider;
            if (!mmio || shmem)
                continue;
            reported.append(dep.provider);
            // Assign is the fix unless another domain has the provider: Xen maps a node into one
            // domain only, and `devassign dependency ... assign` refuses it then.
            QString owner;
            for (int i = 0; i < in.project.domains.size() && owner.isEmpty(); ++i)
                if (in.project.domains[i].name != dp.config.name && in.coveredByDomain(*provider, i))
                    owner = in.project.domains[i].name;
            const QString remedy = owner.isEmpty()
                ? QStringLiteral("Choose assign for %1 (`devassign dependency P %2 %1 assign`, or right-click it in the "
                                 "inspector): it is then mapped into %2 like a device and dom0 loses it.")
                      .arg(dep.provider, dp.config.name)
                : QStringLiteral("Domain %1 has %2, and Xen maps a node into one domain only: move %3 to domain %1.")
                      .arg(owner, dep.provider, n.path);
            // Named where the property is: the device, or the descendant copied inside it.
            report({dp.config.name, dep.holder.isEmpty() ? n.path : dep.holder},
                   {{QStringLiteral("property"), dep.property}, {QStringLiteral("provider"), dep.provider},
                    {QStringLiteral("remedy"), remedy}},
                   owner.isEmpty() ? QStringList{dep.provider} : QStringList{dep.provider, owner});
        }
    });
}

// An assigned device that nodes staying with dom0 refer to (a clock or reset controller, a GPIO
// or pin controller, a syscon such as Rockchip's GRF). Xen writes status = "disabled" into dom0's
// tree for every xen,passthrough node and maps none of its registers (write_properties and
// handle_device, xen/arch/arm/domain_build.c), so dom0's drivers lose the provider, and the guest
// now drives what they depend on. The consumers are every enabled node no domain covers, with or
// without registers of its own (gpio-keys, a fixed regulator, a sound card), except /cpus, which
// dom0 never sees; what Xen drives itself (console UART, IOMMUs, GIC) is named as Xen's. A
// reference to a node below the device (a pin group of a pin controller) counts for the device.
// Whether each node is enabled and so are all its ancestors, for every node at once.
QVector<bool> enabledWithAncestors(const QVector<Node> &nodes)
{
    QVector<bool> out(nodes.size(), false);
    QVector<bool> known(nodes.size(), false);
    for (int i = 0; i < nodes.size(); ++i) {
        int top = i; // climb to the nearest node already known (or the root), then fill back down
        QVarLengthArray<int, 16> chain;
        while (top >= 0 && !known[top]) {
            chain.append(top);
            top = nodes[top].parent;
        }
        bool on = top < 0 || out[top];
        for (int k = int(chain.size()) - 1; k >= 0; --k) {
            on = on && nodes[chain[k]].enabled;
            out[chain[k]] = on;
            known[chain[k]] = true;
        }
    }
    return out;
}

bool dom0NeverSeesIt(const HostModel &model, const Node &n)
{
    const Node *top = &n;
    while (top->parent >= 0 && model.parentOf(*top)->parent >= 0)
        top = model.parentOf(*top);
    return top->name == QLatin1String("cpus");
}

void checkProviderUsedByDom0(const CheckInput &in, Reporter &report)
{
    constexpr int kNamed = 5; // consumers named in the message; the rest are counted
    const QVector<Node> &nodes = in.model.nodes();
    if (in.analysis.domains.isEmpty())
        return;
    // The references of the nodes dom0 keeps to nodes some domain covers, resolved once.
    struct Ref {
        int consumer, target;
        const QString *property;
    };
    QVector<Ref> refs;
    // What Xen itself drives (its console UART, the IOMMUs it drives, the GIC) is no dom0 node,
    // but a guest with its clock, power domain or pins can silence or stop it: named as Xen's
    // (Renesas IPMMUs have power-domains, Qualcomm's GPU SMMU has clocks).
    QHash<int, QString> xenOwn;
    for (const HostDevice &h : in.hostDevices())
        if (h.xenOwned)
            xenOwn.insert(h.node->index, h.xenConsole ? QStringLiteral("Xen's console UART")
                                         : h.role == QLatin1String("an IOMMU") ? QStringLiteral("an IOMMU Xen drives")
                                                                              : QStringLiteral("%1, Xen's").arg(h.role));
    const QVector<bool> enabled = enabledWithAncestors(nodes);
    for (const Node &n : nodes) {
        if (n.dependencies.isEmpty() || n.parent < 0 || !enabled[n.index] || in.coveredByAnyDomain(n)
            || dom0NeverSeesIt(in.model, n))
            continue;
        for (const Dependency &dep : n.dependencies)
            if (const Node *target = in.model.node(dep.target); target && in.coveredByAnyDomain(*target))
                refs.append({n.index, target->index, &dep.property});
    }
    if (refs.isEmpty())
        return;
    for (const DomainPlan &dp : in.analysis.domains) {
        QVector<int> planned(nodes.size(), -1); // node index -> index into dp.devices
        for (int i = 0; i < dp.devices.size(); ++i)
            if (const Node *n = in.nodeOf(dp.devices[i]))
                planned[n->index] = i;
        struct Use {
            QStringList consumers, labels, properties; // labels: the path, "(Xen's …)" for Xen's own
            int xenOwned = 0; // the first consumers: what Xen drives, named even in a long list
        };
        QVector<Use> uses(dp.devices.size());
        for (const Ref &r : refs) {
            int at = r.target; // the planned device at or above the target
            while (at >= 0 && planned[at] < 0)
                at = nodes[at].parent;
            if (at < 0)
                continue;
            Use &u = uses[planned[at]];
            const QString &consumer = nodes[r.consumer].path;
            if (!u.consumers.contains(consumer)) {
                const auto own = xenOwn.constFind(r.consumer);
                const int at = own != xenOwn.cend() ? u.xenOwned++ : int(u.consumers.size());
                u.consumers.insert(at, consumer);
                u.labels.insert(at, own != xenOwn.cend() ? QStringLiteral("%1 (%2)").arg(consumer, *own) : consumer);
            }
            if (!u.properties.contains(*r.property))
                u.properties.append(*r.property);
        }
        for (int i = 0; i < uses.size(); ++i) {
            const Use &u = uses[i];
            if (u.consumers.isEmpty())
                continue;
            QString named = u.labels.mid(0, kNamed).join(QStringLiteral(", "));
            if (u.consumers.size() > kNamed)
                named += QStringLiteral(" and %1 more").arg(u.consumers.size() - kNamed);
            report({dp.config.name, dp.devices[i].hostPath},
                   {{QStringLiteral("consumers"), named}, {QStringLiteral("properties"), u.properties.join(QStringLiteral(", "))}},
                   u.consumers.mid(0, kNamed));
        }
    }
}

// A vendor property the model took for a reference (bindings::mayHoldPhandle and a shared word).
void checkPhandleGuessed(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const Dependency &d : n.dependencies)
            if (d.guessed)
                report({dp.config.name, n.path},
                       {{QStringLiteral("property"), d.property}, {QStringLiteral("provider"), d.target}}, {d.target});
    });
}

} // namespace

QVector<Check> dependencyChecks()
{
    return {
        {"dependency-not-in-domain", nullptr, checkDependencyNotInDomain},
        {"dependency-owned-by-domain", nullptr, checkDependencyOwnedByDomain},
        {"dependency-not-assignable", nullptr, checkDependencyNotAssignable},
        {"provider-used-by-dom0", checkProviderUsedByDom0},
        {"pinctrl-left-to-host", nullptr, checkPinctrlLeftToHost},
        {"dependency-stub-invalid", nullptr, checkDependencyStubInvalid},
        {"stub-drops-non-clock", nullptr, checkStubDropsNonClock},
        {"stub-clock-rate-unknown", nullptr, checkStubClockRateUnknown},
        {"dependency-mmio-not-mapped", checkDependencyMmioNotMapped},
        {"phandle-guessed", checkPhandleGuessed},
    };
}

} // namespace devassign::checks
