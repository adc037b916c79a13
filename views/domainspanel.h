// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The centre panel: the domains (DomainsModel) as a drop target for host devices, with New /
// Rename / Delete / Settings actions and a context menu for devices (unassign, move to…).

#include <QWidget>

class QAction;
class QModelIndex;
class QTreeView;

namespace devassign {

class DomainsModel;
class ProjectDocument;

class DomainsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DomainsPanel(ProjectDocument *doc, QWidget *parent = nullptr);
    ~DomainsPanel() override;

    QTreeView *view() const { return m_view; }
    DomainsModel *model() const { return m_model; }
    QAction *newAction() const { return m_new; }
    QAction *renameAction() const { return m_rename; }
    QAction *deleteAction() const { return m_delete; }
    QAction *settingsAction() const { return m_settings; }

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

private:
    void updateActions();
    void showContextMenu(const QPoint &pos);
    void onDoubleClicked(const QModelIndex &index);
    void report(const QString &refusal, const QString &done);

    ProjectDocument *m_document;
    DomainsModel *m_model;
    QTreeView *m_view;
    QAction *m_new;
    QAction *m_rename;
    QAction *m_delete;
    QAction *m_settings;
    QString m_lastDomain;
};

} // namespace devassign
