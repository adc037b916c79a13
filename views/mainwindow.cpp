// SPDX-License-Identifier: GPL-2.0-or-later
#include "mainwindow.h"
#include "contextmenukey.h"
#include "helpdocs.h"
#include "modelicons.h"

#include "atomicfile.h"
#include "auditreport.h"
#include "diagnosticspanel.h"
#include "domainsmodel.h"
#include "domainspanel.h"
#include "dtsource.h"
#include "exportjob.h"
#include "exportpreview.h"
#include "hostfiltermodel.h"
#include "hosttreemodel.h"
#include "icons.h"
#include "importers.h"
#include "inputfile.h"
#include "inputlimits.h"
#include "inspectorwidget.h"
#include "modelroles.h"
#include "projectdocument.h"
#include "sha256.h"
#include "xenrelease.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QCursor>
#include <QDir>
#include <QUrl>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolTip>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include <memory>

namespace devassign {

namespace {

constexpr int kMaxRecentFiles = 8;
constexpr int kAutosaveIntervalMs = 60 * 1000;
// Editors and copies write a file in several steps; one prompt for the whole burst.
constexpr int kHostChangeDelayMs = 300;
const QString kProjectSuffix = QStringLiteral(".devassign.json");

bool isProjectFile(const QString &path)
{
    return path.endsWith(kProjectSuffix, Qt::CaseInsensitive);
}

} // namespace

MainWindow::MainWindow(bool useSettings, QWidget *parent)
    : QMainWindow(parent), m_document(new ProjectDocument(this)), m_hostModel(new HostTreeModel(m_document, this)),
      m_filter(new HostFilterModel(this)), m_useSettings(useSettings)
{
    setObjectName(QStringLiteral("MainWindow"));
    m_prompter.setRemembersFolders(useSettings);
    setWindowIcon(icons::application());
    m_filter->setSourceModel(m_hostModel);

    m_domains = new DomainsPanel(m_document, this);
    m_domains->setPrompter(&m_prompter);
    m_inspector = new InspectorWidget(m_document, this);
    auto *central = new QSplitter(Qt::Horizontal, this);
    central->setObjectName(QStringLiteral("centralSplitter"));
    central->addWidget(createHostPanel());
    central->addWidget(m_domains);
    central->addWidget(m_inspector);
    central->setStretchFactor(0, 5);
    central->setStretchFactor(1, 3);
    central->setStretchFactor(2, 4);
    central->setSizes({ 560, 380, 460 });
    central->setChildrenCollapsible(false);
    setCentralWidget(central);

    createActions();
    createDocks();
    createMenus();

    m_release = new QLabel(this);
    m_release->setObjectName(QStringLiteral("xenRelease"));
    m_release->setStyleSheet(QStringLiteral("padding: 0 6px;"));
    m_release->setToolTip(tr("The Xen release the rules check against and the exports are written for "
                             "(Project ▸ Target Platform…)"));
    statusBar()->addPermanentWidget(m_release);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("diagnosticCounts"));
    statusBar()->addPermanentWidget(m_counts);

    m_autosaveTimer = new QTimer(this);
    m_autosaveTimer->setInterval(kAutosaveIntervalMs);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    m_autosaveTimer->start();
    m_hostChangeTimer = new QTimer(this);
    m_hostChangeTimer->setSingleShot(true);
    m_hostChangeTimer->setInterval(kHostChangeDelayMs);
    connect(m_hostChangeTimer, &QTimer::timeout, this, &MainWindow::promptHostReload);

    connectDocument();
    resize(1400, 900);
    if (m_useSettings)
        readSettings();
    updateTitle();
    updateCounts();
    updateRelease();
    updateActions();
    statusBar()->showMessage(tr("Open a project or start from a host DTB (File ▸ New from DTB…)"));
}

MainWindow::~MainWindow()
{
    // The document is a child, destroyed after this class's part is gone: the undo stack it
    // clears then must not reach the status-bar lambda of connectDocument (UBSan in CI).
    m_document->undoStack()->disconnect(this);
    m_document->disconnect(this);
}

QWidget *MainWindow::createHostPanel()
{
    auto *panel = new QWidget(this);
    m_filterEdit = new QLineEdit(panel);
    m_filterEdit->setObjectName(QStringLiteral("hostFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter by name, compatible, address or IRQ (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_assignableOnly = new QCheckBox(tr("Assignable devices only"), panel);
    m_assignableOnly->setObjectName(QStringLiteral("assignableOnly"));
    m_assignableOnly->setToolTip(tr("Show only devices with MMIO regions or GIC SPIs (and their parents)"));

    m_hostView = new QTreeView(panel);
    m_hostView->setObjectName(QStringLiteral("hostView"));
    m_hostView->setModel(m_filter);
    m_hostView->setAlternatingRowColors(true);
    m_hostView->setUniformRowHeights(true);
    m_hostView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_hostView->setDragEnabled(true);
    m_hostView->setAcceptDrops(true); // dropping a domain's device here unassigns it
    m_hostView->setDropIndicatorShown(true);
    m_hostView->setDragDropMode(QAbstractItemView::DragDrop);
    m_hostView->setDefaultDropAction(Qt::CopyAction);
    m_hostView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_hostView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = m_hostView->header();
    header->setStretchLastSection(true);
    const int widths[] = { 230, 170, 110, 70, 120, 110, 80 };
    for (int c = 0; c < HostTreeModel::ColumnCount; ++c)
        header->resizeSection(c, widths[c]);
    // Who owns a device and whether Xen protects it are what the tree is for: next to the name.
    header->moveSection(header->visualIndex(HostTreeModel::OwnerColumn), 1);
    header->moveSection(header->visualIndex(HostTreeModel::IommuColumn), 2);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint &pos) {
        std::unique_ptr<QMenu> menu(hostColumnsMenu());
        menu->exec(header->mapToGlobal(pos));
    });

    auto *top = new QHBoxLayout;
    top->setContentsMargins(4, 4, 4, 2);
    top->addWidget(m_filterEdit, 1);
    top->addWidget(m_assignableOnly);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_hostView, 1);

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterText(text);
        if (!text.isEmpty())
            m_hostView->expandAll();
    });
    connect(m_assignableOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_filter->setAssignableOnly(on);
        m_hostView->expandToDepth(1);
    });
    connect(m_hostView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                const QString path = current.data(NodePathRole).toString();
                m_inspector->setNodePath(path);
                for (PictureView *view : m_pictures)
                    view->setCurrentNode(path);
            });
    connect(m_hostView, &QTreeView::customContextMenuRequested, this, &MainWindow::showHostContextMenu);
    addContextMenuKey(m_hostView);
    connect(m_hostModel, &QAbstractItemModel::modelReset, this, [this] {
        m_hostView->expandToDepth(1);
        fitHostColumns();
    });
    return panel;
}

// Each shown column as wide as what it shows now (once per load: a resize mode that follows every
// change would measure the whole tree after every edit).
void MainWindow::fitHostColumns()
{
    for (int c = 0; c < HostTreeModel::ColumnCount; ++c)
        if (!m_hostView->header()->isSectionHidden(c))
            m_hostView->resizeColumnToContents(c);
}

QMenu *MainWindow::hostColumnsMenu()
{
    auto *menu = new QMenu(this);
    for (int c = HostTreeModel::NodeColumn + 1; c < HostTreeModel::ColumnCount; ++c) {
        QAction *a = menu->addAction(m_hostModel->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!m_hostView->header()->isSectionHidden(c));
        connect(a, &QAction::toggled, this, [this, c](bool on) { setHostColumnShown(c, on); });
    }
    return menu;
}

void MainWindow::setHostColumnShown(int column, bool shown)
{
    if (column <= HostTreeModel::NodeColumn || column >= HostTreeModel::ColumnCount)
        return; // the node's name is always shown
    m_hostView->header()->setSectionHidden(column, !shown);
    if (shown)
        m_hostView->resizeColumnToContents(column);
    if (m_useSettings)
        QSettings().setValue(QStringLiteral("hostTree/hiddenColumns"), hiddenHostColumns());
}

QStringList MainWindow::hiddenHostColumns() const
{
    QStringList hidden;
    for (int c = HostTreeModel::NodeColumn + 1; c < HostTreeModel::ColumnCount; ++c)
        if (m_hostView->header()->isSectionHidden(c))
            hidden.append(m_hostModel->headerData(c, Qt::Horizontal).toString());
    return hidden;
}

void MainWindow::createActions()
{
    QStyle *s = style();
    m_newFromDtb = new QAction(s->standardIcon(QStyle::SP_FileIcon), tr("&New from DTB…"), this);
    m_newFromDtb->setShortcut(QKeySequence::New);
    m_newFromDtb->setStatusTip(tr("Start an untitled project on a host DTB or DTS"));
    connect(m_newFromDtb, &QAction::triggered, this, &MainWindow::newFromDtb);
    m_open = new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this);
    m_open->setShortcut(QKeySequence::Open);
    connect(m_open, &QAction::triggered, this, &MainWindow::open);
    m_importXl = new QAction(tr("&xl Config…"), this);
    m_importXl->setObjectName(QStringLiteral("importXl"));
    m_importXl->setStatusTip(tr("Start a project from an existing xl domain config and its host DTB"));
    connect(m_importXl, &QAction::triggered, this, &MainWindow::importXlConfig);
    m_importDom0less = new QAction(tr("&dom0less Host DTB…"), this);
    m_importDom0less->setObjectName(QStringLiteral("importDom0less"));
    m_importDom0less->setStatusTip(
        tr("Start a project from a dom0less host DTB: its /chosen domains, their modules and partial DTBs"));
    connect(m_importDom0less, &QAction::triggered, this, &MainWindow::importDom0lessDtb);
    m_save = new QAction(s->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), this);
    m_save->setShortcut(QKeySequence::Save);
    connect(m_save, &QAction::triggered, this, &MainWindow::save);
    m_saveAs = new QAction(tr("Save &As…"), this);
    m_saveAs->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAs, &QAction::triggered, this, &MainWindow::saveAs);
    m_reload = new QAction(s->standardIcon(QStyle::SP_BrowserReload), tr("&Reload Host DTB"), this);
    m_reload->setShortcut(QKeySequence::Refresh);
    connect(m_reload, &QAction::triggered, this, &MainWindow::reloadHost);
    m_export = new QAction(s->standardIcon(QStyle::SP_DriveFDIcon), tr("&Export…"), this);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setStatusTip(tr("Write dom.cfg, partial DTBs, the dom0less host DTB and the ImageBuilder config"));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportAll);
    m_platform = new QAction(tr("Target &Platform…"), this);
    m_platform->setObjectName(QStringLiteral("targetPlatform"));
    m_platform->setStatusTip(tr("The Xen release the rules and exports follow, and the host RAM"));
    connect(m_platform, &QAction::triggered, this, &MainWindow::editPlatform);
    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    // Undo and Redo keep their short text: a command's text can hold a full node path, and the
    // toolbar would reflow on every edit (QUndoStack::createUndoAction puts it into the text).
    // What they would undo is in the tooltip and the status tip.
    QUndoStack *stack = m_document->undoStack();
    m_undo = new QAction(s->standardIcon(QStyle::SP_ArrowBack), tr("&Undo"), this);
    m_undo->setObjectName(QStringLiteral("undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    connect(m_undo, &QAction::triggered, stack, &QUndoStack::undo);
    connect(stack, &QUndoStack::canUndoChanged, m_undo, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, this, [this](const QString &text) {
        m_undo->setToolTip(text.isEmpty() ? tr("Undo") : tr("Undo %1").arg(text));
        m_undo->setStatusTip(m_undo->toolTip());
    });
    m_undo->setEnabled(stack->canUndo());
    m_redo = new QAction(s->standardIcon(QStyle::SP_ArrowForward), tr("&Redo"), this);
    m_redo->setObjectName(QStringLiteral("redo"));
    m_redo->setShortcut(QKeySequence::Redo);
    connect(m_redo, &QAction::triggered, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canRedoChanged, m_redo, &QAction::setEnabled);
    connect(stack, &QUndoStack::redoTextChanged, this, [this](const QString &text) {
        m_redo->setToolTip(text.isEmpty() ? tr("Redo") : tr("Redo %1").arg(text));
        m_redo->setStatusTip(m_redo->toolTip());
    });
    m_redo->setEnabled(stack->canRedo());
    m_find = new QAction(tr("&Find Node"), this);
    m_find->setShortcut(QKeySequence::Find);
    m_exportSvg = new QAction(tr("Export Picture as &SVG…"), this);
    m_exportSvg->setObjectName(QStringLiteral("exportPictureSvg"));
    m_exportSvg->setStatusTip(tr("Write the shown safety picture (Audit, Memory map or IRQ map) as an SVG file"));
    connect(m_exportSvg, &QAction::triggered, this, &MainWindow::exportShownPictureSvg);
    connect(m_find, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newFromDtb);
    file->addAction(m_open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QMenu *import = file->addMenu(tr("&Import"));
    import->addAction(m_importXl);
    import->addAction(m_importDom0less);
    file->addSeparator();
    file->addAction(m_save);
    file->addAction(m_saveAs);
    file->addSeparator();
    file->addAction(m_reload);
    file->addAction(m_export);
    QAction *report = file->addAction(tr("Export Audit &Report…"), this, &MainWindow::exportAuditReport);
    report->setObjectName(QStringLiteral("exportAuditReport"));
    report->setStatusTip(tr("Write the audit report: one HTML page with the pictures, every diagnostic and why each device is safe"));
    file->addSeparator();
    file->addAction(m_quit);
    updateRecentMenu();

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    edit->addSeparator();
    edit->addAction(m_find);

    QMenu *project = menuBar()->addMenu(tr("&Project"));
    project->addAction(m_platform);

    QMenu *domain = menuBar()->addMenu(tr("&Domain"));
    domain->addAction(m_domains->newAction());
    domain->addAction(m_domains->renameAction());
    domain->addAction(m_domains->deleteAction());
    domain->addSeparator();
    domain->addAction(m_domains->settingsAction());

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    for (PictureKind kind : {PictureKind::Audit, PictureKind::Memory, PictureKind::Irq})
        m_viewMenu->addAction(pictureTitle(kind), this, [this, kind] { showPicture(kind); });
    m_viewMenu->addAction(m_exportSvg);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *guide = help->addAction(tr("&User Guide"), this, [this] { openDocumentation(QStringLiteral("user-guide.md")); });
    guide->setObjectName(QStringLiteral("userGuide"));
    guide->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&Rules"), this, [this] { openDocumentation(QStringLiteral("rules.md")); })
        ->setObjectName(QStringLiteral("rulesHelp"));
    QAction *legend = help->addAction(tr("&Legend"), this, [this] {
        ask({ QMessageBox::Information, tr("Legend"), statusDotsLegendHtml() + pictureLegendHtml(), QMessageBox::Ok,
              QMessageBox::Ok });
    });
    legend->setObjectName(QStringLiteral("legend"));
    help->addSeparator();
    help->addAction(tr("&About devassign studio"), this, [this] {
        QMessageBox::about(this, tr("About devassign studio"),
                           tr("<b>devassign studio %1</b><p>Device assignment for Xen on Arm: browse the host "
                              "device tree, assign devices to domains, check every assignment and export xl and "
                              "dom0less configurations.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setIconSize(QSize(18, 18));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_open);
    bar->addAction(m_save);
    bar->addSeparator();
    bar->addAction(m_undo);
    bar->addAction(m_redo);
    bar->addSeparator();
    bar->addAction(m_domains->newAction());
    bar->addAction(m_export);
}

void MainWindow::createDocks()
{
    m_diagnostics = new DiagnosticsPanel(m_document, this);
    m_diagnostics->setPrompter(&m_prompter);
    auto *diagnosticsDock = new QDockWidget(tr("Diagnostics"), this);
    diagnosticsDock->setObjectName(QStringLiteral("diagnosticsDock"));
    diagnosticsDock->setWidget(m_diagnostics);
    addDockWidget(Qt::BottomDockWidgetArea, diagnosticsDock);

    m_preview = new ExportPreview(m_document, this);
    auto *previewDock = new QDockWidget(tr("Export Preview"), this);
    previewDock->setObjectName(QStringLiteral("exportPreviewDock"));
    previewDock->setWidget(m_preview);
    addDockWidget(Qt::BottomDockWidgetArea, previewDock);
    splitDockWidget(diagnosticsDock, previewDock, Qt::Horizontal);

    m_pictureTabs = new QTabWidget(this);
    m_pictureTabs->setObjectName(QStringLiteral("pictureTabs"));
    for (PictureKind kind : {PictureKind::Audit, PictureKind::Memory, PictureKind::Irq}) {
        auto *view = new PictureView(m_document, kind, m_pictureTabs);
        m_pictures.append(view);
        m_pictureTabs->addTab(view, pictureTitle(kind));
        connect(view, &PictureView::nodeActivated, this, &MainWindow::selectNode);
    }
    auto *picturesDock = new QDockWidget(tr("Safety Picture"), this);
    picturesDock->setObjectName(QStringLiteral("safetyPictureDock"));
    picturesDock->setWidget(m_pictureTabs);
    addDockWidget(Qt::BottomDockWidgetArea, picturesDock);
    tabifyDockWidget(previewDock, picturesDock);
    previewDock->raise();
    resizeDocks({ diagnosticsDock, previewDock }, { 760, 640 }, Qt::Horizontal);
    resizeDocks({ diagnosticsDock }, { 300 }, Qt::Vertical);
}

void MainWindow::connectDocument()
{
    connect(m_document, &ProjectDocument::analysisChanged, this, [this] {
        updateCounts();
        updateRelease();
        updateActions();
    });
    // Every edit, undo and redo says what it did, so an earlier refusal does not stay shown.
    QUndoStack *stack = m_document->undoStack();
    connect(stack, &QUndoStack::indexChanged, this, [this, stack](int index) {
        const bool forward = index > m_undoIndex;
        const QString text = stack->text(forward ? index - 1 : index);
        m_undoIndex = index;
        if (!text.isEmpty())
            statusBar()->showMessage(forward ? tr("Done: %1").arg(text) : tr("Undone: %1").arg(text), 8000);
    });
    connect(m_document, &ProjectDocument::fileNameChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ProjectDocument::hostChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ProjectDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ProjectDocument::hostFileChangedOnDisk, this, &MainWindow::onHostFileChanged);
    connect(m_hostModel, &HostTreeModel::dropRefused, this, &MainWindow::showRefusal);
    connect(m_domains->model(), &DomainsModel::dropRefused, this, &MainWindow::showRefusal);
    connect(m_domains, &DomainsPanel::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, 10000);
    });
    connect(m_domains, &DomainsPanel::deviceActivated, this, &MainWindow::selectNode);
    connect(m_domains, &DomainsPanel::currentDomainChanged, m_preview, &ExportPreview::setDomain);
    connect(m_inspector, &InspectorWidget::nodeActivated, this, &MainWindow::selectNode);
    connect(m_diagnostics, &DiagnosticsPanel::locationActivated, this, &MainWindow::onDiagnosticActivated);
    connect(m_diagnostics, &DiagnosticsPanel::refused, this, &MainWindow::showRefusal);
    connect(m_inspector, &InspectorWidget::refused, this, &MainWindow::showRefusal);
}

// An autosave newer than the project file means the studio did not close cleanly: offer it.
bool MainWindow::openProject(const QString &file, bool interactive, QString *error)
{
    const QString recovery = ProjectDocument::recoveryFileFor(file);
    const bool offer = interactive && !recovery.isEmpty();
    const bool recover = offer
        && ask({ QMessageBox::Question, tr("Recover Autosave"),
                 tr("An autosaved version of %1 is newer than the file (devassign studio did not close "
                    "cleanly). Recover it? No opens the saved file and deletes the autosave.")
                     .arg(QFileInfo(file).fileName()),
                 QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes })
            == QMessageBox::Yes;
    if (recover)
        return m_document->openRecovery(recovery, file, error);
    const bool ok = m_document->open(file, error);
    if (ok && offer) // declined: never offer the same autosave again
        QFile::remove(recovery);
    return ok;
}

// An untitled project autosaves into one file per user; it is offered when the same host is opened again.
bool MainWindow::openHost(const QString &file, bool interactive, QString *error)
{
    const QString recovery = interactive ? ProjectDocument::recoveryFileFor(QString()) : QString();
    std::optional<Project> autosaved;
    if (!recovery.isEmpty())
        if (Result<Project> read = readProject(recovery))
            autosaved = std::move(read).value();
    const bool offer
        = autosaved && QFileInfo(resolveProjectPath(recovery, autosaved->hostDtb)).absoluteFilePath() == file;
    const bool recover = offer
        && ask({ QMessageBox::Question, tr("Recover Autosave"),
                 tr("An autosaved untitled project on %1 exists (devassign studio did not close cleanly). "
                    "Recover it? No starts a new project and deletes the autosave.")
                     .arg(QFileInfo(file).fileName()),
                 QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes })
            == QMessageBox::Yes;
    if (recover)
        return m_document->openRecovery(recovery, QString(), error);
    const bool ok = m_document->newFromHost(file, error);
    if (ok && offer)
        QFile::remove(recovery);
    return ok;
}

bool MainWindow::openPath(const QString &path, QString *error, bool interactive)
{
    const QString file = QFileInfo(path).absoluteFilePath();
    const bool ok = isProjectFile(file) ? openProject(file, interactive, error) : openHost(file, interactive, error);
    if (!ok)
        return false;
    if (isProjectFile(file))
        addRecentFile(file);
    m_filterEdit->clear();
    m_hostView->expandToDepth(1);
    m_domains->selectDomain(m_document->project().domains.isEmpty() ? QString()
                                                                     : m_document->project().domains.first().name);
    statusBar()->showMessage(tr("Loaded %1 (%2 nodes)").arg(QFileInfo(file).fileName())
                                 .arg(m_document->host()->nodes().size()),
                             8000);
    updateTitle();
    updateActions();
    return true;
}

bool MainWindow::selectNode(const QString &path)
{
    const QModelIndex source = m_hostModel->indexForPath(path);
    if (!source.isValid())
        return false;
    QModelIndex index = m_filter->mapFromSource(source);
    if (!index.isValid()) { // hidden by the filter: show everything again
        m_filterEdit->clear();
        m_assignableOnly->setChecked(false);
        index = m_filter->mapFromSource(source);
    }
    if (!index.isValid())
        return false;
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
        m_hostView->expand(p);
    m_hostView->setCurrentIndex(index);
    m_hostView->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

bool MainWindow::selectFirstAssignedDevice()
{
    for (const DomainConfig &d : m_document->project().domains) {
        if (d.devices.isEmpty())
            continue;
        m_domains->selectDevice(d.name, d.devices.first());
        m_preview->setDomain(d.name);
        return selectNode(d.devices.first());
    }
    return false;
}

void MainWindow::onDiagnosticActivated(const QString &domain, const QString &node)
{
    if (!node.isEmpty()) {
        selectNode(node);
        if (!domain.isEmpty() && m_document->project().ownerOf(node) == domain)
            m_domains->selectDevice(domain, node);
        return;
    }
    if (!domain.isEmpty())
        m_domains->selectDomain(domain);
}

void MainWindow::openDocumentation(const QString &file)
{
    const QUrl url = documentationUrl(file);
    if (url.isEmpty() || !m_prompter.openUrl(url))
        showError(tr("Documentation"), tr("Cannot open %1: the documentation is not installed next to devassign-studio.").arg(file));
}

void MainWindow::showRefusal(const QString &reason)
{
    statusBar()->showMessage(reason, 15000);
    QToolTip::showText(QCursor::pos(), reason, this);
}

QStringList MainWindow::selectedHostPaths() const
{
    QStringList paths;
    for (const QModelIndex &index : m_hostView->selectionModel()->selectedRows()) {
        if (index.data(IsDeviceRole).toBool())
            paths << index.data(NodePathRole).toString();
    }
    const QModelIndex current = m_hostView->currentIndex();
    if (paths.isEmpty() && current.data(IsDeviceRole).toBool())
        paths << current.data(NodePathRole).toString();
    return paths;
}

void MainWindow::showHostContextMenu(const QPoint &pos)
{
    const QModelIndex at = m_hostView->indexAt(pos);
    if (at.isValid() && !m_hostView->selectionModel()->isRowSelected(at.row(), at.parent()))
        m_hostView->setCurrentIndex(at);
    const QStringList paths = selectedHostPaths();
    QMenu menu(this);
    QMenu *assignTo = menu.addMenu(icons::domain(false), tr("Assign to"));
    for (const DomainConfig &d : m_document->project().domains) {
        assignTo->addAction(icons::domain(false), d.name, this, [this, paths, name = d.name] {
            const QString refusal = m_document->assign(name, paths).error();
            if (!refusal.isEmpty())
                showRefusal(refusal);
            else
                statusBar()->showMessage(tr("Assigned %1 to %2").arg(paths.join(QStringLiteral(", ")), name), 8000);
        });
    }
    if (!m_document->project().domains.isEmpty())
        assignTo->addSeparator();
    assignTo->addAction(tr("New Domain"), this, [this, paths] {
        const QString name = m_domains->createDomain();
        if (!name.isEmpty()) {
            const QString refusal = m_document->assign(name, paths).error();
            if (!refusal.isEmpty())
                showRefusal(refusal);
        }
    });
    assignTo->setEnabled(!paths.isEmpty());
    bool owned = false;
    for (const QString &p : paths)
        owned = owned || !m_document->project().ownerOf(p).isEmpty();
    QAction *unassign = menu.addAction(tr("Unassign"), this, [this, paths] {
        QStringList owned;
        for (const QString &p : paths)
            if (!m_document->project().ownerOf(p).isEmpty())
                owned << p;
        const QString refusal = m_document->unassign(owned).error();
        if (!refusal.isEmpty())
            showRefusal(refusal);
    });
    unassign->setEnabled(owned);
    menu.addSeparator();
    menu.addAction(tr("Expand All"), m_hostView, &QTreeView::expandAll);
    menu.addAction(tr("Collapse All"), m_hostView, &QTreeView::collapseAll);
    menu.exec(m_hostView->viewport()->mapToGlobal(pos));
}

// ---- file handling --------------------------------------------------------------------------

QMessageBox::StandardButton MainWindow::ask(const Prompt &prompt)
{
    return m_prompter.ask(prompt);
}

QString MainWindow::chooseFile(FileRequest request, const QString &suggestion)
{
    return m_prompter.chooseFile(request, suggestion);
}

void MainWindow::showError(const QString &title, const QString &text)
{
    ask({ QMessageBox::Critical, title, text, QMessageBox::Ok, QMessageBox::Ok });
}

void MainWindow::setAutosaveInterval(int msec)
{
    m_autosaveTimer->start(msec);
}

int MainWindow::autosaveInterval() const
{
    return m_autosaveTimer->interval();
}

void MainWindow::setHostChangeDelay(int msec)
{
    m_hostChangeTimer->setInterval(msec);
}

// The current document is being replaced or closed with the user's consent (saved, discarded or
// unmodified): its autosave must not be offered for recovery later.
void MainWindow::discardAutosave()
{
    if (m_document->host())
        QFile::remove(m_document->autosavePath());
}

void MainWindow::openChosen(const QString &file, const QString &failureTitle)
{
    discardAutosave();
    QString error;
    if (!openPath(file, &error))
        showError(failureTitle, error);
}

void MainWindow::newFromDtb()
{
    if (!maybeSave())
        return;
    const QString file = chooseFile(FileRequest::NewFromDtb);
    if (!file.isEmpty())
        openChosen(file, tr("Cannot Open Host Device Tree"));
}

void MainWindow::importXlConfig()
{
    if (!maybeSave())
        return;
    const QString cfgFile = chooseFile(FileRequest::ImportXlConfig);
    if (cfgFile.isEmpty())
        return;
    const QString hostFile = chooseFile(FileRequest::ImportHostDtb, QFileInfo(cfgFile).path());
    if (hostFile.isEmpty())
        return;
    const QString title = tr("Cannot Import");
    const auto bytes = readInputFile(cfgFile, limits::kMaxConfigBytes, QStringLiteral("xl config"));
    if (!bytes)
        return showError(title, bytes.error());
    QString error;
    const auto host = HostModel::load(hostFile, &error);
    if (!host)
        return showError(title, error);
    const auto imported = devassign::importXl(*bytes, cfgFile, *host);
    if (!imported)
        return showError(title, imported.error());
    discardAutosave();
    if (!openPath(hostFile, &error, false))
        return showError(title, error);
    QStringList report = imported->report;
    const Status added = m_document->edit(tr("Import %1").arg(QFileInfo(cfgFile).fileName()), [&](Project &p) {
        return addImportedDomains(p, imported->project.domains, report);
    });
    if (!added)
        return showError(title, added.error());
    m_domains->selectDomain(imported->project.domains.front().name);
    if (!report.isEmpty())
        ask({ QMessageBox::Information, tr("Imported With Omissions"),
              tr("Not imported:\n%1").arg(report.join(QLatin1Char('\n'))), QMessageBox::Ok, QMessageBox::Ok });
}

void MainWindow::importDom0lessDtb()
{
    if (!maybeSave())
        return;
    const QString input = chooseFile(FileRequest::ImportDom0lessDtb);
    if (input.isEmpty())
        return;
    const QString title = tr("Cannot Import");
    const auto bytes = readInputFile(input, limits::kMaxDeviceTreeBytes, QStringLiteral("device tree"));
    if (!bytes)
        return showError(title, bytes.error());
    const auto imported = devassign::importDom0less(*bytes, input, [&](const QString &domain) {
        return exportLayoutPartialDtb(input, domain);
    });
    if (!imported)
        return showError(title, imported.error());
    const QFileInfo in(input);
    const QString hostOut = chooseFile(FileRequest::SaveHostDtb,
                                       in.dir().filePath(in.completeBaseName() + QStringLiteral("-board.dtb")));
    if (hostOut.isEmpty())
        return;
    if (QFileInfo(hostOut).absoluteFilePath() == in.absoluteFilePath())
        return showError(title, tr("%1: is the dom0less DTB being imported; save the board's DTB as another file")
                                    .arg(hostOut));
    if (const Status written = writeFileAtomically(hostOut, imported->hostDtb); !written)
        return showError(title, written.error());
    discardAutosave();
    QString error;
    if (!openPath(hostOut, &error, false))
        return showError(title, error);
    QStringList report = imported->report;
    const Status added = m_document->edit(tr("Import %1").arg(in.fileName()), [&](Project &p) {
        p.xenBootargs = imported->project.xenBootargs;
        p.platform.scmiMediator = imported->project.platform.scmiMediator;
        return addImportedDomains(p, imported->project.domains, report);
    });
    if (!added)
        return showError(title, added.error());
    if (!imported->project.domains.isEmpty())
        m_domains->selectDomain(imported->project.domains.front().name);
    if (!report.isEmpty())
        ask({QMessageBox::Information, tr("Imported With Omissions"),
             tr("Not imported:\n%1").arg(report.join(QLatin1Char('\n'))), QMessageBox::Ok, QMessageBox::Ok});
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    const QString file = chooseFile(FileRequest::OpenProject);
    if (!file.isEmpty())
        openChosen(file, tr("Cannot Open"));
}

void MainWindow::openRecent(const QString &file)
{
    if (!QFileInfo::exists(file)) {
        removeRecentFile(file);
        ask({ QMessageBox::Warning, tr("Recent File Missing"),
              tr("%1 no longer exists. It was removed from the recent files.").arg(file), QMessageBox::Ok,
              QMessageBox::Ok });
        return;
    }
    if (maybeSave())
        openChosen(file, tr("Cannot Open"));
}

bool MainWindow::save()
{
    if (m_document->fileName().isEmpty())
        return saveAs();
    QString error;
    if (!m_document->save(&error)) {
        showError(tr("Cannot Save"), error);
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(m_document->fileName()), 5000);
    return true;
}

bool MainWindow::saveAs()
{
    QString suggestion = m_document->fileName();
    if (suggestion.isEmpty() && !m_document->hostFile().isEmpty()) {
        const QFileInfo host(m_document->hostFile());
        suggestion = host.absoluteDir().filePath(host.completeBaseName() + kProjectSuffix);
    }
    QString file = chooseFile(FileRequest::SaveProject, suggestion);
    if (file.isEmpty())
        return false;
    if (!isProjectFile(file))
        file += kProjectSuffix;
    QString error;
    if (!m_document->saveAs(file, &error)) {
        showError(tr("Cannot Save"), error);
        return false;
    }
    addRecentFile(file);
    statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
    return true;
}

void MainWindow::reloadHost()
{
    QString error;
    if (!m_document->reloadHost(&error)) {
        showError(tr("Cannot Reload Host DTB"), error);
        return;
    }
    statusBar()->showMessage(tr("Reloaded %1").arg(m_document->hostFile()), 8000);
}

void MainWindow::onHostFileChanged()
{
    m_hostChangeTimer->start();
}

void MainWindow::promptHostReload()
{
    if (m_hostPromptOpen || !m_document->host())
        return;
    QFile file(m_document->hostFile());
    if (!file.open(QIODevice::ReadOnly))
        return; // replaced by a rename in progress: the watcher reports the new file
    const QByteArray bytes = file.readAll();
    // A DTB whose bytes are the loaded ones (touched, or written back unchanged): nothing to reload.
    if (looksLikeDtb(bytes)
        && sha256Hex(bytes) == m_document->host()->sha256())
        return;
    m_hostPromptOpen = true;
    const auto answer = ask({ QMessageBox::Question, tr("Host DTB Changed"),
                              tr("%1 changed on disk. Reload it? Assignments are kept and re-checked against "
                                 "the new tree. No keeps the loaded tree.")
                                  .arg(QFileInfo(m_document->hostFile()).fileName()),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes });
    m_hostPromptOpen = false;
    if (answer == QMessageBox::Yes)
        reloadHost();
}

bool MainWindow::exportTo(const QString &dir, bool force, QString *error)
{
    ExportRequest request;
    request.model = m_document->host().get();
    request.project = &m_document->project();
    request.projectFile = m_document->fileName();
    request.outDir = dir;
    request.force = force;
    request.forceHint = tr("export anyway");
    const ExportOutcome outcome = runExport(request);
    if (!outcome.ok())
        *error = outcome.error;
    return outcome.ok();
}

void MainWindow::exportAll()
{
    bool force = false;
    const int errors = m_document->analysis().errorCount();
    if (errors > 0) {
        const auto answer = ask({ QMessageBox::Warning, tr("Export with Errors?"),
                                  tr("%n error(s) remain (see Diagnostics). Export anyway? Every file's header will "
                                     "record that it was exported despite errors.",
                                     "", errors),
                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel });
        if (answer != QMessageBox::Yes)
            return;
        force = true;
    }
    const QString base = m_document->fileName().isEmpty() ? QDir::homePath()
                                                          : QFileInfo(m_document->fileName()).absolutePath();
    const QString dir = chooseFile(FileRequest::ExportDirectory, base);
    if (dir.isEmpty())
        return;
    QString error;
    if (!exportTo(dir, force, &error)) {
        showError(tr("Export Failed"), error);
        return;
    }
    statusBar()->showMessage(tr("Exported into %1").arg(dir), 10000);
}

PictureView *MainWindow::pictureView(PictureKind kind) const
{
    return m_pictures.value(int(kind));
}

void MainWindow::showPicture(PictureKind kind)
{
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("safetyPictureDock"))) {
        dock->show();
        dock->raise();
    }
    m_pictureTabs->setCurrentWidget(pictureView(kind));
}

bool MainWindow::exportPictureSvg(PictureKind kind, const QString &file, QString *error)
{
    const Status written = pictureView(kind)->exportSvg(file);
    if (!written)
        *error = written.error();
    return written.ok();
}

void MainWindow::exportShownPictureSvg()
{
    auto *view = qobject_cast<PictureView *>(m_pictureTabs->currentWidget());
    if (!view || !m_document->host())
        return;
    const QString base = m_document->fileName().isEmpty() ? QFileInfo(m_document->hostFile()).absolutePath()
                                                          : QFileInfo(m_document->fileName()).absolutePath();
    QString file = chooseFile(FileRequest::SaveSvg, QDir(base).filePath(pictureKindName(view->kind()) + QStringLiteral(".svg")));
    if (file.isEmpty())
        return;
    if (!file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        file += QStringLiteral(".svg");
    QString error;
    if (!exportPictureSvg(view->kind(), file, &error)) {
        showError(tr("Cannot Export Picture"), error);
        return;
    }
    statusBar()->showMessage(tr("Wrote the %1 picture to %2").arg(pictureTitle(view->kind()), file), 8000);
}

void MainWindow::exportAuditReport()
{
    const HostModelPtr host = m_document->host();
    if (!host) {
        showError(tr("Cannot Export Audit Report"), tr("Open a host DTB or a project first."));
        return;
    }
    const QString projectFile = m_document->fileName();
    const QString base = QFileInfo(projectFile.isEmpty() ? m_document->hostFile() : projectFile).absolutePath();
    QString file = chooseFile(FileRequest::SaveReport, QDir(base).filePath(QStringLiteral("audit.html")));
    if (file.isEmpty())
        return;
    if (!file.endsWith(QLatin1String(".html"), Qt::CaseInsensitive) && !file.endsWith(QLatin1String(".htm"), Qt::CaseInsensitive))
        file += QStringLiteral(".html");
    // The project's hash is of its file, unless there are changes not saved yet (then of what Save would write).
    const bool unsaved = projectFile.isEmpty() || m_document->isModified();
    const Result<QByteArray> saved = unsaved ? Result<QByteArray>(projectToJson(m_document->project()))
                                             : readInputFile(projectFile, limits::kMaxProjectBytes, tr("project file"));
    ExportContext ctx(host.get(), &m_document->project(), &m_document->analysis(), projectFile);
    readModuleFileSizes(m_document->project(), projectFile, &ctx.fileSizes, nullptr); // boot modules, where known
    const Status written = saved ? writeAuditReport(ctx, *saved, unsaved, file, {projectFile, m_document->hostFile()})
                                 : saved.status();
    if (!written) {
        showError(tr("Cannot Export Audit Report"), written.error());
        return;
    }
    statusBar()->showMessage(tr("Wrote the audit report to %1").arg(file), 8000);
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const QString name = m_document->fileName().isEmpty() ? tr("The untitled project")
                                                          : QFileInfo(m_document->fileName()).fileName();
    const auto answer = ask({ QMessageBox::Warning, tr("Unsaved Changes"),
                              tr("%1 has unsaved changes. Save them? Discard drops them and the autosave.").arg(name),
                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save });
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::autosave()
{
    if (!m_document->isModified() || !m_document->host())
        return;
    QString error;
    if (!m_document->autosave(&error))
        statusBar()->showMessage(tr("Autosave failed: %1").arg(error), 10000);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    discardAutosave();
    if (m_useSettings)
        writeSettings();
    event->accept();
}

// ---- settings, recent files, title, counts ----------------------------------------------------

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::addRecentFile(const QString &file)
{
    if (!m_useSettings)
        return;
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(file).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), files);
    updateRecentMenu();
}

void MainWindow::removeRecentFile(const QString &file)
{
    if (!m_useSettings)
        return;
    QStringList files = recentFiles();
    files.removeAll(file);
    QSettings().setValue(QStringLiteral("recentFiles"), files);
    updateRecentMenu();
}

// Fixed slots (never deleted while one of them is being triggered), filled from the settings.
void MainWindow::updateRecentMenu()
{
    if (m_recentActions.isEmpty()) {
        for (int i = 0; i < kMaxRecentFiles; ++i) {
            QAction *a = m_recentMenu->addAction(QString());
            a->setVisible(false);
            connect(a, &QAction::triggered, this, [this, a] { openRecent(a->data().toString()); });
            m_recentActions << a;
        }
    }
    const QStringList files = m_useSettings ? recentFiles() : QStringList();
    for (int i = 0; i < m_recentActions.size(); ++i) {
        QAction *a = m_recentActions.at(i);
        const QString file = files.value(i);
        a->setVisible(!file.isEmpty());
        a->setData(file);
        // The name and its folder: two projects of the same name in different folders differ.
        a->setText(file.isEmpty() ? QString()
                                  : QStringLiteral("&%1 %2  —  %3")
                                        .arg(i + 1)
                                        .arg(QFileInfo(file).fileName(), QDir::toNativeSeparators(QFileInfo(file).absolutePath())));
        a->setToolTip(file);
        a->setStatusTip(file);
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::readSettings()
{
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("mainWindow/geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = settings.value(QStringLiteral("mainWindow/state")).toByteArray();
    if (!state.isEmpty())
        restoreState(state);
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("centralSplitter")))
        splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    // Columns are remembered by their titles, so a new column in a later version starts shown.
    const QStringList hidden = settings.value(QStringLiteral("hostTree/hiddenColumns")).toStringList();
    for (int c = HostTreeModel::NodeColumn + 1; c < HostTreeModel::ColumnCount; ++c)
        m_hostView->header()->setSectionHidden(c, hidden.contains(m_hostModel->headerData(c, Qt::Horizontal).toString()));
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("centralSplitter")))
        settings.setValue(QStringLiteral("mainWindow/splitter"), splitter->saveState());
}

void MainWindow::updateTitle()
{
    QString name;
    if (!m_document->fileName().isEmpty())
        name = QFileInfo(m_document->fileName()).fileName();
    else if (m_document->host())
        name = tr("Untitled (%1)").arg(QFileInfo(m_document->hostFile()).fileName());
    setWindowTitle(name.isEmpty() ? tr("devassign studio")
                                  : tr("%1[*] — devassign studio").arg(name));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateCounts()
{
    const Analysis &a = m_document->analysis();
    const int errors = a.count(Severity::Error);
    const int warnings = a.count(Severity::Warning);
    m_counts->setText(QStringLiteral("%1 %2, %3 %4")
                          .arg(errors)
                          .arg(errors == 1 ? tr("error") : tr("errors"))
                          .arg(warnings)
                          .arg(warnings == 1 ? tr("warning") : tr("warnings")));
    m_counts->setStyleSheet(errors > 0 ? QStringLiteral("color: #c62828; font-weight: bold; padding: 0 6px;")
                                       : QStringLiteral("padding: 0 6px;"));
}

void MainWindow::updateRelease()
{
    const bool hasHost = m_document->host() != nullptr;
    m_release->setText(hasHost ? tr("Xen %1").arg(xen::releaseName(m_document->project().platform.xen)) : QString());
    m_release->setVisible(hasHost);
}

void MainWindow::editPlatform()
{
    if (!m_document->host())
        return;
    const std::optional<Platform> chosen = m_prompter.editPlatform(m_document->project().platform, m_document->dtbRamBanks());
    if (!chosen)
        return;
    if (const Status done = m_document->setPlatform(*chosen); !done) {
        showError(tr("Target Platform"), done.error());
        return;
    }
    statusBar()->showMessage(tr("Target platform: Xen %1, host RAM %2")
                                 .arg(xen::releaseName(chosen->xen),
                                      chosen->ram.isEmpty() ? tr("from the host DTB")
                                                            : chosen->ram.size() == 1 ? tr("1 bank set in the project")
                                                            : tr("%1 banks set in the project").arg(chosen->ram.size())),
                             8000);
}

void MainWindow::updateActions()
{
    const bool hasHost = m_document->host() != nullptr;
    m_platform->setEnabled(hasHost);
    m_save->setEnabled(hasHost);
    m_saveAs->setEnabled(hasHost);
    m_reload->setEnabled(hasHost);
    m_export->setEnabled(hasHost && !m_document->project().domains.isEmpty());
    m_exportSvg->setEnabled(hasHost);
    m_domains->newAction()->setEnabled(hasHost);
}

} // namespace devassign
