// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The Diagnostics pane's triage tree over a flat diagnostics model (DiagnosticsModel or its
// filter): device ("domain / node", or the domain, or the project) → rule → findings. A group row
// shows how many findings it holds (CountRole, and "(N)" in its text) and its worst severity.
// Rebuilt whenever the flat model changes.

#include <QAbstractItemModel>
#include <QVector>

namespace devassign {

class DiagnosticsGroupModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Level { DeviceLevel, RuleLevel, FindingLevel };
    enum Column { NameColumn, CountColumn, ColumnCount };

    explicit DiagnosticsGroupModel(QAbstractItemModel *flat, QObject *parent = nullptr);
    ~DiagnosticsGroupModel() override;

    // The flat model's row (column 0) of a finding row, or an invalid index for a group row.
    QModelIndex flatIndex(const QModelIndex &index) const;
    // The device group of (domain, node), or an invalid index.
    QModelIndex deviceGroup(const QString &domain, const QString &node) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Item {
        Level level = DeviceLevel;
        int parent = -1; // index in m_items, -1 for a device group
        int row = 0; // row under its parent
        QVector<int> children;
        QString domain, node, rule;
        int flatRow = -1; // findings only
        int worst = 2; // the most severe core Severity under it (Error = 0)
        int count = 0; // findings under it
    };
    void rebuild();
    int childOf(int parent, Level level, const QString &domain, const QString &node, const QString &rule);
    const Item *itemAt(const QModelIndex &index) const;
    QString label(const Item &item) const;

    QAbstractItemModel *m_flat;
    QVector<Item> m_items;
    QVector<int> m_devices; // top-level items
};

} // namespace devassign
