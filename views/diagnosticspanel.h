// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The diagnostics pane at the bottom of the main window: every rule result of the live analysis
// (DiagnosticsModel) as a sortable table or, with Group, as a triage tree device → rule →
// findings with counts (DiagnosticsGroupModel), whose device rows offer the bulk dependency
// decisions (core/planner.h BulkDecision). Filters by severity, domain and rule
// (DiagnosticsFilterModel); a detail pane with cause, fix, source, related locations as links and
// the acknowledgement; Copy (QKeySequence::Copy). Double-click (or Enter) jumps to the location.

#include "planner.h"

#include <QWidget>

class QAction;
class QComboBox;
class QMenu;
class QModelIndex;
class QStackedWidget;
class QTableView;
class QTextBrowser;
class QToolButton;
class QTreeView;
class QUrl;

namespace devassign {

class Prompter;

struct Diagnostic;
class DiagnosticsFilterModel;
class DiagnosticsGroupModel;
class DiagnosticsModel;
class ProjectDocument;

class DiagnosticsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DiagnosticsPanel(ProjectDocument *doc, QWidget *parent = nullptr);
    // The dialog seam (prompter.h) for the acknowledgement note; set by the window.
    void setPrompter(const Prompter *prompter) { m_prompter = prompter; }
    ~DiagnosticsPanel() override;

    QTableView *view() const { return m_view; } // the flat table (its model is filter())
    QTreeView *tree() const { return m_tree; } // the triage tree (its model is groupModel())
    DiagnosticsModel *model() const { return m_model; }
    DiagnosticsFilterModel *filter() const { return m_filter; }
    DiagnosticsGroupModel *groupModel() const { return m_groups; }
    QComboBox *severityFilter() const { return m_severityBox; }
    QComboBox *domainFilter() const { return m_domainBox; }
    QComboBox *ruleFilter() const { return m_ruleBox; }
    QTextBrowser *detail() const { return m_detail; }
    QAction *copyAction() const { return m_copy; }
    QToolButton *groupButton() const { return m_groupButton; }
    void setGrouped(bool grouped);
    bool isGrouped() const;

    // Records the user's acceptance of the diagnostic at `index` (one undo step). Returns "" or the refusal.
    QString acknowledge(const QModelIndex &index, const QString &note);
    // Asks for the note through the prompter (naming the rule and the node), then acknowledges;
    // "" or why not ("cancelled" when the user cancels).
    QString acknowledgeAsking(const QModelIndex &index);
    // A bulk decision on the device of a group row of the tree: one undo step. "" or the refusal.
    QString applyBulk(const QModelIndex &groupIndex, BulkDecision what);
    // The context menu of a tree row (caller owns it; nullptr off the rows): Go to Location,
    // Acknowledge… on a finding, Copy, and the bulk decisions on the rows of a domain's device.
    QMenu *treeMenu(const QModelIndex &index);
    // The text Copy puts on the clipboard: the selected findings, one line each.
    QString selectedText() const;
    // The finding the detail pane shows (nullptr: none, or a group row).
    const Diagnostic *currentDiagnostic() const;

signals:
    // The user activated a diagnostic: select its node (if any) or its domain.
    void locationActivated(const QString &domain, const QString &nodePath);
    void refused(const QString &reason); // a bulk decision's refusal

private:
    QWidget *createFilterBar();
    void activate(const QModelIndex &index);
    void showContextMenu(const QPoint &pos);
    void showTreeContextMenu(const QPoint &pos);
    void updateFilterChoices();
    void updateDetail();
    void openDetailLink(const QUrl &url);
    void rememberExpanded();
    void restoreExpanded();
    const Diagnostic *diagnosticAtFlat(const QModelIndex &flatIndex) const;
    QModelIndex currentFlatIndex() const;
    void addBulkActions(QMenu *menu, const QModelIndex &groupIndex);
    void copySelection();

    const Prompter *m_prompter = nullptr;
    ProjectDocument *m_document;
    DiagnosticsModel *m_model;
    DiagnosticsFilterModel *m_filter;
    DiagnosticsGroupModel *m_groups;
    QTableView *m_view;
    QTreeView *m_tree;
    QStackedWidget *m_stack;
    QTextBrowser *m_detail;
    QComboBox *m_severityBox = nullptr;
    QComboBox *m_domainBox = nullptr;
    QComboBox *m_ruleBox = nullptr;
    QToolButton *m_groupButton = nullptr;
    QAction *m_copy;
    QStringList m_expanded; // group keys expanded before the tree model's last reset
};

} // namespace devassign
