// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The inspector's DTS pane: the selected node's decompiled source in a read-only QScintilla view,
// with a squiggle under every line a diagnostic of the node points at (the property it names, or
// the node's first line) and the messages on hover; Ctrl+click on a phandle cell goes to the
// node it refers to; Ctrl+F opens a find bar in the pane (Enter: next, Esc: close).

#include "diagnostic.h"
#include "hostmodel.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QLineEdit;
class QsciScintilla;

namespace devassign {

class DtsSourceView : public QWidget {
    Q_OBJECT
public:
    explicit DtsSourceView(QWidget *parent = nullptr);
    ~DtsSourceView() override;

    QsciScintilla *editor() const { return m_editor; }
    QLineEdit *findEdit() const { return m_findEdit; }
    bool isFindBarShown() const;

    // `text` is the block of `node` (its header on line 0); `diagnostics` the node's findings.
    void setSource(
        const HostModel *model, const Node *node, const QString &text, const QVector<Diagnostic> &diagnostics);
    // Lines (0-based) with a squiggle, and the messages a hover on `line` shows ("" = none).
    QList<int> squiggledLines() const { return m_lineMessages.keys(); }
    QString messagesAt(int line) const { return m_lineMessages.value(line); }
    // The path of the node a phandle cell at (line, index) refers to, or "".
    QString referenceAt(int line, int index) const;
    // Ctrl+click: emits referenceActivated for referenceAt(line, index); false when there is none.
    bool followReference(int line, int index);
    void showFindBar();
    bool findNext(); // the next match of the find bar's text, wrapping

signals:
    void referenceActivated(const QString &path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void markDiagnostics(const QVector<Diagnostic> &diagnostics);
    int propertyLine(const QString &property) const;
    QString nodeOfLine(int line) const;
    void showDwellTip(int position, int x, int y);
    void findFromStart();

    QsciScintilla *m_editor;
    QWidget *m_findBar;
    QLineEdit *m_findEdit;
    QLabel *m_findNote;
    const HostModel *m_model = nullptr;
    QString m_nodePath;
    QMap<int, QString> m_lineMessages;
};

} // namespace devassign
