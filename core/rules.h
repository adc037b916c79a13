// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The safety rules as data: core/rules.json (compiled in as the Qt resource
// :/devassign/rules.json), one entry per rule id, in the order their checks run. Messages and fixes
// are templates with named placeholders: {node} and {domain} (the finding's location) and the
// rule's own `params` (e.g. {irq}, {owner}), which its check fills (core/checks/check.h).
// Documented in docs/rules.md; tst_rules checks every template against its params.

#include "diagnostic.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVector>

namespace devassign {

struct Rule {
    QString id;
    Severity severity = Severity::Error;
    QStringList params; // the placeholders the check fills, besides {node} and {domain}
    QString title;
    QString message; // template
    QString fix;     // template
    QString source;  // Xen file / doc the rule comes from
    // false: no acknowledgement can accept the finding (what Xen keeps for itself); rules.json
    // "acknowledgeable": false, default true.
    bool acknowledgeable = true;
};

// Every rule in rules.json, in file order. Loaded once; a malformed resource is a build bug and aborts.
const QVector<Rule> &rules();
const Rule *findRule(const QString &id);

// A placeholder's name and value.
using RuleValues = QList<QPair<QString, QString>>;
// Fills every {name} of `values` in a rule template.
QString expandRuleTemplate(QString text, const RuleValues &values);
// The {names} a template uses, in order of first use.
QStringList templatePlaceholders(const QString &text);

} // namespace devassign
