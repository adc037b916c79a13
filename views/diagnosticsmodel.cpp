// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosticsmodel.h"

#include "modelroles.h"
#include "projectdocument.h"

namespace devassign {

DiagnosticsModel::DiagnosticsModel(ProjectDocument *doc, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(doc)
{
}

DiagnosticsModel::~DiagnosticsModel() = default;

const Diagnostic *DiagnosticsModel::diagnosticAt(const QModelIndex &index) const
{
    return index.isValid() && index.row() < m_diagnostics.size() ? &m_diagnostics.at(index.row()) : nullptr;
}

int DiagnosticsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_diagnostics.size();
}

int DiagnosticsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiagnosticsModel::data(const QModelIndex &, int) const
{
    return {};
}

QVariant DiagnosticsModel::headerData(int, Qt::Orientation, int) const
{
    return {};
}

void DiagnosticsModel::syncFromAnalysis() { }

} // namespace devassign
