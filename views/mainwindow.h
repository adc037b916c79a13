// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The studio's main window: host tree (left), domains (centre), inspector (right), diagnostics
// and export preview (bottom docks), File / Edit / Domain / View menus. It shows what the core
// computed through ProjectDocument and contains no Xen logic.

#include "pictureview.h"
#include "prompter.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QStringList>

#include <functional>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTabWidget;
class QTimer;
class QTreeView;

namespace devassign {

class DiagnosticsPanel;
class DomainsPanel;
class ExportPreview;
class HostFilterModel;
class HostTreeModel;
class InspectorWidget;
class ProjectDocument;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // The one seam between the window's flows and modal dialogs (prompter.h): every message box goes
    // through ask(), every file dialog through chooseFile(), the panels' dialogs through prompter().
    // Tests install handlers that answer at once.
    using PromptHandler = Prompter::PromptHandler;
    using FileHandler = Prompter::FileHandler;

    // `useSettings` = false: neither restore nor save window geometry/state or recent files
    // (screenshots and tests get the same layout on every machine).
    explicit MainWindow(bool useSettings = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a project (*.devassign.json) or starts an untitled project on a host DTB/DTS.
    // With `interactive`, offers autosave recovery. Returns false and sets error on failure.
    bool openPath(const QString &path, QString *error, bool interactive = true);
    // Writes every export file into `dir` through runExport (core/exportjob.h), the pipeline `devassign export`
    // runs: same refusals, same bytes. `force` exports despite errors. Returns false and sets error otherwise.
    bool exportTo(const QString &dir, bool force, QString *error);
    // Selects a host node in the tree (clearing a filter that hides it); the inspector follows.
    bool selectNode(const QString &path);
    // Selects the first device of the first domain that has one (for screenshots).
    bool selectFirstAssignedDevice();

    ProjectDocument *document() const { return m_document; }
    QTreeView *hostView() const { return m_hostView; }
    HostTreeModel *hostModel() const { return m_hostModel; }
    HostFilterModel *hostFilter() const { return m_filter; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    // The host tree header's context menu: one checkable action per column but Node (caller owns
    // it). Hidden columns are remembered in the settings (hostTree/hiddenColumns, by title).
    QMenu *hostColumnsMenu();
    void setHostColumnShown(int column, bool shown);
    QStringList hiddenHostColumns() const;
    QCheckBox *assignableOnlyBox() const { return m_assignableOnly; }
    DomainsPanel *domainsPanel() const { return m_domains; }
    InspectorWidget *inspector() const { return m_inspector; }
    DiagnosticsPanel *diagnosticsPanel() const { return m_diagnostics; }
    ExportPreview *exportPreview() const { return m_preview; }
    QLabel *countsLabel() const { return m_counts; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    QAction *findAction() const { return m_find; }
    QStringList recentFiles() const;
    QMenu *recentMenu() const { return m_recentMenu; }
    QAction *newFromDtbAction() const { return m_newFromDtb; }
    QAction *openAction() const { return m_open; }
    QAction *importXlAction() const { return m_importXl; }
    QAction *importDom0lessAction() const { return m_importDom0less; }
    // File ▸ Import ▸ xl Config…: asks for a dom.cfg and its host DTB (chooseFile), imports it with
    // core's importXl (docs/import.md) into an untitled project on that host as one undo step, and
    // lists what could not be mapped in one message.
    void importXlConfig();
    // File ▸ Import ▸ dom0less Host DTB…: core's importDom0less (docs/import.md) with the partial
    // DTBs where devassign export puts them; the board's DTB without the domain nodes and marks is
    // saved where the user says, opened, and the domains arrive as one undo step.
    void importDom0lessDtb();
    QAction *saveAction() const { return m_save; }
    QAction *saveAsAction() const { return m_saveAs; }
    QAction *reloadAction() const { return m_reload; }
    QAction *exportAction() const { return m_export; }
    QAction *platformAction() const { return m_platform; }
    QLabel *releaseLabel() const { return m_release; } // "Xen 4.17": the release the rules follow
    // The Safety Picture dock: Audit, Memory map and IRQ map (views/pictureview.h), one tab each.
    PictureView *pictureView(PictureKind kind) const;
    QTabWidget *pictureTabs() const { return m_pictureTabs; }
    void showPicture(PictureKind kind); // shows the dock and that tab
    // View ▸ Export Picture as SVG…: the shown picture into the file the prompter chooses.
    QAction *exportSvgAction() const { return m_exportSvg; }
    bool exportPictureSvg(PictureKind kind, const QString &file, QString *error);
    // Project ▸ Target Platform…: asks prompter().editPlatform and applies the answer as one undo step.
    void editPlatform();

    // nullptr restores the real QMessageBox / QFileDialog.
    void setPromptHandler(PromptHandler handler) { m_prompter.setPromptHandler(std::move(handler)); }
    void setFileHandler(FileHandler handler) { m_prompter.setFileHandler(std::move(handler)); }
    Prompter &prompter() { return m_prompter; }
    QMessageBox::StandardButton ask(const Prompt &prompt);
    QString chooseFile(FileRequest request, const QString &suggestion = QString());

    // While the project is modified, ProjectDocument::autosave runs every interval (default 60 s).
    void setAutosaveInterval(int msec);
    int autosaveInterval() const;
    // After the host DTB changes on disk, the reload prompt waits this long for the writes to settle.
    void setHostChangeDelay(int msec);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createHostPanel();
    void createDocks();
    void fitHostColumns();
    void connectDocument();

    bool openProject(const QString &file, bool interactive, QString *error);
    bool openHost(const QString &file, bool interactive, QString *error);
    void newFromDtb();
    void open();
    bool save();
    bool saveAs();
    void reloadHost();
    void exportAll();
    void exportShownPictureSvg();
    void exportAuditReport(); // File ▸ Export Audit Report… (render/auditreport.h, as `devassign report`)
    bool maybeSave();
    void discardAutosave();
    void openChosen(const QString &file, const QString &failureTitle);
    void openRecent(const QString &file);
    void showError(const QString &title, const QString &text);
    void addRecentFile(const QString &file);
    void removeRecentFile(const QString &file);
    void updateRecentMenu();
    void updateTitle();
    void updateCounts();
    void updateRelease();
    void updateActions();
    void autosave();
    void onHostFileChanged();
    void promptHostReload();
    void showRefusal(const QString &reason);
    void openDocumentation(const QString &file); // docs/<file> through prompter().openUrl
    void showHostContextMenu(const QPoint &pos);
    QStringList selectedHostPaths() const;
    void onDiagnosticActivated(const QString &domain, const QString &node);
    void readSettings();
    void writeSettings();

    ProjectDocument *m_document;
    HostTreeModel *m_hostModel;
    HostFilterModel *m_filter;
    QTreeView *m_hostView = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_assignableOnly = nullptr;
    DomainsPanel *m_domains = nullptr;
    InspectorWidget *m_inspector = nullptr;
    DiagnosticsPanel *m_diagnostics = nullptr;
    ExportPreview *m_preview = nullptr;
    QTabWidget *m_pictureTabs = nullptr;
    QVector<PictureView *> m_pictures; // indexed by PictureKind
    QLabel *m_counts = nullptr;
    QLabel *m_release = nullptr;
    QTimer *m_autosaveTimer = nullptr;
    QTimer *m_hostChangeTimer = nullptr;
    Prompter m_prompter{this};
    bool m_hostPromptOpen = false;
    bool m_useSettings = true;
    int m_undoIndex = 0; // the undo stack's index the status bar last reported

    QAction *m_newFromDtb = nullptr;
    QAction *m_open = nullptr;
    QAction *m_importXl = nullptr;
    QAction *m_importDom0less = nullptr;
    QAction *m_save = nullptr;
    QAction *m_saveAs = nullptr;
    QAction *m_reload = nullptr;
    QAction *m_export = nullptr;
    QAction *m_platform = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_find = nullptr;
    QAction *m_exportSvg = nullptr;
    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_recentActions; // fixed slots, shown for the files in recentFiles()
    QMenu *m_viewMenu = nullptr;
};

} // namespace devassign
