// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosticspanel.h"
#include "contextmenukey.h"
#include "diagnosticsfilter.h"
#include "diagnosticsgroupmodel.h"
#include "diagnosticsmodel.h"
#include "modelroles.h"
#include "projectdocument.h"

#include "prompter.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <memory>
#include <set>

namespace devassign {

namespace {

constexpr BulkDecision kBulkDecisions[] = {
    BulkDecision::SuggestedPolicy, BulkDecision::DropPinctrl, BulkDecision::StubClocks};

QString groupKey(const QModelIndex &index)
{
    return index.data(DomainNameRole).toString() + QLatin1Char('\n') + index.data(NodePathRole).toString()
        + QLatin1Char('\n') + index.data(RuleRole).toString();
}

QString link(const QString &scheme, const QString &target, const QString &text)
{
    QUrl url;
    url.setScheme(scheme);
    url.setPath(target);
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(url.toString().toHtmlEscaped(), text.toHtmlEscaped());
}

QString locationLink(const QString &where)
{
    return where.startsWith(QLatin1Char('/')) ? link(QStringLiteral("node"), where, where)
                                              : link(QStringLiteral("domain"), where, where);
}

QString oneLine(const Diagnostic &d)
{
    QString where = d.domain;
    if (!d.node.isEmpty())
        where += (where.isEmpty() ? QString() : QStringLiteral(" ")) + d.node;
    QString line =
        QStringLiteral("%1[%2] %3: %4")
            .arg(severityName(d.severity), d.rule, where.isEmpty() ? QStringLiteral("project") : where, d.message);
    if (!d.fix.isEmpty())
        line += QStringLiteral("  fix: ") + d.fix;
    return d.acknowledged ? line + QStringLiteral(" (acknowledged)") : line;
}

} // namespace

DiagnosticsPanel::DiagnosticsPanel(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent)
    , m_document(doc)
    , m_model(new DiagnosticsModel(doc, this))
    , m_filter(new DiagnosticsFilterModel(this))
    , m_groups(nullptr)
    , m_view(new QTableView(this))
    , m_tree(new QTreeView(this))
    , m_stack(new QStackedWidget(this))
    , m_detail(new QTextBrowser(this))
    , m_copy(new QAction(tr("&Copy"), this))
{
    m_filter->setSourceModel(m_model);
    m_groups = new DiagnosticsGroupModel(m_filter, this);
    m_view->setObjectName(QStringLiteral("diagnosticsView"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
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
    m_view->horizontalHeader()->resizeSection(DiagnosticsModel::LocationColumn, 180);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(DiagnosticsModel::SeverityColumn, Qt::AscendingOrder);
    connect(m_view, &QTableView::doubleClicked, this, &DiagnosticsPanel::activate);
    connect(m_view, &QTableView::activated, this, &DiagnosticsPanel::activate);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QTableView::customContextMenuRequested, this, &DiagnosticsPanel::showContextMenu);
    addContextMenuKey(m_view);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &DiagnosticsPanel::updateDetail);

    m_tree->setObjectName(QStringLiteral("diagnosticsTree"));
    m_tree->setModel(m_groups);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(DiagnosticsGroupModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(DiagnosticsGroupModel::CountColumn, QHeaderView::ResizeToContents);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &DiagnosticsPanel::showTreeContextMenu);
    addContextMenuKey(m_tree);
    connect(m_tree, &QTreeView::activated, this, &DiagnosticsPanel::activate);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &DiagnosticsPanel::updateDetail);
    connect(m_groups, &QAbstractItemModel::modelAboutToBeReset, this, &DiagnosticsPanel::rememberExpanded);
    connect(m_groups, &QAbstractItemModel::modelReset, this, &DiagnosticsPanel::restoreExpanded);
    restoreExpanded();

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_tree);

    m_detail->setObjectName(QStringLiteral("diagnosticDetail"));
    m_detail->setOpenLinks(false);
    m_detail->setPlaceholderText(tr("Select a finding to see its cause, fix and source."));
    connect(m_detail, &QTextBrowser::anchorClicked, this, &DiagnosticsPanel::openDetailLink);

    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copy, &QAction::triggered, this, &DiagnosticsPanel::copySelection);
    m_view->addAction(m_copy);
    m_tree->addAction(m_copy);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_stack);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({3000, 1000}); // the detail pane a quarter of the width
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(createFilterBar());
    layout->addWidget(split, 1);

    connect(doc, &ProjectDocument::analysisChanged, this, &DiagnosticsPanel::updateFilterChoices);
    connect(doc, &ProjectDocument::analysisChanged, this, &DiagnosticsPanel::updateDetail);
    updateFilterChoices();
}

DiagnosticsPanel::~DiagnosticsPanel() = default;

QWidget *DiagnosticsPanel::createFilterBar()
{
    auto *bar = new QWidget(this);
    bar->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(2, 2, 2, 0);
    m_groupButton = new QToolButton(bar);
    m_groupButton->setText(tr("Group by Device"));
    m_groupButton->setCheckable(true);
    m_groupButton->setToolTip(tr("Group the findings per device and rule, with counts and bulk decisions"));
    connect(m_groupButton, &QToolButton::toggled, this, &DiagnosticsPanel::setGrouped);
    m_severityBox = new QComboBox(bar);
    m_severityBox->setObjectName(QStringLiteral("severityFilter"));
    m_severityBox->addItem(tr("All severities"), -1);
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Info})
        m_severityBox->addItem(severityName(s), int(s));
    connect(m_severityBox, &QComboBox::currentIndexChanged, this,
        [this] { m_filter->setSeverity(m_severityBox->currentData().toInt()); });
    m_domainBox = new QComboBox(bar);
    m_domainBox->setObjectName(QStringLiteral("domainFilter"));
    connect(m_domainBox, &QComboBox::currentIndexChanged, this,
        [this] { m_filter->setDomain(m_domainBox->currentData().toString()); });
    m_ruleBox = new QComboBox(bar);
    m_ruleBox->setObjectName(QStringLiteral("ruleFilter"));
    m_ruleBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_ruleBox, &QComboBox::currentIndexChanged, this,
        [this] { m_filter->setRule(m_ruleBox->currentData().toString()); });
    row->addWidget(m_groupButton);
    row->addWidget(new QLabel(tr("Show:"), bar));
    row->addWidget(m_severityBox);
    row->addWidget(m_domainBox);
    row->addWidget(m_ruleBox);
    row->addStretch(1);
    return bar;
}

// The domain and rule choices follow the project; the chosen one stays while it exists.
void DiagnosticsPanel::updateFilterChoices()
{
    auto refill = [](QComboBox *box, const QString &all, const QStringList &values) {
        const QString chosen = box->currentData().toString();
        const QSignalBlocker block(box);
        box->clear();
        box->addItem(all, QString());
        for (const QString &v : values)
            box->addItem(v, v);
        box->setCurrentIndex(qMax(0, box->findData(chosen)));
    };
    QStringList domains;
    for (const DomainConfig &d : m_document->project().domains)
        domains << d.name;
    std::set<QString> rules;
    for (const Diagnostic &d : m_document->analysis().diagnostics)
        rules.insert(d.rule);
    refill(m_domainBox, tr("All domains"), domains);
    refill(m_ruleBox, tr("All rules"), QStringList(rules.begin(), rules.end()));
    m_filter->setDomain(m_domainBox->currentData().toString());
    m_filter->setRule(m_ruleBox->currentData().toString());
}

void DiagnosticsPanel::setGrouped(bool grouped)
{
    if (m_groupButton->isChecked() != grouped)
        m_groupButton->setChecked(grouped); // toggled calls back here
    m_stack->setCurrentWidget(grouped ? static_cast<QWidget *>(m_tree) : m_view);
    updateDetail();
}

bool DiagnosticsPanel::isGrouped() const
{
    return m_stack->currentWidget() == m_tree;
}

// Device groups open, rule groups closed (a click opens the eighteen findings), unless the user
// chose otherwise before the last change.
void DiagnosticsPanel::rememberExpanded()
{
    m_expanded.clear();
    for (int r = 0; r < m_groups->rowCount(); ++r) {
        const QModelIndex device = m_groups->index(r, 0);
        if (!m_tree->isExpanded(device))
            m_expanded << QStringLiteral("-") + groupKey(device);
        for (int c = 0; c < m_groups->rowCount(device); ++c)
            if (m_tree->isExpanded(m_groups->index(c, 0, device)))
                m_expanded << groupKey(m_groups->index(c, 0, device));
    }
}

void DiagnosticsPanel::restoreExpanded()
{
    for (int r = 0; r < m_groups->rowCount(); ++r) {
        const QModelIndex device = m_groups->index(r, 0);
        m_tree->setExpanded(device, !m_expanded.contains(QStringLiteral("-") + groupKey(device)));
        for (int c = 0; c < m_groups->rowCount(device); ++c)
            if (m_expanded.contains(groupKey(m_groups->index(c, 0, device))))
                m_tree->setExpanded(m_groups->index(c, 0, device), true);
    }
}

const Diagnostic *DiagnosticsPanel::diagnosticAtFlat(const QModelIndex &flatIndex) const
{
    return m_model->diagnosticAt(m_filter->mapToSource(flatIndex));
}

QModelIndex DiagnosticsPanel::currentFlatIndex() const
{
    if (isGrouped())
        return m_groups->flatIndex(m_tree->currentIndex());
    return m_view->currentIndex();
}

const Diagnostic *DiagnosticsPanel::currentDiagnostic() const
{
    return diagnosticAtFlat(currentFlatIndex());
}

void DiagnosticsPanel::activate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    emit locationActivated(index.data(DomainNameRole).toString(), index.data(NodePathRole).toString());
}

QString DiagnosticsPanel::acknowledge(const QModelIndex &index, const QString &note)
{
    const Diagnostic *d = diagnosticAtFlat(index);
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
    const Diagnostic *d = diagnosticAtFlat(index);
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

QString DiagnosticsPanel::applyBulk(const QModelIndex &groupIndex, BulkDecision what)
{
    const QString domain = groupIndex.data(DomainNameRole).toString();
    const QString node = groupIndex.data(NodePathRole).toString();
    if (domain.isEmpty() || node.isEmpty())
        return tr("not a device of a domain");
    const QString refusal = m_document->applyBulkDecision(domain, {node}, what).error();
    if (!refusal.isEmpty())
        emit refused(refusal); // success: the undo stack's "Done: …" says it
    return refusal;
}

void DiagnosticsPanel::addBulkActions(QMenu *menu, const QModelIndex &groupIndex)
{
    const QString domain = groupIndex.data(DomainNameRole).toString();
    const QString node = groupIndex.data(NodePathRole).toString();
    if (domain.isEmpty() || node.isEmpty() || !m_document->host())
        return;
    menu->addSeparator();
    for (BulkDecision what : kBulkDecisions) {
        const bool any =
            !bulkDependencyDecisions(*m_document->host(), m_document->project(), domain, {node}, what).isEmpty();
        const QPersistentModelIndex at(groupIndex);
        menu->addAction(ProjectDocument::bulkDecisionText(what), this, [this, at, what] { applyBulk(at, what); })
            ->setEnabled(any);
    }
}

void DiagnosticsPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    const Diagnostic *d = diagnosticAtFlat(index);
    if (!d)
        return;
    QMenu menu(this);
    menu.addAction(tr("Go to Location"), this, [this, index] { activate(index); });
    QAction *ack = menu.addAction(tr("Acknowledge…"), this, [this, index] { acknowledgeAsking(index); });
    ack->setEnabled(!d->acknowledged);
    menu.addAction(m_copy);
    addBulkActions(&menu, index);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void DiagnosticsPanel::showTreeContextMenu(const QPoint &pos)
{
    std::unique_ptr<QMenu> menu(treeMenu(m_tree->indexAt(pos)));
    if (menu)
        menu->exec(m_tree->viewport()->mapToGlobal(pos));
}

QMenu *DiagnosticsPanel::treeMenu(const QModelIndex &index)
{
    if (!index.isValid() || index.model() != m_groups)
        return nullptr;
    auto *menu = new QMenu(this);
    const QPersistentModelIndex at(index);
    menu->addAction(tr("Go to Location"), this, [this, at] { activate(at); });
    const QModelIndex flat = m_groups->flatIndex(index);
    if (const Diagnostic *d = diagnosticAtFlat(flat)) {
        const QPersistentModelIndex finding(flat);
        menu->addAction(tr("Acknowledge…"), this, [this, finding] { acknowledgeAsking(finding); })
            ->setEnabled(!d->acknowledged);
    }
    menu->addAction(m_copy);
    addBulkActions(menu, index);
    return menu;
}

QString DiagnosticsPanel::selectedText() const
{
    QStringList lines;
    if (isGrouped()) {
        for (const QModelIndex &index : m_tree->selectionModel()->selectedRows())
            if (const Diagnostic *d = diagnosticAtFlat(m_groups->flatIndex(index)))
                lines << oneLine(*d);
    } else {
        QModelIndexList rows = m_view->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end());
        for (const QModelIndex &index : rows)
            if (const Diagnostic *d = diagnosticAtFlat(index))
                lines << oneLine(*d);
    }
    return lines.join(QLatin1Char('\n'));
}

void DiagnosticsPanel::copySelection()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void DiagnosticsPanel::updateDetail()
{
    const Diagnostic *d = currentDiagnostic();
    if (!d) {
        const QModelIndex group = isGrouped() ? m_tree->currentIndex() : QModelIndex();
        if (!group.isValid()) {
            m_detail->clear();
            return;
        }
        QString html = tr("<b>%1</b><br>%2 findings")
                           .arg(group.data().toString().toHtmlEscaped())
                           .arg(group.data(CountRole).toInt());
        if (!group.data(NodePathRole).toString().isEmpty())
            html += QStringLiteral("<br>") + locationLink(group.data(NodePathRole).toString());
        m_detail->setHtml(html);
        return;
    }
    QString html = QStringLiteral("<b>%1</b> %2<br>").arg(d->rule.toHtmlEscaped(), severityName(d->severity));
    if (d->acknowledged) {
        const Acknowledgement *a = m_document->project().acknowledgementFor(d->rule, d->node, d->domain);
        html += tr("<i>Acknowledged</i>%1<br>")
                    .arg(a && !a->note.isEmpty() ? QStringLiteral(": ") + a->note.toHtmlEscaped() : QString());
    } else {
        html += tr("Not acknowledged") + QStringLiteral("<br>");
    }
    html += tr("<p><b>Cause:</b> %1</p>").arg(d->message.toHtmlEscaped());
    if (!d->fix.isEmpty())
        html += tr("<p><b>Fix:</b> %1</p>").arg(d->fix.toHtmlEscaped());
    if (!d->source.isEmpty())
        html += tr("<p><b>Source:</b> %1</p>").arg(d->source.toHtmlEscaped());
    QStringList where;
    if (!d->domain.isEmpty())
        where << locationLink(d->domain);
    if (!d->node.isEmpty())
        where << locationLink(d->node);
    if (!where.isEmpty())
        html += tr("<p><b>Location:</b> %1</p>").arg(where.join(QStringLiteral(" / ")));
    QStringList related;
    for (const QString &r : d->related)
        related << locationLink(r);
    if (!related.isEmpty())
        html += tr("<p><b>Related:</b> %1</p>").arg(related.join(QStringLiteral(", ")));
    m_detail->setHtml(html);
}

void DiagnosticsPanel::openDetailLink(const QUrl &url)
{
    if (url.scheme() == QLatin1String("node"))
        emit locationActivated(m_document->project().ownerOf(url.path()), url.path());
    else if (url.scheme() == QLatin1String("domain"))
        emit locationActivated(url.path(), QString());
}

} // namespace devassign
