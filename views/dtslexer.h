// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Syntax highlighting for device-tree source (DTS) in QScintilla. Token classes follow the usual
// DTS grammars (labels, node names with unit addresses, properties, cells, strings, byte strings,
// &references, /directives/, preprocessor lines). Positions are UTF-8 byte offsets, as Scintilla
// counts them.

#include "linelexer.h"

#include <QByteArray>
#include <QVector>

namespace devassign {

class DtsLexer : public LineLexer
{
    Q_OBJECT
public:
    // The single source of style numbers (used by styleText, description and the colours).
    enum Style {
        Default = 0,
        Comment,
        Preprocessor, // #include, #define …
        Directive,    // /dts-v1/, /plugin/, /delete-node/, /bits/ …
        Label,        // uart0:
        NodeName,     // serial
        UnitAddress,  // @9000000
        Property,     // compatible
        Operator,     // = ; , { } < > [ ] and cell arithmetic
        Number,       // 0x9000000, 42
        String,       // "arm,pl011"
        ByteString,   // [00 11 22]
        Reference,    // &uart0, &{/soc/uart}
        Macro,        // GIC_SPI inside cells
        StyleCount
    };

    // One styled run of bytes.
    struct Span {
        int length = 0;
        Style style = Default;
    };

    explicit DtsLexer(QObject *parent = nullptr);

    const char *language() const override;
    QString description(int style) const override;
    QColor defaultColor(int style) const override;
    QFont defaultFont(int style) const override;
    QColor defaultPaper(int style) const override;
    const char *wordCharacters() const override;

    // Styles one line (UTF-8 bytes, without or with its newline). `state` carries what is open at
    // the end of the line (a /* comment */, a <cell list>, a [byte string], a property value) into
    // the next line. The spans cover every byte of `line` in order.
    static QVector<Span> styleLine(const QByteArray &line, int &state);

protected:
    QVector<Run> runsForLine(const QByteArray &line, int &state) const override;
};

} // namespace devassign
