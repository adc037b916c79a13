// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The planner: for every domain, where each device's registers appear in the guest (1:1, or
// relocated out of Xen's guest map), which interrupts go through, whether an IOMMU Xen drives
// protects it, what happens to each dependency and which SCMI channels it gets. Pure. The facts
// only the planner sees (relocations, dependency decisions it made itself) are kept for the
// checks (core/checks/).

#include "analysis.h"

#include <QHash>
#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace devassign {

// A device window the planner moved away from its host address (guest-map-clash/-no-room).
struct Relocation {
    QString domain;
    QString node;
    quint64 host = 0;
    quint64 size = 0;
    quint64 guest = 0;
    QString clash;   // "vPL011 (0x22000000-0x22000fff)"
    bool placed = true;
};

// A dependency the planner dropped or stubbed on its own, or a stub whose rate it cannot know.
// PinsLeftToHost: a pin state dropped by default (pinctrl-N into a pin controller the host keeps).
// StubDropsOther: a stubbed clock provider's reference by a non-clock property (a CRU's resets),
// dropped because a fixed-clock stub stands in for clocks only.
enum class DependencyNoteKind { DefaultDrop, StubInvalid, StubDropsOther, StubRateUnknown, PinsLeftToHost };
struct DependencyNote {
    DependencyNoteKind kind;
    QString domain;
    QString node;
    QString property;
    QString provider;
    QString owner; // another domain that owns the provider, if any
    QString value; // the diagnostic's value when it is not the property (stub rates)
};

struct PlannerFacts {
    QVector<Relocation> relocations;
    QVector<DependencyNote> dependencyNotes;
};
// One domain's share of them (their entries name their domain).
struct FactsOfDomain {
    QVector<Relocation> relocations;
    QVector<DependencyNote> dependencyNotes;
};

// ---- incremental planning ------------------------------------------------------------------------
// An edit touches one domain; the other domains' plans can be kept. A memo holds one domain's plan
// and facts together with everything planning it read: its own config, the platform, the
// acknowledgements, and the owner domain of every provider it asked about (the only thing it reads
// of the other domains). It is reused only when all of these are the same again (tst_analysiscache
// checks that a cached analysis equals a fresh one after every edit of a random sequence).
struct PlanMemo {
    DomainConfig config;
    Platform platform;
    QVector<Acknowledgement> acknowledgements;
    QHash<QString, QString> owners;          // provider path -> the owner domain ownerDomainOf gave
    DomainPlan plan;
    FactsOfDomain facts;
    quint64 generation = 0;                  // new for every plan made (what is built from it says which)
};
struct PlanCache {
    QHash<QString, PlanMemo> domains;        // by domain name
    quint64 nextGeneration = 1;
};

// Plans every domain of `project`. With `cache`, a domain whose memo still holds is not planned
// again, and the cache is left holding the memos of exactly the project's domains.
QVector<DomainPlan> planDomains(const HostModel &model, const Project &project, PlannerFacts *facts,
                                PlanCache *cache = nullptr);

// The project as the analysis plans it: each domain's devices followed by the providers its
// "assign" decisions give it (DependencyAction::Assign), when a node of the domain refers to them,
// no other domain owns them and they are not the root. Repeated until nothing is added, since an
// assigned provider's own references may carry "assign" too. analyze() plans and checks this.
Project withAssignedProviders(const HostModel &model, const Project &project);

// ---- bulk dependency decisions (the studio's triage of many findings) ------------------------------
// One decision for many references at once, on the devices `devices` of `domain` (and the child
// devices and copied descendants planned with them; empty = all of the domain's devices):
// - DropPinctrl: every pin state (pinctrl-N) into a pin controller the domain does not get: drop.
// - StubClocks: every clock provider (clocks, assigned-clocks…) the domain does not get and that is
//   not copied as a fixed clock: stub, i.e. a fixed-clock of the rate (docs/exports.md). A provider
//   the domain also uses through another property (a clock controller that also gives resets) is
//   left alone: a stub would drop those references (dependency-stub-invalid).
// - SuggestedPolicy: every reference devassign decided on its own and reports
//   (dependency-not-in-domain, pinctrl-left-to-host) gets that default as an explicit decision,
//   docs/exports.md "Dependencies: devassign's defaults".
enum class BulkDecision { DropPinctrl, StubClocks, SuggestedPolicy };
// provider path -> decision; empty when there is nothing to decide (or no such domain).
QMap<QString, DependencyAction> bulkDependencyDecisions(const HostModel &model, const Project &project,
                                                        const QString &domain, const QStringList &devices,
                                                        BulkDecision what);

// ---- questions about nodes, shared by the planner and the checks -------------------------------
bool isAncestorOrSelf(const HostModel &model, const Node &ancestor, const Node &n);
// `n` or one of its ancestors is among `devices` (a domain's assigned nodes).
bool coveredBy(const HostModel &model, const QStringList &devices, const Node &n);
// Every interrupt of `n` goes to a controller that is not the GIC and that `devices` cover (a GPIO
// controller the domain gets): a node copied with a device then keeps its interrupts in the
// partial DTB, on the controllers' copies (partialdtb.cpp), and rule irq-not-gic is quiet.
bool interruptsStayInGuest(const HostModel &model, const QStringList &devices, const Node &n);
// Why `domain` cannot get `provider` by an "assign" dependency decision, or "": another domain
// has it already (among its devices, under one, or by its own assign decision), since Xen maps
// and assigns a node to one domain only. The CLI's `dependency ... assign` and the studio refuse
// with this line.
QString assignDecisionProblem(const HostModel &model, const Project &project, const QString &domain,
                              const QString &provider);
// Why `domain` cannot have dependency decision `action` for `provider`, or "": assign as
// assignDecisionProblem says; copy or stub of a node no domain can get (notAssignableReason: a
// host CPU, /chosen, /memory). Drop and the default are always possible.
QString dependencyDecisionProblem(const HostModel &model, const Project &project, const QString &domain,
                                  const QString &provider, std::optional<DependencyAction> action);
// Whether a node `devices` cover (a device or a node under one) refers to `provider`.
bool referencedFrom(const HostModel &model, const QStringList &devices, const QString &provider);
// The first domain other than `except` whose assignment covers `n`, or "".
QString ownerDomainOf(const HostModel &model, const Project &p, const Node &n, const QString &except);
// coveredBy() of every domain for every node at once: per node index, bit d is set when domain d
// of `p` covers it. Empty when `p` has more than kCoverageDomains domains (ask coveredBy then).
constexpr int kCoverageDomains = 64;
QVector<quint64> domainCoverage(const HostModel &model, const Project &p);
// ownerDomainOf() from a domainCoverage() of `p`.
QString ownerDomainOf(const Project &p, const QVector<quint64> &coverage, const Node &n, const QString &except);
// The host's RAM: the project's platform RAM when set (`devassign platform set --ram`), else the
// DTB's /memory banks. Where dom0less modules go and what static memory must lie in.
QVector<MemoryRange> hostRamBanks(const HostModel &model, const Project &project);
// Host ranges that are not free RAM: /reserved-memory children, the boot modules already in the
// host DTB's /chosen (e.g. dom0's kernel) and the DTB's /memreserve/ entries.
struct ReservedRange {
    QString what;   // "/reserved-memory/r5f-dma-memory@a0000000", "/chosen/module@50000000", "/memreserve/ #0"
    quint64 address = 0;
    quint64 size = 0;
};
QVector<ReservedRange> hostReservedRanges(const HostModel &model);

// Ancestors of `n` below the root, outermost first: what a copy needs for its binding to hold.
QStringList ancestorsOf(const HostModel &model, const Node &n);

// ---- pages -----------------------------------------------------------------------------------------
inline quint64 pageDown(quint64 a) { return a & ~(xen::kPageSize - 1); }
inline quint64 pageUp(quint64 a) { return (a + xen::kPageSize - 1) & ~(xen::kPageSize - 1); }
inline bool overlaps(quint64 a, quint64 as, quint64 b, quint64 bs) { return a < b + bs && b < a + as; }

} // namespace devassign
