// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Syntax highlighting for xl domain configuration files (xl.cfg(5): `KEY = VALUE` lines, '#'
// comments, single- or double-quoted strings, numbers and `[ ... ]` lists that may span lines).
// Positions are UTF-8 byte offsets, as Scintilla counts them.

#include "linelexer.h"

#include <QByteArray>
#include <QVector>

namespace devassign {

class XlCfgLexer : public LineLexer
{
    Q_OBJECT
public:
    // The single source of style numbers.
    enum Style {
        Default = 0,
        Comment,    // # …
        Key,        // name, memory, iomem …
        Operator,   // = [ ] , ;
        String,     // "…" or '…'
        Number,     // 256, 0x9010
        Identifier, // a bare word in a value
        StyleCount
    };

    struct Span {
        int length = 0;
        Style style = Default;
    };

    explicit XlCfgLexer(QObject *parent = nullptr);

    const char *language() const override;
    QString description(int style) const override;
    QColor defaultColor(int style) const override;
    QFont defaultFont(int style) const override;
    QColor defaultPaper(int style) const override;

    // Styles one line; `state` carries an open list (its depth) into the next line.
    static QVector<Span> styleLine(const QByteArray &line, int &state);

protected:
    QVector<Run> runsForLine(const QByteArray &line, int &state) const override;
};

} // namespace devassign
