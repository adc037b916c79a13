// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosticsgroupmodel.h"

#include "diagnostic.h"
#include "diagnosticsmodel.h"
#include "modelicons.h"
#include "modelroles.h"

namespace devassign {

namespace {

StatusColor colorOf(int severity)
{
    switch (Severity(severity)) {
    case Severity::Error:
        return StatusColor::Bad;
    case Severity::Warning:
        return StatusColor::Warning;
    case Severity::Info:
        break;
    }
    return StatusColor::Info;
}

} // namespace

DiagnosticsGroupModel::DiagnosticsGroupModel(QAbstractItemModel *flat, QObject *parent)
    : QAbstractItemModel(parent)
    , m_flat(flat)
{
    connect(flat, &QAbstractItemModel::modelReset, this, &DiagnosticsGroupModel::rebuild);
    connect(flat, &QAbstractItemModel::layoutChanged, this, &DiagnosticsGroupModel::rebuild);
    connect(flat, &QAbstractItemModel::rowsInserted, this, &DiagnosticsGroupModel::rebuild);
    connect(flat, &QAbstractItemModel::rowsRemoved, this, &DiagnosticsGroupModel::rebuild);
    connect(flat, &QAbstractItemModel::dataChanged, this, &DiagnosticsGroupModel::rebuild);
    rebuild();
}

DiagnosticsGroupModel::~DiagnosticsGroupModel() = default;

int DiagnosticsGroupModel::childOf(
    int parent, Level level, const QString &domain, const QString &node, const QString &rule)
{
    const QVector<int> &siblings = parent < 0 ? m_devices : m_items.at(parent).children;
    for (int i : siblings) {
        const Item &c = m_items.at(i);
        if (level != FindingLevel && c.domain == domain && c.node == node && c.rule == rule)
            return i;
    }
    Item item;
    item.level = level;
    item.parent = parent;
    item.row = int(siblings.size());
    item.domain = domain;
    item.node = node;
    item.rule = rule;
    m_items.append(item);
    const int at = int(m_items.size() - 1);
    (parent < 0 ? m_devices : m_items[parent].children).append(at);
    return at;
}

void DiagnosticsGroupModel::rebuild()
{
    beginResetModel();
    m_items.clear();
    m_devices.clear();
    for (int row = 0; row < m_flat->rowCount(); ++row) {
        const QModelIndex f = m_flat->index(row, 0);
        const QString domain = f.data(DomainNameRole).toString();
        const QString node = f.data(NodePathRole).toString();
        const QString rule = f.data(RuleRole).toString();
        const int severity = f.data(SeverityRole).toInt();
        const int device = childOf(-1, DeviceLevel, domain, node, QString());
        const int ruleGroup = childOf(device, RuleLevel, domain, node, rule);
        const int finding = childOf(ruleGroup, FindingLevel, domain, node, rule);
        m_items[finding].flatRow = row;
        for (int i : {device, ruleGroup, finding}) {
            m_items[i].count += 1;
            m_items[i].worst = qMin(m_items[i].worst, severity);
        }
    }
    endResetModel();
}

const DiagnosticsGroupModel::Item *DiagnosticsGroupModel::itemAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() >= quintptr(m_items.size()))
        return nullptr;
    return &m_items.at(int(index.internalId()));
}

QModelIndex DiagnosticsGroupModel::flatIndex(const QModelIndex &index) const
{
    const Item *item = itemAt(index);
    return item && item->level == FindingLevel ? m_flat->index(item->flatRow, 0) : QModelIndex();
}

QModelIndex DiagnosticsGroupModel::deviceGroup(const QString &domain, const QString &node) const
{
    for (int i : m_devices)
        if (m_items.at(i).domain == domain && m_items.at(i).node == node)
            return createIndex(m_items.at(i).row, 0, quintptr(i));
    return QModelIndex();
}

QModelIndex DiagnosticsGroupModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return QModelIndex();
    if (parent.isValid() && parent.column() != 0)
        return QModelIndex();
    const Item *p = itemAt(parent);
    if (parent.isValid() && !p)
        return QModelIndex();
    const QVector<int> &children = p ? p->children : m_devices;
    if (row >= children.size())
        return QModelIndex();
    return createIndex(row, column, quintptr(children.at(row)));
}

QModelIndex DiagnosticsGroupModel::parent(const QModelIndex &child) const
{
    const Item *item = itemAt(child);
    if (!item || item->parent < 0)
        return QModelIndex();
    return createIndex(m_items.at(item->parent).row, 0, quintptr(item->parent));
}

int DiagnosticsGroupModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_devices.size());
    const Item *p = itemAt(parent);
    return p && parent.column() == 0 ? int(p->children.size()) : 0;
}

int DiagnosticsGroupModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString DiagnosticsGroupModel::label(const Item &item) const
{
    switch (item.level) {
    case DeviceLevel: {
        const QString name = item.node.section(QLatin1Char('/'), -1);
        const QString where = item.node.isEmpty() ? item.domain : name.isEmpty() ? item.node : name;
        if (where.isEmpty())
            return tr("project");
        return item.domain.isEmpty() || item.node.isEmpty() ? where : tr("%1 / %2").arg(item.domain, where);
    }
    case RuleLevel:
        return item.rule;
    case FindingLevel:
        break;
    }
    return m_flat->index(item.flatRow, DiagnosticsModel::MessageColumn).data().toString();
}

QVariant DiagnosticsGroupModel::data(const QModelIndex &index, int role) const
{
    const Item *item = itemAt(index);
    if (!item)
        return QVariant();
    const bool group = item->level != FindingLevel;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == CountColumn)
            return group ? QVariant(item->count) : QVariant();
        return group ? tr("%1 (%2)").arg(label(*item)).arg(item->count) : label(*item);
    case Qt::DecorationRole:
        return index.column() == NameColumn ? QVariant(statusIcon(colorOf(item->worst))) : QVariant();
    case Qt::ToolTipRole:
        if (!group)
            return m_flat->index(item->flatRow, DiagnosticsModel::MessageColumn).data(Qt::ToolTipRole);
        return item->node.isEmpty() ? label(*item) : item->node;
    case DomainNameRole:
        return item->domain;
    case NodePathRole:
        return item->node;
    case RuleRole:
        return item->rule;
    case SeverityRole:
        return item->worst;
    case GroupLevelRole:
        return int(item->level);
    case CountRole:
        return item->count;
    default:
        break;
    }
    return QVariant();
}

QVariant DiagnosticsGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    return section == NameColumn ? tr("Device / rule / finding") : section == CountColumn ? tr("Count") : QVariant();
}

} // namespace devassign
