// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Every diagnostic of the live analysis as a flat table: 0 severity (icon + text), 1 rule id,
// 2 message (tooltip adds "Fix: ..."), 3 location ("domain / node"). Roles in modelroles.h.

#include "analysis.h"

#include <QAbstractTableModel>
#include <QVector>

namespace devassign {

class ProjectDocument;

class DiagnosticsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, RuleColumn, MessageColumn, LocationColumn, ColumnCount };

    explicit DiagnosticsModel(ProjectDocument *doc, QObject *parent = nullptr);
    ~DiagnosticsModel() override;

    const Diagnostic *diagnosticAt(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void syncFromAnalysis();

    ProjectDocument *m_document;
    QVector<Diagnostic> m_diagnostics;
};

} // namespace devassign
