// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosticsfilter.h"

#include "modelroles.h"

namespace devassign {

DiagnosticsFilterModel::DiagnosticsFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SeverityRole);
}

void DiagnosticsFilterModel::setSeverity(int severity)
{
    m_severity = severity;
    invalidateFilter();
}

void DiagnosticsFilterModel::setDomain(const QString &domain)
{
    m_domain = domain;
    invalidateFilter();
}

void DiagnosticsFilterModel::setRule(const QString &rule)
{
    m_rule = rule;
    invalidateFilter();
}

bool DiagnosticsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_severity >= 0 && index.data(SeverityRole).toInt() != m_severity)
        return false;
    if (!m_domain.isEmpty() && index.data(DomainNameRole).toString() != m_domain)
        return false;
    return m_rule.isEmpty() || index.data(RuleRole).toString() == m_rule;
}

} // namespace devassign
