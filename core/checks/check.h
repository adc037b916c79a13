// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// How a rule's check is written (docs/rules.md, DEVELOPERS.md "Where is rule X checked"): one
// entry {"rule-id", function} in its family's file (checks/iommu.cpp, checks/irq.cpp, …) next to
// the rules it shares helpers with. The rule's severity, templates, params and source are data in
// core/rules.json; the function gets a Reporter already bound to its rule and says only where the
// finding is and what fills the rule's named placeholders:
//
//     {"irq-ppi", [](const CheckInput &in, Reporter &report) {
//          in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) { …
//              report({dp.config.name, n.path}, {{"interrupt", "PPI 7 (GIC id 23)"}}); });
//      }},
//
// A rule whose findings in a domain depend on that domain alone is written per domain instead,
// {"guest-dt-too-big", nullptr, checkGuestDtTooBig} (DomainCheckFunction below), so that an edit of
// one domain re-checks only that one (core/analysiscache.h).

#include "analysis.h"
#include "analysiscache.h"
#include "guestdt.h"
#include "planner.h"
#include "rules.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace devassign::checks {

// What stays with dom0 (checks/checks.cpp hostDevicesOutsideDomains).
struct HostDevice {
    const Node *node = nullptr;
    QString role;          // "" (an ordinary dom0 device), "the host GIC", "an IOMMU", "Xen's console UART"
    bool xenOwned = false; // Xen itself uses it (GIC, IOMMU Xen drives, its console UART): its IRQs are "used by Xen"
    bool xenConsole = false; // Xen's console UART: its driver takes interrupt 0 only (platform_get_irq(dev, 0))
};

// The CPU-addressable registers of hostDevices() sorted by address, to find the host devices a
// window may touch without testing every one of them (a superset: callers test each found one).
struct HostRegionIndex {
    struct Entry {
        quint64 first = 0; // first byte
        quint64 last = 0;  // last byte (inclusive: no end wraps past 2^64)
        int host = -1;     // index into CheckInput::hostDevices()
    };
    QVector<Entry> byFirst;   // sorted by first byte
    QVector<quint64> maxLast; // the largest last byte of byFirst[0..i]
    // The index of `entries`, in any order.
    static HostRegionIndex fromEntries(QVector<Entry> entries);
    // Appends to `hosts` every host device with a register in [first, last].
    void touching(quint64 first, quint64 last, QVector<int> &hosts) const;
};

// Everything a check may read: the host model, the project, the plan and the planner's facts.
struct CheckInput {
    const HostModel &model;
    const Project &project;
    const Analysis &analysis;
    const PlannerFacts &facts;
    AnalysisCache *cache = nullptr; // analyze()'s caller's, when it keeps one (core/analysiscache.h)

    // The partial DTB the export writes for `dp` ("" for a domain without one, or one that cannot
    // be made: the export reports that itself), as the export builds it but before its final
    // dangling-phandle check. Made once per analysis for every check that reads it, and kept in
    // the cache while the domain's plan, the platform and its SCMI channel stay the same.
    const QByteArray &partialDtbOf(const DomainPlan &dp) const;
    // What the guest tree Xen builds for dom0less domain `dp` needs and gets (core/guestdt.h),
    // kept like its partial DTB.
    GuestDtSize guestDtSizeOf(const DomainPlan &dp) const;

    mutable QHash<QString, QByteArray> partialDtbs = {}; // without a cache: this analysis's

    // Whether domain `domainIndex` (into project.domains) covers `n`, i.e. coveredBy(its devices,
    // n) (core/planner.h), and whether any domain does: for every node at once, made once per analysis.
    bool coveredByDomain(const Node &n, int domainIndex) const;
    bool coveredByAnyDomain(const Node &n) const;
    // hostDevicesOutsideDomains(), made once per analysis for the checks that read it.
    const QVector<HostDevice> &hostDevices() const;

    mutable QVector<quint64> coverage = {}; // domainCoverage(model, project) (core/planner.h), once
    mutable std::optional<QVector<HostDevice>> hostDevicesMemo = {};
    // hostDevices()' registers by address, made once per analysis.
    const HostRegionIndex &hostRegions() const;
    mutable std::optional<HostRegionIndex> hostRegionsMemo = {};

    // The domain plans with their device plans and host nodes.

    // The host node of a planned device (by the index the planner noted, else by path).
    const Node *nodeOf(const DevicePlan &dev) const
    {
        if (dev.hostNode >= 0 && dev.hostNode < model.nodes().size() && model.nodes()[dev.hostNode].path == dev.hostPath)
            return &model.nodes()[dev.hostNode];
        return model.node(dev.hostPath);
    }

    template <typename Fn> void forEachDevice(Fn fn) const
    {
        for (const DomainPlan &dp : analysis.domains)
            for (const DevicePlan &dev : dp.devices)
                if (const Node *n = nodeOf(dev))
                    fn(dp, dev, *n);
    }
    // The same over everything mapped into a guest: the devices and the SCMI shmem channels.
    template <typename Fn> void forEachMapped(Fn fn) const
    {
        for (const DomainPlan &dp : analysis.domains)
            for (const QVector<DevicePlan> *mapped : {&dp.devices, &dp.scmiShmem})
                for (const DevicePlan &dev : *mapped)
                    if (const Node *n = nodeOf(dev))
                        fn(dp, dev, *n);
    }
};

// Where a finding is: a domain ("" = project-wide) and a host node ("" = the domain itself).
struct Location {
    QString domain;
    QString node;
};

// Reports findings of one rule: fills {node}, {domain} and the rule's params (rules.json) into its
// templates and marks acknowledged findings. The values given must be exactly the rule's params:
// a check that gives others is a devassign bug, and the message says so (tst_rules looks for it).
class Reporter {
public:
    Reporter(const Rule &rule, const Project &project, QVector<Diagnostic> *out);
    void operator()(const Location &at, const RuleValues &values = {}, const QStringList &related = {});
    const Rule &rule() const { return m_rule; }

private:
    const Rule &m_rule;
    const Project &m_project;
    QVector<Diagnostic> *m_out;
};

using CheckFunction = void (*)(const CheckInput &, Reporter &);

// A domain's share of the planner's facts.
struct DomainFacts {
    const QVector<Relocation> &relocations;
    const QVector<DependencyNote> &dependencyNotes;
};
// A rule whose findings in one domain follow from that domain's plan, facts and partial DTB alone
// (with the host, the platform and the acknowledgements) is checked one domain at a time: analyze()
// calls it for each domain in order, and with a cache keeps each domain's findings while the
// domain's plan memo holds (core/analysiscache.h). It must read nothing of the other domains.
using DomainCheckFunction = void (*)(const CheckInput &, const DomainPlan &, const DomainFacts &, Reporter &);

struct Check {
    const char *rule;
    CheckFunction run;                          // or nullptr for a per-domain check
    DomainCheckFunction runForDomain = nullptr;
};

// The families (one file each). analyze() runs the checks in rules.json's order.
QVector<Check> projectChecks();
QVector<Check> sharingChecks();
QVector<Check> memoryChecks();
QVector<Check> iommuChecks();
QVector<Check> irqChecks();
QVector<Check> dependencyChecks();
QVector<Check> scmiChecks();
QVector<Check> platformChecks(); // Xen release and host RAM (checks/platform.cpp)
QVector<Check> allChecks();

// ---- shared by several families ----------------------------------------------------------------
struct Owner {
    QString domain;
    QString node;
};
// Reports every later owner of a shared key whose domain differs from the first owner's, with
// {sharer} = the first owner and `keyParam` = the text after the key's last newline.
void reportSplit(Reporter &report, const QVector<QPair<QString, Owner>> &uses, const QString &keyParam);

// Every enabled host device no domain covers, what stays with dom0 (or Xen): CheckInput::hostDevices().
QVector<HostDevice> hostDevicesOutsideDomains(const CheckInput &in);

} // namespace devassign::checks
