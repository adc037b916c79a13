// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The Diagnostics pane's filters over DiagnosticsModel: by severity, domain and rule (each "all"
// when unset). Also the pane's sort (by SeverityRole).

#include <QSortFilterProxyModel>

namespace devassign {

class DiagnosticsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit DiagnosticsFilterModel(QObject *parent = nullptr);

    void setSeverity(int severity); // a core Severity as int, -1 = every severity
    void setDomain(const QString &domain); // "" = every domain
    void setRule(const QString &rule); // "" = every rule
    int severity() const { return m_severity; }
    QString domain() const { return m_domain; }
    QString rule() const { return m_rule; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_severity = -1;
    QString m_domain;
    QString m_rule;
};

} // namespace devassign
