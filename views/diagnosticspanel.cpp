// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosticspanel.h"
#include "diagnosticsmodel.h"
#include "modelroles.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace devassign {

DiagnosticsPanel::DiagnosticsPanel(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_model(new DiagnosticsModel(doc, this)), m_sorted(new QSortFilterProxyModel(this)),
      m_view(new QTableView(this))
{
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(SeverityRole);
    m_view->setObjectName(QStringLiteral("diagnosticsView"));
    m_view->setModel(m_sorted);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(DiagnosticsModel::SeverityColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(DiagnosticsModel::RuleColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(DiagnosticsModel::MessageColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(DiagnosticsModel::LocationColumn, QHeaderView::Interactive);
    m_view->horizontalHeader()->resizeSection(DiagnosticsModel::LocationColumn, 260);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(DiagnosticsModel::SeverityColumn, Qt::AscendingOrder);
    connect(m_view, &QTableView::doubleClicked, this, &DiagnosticsPanel::activate);
    connect(m_view, &QTableView::activated, this, &DiagnosticsPanel::activate);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

DiagnosticsPanel::~DiagnosticsPanel() = default;

void DiagnosticsPanel::activate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    emit locationActivated(index.data(DomainNameRole).toString(), index.data(NodePathRole).toString());
}

} // namespace devassign
