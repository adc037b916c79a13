// SPDX-License-Identifier: GPL-2.0-or-later
#include "linelexer.h"

#include <Qsci/qsciscintilla.h>

namespace devassign {

void LineLexer::styleText(int start, int end)
{
    QsciScintilla *ed = editor();
    if (!ed || end <= start)
        return;
    // QsciLexerCustom hands us a range that starts at a line start; the previous line's state says
    // what is still open there.
    int line = int(ed->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, static_cast<unsigned long>(start)));
    int state = line > 0 ? int(ed->SendScintilla(QsciScintillaBase::SCI_GETLINESTATE, line - 1)) : 0;
    // QsciScintilla::bytes() appends the terminating NUL of SCI_GETTEXTRANGE; drop it.
    const QByteArray text = ed->bytes(start, end).left(end - start);
    startStyling(start);
    int pos = 0;
    while (pos < text.size()) {
        int eol = int(text.indexOf('\n', pos));
        eol = eol < 0 ? int(text.size()) : eol + 1;
        for (const Run &run : runsForLine(text.mid(pos, eol - pos), state))
            setStyling(run.length, run.style);
        ed->SendScintilla(QsciScintillaBase::SCI_SETLINESTATE, line, state);
        ++line;
        pos = eol;
    }
}

} // namespace devassign
