// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// A QScintilla lexer that styles text one line at a time, carrying what is still open at the end of
// a line (a comment, a list…) in Scintilla's per-line state. The DTS and xl.cfg lexers share it.

#include <Qsci/qscilexercustom.h>

#include <QByteArray>
#include <QVector>

namespace devassign {

class LineLexer : public QsciLexerCustom
{
    Q_OBJECT
public:
    using QsciLexerCustom::QsciLexerCustom;
    void styleText(int start, int end) override;

protected:
    struct Run {
        int length = 0;
        int style = 0;
    };
    // Styles one line (UTF-8 bytes, with its newline when it has one); the runs cover every byte.
    virtual QVector<Run> runsForLine(const QByteArray &line, int &state) const = 0;
};

} // namespace devassign
