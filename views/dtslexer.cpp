// SPDX-License-Identifier: GPL-2.0-or-later
#include "dtslexer.h"

#include <Qsci/qsciscintilla.h>

#include <QColor>
#include <QFont>
#include <QFontDatabase>

namespace devassign {

namespace {

// What is still open at the end of a line; stored with SCI_SETLINESTATE.
enum LineState {
    InComment = 1,
    InCells = 2,
    InBytes = 4,
    InValue = 8,
};

bool isNameChar(char c)
{
    // DT spec 2.2.1 (node names) and 2.2.4 (property names), plus '@' for the unit address.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ',' || c == '.'
        || c == '_' || c == '+' || c == '-' || c == '*' || c == '#' || c == '?' || c == '@';
}

bool isIdentStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isIdentChar(char c)
{
    return isIdentStart(c) || (c >= '0' && c <= '9');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// Scans one line; every byte ends up in exactly one span.
class LineScanner
{
public:
    LineScanner(const QByteArray &line, int &state) : m_s(line), m_n(int(line.size())), m_state(state) { }

    QVector<DtsLexer::Span> run()
    {
        while (m_i < m_n) {
            if (m_state & InComment) {
                blockCommentRest();
                continue;
            }
            step();
        }
        return m_spans;
    }

private:
    char at(int i) const { return i < m_n ? m_s.at(i) : '\0'; }

    void put(int length, DtsLexer::Style style)
    {
        if (length <= 0)
            return;
        if (!m_spans.isEmpty() && m_spans.last().style == style)
            m_spans.last().length += length;
        else
            m_spans.append({ length, style });
        m_i += length;
    }

    int runOf(int from, bool (*pred)(char)) const
    {
        int j = from;
        while (j < m_n && pred(m_s.at(j)))
            ++j;
        return j;
    }

    void blockCommentRest()
    {
        const int close = int(m_s.indexOf("*/", m_i));
        if (close < 0) {
            put(m_n - m_i, DtsLexer::Comment);
            return;
        }
        m_state &= ~InComment;
        put(close + 2 - m_i, DtsLexer::Comment);
    }

    bool onlySpaceBefore() const
    {
        for (int j = 0; j < m_i; ++j) {
            if (!isSpace(m_s.at(j)))
                return false;
        }
        return true;
    }

    void step()
    {
        const char c = at(m_i);
        if (isSpace(c))
            return put(runOf(m_i, isSpace) - m_i, DtsLexer::Default);
        if (c == '/' && at(m_i + 1) == '*') {
            m_state |= InComment;
            return put(2, DtsLexer::Comment);
        }
        if (c == '/' && at(m_i + 1) == '/')
            return put(m_n - m_i, DtsLexer::Comment);
        if (c == '"')
            return string();
        if (m_state & InBytes)
            return byteString();
        if (m_state & InCells)
            return cells();
        if (c == '#' && onlySpaceBefore() && preprocessor())
            return;
        if (c == '/' && directive())
            return;
        if (c == '&')
            return reference();
        if (punctuation(c))
            return;
        if (isNameChar(c) || c == '/')
            return name();
        put(1, DtsLexer::Default);
    }

    void string()
    {
        int j = m_i + 1;
        while (j < m_n && m_s.at(j) != '"') {
            if (m_s.at(j) == '\\')
                ++j;
            ++j;
        }
        put(qMin(j + 1, m_n) - m_i, DtsLexer::String);
    }

    void byteString()
    {
        const char c = at(m_i);
        if (c == ']') {
            m_state &= ~InBytes;
            return put(1, DtsLexer::Operator);
        }
        const int j = runOf(m_i, [](char ch) { return !isSpace(ch) && ch != ']' && ch != '/'; });
        put(qMax(j, m_i + 1) - m_i, DtsLexer::ByteString);
    }

    void cells()
    {
        const char c = at(m_i);
        if (c == '>') {
            m_state &= ~InCells;
            return put(1, DtsLexer::Operator);
        }
        if (isDigit(c))
            return put(runOf(m_i, [](char ch) { return isIdentChar(ch); }) - m_i, DtsLexer::Number);
        if (c == '&')
            return reference();
        if (isIdentStart(c))
            return put(runOf(m_i, isIdentChar) - m_i, DtsLexer::Macro);
        if (c == '\'') { // character literal 'a'
            const int close = int(m_s.indexOf('\'', m_i + 1));
            return put((close < 0 ? m_n : close + 1) - m_i, DtsLexer::Number);
        }
        put(1, DtsLexer::Operator);
    }

    bool preprocessor()
    {
        static const char *const keywords[] = { "include", "define", "undef", "if", "ifdef", "ifndef",
                                                "elif", "else", "endif", "error", "pragma" };
        const int wordEnd = runOf(m_i + 1, isIdentChar);
        const QByteArray word = m_s.mid(m_i + 1, wordEnd - m_i - 1);
        for (const char *k : keywords) {
            if (word == k && (wordEnd >= m_n || !isNameChar(at(wordEnd)))) {
                put(m_n - m_i, DtsLexer::Preprocessor);
                return true;
            }
        }
        return false; // e.g. #address-cells is a property name
    }

    bool directive()
    {
        // "/dts-v1/", "/delete-node/", "/bits/" …: letters and dashes between two slashes.
        int j = m_i + 1;
        while (j < m_n && ((m_s.at(j) >= 'a' && m_s.at(j) <= 'z') || m_s.at(j) == '-' || isDigit(m_s.at(j))))
            ++j;
        if (j == m_i + 1 || at(j) != '/')
            return false;
        put(j + 1 - m_i, DtsLexer::Directive);
        return true;
    }

    void reference()
    {
        int j = m_i + 1;
        if (at(j) == '{') {
            const int close = int(m_s.indexOf('}', j));
            j = close < 0 ? m_n : close + 1;
        } else {
            j = runOf(j, isIdentChar);
        }
        put(j - m_i, DtsLexer::Reference);
    }

    bool punctuation(char c)
    {
        switch (c) {
        case '<':
            m_state |= InCells;
            break;
        case '[':
            m_state |= InBytes;
            break;
        case '=':
            m_state |= InValue;
            break;
        case ';':
        case '{':
        case '}':
            m_state &= ~InValue;
            break;
        case ',':
        case '>':
        case ']':
            break;
        default:
            return false;
        }
        put(1, DtsLexer::Operator);
        return true;
    }

    // A word outside values: a label (followed by ':'), a node name (followed by '{'),
    // otherwise a property name. Inside a value (after '='), a bare word is a number or default.
    void name()
    {
        const int end = at(m_i) == '/' ? m_i + 1 : runOf(m_i, isNameChar);
        int next = end;
        while (next < m_n && isSpace(m_s.at(next)))
            ++next;
        if (m_state & InValue) {
            const bool number = isDigit(at(m_i));
            return put(end - m_i, number ? DtsLexer::Number : DtsLexer::Default);
        }
        if (at(end) == ':' && isIdentStart(at(m_i)) && runOf(m_i, isIdentChar) == end)
            return put(end + 1 - m_i, DtsLexer::Label);
        if (at(next) == '{') {
            const int atSign = int(m_s.indexOf('@', m_i));
            if (atSign >= 0 && atSign < end) {
                put(atSign - m_i, DtsLexer::NodeName);
                return put(end - m_i, DtsLexer::UnitAddress);
            }
            return put(end - m_i, DtsLexer::NodeName);
        }
        put(end - m_i, DtsLexer::Property);
    }

    const QByteArray &m_s;
    const int m_n;
    int &m_state;
    int m_i = 0;
    QVector<DtsLexer::Span> m_spans;
};

} // namespace

DtsLexer::DtsLexer(QObject *parent) : LineLexer(parent) { }

const char *DtsLexer::language() const
{
    return "DTS";
}

QString DtsLexer::description(int style) const
{
    switch (Style(style)) {
    case Default:
        return tr("Default");
    case Comment:
        return tr("Comment");
    case Preprocessor:
        return tr("Preprocessor");
    case Directive:
        return tr("Directive");
    case Label:
        return tr("Label");
    case NodeName:
        return tr("Node name");
    case UnitAddress:
        return tr("Unit address");
    case Property:
        return tr("Property");
    case Operator:
        return tr("Operator");
    case Number:
        return tr("Number");
    case String:
        return tr("String");
    case ByteString:
        return tr("Byte string");
    case Reference:
        return tr("Reference");
    case Macro:
        return tr("Macro");
    case StyleCount:
        break;
    }
    return QString();
}

QVector<DtsLexer::Span> DtsLexer::styleLine(const QByteArray &line, int &state)
{
    return LineScanner(line, state).run();
}

QVector<LineLexer::Run> DtsLexer::runsForLine(const QByteArray &line, int &state) const
{
    QVector<Run> runs;
    for (const Span &span : styleLine(line, state))
        runs.append({span.length, int(span.style)});
    return runs;
}

QColor DtsLexer::defaultColor(int style) const
{
    switch (Style(style)) {
    case Comment:
        return QColor(0x6a, 0x73, 0x7d);
    case Preprocessor:
        return QColor(0x8a, 0x3f, 0xa0);
    case Directive:
        return QColor(0x8a, 0x3f, 0xa0);
    case Label:
        return QColor(0xb3, 0x5c, 0x00);
    case NodeName:
        return QColor(0x00, 0x4f, 0xa3);
    case UnitAddress:
        return QColor(0x2f, 0x7d, 0xc0);
    case Property:
        return QColor(0x1d, 0x6b, 0x3a);
    case Operator:
        return QColor(0x55, 0x55, 0x55);
    case Number:
        return QColor(0x0b, 0x6e, 0x8a);
    case String:
        return QColor(0xa3, 0x15, 0x15);
    case ByteString:
        return QColor(0x80, 0x50, 0x20);
    case Reference:
        return QColor(0xc2, 0x18, 0x5b);
    case Macro:
        return QColor(0x6d, 0x4c, 0x41);
    case Default:
    case StyleCount:
        break;
    }
    return QColor(0x1f, 0x23, 0x28);
}

QFont DtsLexer::defaultFont(int style) const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setItalic(style == Comment);
    font.setBold(style == NodeName || style == Label);
    return font;
}

QColor DtsLexer::defaultPaper(int) const
{
    return QColor(0xfd, 0xfd, 0xfc);
}

const char *DtsLexer::wordCharacters() const
{
    return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_,.+-#@";
}

} // namespace devassign
