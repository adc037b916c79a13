// SPDX-License-Identifier: GPL-2.0-or-later
// analyze(): the planner, then every rule's check in rules.json's order.
#include "analysis.h"

#include "analysiscache.h"

#include "checks/check.h"
#include "planner.h"
#include "rules.h"

#include <QHash>

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
const QHash<QString, checks::CheckFunction> &checkTable()
{
    static const QHash<QString, checks::CheckFunction> table = [] {
        QHash<QString, checks::CheckFunction> t;
        for (const checks::Check &c : checks::allChecks())
            t.insert(QLatin1String(c.rule), c.run);
        return t;
    }();
    return table;
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
    if (cache && (cache->model != &model || cache->modelSha256 != model.sha256())) {
        cache->clear();
        cache->model = &model;
        cache->modelSha256 = model.sha256();
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
    for (const Rule &rule : rules()) {
        const auto check = checkTable().constFind(rule.id);
        if (check == checkTable().constEnd())
            continue;
        checks::Reporter report(rule, planned, &diagnostics);
        (*check)(in, report);
    }
    a.diagnostics = diagnostics;
    if (cache) // the partial DTBs of domains that are gone
        for (auto it = cache->partialDtbs.begin(); it != cache->partialDtbs.end();)
            it = cache->plans.domains.contains(it.key()) ? std::next(it) : cache->partialDtbs.erase(it);
    return a;
}

} // namespace devassign
