// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The diagnostics list at the bottom of the main window: every rule result of the live analysis
// (DiagnosticsModel) in a sortable table. Double-click (or Enter) jumps to the location.

#include <QWidget>

class QSortFilterProxyModel;
class QTableView;
class QModelIndex;

namespace devassign {

class Prompter;

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

    QTableView *view() const { return m_view; }
    DiagnosticsModel *model() const { return m_model; }

    // Records the user's acceptance of the diagnostic at `index` (one undo step). Returns "" or the refusal.
    QString acknowledge(const QModelIndex &index, const QString &note);
    // Asks for the note through the prompter (naming the rule and the node), then acknowledges;
    // "" or why not ("cancelled" when the user cancels).
    QString acknowledgeAsking(const QModelIndex &index);

signals:
    // The user activated a diagnostic: select its node (if any) or its domain.
    void locationActivated(const QString &domain, const QString &nodePath);

private:
    const Prompter *m_prompter = nullptr;
    void activate(const QModelIndex &index);
    void showContextMenu(const QPoint &pos);

    ProjectDocument *m_document;
    DiagnosticsModel *m_model;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_view;
};

} // namespace devassign
