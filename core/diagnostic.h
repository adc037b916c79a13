// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// One finding of a rule (docs/rules.md): what the analysis reports and every face shows.

#include <QPair>
#include <QString>
#include <QVector>
#include <QStringList>

namespace devassign {

enum class Severity { Error, Warning, Info };
QString severityName(Severity s); // "error", "warning", "info"

struct Diagnostic {
    QString rule;          // rule id, e.g. "dma-without-iommu"
    Severity severity = Severity::Error;
    QString message;       // one sentence: cause (what is wrong and why it matters)
    QString fix;           // one sentence: how to fix it
    QString domain;        // location: domain name ("" = project-wide)
    QString node;          // location: host node path ("" = the domain itself)
    QStringList related;   // other locations involved (the other domain, the clashing node…)
    bool acknowledged = false; // the user accepted it: reported, but does not count as an error
    QString source;        // where the rule comes from (Xen source file / doc), from rules.json
    QVector<QPair<QString, QString>> params; // the rule's params (rules.json) as filled in, e.g. {"property", "clocks"}
};

} // namespace devassign
