// SPDX-License-Identifier: GPL-2.0-or-later
// analyze(): the planner, then every rule's check in rules.json's order.
#include "analysis.h"

#include "analysiscache.h"

#include "checks/check.h"
#include "planner.h"
#include "rules.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace devassign {

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Error: return QStringLiteral("error");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Info: return QStringLiteral("info");
    }
    return QString();
}

namespace {

// Rule id -> check, from every family; a rule without a check (or a check without a rule) is a
// build bug that tst_rules reports.
const QHash<QString, checks::Check> &checkTable()
{
    static const QHash<QString, checks::Check> table = [] {
        QHash<QString, checks::Check> t;
        for (const checks::Check &c : checks::allChecks())
            t.insert(QLatin1String(c.rule), c);
        return t;
    }();
    return table;
}

bool uniqueNames(const Project &p)
{
    QSet<QString> names;
    for (const DomainConfig &d : p.domains)
        names.insert(d.name);
    return names.size() == p.domains.size();
}

// The planner lists each domain's facts together, in the domains' order: one pass, no lookups.
template <typename Fact>
void splitByDomain(const Analysis &a, const QVector<Fact> &facts, QVector<FactsOfDomain> &out,
                   QVector<Fact> FactsOfDomain::*field)
{
    int d = 0;
    for (const Fact &f : facts) {
        int i = d;
        while (i < a.domains.size() && a.domains[i].config.name != f.domain)
            ++i;
        if (i == a.domains.size()) { // out of order after all: search from the start
            for (i = 0; i < a.domains.size() && a.domains[i].config.name != f.domain; ++i) {
            }
            if (i == a.domains.size())
                continue;
        }
        (out[i].*field).append(f);
        d = i;
    }
}

QVector<FactsOfDomain> factsByDomain(const Analysis &a, const PlannerFacts &facts)
{
    QVector<FactsOfDomain> out(a.domains.size());
    splitByDomain(a, facts.relocations, out, &FactsOfDomain::relocations);
    splitByDomain(a, facts.dependencyNotes, out, &FactsOfDomain::dependencyNotes);
    return out;
}

// The findings a per-domain rule had in `dp` when its plan memo still holds, else none.
AnalysisCache::FindingsMemo *findingsMemo(AnalysisCache *cache, const Analysis &a, const DomainPlan &dp)
{
    if (!cache)
        return nullptr;
    const auto plan = cache->plans.domains.constFind(dp.config.name);
    if (plan == cache->plans.domains.constEnd())
        return nullptr;
    const std::optional<ScmiChannel> channel = scmiChannelOf(a, dp.config.name);
    AnalysisCache::FindingsMemo &memo = cache->findings[dp.config.name]; // there already: no insert
    if (memo.planGeneration != plan->generation || memo.channel != channel)
        memo = {plan->generation, channel, {}};
    return &memo;
}

// Each domain's facts: the plan memo's own lists with a cache, else split from the planner's.
QVector<const FactsOfDomain *> domainFactsOf(const Analysis &a, const PlannerFacts &facts, AnalysisCache *cache,
                                             QVector<FactsOfDomain> &split)
{
    QVector<const FactsOfDomain *> out;
    if (!cache)
        split = factsByDomain(a, facts);
    for (int i = 0; i < a.domains.size(); ++i) {
        if (cache) {
            const PlanMemo &memo = *cache->plans.domains.constFind(a.domains[i].config.name);
            out.append(&memo.facts);
        } else {
            out.append(&split[i]);
        }
    }
    return out;
}

void runForEachDomain(const checks::CheckInput &in, const checks::Check &check, const Rule &rule,
                      const QVector<const FactsOfDomain *> &facts, const QVector<AnalysisCache::FindingsMemo *> &memos,
                      QVector<Diagnostic> &diagnostics)
{
    for (int i = 0; i < in.analysis.domains.size(); ++i) {
        AnalysisCache::FindingsMemo *memo = memos[i];
        if (memo) {
            if (const auto kept = memo->byRule.constFind(rule.id); kept != memo->byRule.constEnd()) {
                diagnostics += *kept;
                continue;
            }
        }
        QVector<Diagnostic> found;
        checks::Reporter report(rule, in.project, &found);
        check.runForDomain(in, in.analysis.domains[i], {facts[i]->relocations, facts[i]->dependencyNotes}, report);
        if (memo)
            memo->byRule.insert(rule.id, found);
        diagnostics += found;
    }
}

} // namespace

QStringList checkedRuleIds()
{
    QStringList ids;
    for (const Rule &r : rules())
        if (checkTable().contains(r.id))
            ids.append(r.id);
    for (const checks::Check &c : checks::allChecks())
        if (!findRule(QLatin1String(c.rule)))
            ids.append(QLatin1String(c.rule)); // a check whose rule is missing: tst_rules says so
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

int Analysis::acknowledgedCount() const
{
    return int(std::count_if(diagnostics.cbegin(), diagnostics.cend(), [](const Diagnostic &d) { return d.acknowledged; }));
}

const DomainPlan *Analysis::domain(const QString &name) const
{
    for (const DomainPlan &d : domains)
        if (d.config.name == name)
            return &d;
    return nullptr;
}

Analysis analyze(const HostModel &model, const Project &project, AnalysisCache *cache)
{
    if (cache && (cache->model != &model || cache->modelSha256 != model.sha256() || !uniqueNames(project))) {
        cache->clear();
        cache->model = &model;
        cache->modelSha256 = model.sha256();
        if (!uniqueNames(project)) // memos are by domain name: a hand-edited file may repeat one
            cache = nullptr;
    }
    Analysis a;
    a.hostDtbChanged = !project.hostDtbSha256.isEmpty()
        && project.hostDtbSha256.compare(model.sha256(), Qt::CaseInsensitive) != 0;
    PlannerFacts facts;
    // "assign" decisions make providers devices of their domain, for the plan and every check.
    const bool assigns = std::any_of(project.domains.cbegin(), project.domains.cend(), [](const DomainConfig &d) {
        return std::find(d.dependencyDecisions.cbegin(), d.dependencyDecisions.cend(), DependencyAction::Assign)
            != d.dependencyDecisions.cend();
    });
    const Project planned = assigns ? withAssignedProviders(model, project) : project;
    a.domains = planDomains(model, planned, &facts, cache ? &cache->plans : nullptr);
    QVector<Diagnostic> diagnostics;
    const checks::CheckInput in{model, planned, a, facts, cache};
    QVector<FactsOfDomain> split;
    const QVector<const FactsOfDomain *> domainFacts = domainFactsOf(a, facts, cache, split);
    // Every domain's entry first, the pointers after: an insert may move a QHash's entries.
    if (cache)
        for (const DomainPlan &dp : a.domains)
            cache->findings[dp.config.name];
    QVector<AnalysisCache::FindingsMemo *> memos;
    for (const DomainPlan &dp : a.domains)
        memos.append(findingsMemo(cache, a, dp));
    for (const Rule &rule : rules()) {
        const auto check = checkTable().constFind(rule.id);
        if (check == checkTable().constEnd())
            continue;
        if (check->runForDomain) {
            runForEachDomain(in, *check, rule, domainFacts, memos, diagnostics);
            continue;
        }
        checks::Reporter report(rule, planned, &diagnostics);
        check->run(in, report);
    }
    a.diagnostics = diagnostics;
    for (const checks::HostDevice &h : in.hostDevices())
        if (h.xenOwned) {
            a.xenDevices.append(h.node->path);
            if (h.xenConsole)
                a.xenConsole = h.node->path;
        }
    if (cache) { // the memos of domains that are gone
        for (auto it = cache->partialDtbs.begin(); it != cache->partialDtbs.end();)
            it = cache->plans.domains.contains(it.key()) ? std::next(it) : cache->partialDtbs.erase(it);
        for (auto it = cache->findings.begin(); it != cache->findings.end();)
            it = cache->plans.domains.contains(it.key()) ? std::next(it) : cache->findings.erase(it);
    }
    return a;
}

} // namespace devassign
