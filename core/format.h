// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// How devassign writes values as text: numbers (hex, ranges, sizes) and, for every exported
// syntax, the one function that puts an untrusted string (a project value, a file name, a string
// from the host DTB) into it without letting it break out of its field. Every exporter and every
// face calls these; none has a copy of its own (DEVELOPERS.md, "Where things are").

#include <QString>
#include <QtGlobal>

#include <optional>

namespace devassign::format {

// ---- numbers -----------------------------------------------------------------------------------
QString hex(quint64 v);                         // "0x9010000"
QString span(quint64 base, quint64 size);       // inclusive range "0x9010000-0x9010fff" ("0x0" for size 0)
QString memoryText(quint64 kib);                // "256M", "1G", "512K": the CLI's --memory syntax
QString memorySize(quint64 kib);                // "256 MiB", "1 GiB", "512 KiB": for people
// "4096" or "0x1000": decimal, or hex after 0x. A leading 0 is decimal ("010" is ten, never the
// C octal eight), no sign, no spaces. nullopt otherwise or when it overflows 64 bits. Every number
// the CLI, the studio and a project file's "0x…" strings give is read with this.
std::optional<quint64> parseNumber(const QString &text);
// "256M", "1G", "512K", "0x10000000", "4096": a number (decimal or 0x hex) with an optional binary
// suffix K/M/G (KiB/MiB/GiB, "MiB"/"MB" accepted). A bare number counts in `plainUnit` bytes.
// nullopt when it is not such a number or overflows 64 bits. Every face reads sizes with this.
std::optional<quint64> parseSize(const QString &text, quint64 plainUnit = 1);

// ---- control characters --------------------------------------------------------------------------
// C0 controls, DEL, and the Unicode line and paragraph separators (U+0085, U+2028, U+2029), which
// editors and some consumers treat as line breaks.
bool isControlCharacter(QChar c);
// Index of the first control character in `s`, or -1.
int firstControlCharacter(const QString &s);
// "U+000A (line feed)" for messages that name the character that was refused.
QString characterName(QChar c);
// `s` on one line: every control character written as \n, \r, \t, \0 or \xHH / \uHHHH. Used for
// every message the CLI prints and every value a comment repeats.
QString oneLine(const QString &s);

// ---- command-line arguments ----------------------------------------------------------------------
// Qt decodes argv as UTF-8 and turns bytes it cannot decode into U+FFFD, so an argument with such
// a byte would name another file. The first argument (from 1) that is not UTF-8, and the message
// that says so in one line, or an empty string when all are.
QString nonUtf8ArgumentProblem(int argc, const char *const *argv);

// ---- per-syntax quoting ----------------------------------------------------------------------------
enum class CommentSyntax {
    Hash,       // "# …" to the end of the line (xl dom.cfg, shell)
    CBlock,     // "/* … */" (DTS)
    Html,       // "<!-- … -->" (audit.md)
};
// Text safe inside one comment of that syntax: on one line, and unable to close the comment.
QString commentText(const QString &s, CommentSyntax syntax);

// An xl.cfg string: double quotes with the escapes libxlutil's dequote understands
// (tools/libs/util/libxlu_cfg.c, xlu__cfgl_dequote: \\ \" \a \b \f \n \r \t \v). Other control
// characters have no working escape there; callers refuse them (domainSettingsProblem).
QString xlString(const QString &s);
// A shell word: single quotes, a ' written as '\'' (POSIX sh 2.2.2). Nothing inside is expanded.
QString shellWord(const QString &s);
// Markdown (CommonMark/GFM) inline text, for a value placed after devassign's own prefix: the
// characters that start emphasis, code, links, HTML or entities backslash-escaped, on one line.
QString markdownText(const QString &s);
// A Markdown code span that shows `s` literally (a fence longer than any backtick run in it).
QString markdownCode(const QString &s);
// One GFM table cell: a `|` in the already formatted text escaped (GFM applies that escape before
// inline parsing, so it also holds inside code spans), on one line.
QString markdownCell(const QString &formatted);
// HTML text content and attribute values (& < > " ' as character references).
QString htmlText(const QString &s);

} // namespace devassign::format
