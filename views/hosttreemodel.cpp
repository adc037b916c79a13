// SPDX-License-Identifier: GPL-2.0-or-later
#include "hosttreemodel.h"
#include "format.h"
#include "xenrelease.h"

#include "modelicons.h"
#include "modelroles.h"
#include "projectdocument.h"

#include "nodemime.h"

#include <QMimeData>

namespace devassign {

using format::hex;

namespace {

// Short names of the SCMI protocols a device tree refers to (SCMI specification, DEN0056, §4).
QString scmiProtocolName(quint32 protocol)
{
    switch (protocol) {
    case 0x11:
        return QStringLiteral("pd");
    case 0x13:
        return QStringLiteral("perf");
    case 0x14:
        return QStringLiteral("clk");
    case 0x15:
        return QStringLiteral("sensor");
    case 0x16:
        return QStringLiteral("reset");
    case 0x17:
        return QStringLiteral("volt");
    default:
        return QStringLiteral("proto");
    }
}

IommuState iommuState(const Node &n, xen::Release r)
{
    if (xen::isProtectedByXen(n, r))
        return IommuProtected;
    return n.dma.likely ? IommuUnprotected : IommuNotDma;
}

QString addressText(const Node &n)
{
    for (const Region &r : n.regions)
        if (r.cpuAddressable)
            return hex(r.address);
    return QString();
}

QString irqText(const Node &n)
{
    QStringList ids;
    bool nonGic = false;
    for (const Interrupt &irq : n.interrupts) {
        if (irq.gic && irq.irq)
            ids.append(QString::number(*irq.irq));
        else
            nonGic = true;
    }
    if (nonGic)
        ids.append(QStringLiteral("non-GIC"));
    return ids.join(QStringLiteral(", "));
}

QString iommuText(const Node &n, xen::Release r)
{
    if (!n.isDevice())
        return QString();
    switch (iommuState(n, r)) {
    case IommuProtected:
        return QStringLiteral("protected");
    case IommuUnprotected:
        return xen::protectionOf(n, r) == xen::Protection::UndrivenIommu ? QStringLiteral("IOMMU Xen cannot drive")
                                                                      : QStringLiteral("unprotected DMA");
    case IommuNotDma:
        break;
    }
    return QStringLiteral("—");
}

QString iommuToolTip(const Node &n, xen::Release r)
{
    QStringList lines;
    if (const QString reason = n.iommu.reason(r); !reason.isEmpty())
        lines.append(reason);
    if (n.dma.likely && !xen::isProtectedByXen(n, r))
        lines.append(QObject::tr("Likely DMA-capable: %1").arg(n.dma.reasons().join(QStringLiteral("; "))));
    return lines.join(QLatin1Char('\n'));
}

QString scmiText(const Node &n)
{
    QStringList badges;
    for (const ScmiResource &r : n.scmi)
        badges.append(QStringLiteral("%1 %2:%3").arg(scmiProtocolName(r.protocol), hex(r.protocol)).arg(r.id));
    return badges.join(QStringLiteral(", "));
}

StatusColor iommuColor(IommuState state)
{
    switch (state) {
    case IommuProtected:
        return StatusColor::Good;
    case IommuUnprotected:
        return StatusColor::Bad;
    case IommuNotDma:
        break;
    }
    return StatusColor::Neutral;
}

} // namespace

HostTreeModel::HostTreeModel(ProjectDocument *doc, QObject *parent)
    : QAbstractItemModel(parent)
    , m_document(doc)
{
    connect(doc, &ProjectDocument::hostChanged, this, &HostTreeModel::resetFromHost);
    connect(doc, &ProjectDocument::projectChanged, this, &HostTreeModel::updateOwners);
    resetFromHost();
}

HostTreeModel::~HostTreeModel() = default;

void HostTreeModel::resetFromHost()
{
    beginResetModel();
    m_host = m_document->host();
    m_rowOf.clear();
    m_owners.clear();
    if (m_host) {
        const QVector<Node> &nodes = m_host->nodes();
        m_rowOf.fill(0, nodes.size());
        m_owners.resize(nodes.size());
        for (const Node &n : nodes) {
            for (int row = 0; row < n.children.size(); ++row)
                m_rowOf[n.children.at(row)] = row;
            m_owners[n.index] = ownerText(n);
        }
    }
    endResetModel();
}

QString HostTreeModel::ownerText(const Node &node) const
{
    return m_document->project().owners(node.path).join(QStringLiteral(", "));
}

// Only the Owner column depends on the project: tell views exactly which rows changed.
void HostTreeModel::updateOwners()
{
    if (!m_host)
        return;
    for (const Node &n : m_host->nodes()) {
        const QString owner = ownerText(n);
        if (owner == m_owners.at(n.index))
            continue;
        m_owners[n.index] = owner;
        const QModelIndex first = createIndex(m_rowOf.at(n.index), 0, quintptr(n.index));
        const QModelIndex last = createIndex(m_rowOf.at(n.index), OwnerColumn, quintptr(n.index));
        emit dataChanged(first, last, { Qt::DisplayRole, Qt::ToolTipRole, OwnerRole });
    }
}

const Node *HostTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!m_host || !index.isValid())
        return nullptr;
    return &m_host->nodes().at(int(index.internalId()));
}

QModelIndex HostTreeModel::indexForPath(const QString &path) const
{
    const Node *n = m_host ? m_host->node(path) : nullptr;
    return n ? createIndex(m_rowOf.at(n->index), 0, quintptr(n->index)) : QModelIndex();
}

QModelIndex HostTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0)); // the root node "/"
    const Node *p = nodeOf(parent);
    return createIndex(row, column, quintptr(p->children.at(row)));
}

QModelIndex HostTreeModel::parent(const QModelIndex &child) const
{
    const Node *n = nodeOf(child);
    if (!n || n->parent < 0)
        return QModelIndex();
    return createIndex(m_rowOf.at(n->parent), 0, quintptr(n->parent));
}

int HostTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!m_host)
        return 0;
    if (!parent.isValid())
        return 1;
    if (parent.column() != 0)
        return 0;
    return nodeOf(parent)->children.size();
}

int HostTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant HostTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *n = nodeOf(index);
    if (!n)
        return QVariant();
    switch (role) {
    case NodePathRole:
        return n->path;
    case IommuStateRole:
        return int(iommuState(*n, release()));
    case IsDeviceRole:
        return n->isDevice();
    case OwnerRole:
        return m_owners.at(n->index);
    case Qt::DisplayRole:
        switch (index.column()) {
        case NodeColumn:
            return n->parent < 0 ? QStringLiteral("/") : n->name;
        case CompatibleColumn:
            return n->compatible.join(QStringLiteral(", "));
        case AddressColumn:
            return addressText(*n);
        case IrqColumn:
            return irqText(*n);
        case IommuColumn:
            return iommuText(*n, release());
        case ScmiColumn:
            return scmiText(*n);
        case OwnerColumn:
            return m_owners.at(n->index);
        }
        break;
    case Qt::DecorationRole:
        if (n->isDevice() && (index.column() == NodeColumn || index.column() == IommuColumn))
            return statusIcon(iommuColor(iommuState(*n, release())));
        break;
    case Qt::ToolTipRole:
        if (index.column() == NodeColumn || index.column() == IommuColumn)
            return n->isDevice() ? iommuToolTip(*n, release()) : QString();
        if (index.column() == OwnerColumn && !m_owners.at(n->index).isEmpty())
            return tr("Assigned to %1").arg(m_owners.at(n->index));
        break;
    default:
        break;
    }
    return QVariant();
}

QVariant HostTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case NodeColumn:
        return tr("Node");
    case CompatibleColumn:
        return tr("Compatible");
    case AddressColumn:
        return tr("Address");
    case IrqColumn:
        return tr("IRQs");
    case IommuColumn:
        return tr("IOMMU");
    case ScmiColumn:
        return tr("SCMI");
    case OwnerColumn:
        return tr("Owner");
    }
    return QVariant();
}

Qt::ItemFlags HostTreeModel::flags(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    if (!n)
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsDropEnabled;
    if (n->isDevice())
        f |= Qt::ItemIsDragEnabled;
    return f;
}

QStringList HostTreeModel::mimeTypes() const
{
    return { nodesMimeType() };
}

QMimeData *HostTreeModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList paths;
    for (const QModelIndex &index : indexes) {
        const Node *n = nodeOf(index);
        if (n && n->isDevice() && !paths.contains(n->path))
            paths.append(n->path);
    }
    return nodesMimeData(paths, DragSource::Host);
}

bool HostTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int, const QModelIndex &) const
{
    if (action != Qt::MoveAction && action != Qt::CopyAction)
        return false;
    const QStringList paths = pathsFromMime(data);
    return std::any_of(paths.begin(), paths.end(),
                       [this](const QString &p) { return !m_document->project().ownerOf(p).isEmpty(); });
}

// Dropping nodes onto the host tree gives them back to the host: unassign the ones a domain owns.
bool HostTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                 const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    QStringList owned;
    for (const QString &path : pathsFromMime(data))
        if (!m_document->project().ownerOf(path).isEmpty())
            owned.append(path);
    const QString reason = m_document->unassign(owned).error();
    if (!reason.isEmpty()) {
        emit dropRefused(reason);
        return false;
    }
    return true;
}

Qt::DropActions HostTreeModel::supportedDragActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

Qt::DropActions HostTreeModel::supportedDropActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

xen::Release HostTreeModel::release() const
{
    return m_document->project().platform.xen;
}

} // namespace devassign
