// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "xenrelease.h"
// The host DTB as a tree. Columns: 0 Node, 1 Compatible, 2 Address (first translated region, hex),
// 3 IRQs ("34, 35" GIC ids or "non-GIC"), 4 IOMMU ("protected" / "unprotected DMA" / "—"),
// 5 SCMI ("clk 0x14:3, pd 0x11:8"), 6 Owner (domain). Roles in modelroles.h.
// Devices are draggable (mime "application/x-devassign-nodes", one path per line); a drop onto
// the host tree unassigns the nodes.

#include "hostmodel.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QVector>

namespace devassign {

class ProjectDocument;

class HostTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        NodeColumn,
        CompatibleColumn,
        AddressColumn,
        IrqColumn,
        IommuColumn,
        ScmiColumn,
        OwnerColumn,
        ColumnCount
    };

    explicit HostTreeModel(ProjectDocument *doc, QObject *parent = nullptr);
    ~HostTreeModel() override;

    QModelIndex indexForPath(const QString &path) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

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

private:
    const Node *nodeOf(const QModelIndex &index) const;
    void resetFromHost();
    void updateOwners();

    QString ownerText(const Node &node) const;

    xen::Release release() const;
    ProjectDocument *m_document;
    HostModelPtr m_host;       // the host as currently exposed to views
    QVector<int> m_rowOf;      // node index -> row under its parent
    QVector<QString> m_owners; // node index -> owner shown in the Owner column
};

} // namespace devassign
