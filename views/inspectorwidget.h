// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The inspector: the selected host node decoded — regions (host address, size and the guest
// address the plan gives it), interrupts, IOMMU coverage with stream ids, SCMI resources,
// dependencies as links (click to select the provider), the node's diagnostics, and the node's
// raw DTS in a read-only QScintilla view. Everything shown comes from the core model and analysis.

#include "hostmodel.h"

#include <QByteArray>
#include <QWidget>

class QLabel;
class QMenu;
class QsciScintilla;
class QTreeWidget;
class QTreeWidgetItem;

namespace devassign {

class DtsSourceView;
class ProjectDocument;

// dtc 1.6 decompiles a string list as one literal with NUL escapes ("arm,pl031\0arm,primecell");
// this rewrites each such literal as the list a DTS author (and newer dtc) writes:
// "arm,pl031", "arm,primecell". Escaped backslashes ("\\0") and text outside literals are kept.
QByteArray splitDtsStringLists(const QByteArray &dts);

class InspectorWidget : public QWidget
{
    Q_OBJECT
public:
    // Data role of an item that links to another node (QString path).
    static constexpr int LinkRole = Qt::UserRole + 100;
    // Data role of a dependency row: the consumer property (QString) — its provider is LinkRole.
    static constexpr int DependencyRole = Qt::UserRole + 101;

    explicit InspectorWidget(ProjectDocument *doc, QWidget *parent = nullptr);
    ~InspectorWidget() override;

    QString nodePath() const { return m_path; }
    void setNodePath(const QString &path);

    QTreeWidget *details() const { return m_details; }
    QsciScintilla *dtsView() const { return m_dts; }
    // The DTS pane around dtsView(): diagnostic squiggles, Ctrl+click on a phandle, Ctrl+F.
    DtsSourceView *sourceView() const { return m_source; }
    // The first item of `section` ("Regions", "Interrupts", …) whose column 0 is `label`.
    QTreeWidgetItem *item(const QString &section, const QString &label) const;

    // The context menu of a details row (caller owns it; nullptr when the row has none): a
    // dependency's decisions, and on the Dependencies section and its rows the bulk decisions
    // (Apply the Suggested Policy, Drop All Pinctrl, Stub All Clocks), each one undo step.
    QMenu *dependencyMenu(QTreeWidgetItem *row);

signals:
    void nodeActivated(const QString &path); // a link (dependency, IOMMU, SCMI agent…) was clicked
    void refused(const QString &reason); // a bulk decision's refusal

private:
    void refresh();
    void fillDetails();
    void addBulkActions(QMenu *menu);
    void onItemClicked(QTreeWidgetItem *item, int column);
    void showContextMenu(const QPoint &pos);
    QTreeWidgetItem *section(const QString &title, int count);
    QTreeWidgetItem *addRow(QTreeWidgetItem *parent, const QString &label, const QString &value,
                            const QString &guest = QString());
    void makeLink(QTreeWidgetItem *item, int column, const QString &path);
    void addNodeSection(const Node &n);
    void addRegions(const Node &n);
    void addInterrupts(const Node &n);
    void addIommu(const Node &n);
    void addScmi(const Node &n);
    void addScmiPolicy(const Node &n);
    void addDependencies(const Node &n);
    void addDiagnostics(const Node &n);
    QByteArray hostDts();

    ProjectDocument *m_document;
    QString m_path;
    QString m_shownPath; // the node the details were last filled for (scroll kept while it stays)
    QLabel *m_title;
    QTreeWidget *m_details;
    DtsSourceView *m_source;
    QsciScintilla *m_dts; // m_source's editor
    const HostModel *m_dtsHost = nullptr; // the host m_hostDts was decompiled from
    QByteArray m_hostDts;
};

} // namespace devassign
