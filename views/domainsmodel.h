// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The domains as a tree: top-level rows are domains (0 name, 1 summary "256 MiB, 1 vCPU, dom0less",
// 2 error count), children are the assigned devices (host path). Accepts node drops on a domain
// (or one of its device rows): assign, or move when dragged from the domains view itself. A node
// another domain owns dragged from the host tree is refused (dropRefused names the owner).

#include "nodemime.h"
#include "project.h"

#include <QAbstractItemModel>
#include <QVector>

namespace devassign {

class ProjectDocument;

class DomainsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, SummaryColumn, ErrorsColumn, ColumnCount };

    explicit DomainsModel(ProjectDocument *doc, QObject *parent = nullptr);
    ~DomainsModel() override;

    QModelIndex indexForDomain(const QString &name) const;
    QModelIndex indexForDevice(const QString &domain, const QString &nodePath) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // "" or why a drop of `data` at (row, parent) cannot be made: the core's refusal of the same
    // edit on a copy of the project (the owner of a node…), shown before the drop. An invalid
    // parent with row -1 is the empty part of the list: a new domain with the devices.
    QString dropProblem(const QMimeData *data, int row, const QModelIndex &parent) const;
    // The domain row a drag is over (Qt::BackgroundRole highlight); "" = none.
    void setDropTarget(const QString &domain);
    QString dropTarget() const { return m_dropTarget; }
    QString freeDomainName() const; // "domU<n>", the first free one

    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;

signals:
    void dropRefused(const QString &reason);
    void editRefused(const QString &reason); // e.g. an invalid or duplicate name typed in place
    void domainCreatedByDrop(const QString &name); // a drop on the empty part made this domain

private:
    QString domainAt(const QModelIndex &index) const;
    QStringList pathsToDrop(const QMimeData *data, const QString &domain) const;
    Status applyDrop(Project &p, const QStringList &paths, DragSource source, const QString &domain) const;
    QVariant deviceData(const QString &path, int column, int role) const;
    QString scmiText(const QString &domain) const;
    void resetFromProject();
    void syncFromProject();
    void syncRow(int row, const DomainConfig &target);
    void syncDevices(int row, const QStringList &devices);
    void syncErrorCounts();
    int errorCount(const QString &domain) const;

    ProjectDocument *m_document;
    QVector<DomainConfig> m_domains; // the domains as currently exposed to views
    QVector<int> m_errorCounts;
    QString m_dropTarget;
    QStringList m_scmiTexts; // per domain row: its SCMI resources and conflicts ("" = no SCMI)
};

} // namespace devassign
