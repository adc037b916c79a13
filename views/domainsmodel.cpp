// SPDX-License-Identifier: GPL-2.0-or-later
#include "domainsmodel.h"

#include "commands.h"
#include "modelicons.h"
#include "modelroles.h"
#include "projectdocument.h"

#include "format.h"
#include "pictures.h"
#include "xenrelease.h"
#include "nodemime.h"

#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>


namespace devassign {

namespace {

// Top-level rows (domains) carry internal id 0; a device row carries its domain's row + 1.
constexpr quintptr kDomainId = 0;

QString targetText(const DomainConfig &d)
{
    if (d.dom0less && d.xl)
        return QStringLiteral("dom0less + xl");
    if (d.dom0less)
        return QStringLiteral("dom0less");
    if (d.xl)
        return QStringLiteral("xl");
    return QStringLiteral("no export");
}

QString summaryText(const DomainConfig &d)
{
    return QStringLiteral("%1, %2 vCPU%3, %4")
        .arg(format::memorySize(d.memoryKiB))
        .arg(d.vcpus)
        .arg(d.vcpus == 1 ? QString() : QStringLiteral("s"))
        .arg(targetText(d));
}

// The settings shown on a domain row (everything but the device list).
bool sameRowData(const DomainConfig &a, const DomainConfig &b)
{
    return a.name == b.name && summaryText(a) == summaryText(b);
}

// Length of the common prefix and suffix of two lists (not overlapping).
template<typename List, typename Same> std::pair<int, int> commonEnds(const List &a, const List &b, Same same)
{
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && same(a.at(prefix), b.at(prefix)))
        ++prefix;
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
           && same(a.at(a.size() - 1 - suffix), b.at(b.size() - 1 - suffix)))
        ++suffix;
    return { prefix, suffix };
}

} // namespace

DomainsModel::DomainsModel(ProjectDocument *doc, QObject *parent)
    : QAbstractItemModel(parent)
    , m_document(doc)
{
    connect(doc, &ProjectDocument::hostChanged, this, &DomainsModel::resetFromProject);
    connect(doc, &ProjectDocument::projectChanged, this, &DomainsModel::syncFromProject);
    connect(doc, &ProjectDocument::analysisChanged, this, &DomainsModel::syncErrorCounts);
    resetFromProject();
}

DomainsModel::~DomainsModel() = default;

void DomainsModel::resetFromProject()
{
    beginResetModel();
    m_domains = m_document->project().domains;
    m_errorCounts.clear();
    m_scmiTexts.clear();
    for (const DomainConfig &d : m_domains) {
        m_errorCounts.append(errorCount(d.name));
        m_scmiTexts.append(scmiText(d.name));
    }
    endResetModel();
}

// Turns the exposed domains into the project's with row inserts/removals and dataChanged, so views
// keep their selection and expansion across edits, undo and redo.
void DomainsModel::syncFromProject()
{
    const QVector<DomainConfig> &target = m_document->project().domains;
    if (target.size() == m_domains.size()) {
        // Same number of domains: edits, renames, assignments. Update row by row.
        for (int row = 0; row < target.size(); ++row)
            syncRow(row, target.at(row));
        return;
    }
    const auto sameName = [](const DomainConfig &a, const DomainConfig &b) { return a.name == b.name; };
    const auto [prefix, suffix] = commonEnds(m_domains, target, sameName);
    const int oldMiddle = m_domains.size() - prefix - suffix;
    const int newMiddle = target.size() - prefix - suffix;
    if (oldMiddle > 0) {
        beginRemoveRows(QModelIndex(), prefix, prefix + oldMiddle - 1);
        m_domains.remove(prefix, oldMiddle);
        m_errorCounts.remove(prefix, oldMiddle);
        m_scmiTexts.remove(prefix, oldMiddle);
        endRemoveRows();
    }
    if (newMiddle > 0) {
        beginInsertRows(QModelIndex(), prefix, prefix + newMiddle - 1);
        for (int i = 0; i < newMiddle; ++i) {
            m_domains.insert(prefix + i, target.at(prefix + i));
            m_errorCounts.insert(prefix + i, 0);
            m_scmiTexts.insert(prefix + i, QString());
        }
        endInsertRows();
    }
    for (int row = 0; row < target.size(); ++row)
        syncRow(row, target.at(row));
}

// Updates one domain row's settings (dataChanged when visible text changes), then its device rows.
void DomainsModel::syncRow(int row, const DomainConfig &target)
{
    const bool changed = !sameRowData(m_domains.at(row), target);
    const QStringList devices = m_domains.at(row).devices;
    m_domains[row] = target;
    m_domains[row].devices = devices;
    if (changed)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    syncDevices(row, target.devices);
}

void DomainsModel::syncDevices(int row, const QStringList &devices)
{
    QStringList &current = m_domains[row].devices;
    if (current == devices)
        return;
    const QModelIndex parent = index(row, 0);
    const auto [prefix, suffix]
        = commonEnds(current, devices, [](const QString &a, const QString &b) { return a == b; });
    const int oldMiddle = current.size() - prefix - suffix;
    const int newMiddle = devices.size() - prefix - suffix;
    if (oldMiddle > 0) {
        beginRemoveRows(parent, prefix, prefix + oldMiddle - 1);
        current.remove(prefix, oldMiddle);
        endRemoveRows();
    }
    if (newMiddle > 0) {
        beginInsertRows(parent, prefix, prefix + newMiddle - 1);
        for (int i = 0; i < newMiddle; ++i)
            current.insert(prefix + i, devices.at(prefix + i));
        endInsertRows();
    }
}

int DomainsModel::errorCount(const QString &domain) const
{
    int count = 0;
    for (const Diagnostic &d : m_document->analysis().diagnostics)
        if (d.domain == domain && d.severity == Severity::Error && !d.acknowledged)
            ++count;
    return count;
}

// The domain's SCMI resources per protocol (from the analysis) and the SCMI rules that name it:
// "SCMI clock 0 3, power domain 1 — 1 finding(s):\nscmi-resource-shared: …" (conflicts, transport, release).
QString DomainsModel::scmiText(const QString &domain) const
{
    const DomainPlan *plan = m_document->analysis().domain(domain);
    if (!plan || plan->scmi.isEmpty())
        return QString();
    QMap<quint32, QStringList> ids;
    for (const ScmiResource &r : plan->scmi)
        if (!ids[r.protocol].contains(QString::number(r.id)))
            ids[r.protocol].append(QString::number(r.id));
    QStringList parts;
    for (auto it = ids.cbegin(); it != ids.cend(); ++it)
        parts.append(QStringLiteral("%1 %2").arg(pictures::scmiProtocolName(it.key()), it.value().join(QLatin1Char(' '))));
    QStringList conflicts;
    for (const Diagnostic &d : m_document->analysis().diagnostics)
        if (d.rule.startsWith(QLatin1String("scmi-")) && (d.domain == domain || d.related.contains(domain)))
            conflicts.append(QStringLiteral("%1: %2").arg(d.rule, d.message));
    QString text = tr("SCMI %1").arg(parts.join(QStringLiteral(", ")));
    if (!conflicts.isEmpty())
        text += tr(" — %n finding(s):\n", nullptr, int(conflicts.size())) + conflicts.join(QLatin1Char('\n'));
    return text;
}

void DomainsModel::syncErrorCounts()
{
    for (int row = 0; row < m_domains.size(); ++row) {
        const QString scmi = scmiText(m_domains.at(row).name);
        if (scmi != m_scmiTexts.at(row)) {
            m_scmiTexts[row] = scmi;
            emit dataChanged(index(row, SummaryColumn), index(row, SummaryColumn));
        }
        const int count = errorCount(m_domains.at(row).name);
        if (count == m_errorCounts.at(row))
            continue;
        m_errorCounts[row] = count;
        emit dataChanged(index(row, ErrorsColumn), index(row, ErrorsColumn));
    }
}

QModelIndex DomainsModel::indexForDomain(const QString &name) const
{
    for (int row = 0; row < m_domains.size(); ++row)
        if (m_domains.at(row).name == name)
            return index(row, 0);
    return QModelIndex();
}

QModelIndex DomainsModel::indexForDevice(const QString &domain, const QString &nodePath) const
{
    const QModelIndex parent = indexForDomain(domain);
    if (!parent.isValid())
        return QModelIndex();
    const int row = m_domains.at(parent.row()).devices.indexOf(nodePath);
    return row < 0 ? QModelIndex() : index(row, 0, parent);
}

QString DomainsModel::domainAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return QString();
    const int row = index.internalId() == kDomainId ? index.row() : int(index.internalId() - 1);
    return m_domains.at(row).name;
}

QModelIndex DomainsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    if (!parent.isValid())
        return createIndex(row, column, kDomainId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex DomainsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kDomainId)
        return QModelIndex();
    return createIndex(int(child.internalId() - 1), 0, kDomainId);
}

int DomainsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_domains.size();
    if (parent.internalId() != kDomainId || parent.column() != 0)
        return 0;
    return m_domains.at(parent.row()).devices.size();
}

int DomainsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant DomainsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return QVariant();
    const bool isDomain = index.internalId() == kDomainId;
    const int domainRow = isDomain ? index.row() : int(index.internalId() - 1);
    const DomainConfig &d = m_domains.at(domainRow);
    if (role == DomainNameRole)
        return d.name;
    if (role == ErrorCountRole)
        return isDomain ? m_errorCounts.at(domainRow) : 0;
    if (role == Qt::BackgroundRole && !m_dropTarget.isEmpty() && d.name == m_dropTarget) {
        QColor highlight = QGuiApplication::palette().color(QPalette::Highlight);
        highlight.setAlpha(70);
        return highlight; // the row a drop would go to, while dragging (setDropTarget)
    }
    if (!isDomain)
        return deviceData(d.devices.at(index.row()), index.column(), role);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        if (index.column() == NameColumn)
            return d.name;
        if (index.column() == SummaryColumn) {
            // With SCMI the row says so, and how many SCMI findings (the tooltip lists them).
            const QString scmi = domainRow < m_scmiTexts.size() ? m_scmiTexts.at(domainRow) : QString();
            if (scmi.isEmpty() || role == Qt::EditRole)
                return summaryText(d);
            QString headline = scmi.section(QLatin1Char('\n'), 0, 0);
            if (headline.endsWith(QLatin1Char(':')))
                headline.chop(1);
            return summaryText(d) + QStringLiteral(" · ") + headline;
        }
        if (index.column() == ErrorsColumn && m_errorCounts.at(domainRow) > 0 && role == Qt::DisplayRole)
            return tr("%n error(s)", nullptr, m_errorCounts.at(domainRow));
        break;
    case Qt::DecorationRole:
        if (index.column() == ErrorsColumn && m_errorCounts.at(domainRow) > 0)
            return statusIcon(StatusColor::Bad);
        break;
    case Qt::ToolTipRole:
        if (index.column() == SummaryColumn && domainRow < m_scmiTexts.size() && !m_scmiTexts.at(domainRow).isEmpty())
            return m_scmiTexts.at(domainRow);
        if (index.column() == ErrorsColumn && m_errorCounts.at(domainRow) > 0)
            return tr("%n unacknowledged error(s) in domain %1 (see Diagnostics)", nullptr, m_errorCounts.at(domainRow))
                .arg(d.name);
        break;
    default:
        break;
    }
    return QVariant();
}

// A device row: its path, and what the host says about it (compatible, IOMMU state as in the host tree).
QVariant DomainsModel::deviceData(const QString &path, int column, int role) const
{
    if (role == NodePathRole)
        return path;
    const HostModelPtr host = m_document->host();
    const Node *node = host ? host->node(path) : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        // The node's name with its unit address ("mmc@7c4000"): under one bus every full path
        // starts the same and is cut before the part that tells them apart. The path is the tooltip.
        if (column == NameColumn)
            return node && !node->name.isEmpty() ? node->name : path;
        if (column == SummaryColumn)
            return node ? node->compatible.value(0) : tr("not in the host DTB");
        break;
    case Qt::ToolTipRole:
        if (!node)
            return tr("%1 is not in the host DTB").arg(path);
        return QStringLiteral("%1\n%2\n%3").arg(path, node->compatible.join(QStringLiteral(", ")),
                                                  node->iommu.reason(m_document->project().platform.xen));
    case Qt::DecorationRole:
        if (column == NameColumn) {
            if (!node)
                return statusIcon(StatusColor::Bad);
            if (xen::isProtectedByXen(*node, m_document->project().platform.xen))
                return statusIcon(StatusColor::Good);
            return statusIcon(node->dma.likely ? StatusColor::Bad : StatusColor::Neutral);
        }
        break;
    default:
        break;
    }
    return QVariant();
}

bool DomainsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.internalId() != kDomainId || index.column() != NameColumn)
        return false;
    const QString from = m_domains.at(index.row()).name;
    const QString to = value.toString().trimmed();
    if (to == from)
        return true;
    const QString reason = m_document->renameDomain(from, to).error();
    if (!reason.isEmpty()) {
        emit editRefused(reason);
        return false;
    }
    return true;
}

QVariant DomainsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case NameColumn:
        return tr("Domain");
    case SummaryColumn:
        return tr("Settings");
    case ErrorsColumn:
        return tr("Errors");
    }
    return QVariant();
}

Qt::ItemFlags DomainsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // the empty part of the list: a new domain

    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsDropEnabled;
    if (index.internalId() != kDomainId)
        f |= Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
    else if (index.column() == NameColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QStringList DomainsModel::mimeTypes() const
{
    return { nodesMimeType() };
}

QMimeData *DomainsModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList paths;
    for (const QModelIndex &index : indexes) {
        if (!index.isValid() || index.internalId() == kDomainId)
            continue;
        const QString path = m_domains.at(int(index.internalId() - 1)).devices.at(index.row());
        if (!paths.contains(path))
            paths.append(path);
    }
    return nodesMimeData(paths, DragSource::Domains);
}

QString DomainsModel::freeDomainName() const
{
    // Free ignoring case, as the project requires (one export folder per name).
    const Project &p = m_document->project();
    QString name;
    for (int n = 1; name.isEmpty() || domainNamedIgnoringCase(p, name); ++n)
        name = QStringLiteral("domU%1").arg(n);
    return name;
}

// The edit a drop makes, applied to `p`: onto a domain, assign (from the host tree) or move (from
// the domains view); onto the empty part of the list, the same into a new domain.
Status DomainsModel::applyDrop(Project &p, const QStringList &paths, DragSource source, const QString &domain) const
{
    if (domain.isEmpty()) {
        DomainConfig d;
        d.name = freeDomainName();
        if (const Status s = addDomain(p, d); !s)
            return s;
        return source == DragSource::Domains ? moveDevices(p, paths, d.name) : assignDevices(p, d.name, paths);
    }
    return source == DragSource::Domains ? moveDevices(p, paths, domain) : assignDevices(p, domain, paths);
}

QStringList DomainsModel::pathsToDrop(const QMimeData *data, const QString &domain) const
{
    QStringList paths;
    for (const QString &path : pathsFromMime(data))
        if (domain.isEmpty() || m_document->project().ownerOf(path) != domain)
            paths.append(path);
    return paths;
}

// A dry run of the drop's core edit on a copy of the project: the core's own refusal, before the drop.
QString DomainsModel::dropProblem(const QMimeData *data, int row, const QModelIndex &parent) const
{
    if (pathsFromMime(data).isEmpty() || !m_document->host())
        return tr("nothing to drop");
    if (!parent.isValid() && row >= 0)
        return tr("Drop onto a domain, or below the domains for a new one");
    const QString domain = domainAt(parent);
    const QStringList paths = pathsToDrop(data, domain);
    if (paths.isEmpty())
        return tr("Already in %1").arg(domain);
    Project copy = m_document->project();
    return applyDrop(copy, paths, dragSourceOf(data), domain).error();
}

void DomainsModel::setDropTarget(const QString &domain)
{
    if (domain == m_dropTarget)
        return;
    const QStringList changed = { m_dropTarget, domain };
    m_dropTarget = domain;
    for (const QString &name : changed) {
        const QModelIndex row = indexForDomain(name);
        if (row.isValid())
            emit dataChanged(row, index(row.row(), ColumnCount - 1), { Qt::BackgroundRole });
    }
}

bool DomainsModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int,
                                   const QModelIndex &parent) const
{
    if (action != Qt::MoveAction && action != Qt::CopyAction)
        return false;
    return dropProblem(data, row, parent).isEmpty();
}

// From the host tree: assign (the core refuses a node another domain owns, naming the owner).
// From the domains view: move between domains. On the empty part of the list: into a new domain.
// Either way one undo step.
bool DomainsModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int /*column*/,
                                const QModelIndex &parent)
{
    setDropTarget(QString());
    if (action != Qt::MoveAction && action != Qt::CopyAction)
        return false;
    if (const QString problem = dropProblem(data, row, parent); !problem.isEmpty()) {
        emit dropRefused(problem);
        return false;
    }
    const QString domain = domainAt(parent);
    const QStringList paths = pathsToDrop(data, domain);
    const DragSource source = dragSourceOf(data);
    const QString created = domain.isEmpty() ? freeDomainName() : QString();
    const QString undoText = created.isEmpty()
        ? (source == DragSource::Domains ? tr("Move %1 to %2") : tr("Assign %1 to %2")).arg(shortNodesText(paths), domain)
        : tr("New domain %1 with %2").arg(created, shortNodesText(paths));
    const QString reason = m_document->edit(undoText, [&](Project &p) { return applyDrop(p, paths, source, domain); }).error();
    if (!reason.isEmpty()) {
        emit dropRefused(reason);
        return false;
    }
    if (!created.isEmpty())
        emit domainCreatedByDrop(created);
    return true;
}

Qt::DropActions DomainsModel::supportedDragActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

Qt::DropActions DomainsModel::supportedDropActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

} // namespace devassign
