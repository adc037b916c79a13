// SPDX-License-Identifier: GPL-2.0-or-later
#include "hostfiltermodel.h"

namespace devassign {

HostFilterModel::HostFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
}

void HostFilterModel::setFilterText(const QString &text)
{
    m_text = text;
    invalidateFilter();
}

void HostFilterModel::setAssignableOnly(bool on)
{
    m_assignableOnly = on;
    invalidateFilter();
}

bool HostFilterModel::filterAcceptsRow(int, const QModelIndex &) const
{
    return true;
}

bool HostFilterModel::matchesText(const QModelIndex &) const
{
    return true;
}

bool HostFilterModel::isAssignable(const QModelIndex &) const
{
    return true;
}

} // namespace devassign
