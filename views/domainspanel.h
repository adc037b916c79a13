// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The centre panel: the domains (DomainsModel) as a drop target for host devices, with New /
// Rename / Delete / Settings actions and a context menu for devices (unassign, move to…). Memory
// and vCPUs of the current domain are edited in place below the list; the rest in the dialog.

#include <QWidget>

#include <optional>

class QAction;
class QDropEvent;
class QModelIndex;
class QSpinBox;
class QTreeView;

namespace devassign {

class Prompter;

class DomainsModel;
class ProjectDocument;

class DomainsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DomainsPanel(ProjectDocument *doc, QWidget *parent = nullptr);
    // The dialog seam (prompter.h) for the settings dialog; set by the window.
    void setPrompter(const Prompter *prompter) { m_prompter = prompter; }
    ~DomainsPanel() override;

    QTreeView *view() const { return m_view; }
    DomainsModel *model() const { return m_model; }
    QAction *newAction() const { return m_new; }
    QAction *renameAction() const { return m_rename; }
    QAction *deleteAction() const { return m_delete; }
    QAction *settingsAction() const { return m_settings; }
    // In-place settings of the current domain: each committed value is one updateDomain undo step.
    QSpinBox *memoryEdit() const { return m_memory; }
    QSpinBox *vcpusEdit() const { return m_vcpus; }

    QString currentDomain() const;       // the domain of the current row ("" = none)
    QString currentDevice() const;       // the device path of the current row ("" = a domain row)
    void selectDomain(const QString &name);
    void selectDevice(const QString &domain, const QString &nodePath);

    // Creates a domain with a free name "domU<n>" and selects it; returns its name ("" on refusal).
    QString createDomain();
    // Opens the settings dialog of `name` and applies it (one undo step).
    void editSettings(const QString &name);

signals:
    void currentDomainChanged(const QString &name);
    void deviceActivated(const QString &nodePath); // a device row became current or was activated
    void message(const QString &text);             // for the status bar (refusals, results)

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    const Prompter *m_prompter = nullptr;
    void showDropTarget(const QDropEvent *event);
    void updateActions();
    void showContextMenu(const QPoint &pos);
    void onDoubleClicked(const QModelIndex &index);
    void report(const QString &refusal, const QString &done);
    QWidget *createQuickSettings();
    void syncQuickSettings();
    void applyQuickSettings();

    ProjectDocument *m_document;
    DomainsModel *m_model;
    QTreeView *m_view;
    QAction *m_new;
    QAction *m_rename;
    QAction *m_delete;
    QAction *m_settings;
    QSpinBox *m_memory = nullptr;
    QSpinBox *m_vcpus = nullptr;
    bool m_syncing = false;
    QString m_lastDomain;
    std::optional<QString> m_dropProblem; // what the current drag was last told (nullopt: nothing yet)
};

} // namespace devassign
