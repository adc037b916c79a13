// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of SCMI (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
#include "checks/check.h"

#include "format.h"
#include "scmi.h"
#include "xenrelease.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace devassign::checks {

namespace {

using format::hex;
using format::span;

void checkScmiResourceShared(const CheckInput &in, Reporter &report)
{
    QVector<QPair<QString, Owner>> uses;
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const ScmiResource &r : n.scmi) {
            // A resource the project marks shared is query-only for each domain (docs/scmi-policy.md §1).
            if (in.project.scmiShared.contains(ScmiSharedResource{r.protocol, r.id}))
                continue;
            uses.append({QStringLiteral("protocol %1 id %2 on %3").arg(hex(r.protocol)).arg(r.id).arg(r.scmiNode),
                         {dp.config.name, n.path}});
        }
    });
    reportSplit(report, uses, QStringLiteral("resource"));
}

// A mark that shares nothing only takes control away: the one domain that uses the resource gets
// its query messages only (docs/scmi-policy.md §8).
void checkScmiSharedNotShared(const CheckInput &in, Reporter &report)
{
    for (const ScmiSharedResource &shared : in.project.scmiShared) {
        QStringList users;
        for (const DomainPlan &dp : in.analysis.domains)
            for (const ScmiResource &r : dp.scmi)
                if (r.protocol == shared.protocol && r.id == shared.id && !users.contains(dp.config.name))
                    users.append(dp.config.name);
        if (users.size() > 1)
            continue;
        const QString resource = QStringLiteral("protocol %1 id %2").arg(hex(shared.protocol)).arg(shared.id);
        report({users.value(0), QString()},
               {{QStringLiteral("resource"), resource},
                {QStringLiteral("users"), users.isEmpty() ? QStringLiteral("no domain uses it")
                                                          : QStringLiteral("only domain %1 uses it").arg(users[0])}},
               users);
    }
}

// With devassign's mediator each domain has its own channel and policy (docs/hypervisor.md), so
// the single-agent limits of upstream Xen below do not apply.
void checkScmiMultipleDomains(const CheckInput &in, Reporter &report)
{
    if (in.project.platform.scmiMediator)
        return;
    QStringList names;
    for (const DomainPlan &dp : in.analysis.domains)
        if (dp.needsScmi)
            names.append(dp.config.name);
    if (names.size() > 1)
        report({QString(), QString()}, {{QStringLiteral("domains"), names.join(QStringLiteral(", "))}}, names);
}

void checkScmiTransportNotForwardable(const CheckInput &in, Reporter &report)
{
    if (in.project.platform.scmiMediator) // the guest talks to the mediator's channel, not the host's
        return;
    for (const DomainPlan &dp : in.analysis.domains)
        for (const QString &path : scmiAgentsOf(dp)) {
            const Node *agent = in.model.node(path);
            const QString why = agent ? scmiNotForwardable(in.model, *agent) : QString();
            if (why.isEmpty())
                continue;
            QStringList users;
            for (const DevicePlan &dev : dp.devices)
                if (const Node *n = in.nodeOf(dev))
                    for (const ScmiResource &r : n->scmi)
                        if (r.scmiNode == path && !users.contains(n->path))
                            users.append(n->path);
            report({dp.config.name, path}, {{QStringLiteral("reason"), why}, {QStringLiteral("users"), users.join(QStringLiteral(", "))}}, users);
        }
}

// The mediator's policy is a boot module keyed by the domain ids of the dom0less domains
// (docs/hypervisor.md, docs/scmi-policy.md §4): a domain only xl creates is in no policy.
void checkScmiMediatorNeedsDom0less(const CheckInput &in, Reporter &report)
{
    if (!in.project.platform.scmiMediator)
        return;
    for (const DomainPlan &dp : in.analysis.domains)
        if (dp.needsScmi && !dp.config.dom0less)
            report({dp.config.name, QString()}, {}, {});
}

} // namespace

QVector<Check> scmiChecks()
{
    return {
        {"scmi-resource-shared", checkScmiResourceShared},
        {"scmi-shared-not-shared", checkScmiSharedNotShared},
        {"scmi-multiple-domains", checkScmiMultipleDomains},
        {"scmi-transport-not-forwardable", checkScmiTransportNotForwardable},
        {"scmi-mediator-needs-dom0less", checkScmiMediatorNeedsDom0less},
    };
}

} // namespace devassign::checks
