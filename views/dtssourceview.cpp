// SPDX-License-Identifier: GPL-2.0-or-later
#include "dtssourceview.h"

#include "dtslexer.h"
#include "exportpreview.h"

#include <Qsci/qsciscintilla.h>

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace devassign {

namespace {

// One squiggle style per severity (Scintilla's container indicators start at 8).
int indicatorOf(Severity s)
{
    return 8 + int(s);
}

QColor colorOf(Severity s)
{
    switch (s) {
    case Severity::Error:
        return QColor(0xd3, 0x2f, 0x2f);
    case Severity::Warning:
        return QColor(0xe0, 0x90, 0x10);
    case Severity::Info:
        break;
    }
    return QColor(0x1e, 0x6f, 0xd9);
}

// "\tclocks = <…>;" or "\tdma-coherent;": the property a line of a node's block sets, and its depth.
bool propertyOfLine(const QString &line, QString *name, int *depth)
{
    static const QRegularExpression re(QStringLiteral("^(\\t*)([^\\s{}=;]+)\\s*(=|;)"));
    const QRegularExpressionMatch m = re.match(line);
    if (!m.hasMatch())
        return false;
    *name = m.captured(2);
    *depth = int(m.captured(1).size());
    return true;
}

} // namespace

DtsSourceView::DtsSourceView(QWidget *parent)
    : QWidget(parent)
    , m_editor(createCodeView(new DtsLexer, this))
    , m_findBar(new QWidget(this))
    , m_findEdit(new QLineEdit(m_findBar))
    , m_findNote(new QLabel(m_findBar))
{
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Info}) {
        m_editor->indicatorDefine(QsciScintilla::SquiggleIndicator, indicatorOf(s));
        m_editor->setIndicatorForegroundColor(colorOf(s), indicatorOf(s));
    }
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETMOUSEDWELLTIME, 400);
    connect(m_editor, &QsciScintillaBase::SCN_DWELLSTART, this, &DtsSourceView::showDwellTip);
    connect(m_editor, &QsciScintillaBase::SCN_DWELLEND, this, [] { QToolTip::hideText(); });
    m_editor->installEventFilter(this);
    m_editor->viewport()->installEventFilter(this);

    m_findEdit->setObjectName(QStringLiteral("dtsFind"));
    m_findEdit->setPlaceholderText(tr("Find in the source (Enter: next, Esc: close)"));
    m_findEdit->installEventFilter(this);
    connect(m_findEdit, &QLineEdit::textEdited, this, &DtsSourceView::findFromStart);
    connect(m_findEdit, &QLineEdit::returnPressed, this, &DtsSourceView::findNext);
    auto *close = new QToolButton(m_findBar);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Close the find bar (Esc)"));
    connect(close, &QToolButton::clicked, m_findBar, &QWidget::hide);
    auto *row = new QHBoxLayout(m_findBar);
    row->setContentsMargins(4, 2, 4, 2);
    row->addWidget(m_findEdit, 1);
    row->addWidget(m_findNote);
    row->addWidget(close);
    m_findBar->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_findBar);
}

DtsSourceView::~DtsSourceView() = default;

void DtsSourceView::setSource(
    const HostModel *model, const Node *node, const QString &text, const QVector<Diagnostic> &diagnostics)
{
    m_model = model;
    m_nodePath = node ? node->path : QString();
    m_editor->setText(text);
    markDiagnostics(diagnostics);
}

// Line of one of the node's own properties (depth 1 below its header), or -1.
int DtsSourceView::propertyLine(const QString &property) const
{
    for (int line = 1; line < m_editor->lines(); ++line) {
        QString name;
        int depth = 0;
        if (propertyOfLine(m_editor->text(line), &name, &depth) && depth == 1 && name == property)
            return line;
    }
    return -1;
}

// A finding points at the properties its params name ("clocks", "pinctrl-0, pinctrl-1"), else at
// the node itself (line 0).
void DtsSourceView::markDiagnostics(const QVector<Diagnostic> &diagnostics)
{
    m_lineMessages.clear();
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Info})
        m_editor->clearIndicatorRange(
            0, 0, qMax(0, m_editor->lines() - 1), m_editor->lineLength(m_editor->lines() - 1), indicatorOf(s));
    if (m_nodePath.isEmpty())
        return;
    for (const Diagnostic &d : diagnostics) {
        QList<int> lines;
        for (const auto &param : d.params)
            for (const QString &value : param.second.split(QStringLiteral(", ")))
                if (const int line = propertyLine(value.trimmed()); line > 0 && !lines.contains(line))
                    lines << line;
        if (lines.isEmpty())
            lines << 0;
        for (int line : lines) {
            const QString text = m_editor->text(line);
            const int start =
                int(text.size() - QString(text).remove(QRegularExpression(QStringLiteral("^\\s+"))).size());
            m_editor->fillIndicatorRange(
                line, start, line, int(text.trimmed().size()) + start, indicatorOf(d.severity));
            QString &messages = m_lineMessages[line];
            messages += (messages.isEmpty() ? QString() : QStringLiteral("\n"))
                + QStringLiteral("%1[%2] %3").arg(severityName(d.severity), d.rule, d.message);
        }
    }
}

void DtsSourceView::showDwellTip(int position, int x, int y)
{
    if (position < 0)
        return;
    const int line = int(m_editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, position));
    const QString messages = messagesAt(line);
    if (!messages.isEmpty())
        QToolTip::showText(m_editor->viewport()->mapToGlobal(QPoint(x, y)), messages, m_editor);
}

// The node a line belongs to: the shown node, or the child whose block holds it.
QString DtsSourceView::nodeOfLine(int line) const
{
    static const QRegularExpression open(QStringLiteral("^\\t*(?:[^\\s:]+:\\s+)?([^\\s{]+)\\s*\\{"));
    QStringList stack;
    for (int l = 1; l <= line && l < m_editor->lines(); ++l) {
        const QString text = m_editor->text(l);
        const QRegularExpressionMatch m = open.match(text);
        if (m.hasMatch() && l < line)
            stack << m.captured(1);
        else if (text.trimmed() == QLatin1String("};") && !stack.isEmpty() && l < line)
            stack.removeLast();
    }
    QString path = m_nodePath;
    for (const QString &name : stack)
        path += (path.endsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/")) + name;
    return path;
}

QString DtsSourceView::referenceAt(int line, int index) const
{
    if (!m_model || line < 0 || line >= m_editor->lines())
        return QString();
    const QString text = m_editor->text(line);
    QString property;
    int depth = 0;
    if (!propertyOfLine(text, &property, &depth))
        return QString();
    // The cell under the cursor: a number such as 0x2c.
    static const QRegularExpression cell(QStringLiteral("0x[0-9a-fA-F]+|\\b[0-9]+\\b"));
    for (QRegularExpressionMatchIterator it = cell.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (index < m.capturedStart() || index > m.capturedEnd())
            continue;
        bool ok = false;
        const quint32 value = m.captured().toUInt(&ok, 0);
        const Node *owner = m_model->node(nodeOfLine(line));
        const Node *target = ok ? m_model->nodeByPhandle(value) : nullptr;
        if (!owner || !target)
            return QString();
        for (const Dependency &d : owner->dependencies)
            if (d.property == property && d.target == target->path)
                return target->path;
        return QString();
    }
    return QString();
}

bool DtsSourceView::followReference(int line, int index)
{
    const QString path = referenceAt(line, index);
    if (path.isEmpty())
        return false;
    emit referenceActivated(path);
    return true;
}

bool DtsSourceView::isFindBarShown() const
{
    return m_findBar->isVisibleTo(this);
}

void DtsSourceView::showFindBar()
{
    m_findBar->show();
    if (m_editor->hasSelectedText())
        m_findEdit->setText(m_editor->selectedText());
    m_findEdit->selectAll();
    m_findEdit->setFocus();
}

void DtsSourceView::findFromStart()
{
    const QString text = m_findEdit->text();
    const bool found = !text.isEmpty() && m_editor->findFirst(text, false, false, false, true, true, 0, 0);
    m_findNote->setText(found || text.isEmpty() ? QString() : tr("not found"));
}

bool DtsSourceView::findNext()
{
    const QString text = m_findEdit->text();
    if (text.isEmpty())
        return false;
    int line = 0, index = 0;
    m_editor->getCursorPosition(&line, &index);
    const bool found = m_editor->findFirst(text, false, false, false, true, true, line, index);
    m_findNote->setText(found ? QString() : tr("not found"));
    return found;
}

bool DtsSourceView::eventFilter(QObject *watched, QEvent *event)
{
    auto *key = event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress
        ? static_cast<QKeyEvent *>(event)
        : nullptr;
    if (watched == m_findEdit && key && key->key() == Qt::Key_Escape) {
        event->accept();
        if (event->type() == QEvent::KeyPress) {
            m_findBar->hide();
            m_editor->setFocus();
        }
        return event->type() == QEvent::KeyPress;
    }
    if (key && key->matches(QKeySequence::Find)) {
        // Ctrl+F in the pane (and in its find bar) finds in the pane, not the window's Find Node.
        event->accept();
        if (event->type() == QEvent::KeyPress)
            showFindBar();
        return true;
    }
    if (watched == m_editor->viewport() && event->type() == QEvent::MouseButtonRelease) {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::ControlModifier)) {
            const QPoint at = mouse->position().toPoint();
            const long position =
                m_editor->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMPOINTCLOSE, at.x(), at.y());
            int line = -1, index = -1;
            if (position >= 0)
                m_editor->lineIndexFromPosition(int(position), &line, &index);
            if (followReference(line, index))
                return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace devassign
