// SPDX-License-Identifier: GPL-2.0-or-later
#include "xlcfglexer.h"

#include <Qsci/qsciscintilla.h>

#include <QColor>
#include <QFont>
#include <QFontDatabase>

namespace devassign {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
        || c == '-' || c == '/' || c == ':';
}

void append(QVector<XlCfgLexer::Span> &spans, int length, XlCfgLexer::Style style)
{
    if (length <= 0)
        return;
    if (!spans.isEmpty() && spans.last().style == style)
        spans.last().length += length;
    else
        spans.append({ length, style });
}

} // namespace

XlCfgLexer::XlCfgLexer(QObject *parent) : LineLexer(parent) { }

const char *XlCfgLexer::language() const
{
    return "xl.cfg";
}

QString XlCfgLexer::description(int style) const
{
    switch (Style(style)) {
    case Default:
        return tr("Default");
    case Comment:
        return tr("Comment");
    case Key:
        return tr("Key");
    case Operator:
        return tr("Operator");
    case String:
        return tr("String");
    case Number:
        return tr("Number");
    case Identifier:
        return tr("Identifier");
    case StyleCount:
        break;
    }
    return QString();
}

// `state` is the depth of the open list at the end of the previous line (xl.cfg lists are
// `[ "a", "b" ]` and may span several lines).
QVector<XlCfgLexer::Span> XlCfgLexer::styleLine(const QByteArray &line, int &state)
{
    QVector<Span> spans;
    const int n = int(line.size());
    bool seenAssign = state > 0; // inside a list, every word is a value
    int i = 0;
    while (i < n) {
        const char c = line.at(i);
        int j = i + 1;
        Style style = Default;
        if (isSpace(c)) {
            while (j < n && isSpace(line.at(j)))
                ++j;
        } else if (c == '#') {
            j = n;
            style = Comment;
        } else if (c == '"' || c == '\'') {
            while (j < n && line.at(j) != c) {
                if (line.at(j) == '\\')
                    ++j;
                ++j;
            }
            j = qMin(j + 1, n);
            style = String;
        } else if (c == '[' || c == ']' || c == '=' || c == ',' || c == ';') {
            style = Operator;
            if (c == '[')
                ++state;
            else if (c == ']' && state > 0)
                --state;
            else if (c == '=')
                seenAssign = true;
            else if (c == ';' && state == 0)
                seenAssign = false;
        } else if (isWordChar(c)) {
            while (j < n && isWordChar(line.at(j)))
                ++j;
            bool isNumber = false;
            line.mid(i, j - i).toLongLong(&isNumber, 0);
            style = !seenAssign ? Key : isNumber ? Number : Identifier;
        }
        append(spans, j - i, style);
        i = j;
    }
    return spans;
}

QVector<LineLexer::Run> XlCfgLexer::runsForLine(const QByteArray &line, int &state) const
{
    QVector<Run> runs;
    for (const Span &span : styleLine(line, state))
        runs.append({span.length, int(span.style)});
    return runs;
}

QColor XlCfgLexer::defaultColor(int style) const
{
    switch (Style(style)) {
    case Comment:
        return QColor(0x6a, 0x73, 0x7d);
    case Key:
        return QColor(0x00, 0x4f, 0xa3);
    case Operator:
        return QColor(0x55, 0x55, 0x55);
    case String:
        return QColor(0xa3, 0x15, 0x15);
    case Number:
        return QColor(0x0b, 0x6e, 0x8a);
    case Identifier:
        return QColor(0x8a, 0x3f, 0xa0);
    case Default:
    case StyleCount:
        break;
    }
    return QColor(0x1f, 0x23, 0x28);
}

QFont XlCfgLexer::defaultFont(int style) const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setItalic(style == Comment);
    font.setBold(style == Key);
    return font;
}

QColor XlCfgLexer::defaultPaper(int) const
{
    return QColor(0xfd, 0xfd, 0xfc);
}

} // namespace devassign
