// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Reading the files a user names (host DTB/DTS, project, imported configs): refused, before a byte
// is read, when the path is not a regular file (a FIFO would block forever, /dev/zero never ends)
// or is larger than the documented limit (core/limits.h). Errors name the file.

#include "result.h"

#include <QByteArray>
#include <QString>

namespace devassign {

// The whole file. `maxBytes` is the limit for this kind of input; `what` names it in the error
// ("device tree", "project file").
Result<QByteArray> readInputFile(const QString &file, qint64 maxBytes, const QString &what);

// The size of a regular file that is only measured, never read (a kernel or ramdisk image).
Result<qint64> regularFileSize(const QString &file);

} // namespace devassign
