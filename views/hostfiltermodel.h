// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Filters the host tree: setFilterText() matches a node's name, compatible, address (hex, with or
// without 0x) or GIC IRQ id; setAssignableOnly() keeps devices with regions or GIC SPIs (and their
// ancestors). Filtering is recursive: a parent stays when a descendant matches.

#include <QSortFilterProxyModel>

namespace devassign {

class HostFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit HostFilterModel(QObject *parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);
    bool assignableOnly() const { return m_assignableOnly; }
    void setAssignableOnly(bool on);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool matchesText(const QModelIndex &nodeIndex) const;
    bool isAssignable(const QModelIndex &nodeIndex) const;

    QString m_text;
    bool m_assignableOnly = false;
};

} // namespace devassign
