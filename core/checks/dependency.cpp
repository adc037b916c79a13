// SPDX-License-Identifier: GPL-2.0-or-later
// The checks of dependencies (clocks, resets, pins, supplies…) (docs/rules.md). Each rule: its id, the check, the Xen source it follows.
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

// The dependencies the planner decided on its own, of one kind: {provider} and `valueParam`
// (the property, or the stub's rate).
void reportDependencyNotes(const CheckInput &in, Reporter &report, DependencyNoteKind kind, const QString &valueParam)
{
    for (const DependencyNote &d : in.facts.dependencyNotes)
        if (d.kind == kind) {
            QStringList related = {d.provider};
            if (!d.owner.isEmpty())
                related.append(d.owner);
            report({d.domain, d.node},
                   {{QStringLiteral("provider"), d.provider}, {valueParam, d.value.isEmpty() ? d.property : d.value}},
                   related);
        }
}

void checkDependencyNotInDomain(const CheckInput &in, Reporter &report)
{
    reportDependencyNotes(in, report, DependencyNoteKind::DefaultDrop, QStringLiteral("property"));
}

void checkDependencyStubInvalid(const CheckInput &in, Reporter &report)
{
    reportDependencyNotes(in, report, DependencyNoteKind::StubInvalid, QStringLiteral("property"));
}

void checkStubClockRateUnknown(const CheckInput &in, Reporter &report)
{
    reportDependencyNotes(in, report, DependencyNoteKind::StubRateUnknown, QStringLiteral("rate"));
}

} // namespace

QVector<Check> dependencyChecks()
{
    return {
        {"dependency-not-in-domain", checkDependencyNotInDomain},
        {"dependency-stub-invalid", checkDependencyStubInvalid},
        {"stub-clock-rate-unknown", checkStubClockRateUnknown},
    };
}

} // namespace devassign::checks
