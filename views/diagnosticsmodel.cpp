// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosticsmodel.h"

#include "modelicons.h"
#include "modelroles.h"
#include "projectdocument.h"

#include <QFont>

namespace devassign {

namespace {

bool sameDiagnostic(const Diagnostic &a, const Diagnostic &b)
{
    return a.rule == b.rule && a.severity == b.severity && a.message == b.message && a.fix == b.fix
           && a.domain == b.domain && a.node == b.node && a.related == b.related && a.acknowledged == b.acknowledged;
}

StatusColor severityColor(const Diagnostic &d)
{
    if (d.acknowledged)
        return StatusColor::Neutral;
    switch (d.severity) {
    case Severity::Error:
        return StatusColor::Bad;
    case Severity::Warning:
        return StatusColor::Warning;
    case Severity::Info:
        break;
    }
    return StatusColor::Info;
}

QString locationText(const Diagnostic &d)
{
    if (!d.domain.isEmpty() && !d.node.isEmpty())
        return d.domain + QStringLiteral(" / ") + d.node;
    if (!d.domain.isEmpty())
        return d.domain;
    if (!d.node.isEmpty())
        return d.node;
    return QObject::tr("project");
}

} // namespace

DiagnosticsModel::DiagnosticsModel(ProjectDocument *doc, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(doc)
{
    connect(doc, &ProjectDocument::analysisChanged, this, &DiagnosticsModel::syncFromAnalysis);
    m_diagnostics = doc->analysis().diagnostics;
}

DiagnosticsModel::~DiagnosticsModel() = default;

// The analysis is recomputed as a whole; most edits change few diagnostics, so only rows that
// differ are announced, and a different row count resets the table.
void DiagnosticsModel::syncFromAnalysis()
{
    const QVector<Diagnostic> &next = m_document->analysis().diagnostics;
    if (next.size() != m_diagnostics.size()) {
        beginResetModel();
        m_diagnostics = next;
        endResetModel();
        return;
    }
    for (int row = 0; row < next.size(); ++row) {
        if (sameDiagnostic(next.at(row), m_diagnostics.at(row)))
            continue;
        m_diagnostics[row] = next.at(row);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

const Diagnostic *DiagnosticsModel::diagnosticAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_diagnostics.size())
        return nullptr;
    return &m_diagnostics.at(index.row());
}

int DiagnosticsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_diagnostics.size();
}

int DiagnosticsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiagnosticsModel::data(const QModelIndex &index, int role) const
{
    const Diagnostic *d = diagnosticAt(index);
    if (!d)
        return QVariant();
    switch (role) {
    case DomainNameRole:
        return d->domain;
    case NodePathRole:
        return d->node;
    case SeverityRole:
        return int(d->severity);
    case RuleRole:
        return d->rule;
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return d->acknowledged ? tr("%1 (acknowledged)").arg(severityName(d->severity)) : severityName(d->severity);
        case RuleColumn:
            return d->rule;
        case MessageColumn:
            return d->message;
        case LocationColumn:
            return locationText(*d);
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return statusIcon(severityColor(*d));
        break;
    case Qt::ToolTipRole: {
        QString tip = d->message;
        if (!d->fix.isEmpty())
            tip += QStringLiteral(" Fix: ") + d->fix;
        if (!d->source.isEmpty())
            tip += QStringLiteral("\n") + tr("Source: %1").arg(d->source);
        if (!d->related.isEmpty())
            tip += QStringLiteral("\n") + tr("Related: %1").arg(d->related.join(QStringLiteral(", ")));
        return tip;
    }
    case Qt::FontRole:
        if (d->acknowledged) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    default:
        break;
    }
    return QVariant();
}

QVariant DiagnosticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case RuleColumn:
        return tr("Rule");
    case MessageColumn:
        return tr("Message");
    case LocationColumn:
        return tr("Location");
    }
    return QVariant();
}

} // namespace devassign
