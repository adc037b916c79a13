// SPDX-License-Identifier: GPL-2.0-or-later
// The rule engine: the Reporter bound to one rule, the helpers several families share, and the
// list of every family's checks (check.h).
#include "checks/check.h"

#include "export/exportutil.h"
#include "exporters.h"
#include "xenrelease.h"

#include "format.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace devassign::checks {

Reporter::Reporter(const Rule &rule, const Project &project, QVector<Diagnostic> *out)
    : m_rule(rule), m_project(project), m_out(out)
{
}

void Reporter::operator()(const Location &at, const RuleValues &values, const QStringList &related)
{
    QStringList given;
    for (const auto &[name, value] : values)
        given.append(name);
    RuleValues all = values;
    all.append({QStringLiteral("node"), at.node});
    all.append({QStringLiteral("domain"), at.domain});
    Diagnostic d;
    d.rule = m_rule.id;
    d.severity = m_rule.severity;
    d.message = expandRuleTemplate(m_rule.message, all);
    d.fix = expandRuleTemplate(m_rule.fix, all);
    QStringList declared = m_rule.params;
    given.sort();
    declared.sort();
    if (given != declared) // a check and its rules.json entry disagree: say so where it shows
        d.message += QStringLiteral(" [devassign bug: the check gave {%1}, rules.json declares {%2}]")
                         .arg(given.join(QStringLiteral("}, {")), declared.join(QStringLiteral("}, {")));
    d.domain = at.domain;
    d.node = at.node;
    d.related = related;
    d.source = m_rule.source;
    d.params = values;
    d.acknowledged = m_rule.acknowledgeable && m_project.isAcknowledged(m_rule.id, at.node, at.domain);
    m_out->append(d);
}

void reportSplit(Reporter &report, const QVector<QPair<QString, Owner>> &uses, const QString &keyParam)
{
    QHash<QString, Owner> first;
    for (const auto &[key, owner] : uses) {
        const auto it = first.constFind(key);
        if (it == first.constEnd())
            first.insert(key, owner);
        else if (it->domain != owner.domain && it->node != owner.node)
            report({owner.domain, owner.node},
                   {{QStringLiteral("sharer"), QStringLiteral("%1 in domain %2").arg(it->node, it->domain)},
                    {keyParam, key.section(QLatin1Char('\n'), -1)}},
                   {it->node, it->domain});
    }
}

namespace {

// ---- what stays with dom0 ----------------------------------------------------------------------
// Xen gives dom0 (the hardware domain) every enabled node that is not marked xen,passthrough:
// handle_node (xen/arch/arm/domain_build.c) calls handle_device (xen/arch/arm/device.c) for every
// available node that is not /memory, which maps the node's MMIO into dom0, routes its interrupts
// to dom0 and, when an IOMMU Xen drives protects it, attaches its stream ids to dom0. devassign
// marks every assigned node, so "stays with dom0" = enabled, not covered by any domain. The GIC
// (with its ITS / v2m frames) and the IOMMUs are the host's own: Xen drives them, or (an IOMMU Xen
// has no driver for) dom0 does; sharing a page with them is reported separately.
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

} // namespace

QVector<HostDevice> hostDevicesOutsideDomains(const CheckInput &in)
{
    // By node index: named as some device's IOMMU, an IOMMU Xen drives (and is enabled), an SCMI
    // shmem channel a domain gets (Xen removes those from dom0).
    enum : quint8 { Iommu = 1, XenIommu = 2, Planned = 4 };
    QVector<quint8> marks(in.model.nodes().size(), 0);
    auto mark = [&](const QString &path, quint8 what) {
        if (const Node *n = in.model.node(path))
            marks[n->index] |= what;
    };
    for (const Node &n : in.model.nodes())
        for (const IommuLink &l : n.iommu.links)
            mark(l.iommu, l.iommuEnabled && xen::drivesIommu(l, in.project.platform.xen) ? Iommu | XenIommu : Iommu);
    for (const DomainPlan &dp : in.analysis.domains)
        for (const DevicePlan &shm : dp.scmiShmem)
            mark(shm.hostPath, Planned);
    // Xen's console UART, when Xen drives it: its pl011/serial driver takes the UART's interrupt
    // (route_irq_to_guest then says "IRQ %u is already used by Xen", xen/arch/arm/irq.c).
    ExportContext ctx(&in.model, &in.project, &in.analysis);
    QString how;
    const Node *console = exportutil::xenConsoleUart(in.model, exportutil::xenBootargs(ctx), &how);
    if (console && (!console->enabled || !xen::drivesConsoleUart(*console, in.project.platform.xen)))
        console = nullptr;
    QVector<HostDevice> out;
    for (const Node &n : in.model.nodes()) {
        if (n.parent < 0 || !n.enabled || !n.isDevice() || (marks[n.index] & Planned)
            || outsideDeviceSpace(in.model, n))
            continue;
        if (in.coveredByAnyDomain(n))
            continue;
        HostDevice h;
        h.node = &n;
        for (const Node *cur = &n; cur && h.role.isEmpty(); cur = in.model.parentOf(*cur))
            if (cur->isGic)
                h.role = QStringLiteral("the host GIC");
        if (h.role.isEmpty() && ((marks[n.index] & Iommu) || n.property(QStringLiteral("#iommu-cells"))
                                 || n.property(QStringLiteral("mmu-masters"))))
            h.role = QStringLiteral("an IOMMU");
        h.xenConsole = &n == console;
        if (h.role.isEmpty() && h.xenConsole)
            h.role = QStringLiteral("Xen's console UART"); // DOMID_XEN: handle_node skips it, dom0 never has it
        h.xenOwned = h.role == QLatin1String("the host GIC") || (marks[n.index] & XenIommu) || h.xenConsole;
        out.append(h);
    }
    return out;
}

bool CheckInput::coveredByDomain(const Node &n, int domainIndex) const
{
    if (domainIndex < 0 || domainIndex >= project.domains.size())
        return false;
    if (project.domains.size() > kCoverageDomains)
        return coveredBy(model, project.domains[domainIndex].devices, n);
    if (coverage.size() != model.nodes().size())
        coverage = domainCoverage(model, project);
    return coverage.value(n.index) & (quint64(1) << domainIndex);
}

bool CheckInput::coveredByAnyDomain(const Node &n) const
{
    if (project.domains.size() > kCoverageDomains)
        return std::any_of(project.domains.cbegin(), project.domains.cend(),
                           [&](const DomainConfig &d) { return coveredBy(model, d.devices, n); });
    if (coverage.size() != model.nodes().size())
        coverage = domainCoverage(model, project);
    return coverage.value(n.index) != 0;
}

const QVector<HostDevice> &CheckInput::hostDevices() const
{
    if (!hostDevicesMemo)
        hostDevicesMemo = hostDevicesOutsideDomains(*this);
    return *hostDevicesMemo;
}

const HostRegionIndex &CheckInput::hostRegions() const
{
    if (hostRegionsMemo)
        return *hostRegionsMemo;
    QVector<HostRegionIndex::Entry> entries;
    const QVector<HostDevice> &host = hostDevices();
    for (int i = 0; i < host.size(); ++i)
        for (const Region &r : host[i].node->regions)
            if (r.cpuAddressable)
                entries.append({r.address, r.address + (std::max<quint64>(r.size, 1) - 1), i});
    HostRegionIndex index = HostRegionIndex::fromEntries(std::move(entries));
    hostRegionsMemo = std::move(index);
    return *hostRegionsMemo;
}

HostRegionIndex HostRegionIndex::fromEntries(QVector<Entry> entries)
{
    HostRegionIndex index;
    index.byFirst = std::move(entries);
    std::sort(index.byFirst.begin(), index.byFirst.end(), [](const Entry &a, const Entry &b) { return a.first < b.first; });
    index.maxLast.reserve(index.byFirst.size());
    for (const Entry &e : index.byFirst)
        index.maxLast.append(index.maxLast.isEmpty() ? e.last : std::max(index.maxLast.last(), e.last));
    return index;
}

void HostRegionIndex::touching(quint64 first, quint64 last, QVector<int> &hosts) const
{
    // Entries starting after `last` cannot touch; of the others, walk down while some entry at
    // or below may still reach `first`.
    auto i = std::upper_bound(byFirst.cbegin(), byFirst.cend(), last,
                              [](quint64 v, const Entry &e) { return v < e.first; }) - byFirst.cbegin();
    while (--i >= 0 && maxLast[i] >= first)
        if (byFirst[i].last >= first)
            hosts.append(byFirst[i].host);
}

QVector<Check> allChecks()
{
    return projectChecks() + sharingChecks() + memoryChecks() + iommuChecks() + irqChecks() + dependencyChecks()
        + scmiChecks() + platformChecks();
}

} // namespace devassign::checks
