// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Replacing one file atomically: the new bytes go to ".NAME.tmp-XXXXXX" beside it, are synced to
// disk and renamed over NAME, so a reader (or a crash, or SIGKILL) sees the old file or the new one,
// never a torn one. Not QSaveFile: a killed QSaveFile leaves "NAME.XXXXXX" behind, which no later
// save can tell from a user's file; ".NAME.tmp-XXXXXX" is devassign's own, and the next write of
// NAME removes any such leftover. Callers hold the file's lock (core/projectlock.h) or write a file
// only they write (an autosave).

#include "result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace devassign {

Status writeFileAtomically(const QString &file, const QByteArray &bytes);

// The first of `others` that names the same file as `file` (the same absolute path, or, when both
// exist, the same file through links), or "": an output that must not replace an input.
QString firstSameFile(const QString &file, const QStringList &others);

} // namespace devassign
