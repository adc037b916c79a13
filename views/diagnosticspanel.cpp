// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosticspanel.h"
#include "diagnosticsmodel.h"
#include "modelroles.h"
#include "projectdocument.h"

#include "prompter.h"

#include <QMenu>

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace devassign {

DiagnosticsPanel::DiagnosticsPanel(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_document(doc), m_model(new DiagnosticsModel(doc, this)), m_sorted(new QSortFilterProxyModel(this)),
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
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QTableView::customContextMenuRequested, this, &DiagnosticsPanel::showContextMenu);

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

QString DiagnosticsPanel::acknowledge(const QModelIndex &index, const QString &note)
{
    const Diagnostic *d = m_model->diagnosticAt(m_sorted->mapToSource(index));
    if (!d)
        return tr("no diagnostic selected");
    Acknowledgement a;
    a.rule = d->rule;
    a.node = d->node;
    a.domain = d->domain;
    a.note = note;
    return m_document->acknowledge(a).error();
}

QString DiagnosticsPanel::acknowledgeAsking(const QModelIndex &index)
{
    const Diagnostic *d = m_model->diagnosticAt(m_sorted->mapToSource(index));
    if (!d || !m_prompter)
        return tr("no diagnostic selected");
    const std::optional<QString> note = m_prompter->askText(
        {tr("Acknowledge %1").arg(d->rule),
         tr("Why is %1 acceptable for %2? (stored in the project)")
             .arg(d->rule, d->node.isEmpty() ? (d->domain.isEmpty() ? tr("the project") : d->domain) : d->node),
         QString()});
    if (!note)
        return tr("cancelled");
    return acknowledge(index, *note);
}

void DiagnosticsPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    const Diagnostic *d = m_model->diagnosticAt(m_sorted->mapToSource(index));
    if (!d)
        return;
    QMenu menu(this);
    menu.addAction(tr("Go to Location"), this, [this, index] { activate(index); });
    QAction *ack = menu.addAction(tr("Acknowledge…"), this, [this, index] { acknowledgeAsking(index); });
    ack->setEnabled(!d->acknowledged);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace devassign
