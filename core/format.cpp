// SPDX-License-Identifier: GPL-2.0-or-later
#include "format.h"

#include <QRegularExpression>

#include <cstring>
#include <limits>

namespace devassign::format {

QString hex(quint64 v)
{
    return QStringLiteral("0x") + QString::number(v, 16);
}

QString span(quint64 base, quint64 size)
{
    return size ? hex(base) + QLatin1Char('-') + hex(base + size - 1) : hex(base);
}

QString memoryText(quint64 kib)
{
    if (kib != 0 && kib % (1024 * 1024) == 0)
        return QStringLiteral("%1G").arg(kib / (1024 * 1024));
    if (kib != 0 && kib % 1024 == 0)
        return QStringLiteral("%1M").arg(kib / 1024);
    return QStringLiteral("%1K").arg(kib);
}

QString memorySize(quint64 kib)
{
    if (kib != 0 && kib % (1024 * 1024) == 0)
        return QStringLiteral("%1 GiB").arg(kib / (1024 * 1024));
    if (kib != 0 && kib % 1024 == 0)
        return QStringLiteral("%1 MiB").arg(kib / 1024);
    return QStringLiteral("%1 KiB").arg(kib);
}

std::optional<quint64> parseNumber(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("\\A(?:0[xX]([0-9a-fA-F]+)|([0-9]+))\\z"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const quint64 n = m.hasCaptured(1) ? m.captured(1).toULongLong(&ok, 16) : m.captured(2).toULongLong(&ok, 10);
    return ok ? std::optional<quint64>(n) : std::nullopt;
}

std::optional<quint64> parseSize(const QString &text, quint64 plainUnit)
{
    static const QRegularExpression re(QStringLiteral("\\A(0[xX][0-9a-fA-F]+|[0-9]+)\\s*(?:([KkMmGg])(?:i?B)?)?\\z"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const std::optional<quint64> parsed = parseNumber(m.captured(1));
    if (!parsed)
        return std::nullopt;
    const quint64 number = *parsed;
    constexpr quint64 kKiB = 1024;
    quint64 unit = plainUnit;
    const QString suffix = m.captured(2).toUpper();
    if (suffix == QLatin1String("K"))
        unit = kKiB;
    else if (suffix == QLatin1String("M"))
        unit = kKiB * kKiB;
    else if (suffix == QLatin1String("G"))
        unit = kKiB * kKiB * kKiB;
    if (number != 0 && unit > std::numeric_limits<quint64>::max() / number)
        return std::nullopt;
    return number * unit;
}

bool isControlCharacter(QChar c)
{
    const ushort u = c.unicode();
    return u < 0x20 || u == 0x7f || u == 0x85 || u == 0x2028 || u == 0x2029;
}

QString nonUtf8ArgumentProblem(int argc, const char *const *argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray given(argv[i]);
        const QString decoded = QString::fromUtf8(given);
        if (decoded.toUtf8() == given)
            continue;
        // A leading byte order mark that the decoder dropped: the name would lose it.
        const qsizetype bom = given.startsWith("\xEF\xBB\xBF") && !decoded.startsWith(QChar(0xFEFF)) ? 3 : 0;
        if (bom && decoded.toUtf8() == given.mid(bom))
            return QStringLiteral("argument %1 starts with a UTF-8 byte order mark (EF BB BF), which would be "
                                  "dropped from the name; remove it").arg(i);
        // The first U+FFFD the argument does not spell itself (EF BF BD) marks the bad byte.
        qsizetype at = bom;
        for (qsizetype j = 0; j < decoded.size(); ++j) {
            if (decoded.at(j) != QChar::ReplacementCharacter)
                continue;
            at = bom + decoded.left(j).toUtf8().size();
            if (!given.mid(at).startsWith("\xEF\xBF\xBD"))
                break;
        }
        return QStringLiteral("argument %1 is not valid UTF-8 (byte 0x%2 at position %3): names and paths must be UTF-8")
            .arg(i)
            .arg(uchar(given.at(at)), 2, 16, QLatin1Char('0'))
            .arg(at + 1);
    }
    return QString();
}

int firstControlCharacter(const QString &s)
{
    for (int i = 0; i < s.size(); ++i)
        if (isControlCharacter(s[i]))
            return i;
    return -1;
}

QString characterName(QChar c)
{
    const ushort u = c.unicode();
    const QString code = QStringLiteral("U+") + QStringLiteral("%1").arg(u, 4, 16, QLatin1Char('0')).toUpper();
    const char *name = nullptr;
    switch (u) {
    case 0x00: name = "NUL"; break;
    case 0x09: name = "tab"; break;
    case 0x0a: name = "line feed"; break;
    case 0x0d: name = "carriage return"; break;
    case 0x1b: name = "escape"; break;
    case 0x7f: name = "delete"; break;
    case 0x85: name = "next line"; break;
    case 0x2028: name = "line separator"; break;
    case 0x2029: name = "paragraph separator"; break;
    default: break;
    }
    return name ? QStringLiteral("%1 (%2)").arg(code, QLatin1String(name)) : code;
}

namespace {

// The escape for one control character: \n \r \t \0, else \xHH (below 0x100) or \uHHHH.
QString escapeOf(QChar c)
{
    switch (c.unicode()) {
    case 0x00: return QStringLiteral("\\0");
    case 0x09: return QStringLiteral("\\t");
    case 0x0a: return QStringLiteral("\\n");
    case 0x0d: return QStringLiteral("\\r");
    default: break;
    }
    if (c.unicode() < 0x100)
        return QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
    return QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
}

} // namespace

QString oneLine(const QString &s)
{
    if (firstControlCharacter(s) < 0)
        return s;
    QString out;
    out.reserve(s.size() + 8);
    for (QChar c : s)
        out += isControlCharacter(c) ? escapeOf(c) : QString(c);
    return out;
}

QString commentText(const QString &s, CommentSyntax syntax)
{
    QString out = oneLine(s);
    switch (syntax) {
    case CommentSyntax::Hash:
        break; // only a line break ends the comment
    case CommentSyntax::CBlock:
        out.replace(QLatin1String("*/"), QLatin1String("*\\/"));
        break;
    case CommentSyntax::Html:
        // A comment ends at "-->" or "--!>", and may not hold "<!--" (HTML Living Standard,
        // 13.2.5.43 ff.): without < and > none of them can be formed.
        out.replace(QLatin1Char('<'), QLatin1String("\\x3c"));
        out.replace(QLatin1Char('>'), QLatin1String("\\x3e"));
        break;
    }
    return out;
}

QString xlString(const QString &s)
{
    QString out;
    out.reserve(s.size() + 2);
    out += QLatin1Char('"');
    for (QChar c : s) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('"')) {
            out += QLatin1Char('\\');
            out += c;
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            // The letter escapes xlu__cfgl_dequote decodes. Its numeric escapes are broken in every
            // release (NUMERIC_CHAR rejects the digits it has just read, and never stores a value),
            // so any other control character is written as \xHH, which libxlutil refuses: the file
            // fails closed. The export never gets there: such values are refused at entry.
            static const char letters[] = "\a\b\f\n\r\t\v";
            static const char names[] = "abfnrtv";
            const char *at = c.unicode() ? std::strchr(letters, char(c.unicode())) : nullptr;
            out += at ? QStringLiteral("\\") + QLatin1Char(names[at - letters])
                      : QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

QString shellWord(const QString &s)
{
    QString out = s;
    out.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString markdownText(const QString &s)
{
    // CommonMark 2.4: any ASCII punctuation may be backslash-escaped. Escaped here: what can start
    // emphasis, code, links, images, HTML or entities, or end a table cell. The text always follows
    // a prefix of devassign's ("- foo: ", "| "), so line-start markers (#, -, +, 1.) cannot act.
    static const QString punctuation = QStringLiteral("\\`*_[]<>&|~!");
    const QString line = oneLine(s);
    QString out;
    out.reserve(line.size() * 2);
    for (QChar c : line) {
        if (punctuation.contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString markdownCode(const QString &s)
{
    const QString text = oneLine(s);
    int longest = 0;
    int run = 0;
    for (QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = qMax(longest, run);
    }
    const QString fence(longest + 1, QLatin1Char('`'));
    // A span that starts or ends with a backtick (or a space) needs a space inside the fence; one
    // space on each side is stripped again (CommonMark 6.1).
    const bool pad = text.startsWith(QLatin1Char('`')) || text.endsWith(QLatin1Char('`'))
        || text.startsWith(QLatin1Char(' ')) || text.endsWith(QLatin1Char(' '));
    const QString space = pad ? QStringLiteral(" ") : QString();
    return fence + space + text + space + fence;
}

QString markdownCell(const QString &formatted)
{
    const QString line = oneLine(formatted);
    QString out;
    out.reserve(line.size() + 4);
    int backslashes = 0;
    for (QChar c : line) {
        // A "|" after an odd number of backslashes is already escaped; any other one gets its own.
        if (c == QLatin1Char('|') && backslashes % 2 == 0)
            out += QLatin1Char('\\');
        backslashes = c == QLatin1Char('\\') ? backslashes + 1 : 0;
        out += c;
    }
    return out;
}

QString htmlText(const QString &s)
{
    QString out;
    out.reserve(s.size() + 8);
    for (QChar c : s) {
        switch (c.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\'': out += QLatin1String("&#39;"); break;
        default: out += c; break;
        }
    }
    return out;
}

} // namespace devassign::format
