// SPDX-License-Identifier: GPL-2.0-or-later
#include "hostfiltermodel.h"

#include "hostmodel.h"
#include "hosttreemodel.h"
#include "modelroles.h"

namespace devassign {

namespace {

// "9010000", "0x9010000" and "0X09010000" all name the same address.
std::optional<quint64> parseHex(QString text)
{
    if (text.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
        text = text.mid(2);
    if (text.isEmpty() || text.size() > 16)
        return std::nullopt;
    bool ok = false;
    const quint64 value = text.toULongLong(&ok, 16);
    return ok ? std::optional<quint64>(value) : std::nullopt;
}

} // namespace

HostFilterModel::HostFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // A parent stays visible when one of its descendants matches.
    setRecursiveFilteringEnabled(true);
}

void HostFilterModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void HostFilterModel::setAssignableOnly(bool on)
{
    if (on == m_assignableOnly)
        return;
    m_assignableOnly = on;
    invalidateFilter();
}

bool HostFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex nodeIndex = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_assignableOnly && !isAssignable(nodeIndex))
        return false;
    return m_text.isEmpty() || matchesText(nodeIndex);
}

bool HostFilterModel::matchesText(const QModelIndex &nodeIndex) const
{
    const QAbstractItemModel *source = sourceModel();
    const auto column = [&](int c) { return source->index(nodeIndex.row(), c, nodeIndex.parent()).data().toString(); };
    if (column(HostTreeModel::NodeColumn).contains(m_text, Qt::CaseInsensitive)
        || column(HostTreeModel::CompatibleColumn).contains(m_text, Qt::CaseInsensitive))
        return true;
    // Address: compare numerically with the node's first translated address ("0x9010000").
    const std::optional<quint64> wanted = parseHex(m_text);
    const std::optional<quint64> address = parseHex(column(HostTreeModel::AddressColumn));
    if (wanted && address && *wanted == *address)
        return true;
    // IRQ: a decimal GIC id equal to one of the node's ids.
    bool isNumber = false;
    const uint irq = m_text.toUInt(&isNumber, 10);
    if (isNumber) {
        const QStringList ids = column(HostTreeModel::IrqColumn).split(QStringLiteral(", "), Qt::SkipEmptyParts);
        if (ids.contains(QString::number(irq)))
            return true;
    }
    return false;
}

// Assignable: a device with MMIO regions or GIC SPIs (what xl iomem/irqs and dom0less can pass).
bool HostFilterModel::isAssignable(const QModelIndex &nodeIndex) const
{
    const QAbstractItemModel *source = sourceModel();
    if (!nodeIndex.data(IsDeviceRole).toBool())
        return false;
    const QString address
        = source->index(nodeIndex.row(), HostTreeModel::AddressColumn, nodeIndex.parent()).data().toString();
    const QStringList irqs = source->index(nodeIndex.row(), HostTreeModel::IrqColumn, nodeIndex.parent())
                                 .data()
                                 .toString()
                                 .split(QStringLiteral(", "), Qt::SkipEmptyParts);
    const bool hasGicIrq = std::any_of(irqs.begin(), irqs.end(), [](const QString &s) {
        bool ok = false;
        return s.toUInt(&ok) >= 32 && ok; // GIC ids 0-31 are SGIs and PPIs: per CPU, never passed through
    });
    return !address.isEmpty() || hasGicIrq;
}

} // namespace devassign
