// SPDX-License-Identifier: GPL-2.0-or-later
#include "domainspanel.h"

#include "contextmenukey.h"
#include "prompter.h"
#include "domainsettingsdialog.h"
#include "domainsmodel.h"
#include "icons.h"
#include "modelroles.h"
#include "projectdocument.h"

#include <QAction>
#include <QDropEvent>
#include <QToolTip>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSpinBox>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace devassign {

DomainsPanel::DomainsPanel(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_document(doc), m_model(new DomainsModel(doc, this)), m_view(new QTreeView(this))
{
    m_new = new QAction(icons::domain(false), tr("&New Domain"), this);
    m_new->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_new->setToolTip(tr("Create a new domain (Ctrl+Shift+N)"));
    m_rename = new QAction(tr("&Rename Domain"), this);
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete = new QAction(tr("&Delete"), this);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete->setToolTip(tr("Delete the domain, or unassign the selected device (Del)"));
    m_settings = new QAction(tr("Domain &Settings…"), this);
    m_settings->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Return));
    m_settings->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_new->setIconText(tr("New"));
    m_rename->setIconText(tr("Rename"));
    m_settings->setIconText(tr("Settings…"));
    addActions({ m_rename, m_delete, m_settings });

    connect(m_new, &QAction::triggered, this, [this] { createDomain(); });
    connect(m_rename, &QAction::triggered, this, [this] {
        const QModelIndex index = m_model->indexForDomain(currentDomain());
        if (index.isValid()) {
            m_view->setCurrentIndex(index);
            m_view->edit(index);
        }
    });
    connect(m_delete, &QAction::triggered, this, [this] {
        const QString device = currentDevice();
        if (!device.isEmpty()) {
            report(m_document->unassign({ device }).error(), tr("Unassigned %1").arg(device));
        } else if (!currentDomain().isEmpty()) {
            const QString name = currentDomain();
            report(m_document->removeDomain(name).error(), tr("Deleted domain %1 (Undo restores it)").arg(name));
        }
    });
    connect(m_settings, &QAction::triggered, this, [this] { editSettings(currentDomain()); });

    auto *toolbar = new QToolBar(this);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setObjectName(QStringLiteral("domainsToolBar"));
    toolbar->addAction(m_new);
    toolbar->addAction(m_rename);
    toolbar->addAction(m_delete);
    toolbar->addAction(m_settings);

    m_view->setObjectName(QStringLiteral("domainsView"));
    m_view->setModel(m_model);
    m_view->setHeaderHidden(false);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);
    m_view->setTextElideMode(Qt::ElideMiddle); // a long name keeps its unit address
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropOverwriteMode(true); // a drop goes onto a domain (or the empty part), never between rows
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(false);
    // The names (domains, devices' node names) get the room they need; the summary takes the rest.
    m_view->header()->setSectionResizeMode(DomainsModel::NameColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(DomainsModel::SummaryColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(DomainsModel::ErrorsColumn, QHeaderView::ResizeToContents);
    m_view->setToolTip(tr("Drag devices from the host tree onto a domain to assign them"));

    auto *hint = new QLabel(tr("Drop devices here. Double-click a domain for its settings."), this);
    hint->setStyleSheet(QStringLiteral("color: palette(mid); padding: 2px 4px;"));
    hint->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(m_view, 1);
    layout->addWidget(createQuickSettings());
    layout->addWidget(hint);

    connect(m_view, &QTreeView::customContextMenuRequested, this, &DomainsPanel::showContextMenu);
    addContextMenuKey(m_view);
    connect(m_view, &QTreeView::doubleClicked, this, &DomainsPanel::onDoubleClicked);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        updateActions();
        const QString domain = currentDomain();
        if (domain != m_lastDomain) {
            m_lastDomain = domain;
            emit currentDomainChanged(domain);
        }
        if (!currentDevice().isEmpty())
            emit deviceActivated(currentDevice());
        syncQuickSettings();
    });
    connect(m_model, &DomainsModel::dropRefused, this, &DomainsPanel::message);
    connect(m_model, &DomainsModel::editRefused, this, &DomainsPanel::message);
    connect(m_model, &DomainsModel::domainCreatedByDrop, this, [this](const QString &name) {
        selectDomain(name);
        emit message(tr("Created domain %1 with the dropped devices (Undo removes it)").arg(name));
    });
    m_view->viewport()->installEventFilter(this);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_view->expandAll(); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { m_view->expandAll(); });
    connect(m_document, &ProjectDocument::projectChanged, this, &DomainsPanel::updateActions);
    connect(m_document, &ProjectDocument::projectChanged, this, &DomainsPanel::syncQuickSettings);
    m_view->expandAll();
    updateActions();
    syncQuickSettings();
}

// While a drag is over the list: the row it would go to is highlighted, and a refusal is shown
// before the drop (the model's dry run, DomainsModel::dropProblem), as the empty part's new domain.
bool DomainsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view->viewport())
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::DragEnter:
        m_dropProblem.reset(); // a new drag: tell it, even "" (clearing an earlier refusal)
        showDropTarget(static_cast<QDropEvent *>(event));
        break;
    case QEvent::DragMove:
        showDropTarget(static_cast<QDropEvent *>(event));
        break;
    case QEvent::DragLeave:
    case QEvent::Drop:
        m_model->setDropTarget(QString());
        m_dropProblem.reset();
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void DomainsPanel::showDropTarget(const QDropEvent *event)
{
    const QModelIndex at = m_view->indexAt(event->position().toPoint());
    const QModelIndex domain = at.parent().isValid() ? at.parent() : at;
    const QString problem = m_model->dropProblem(event->mimeData(), -1, domain);
    m_model->setDropTarget(problem.isEmpty() ? domain.data(DomainNameRole).toString() : QString());
    const QString text = !problem.isEmpty() ? problem
        : domain.isValid()                 ? QString()
                                           : tr("Drop here for a new domain %1").arg(m_model->freeDomainName());
    if (text == m_dropProblem)
        return;
    m_dropProblem = text;
    emit message(text); // "" clears a refusal the drag has moved away from: no stale message
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(m_view->viewport()->mapToGlobal(event->position().toPoint()), text, m_view);
}

QWidget *DomainsPanel::createQuickSettings()
{
    auto *row = new QWidget(this);
    row->setObjectName(QStringLiteral("quickSettings"));
    m_memory = new QSpinBox(row);
    m_memory->setObjectName(QStringLiteral("quickMemory"));
    m_memory->setRange(16, 1024 * 1024); // as in DomainSettingsDialog
    m_memory->setSuffix(tr(" MiB"));
    m_memory->setSingleStep(64);
    m_memory->setToolTip(tr("Memory of the selected domain (Enter applies; Undo reverts)"));
    m_vcpus = new QSpinBox(row);
    m_vcpus->setObjectName(QStringLiteral("quickVcpus"));
    m_vcpus->setRange(1, 128);
    m_vcpus->setToolTip(tr("vCPUs of the selected domain (Enter applies; Undo reverts)"));
    for (QSpinBox *box : { m_memory, m_vcpus }) {
        box->setKeyboardTracking(false); // one edit when the value is committed, not one per digit
        connect(box, &QSpinBox::valueChanged, this, &DomainsPanel::applyQuickSettings);
    }
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(new QLabel(tr("Memory:"), row));
    layout->addWidget(m_memory, 1);
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("vCPUs:"), row));
    layout->addWidget(m_vcpus);
    return row;
}

// Shows the current domain's values (after selection changes, edits, undo and redo).
void DomainsPanel::syncQuickSettings()
{
    const DomainConfig *d = m_document->project().domain(currentDomain());
    m_syncing = true;
    m_memory->setEnabled(d);
    m_vcpus->setEnabled(d);
    if (d) {
        m_memory->setValue(int(d->memoryKiB / 1024));
        m_vcpus->setValue(d->vcpus);
    }
    m_syncing = false;
}

// Only the value the user changed is written: a memory size that is not a whole MiB stays exact
// when only the vCPUs change.
void DomainsPanel::applyQuickSettings()
{
    if (m_syncing)
        return;
    const QString name = currentDomain();
    const DomainConfig *d = m_document->project().domain(name);
    if (!d)
        return;
    DomainConfig settings = *d;
    if (m_memory->value() != int(d->memoryKiB / 1024))
        settings.memoryKiB = quint64(m_memory->value()) * 1024;
    settings.vcpus = m_vcpus->value();
    if (settings == *d)
        return;
    const QString refusal = m_document->updateDomain(name, settings).error();
    report(refusal, tr("Updated the settings of %1").arg(name));
    if (!refusal.isEmpty())
        syncQuickSettings(); // show the values the domain kept
}

DomainsPanel::~DomainsPanel() = default;

QString DomainsPanel::currentDomain() const
{
    return m_view->currentIndex().data(DomainNameRole).toString();
}

QString DomainsPanel::currentDevice() const
{
    return m_view->currentIndex().data(NodePathRole).toString();
}

void DomainsPanel::selectDomain(const QString &name)
{
    const QModelIndex index = m_model->indexForDomain(name);
    if (index.isValid()) {
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    }
}

void DomainsPanel::selectDevice(const QString &domain, const QString &nodePath)
{
    const QModelIndex index = m_model->indexForDevice(domain, nodePath);
    if (index.isValid()) {
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    }
}

QString DomainsPanel::createDomain()
{
    const QString name = m_model->freeDomainName();
    DomainConfig d;
    d.name = name;
    const QString refusal = m_document->addDomain(d).error();
    report(refusal, tr("Created domain %1: drag devices onto it").arg(name));
    if (!refusal.isEmpty())
        return QString();
    selectDomain(name);
    return name;
}

void DomainsPanel::editSettings(const QString &name)
{
    const DomainConfig *d = m_document->project().domain(name);
    if (!d)
        return;
    const std::optional<DomainConfig> edited = m_prompter ? m_prompter->editDomainSettings(*d, m_document->fileName())
                                                          : std::nullopt;
    if (!edited)
        return;
    const DomainConfig settings = *edited;
    if (settings == *d)
        return;
    report(m_document->updateDomain(name, settings).error(), tr("Updated the settings of %1").arg(name));
}

void DomainsPanel::report(const QString &refusal, const QString &done)
{
    emit message(refusal.isEmpty() ? done : refusal);
}

void DomainsPanel::updateActions()
{
    const bool hasDomain = !currentDomain().isEmpty();
    const bool hasHost = m_document->host() != nullptr;
    m_new->setEnabled(hasHost);
    m_rename->setEnabled(hasDomain && currentDevice().isEmpty());
    m_delete->setEnabled(hasDomain);
    m_delete->setText(currentDevice().isEmpty() ? tr("&Delete") : tr("&Unassign"));
    m_delete->setIconText(currentDevice().isEmpty() ? tr("Delete") : tr("Unassign"));
    m_settings->setEnabled(hasDomain);
}

void DomainsPanel::onDoubleClicked(const QModelIndex &index)
{
    const QString device = index.data(NodePathRole).toString();
    if (!device.isEmpty())
        emit deviceActivated(device);
    else if (!index.data(DomainNameRole).toString().isEmpty())
        editSettings(index.data(DomainNameRole).toString());
}

void DomainsPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    QMenu menu(this);
    if (index.isValid())
        m_view->setCurrentIndex(index);
    const QString device = currentDevice();
    if (!device.isEmpty()) {
        menu.addAction(tr("Show in Host Tree"), this, [this, device] { emit deviceActivated(device); });
        menu.addAction(tr("Unassign"), this, [this, device] {
            report(m_document->unassign({ device }).error(), tr("Unassigned %1").arg(device));
        });
        QMenu *moveTo = menu.addMenu(tr("Move to"));
        for (const DomainConfig &d : m_document->project().domains) {
            if (d.name == currentDomain())
                continue;
            moveTo->addAction(icons::domain(false), d.name, this, [this, device, name = d.name] {
                report(m_document->move({ device }, name).error(), tr("Moved %1 to %2").arg(device, name));
            });
        }
        moveTo->setEnabled(!moveTo->isEmpty());
    } else if (!currentDomain().isEmpty()) {
        menu.addAction(m_settings);
        menu.addAction(m_rename);
        menu.addAction(m_delete);
    }
    menu.addSeparator();
    menu.addAction(m_new);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace devassign
