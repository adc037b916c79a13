// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The safety rules as data: core/rules.json (compiled in as the Qt resource
// :/devassign/rules.json), one entry per rule id. Messages and fixes are templates with the
// placeholders {node}, {domain}, {other} and {value}. Documented in docs/rules.md.

#include "analysis.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace devassign {

struct Rule {
    QString id;
    Severity severity = Severity::Error;
    QString title;
    QString message; // template
    QString fix;     // template
    QString source;  // Xen file / doc the rule comes from
};

// Every rule in rules.json, in file order. Loaded once; a malformed resource is a build bug and aborts.
const QVector<Rule> &rules();
const Rule *findRule(const QString &id);
// The rule ids that have a check function in analysis.cpp (the check table), in check order.
QStringList checkedRuleIds();
// Fills {node}, {domain}, {other}, {value} in a rule template.
QString expandRuleTemplate(QString text, const QString &node, const QString &domain, const QString &other,
                           const QString &value);

} // namespace devassign
