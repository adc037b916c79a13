// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Where Help ▸ User Guide and Help ▸ Rules find the documentation: installed next to the binary
// (<prefix>/share/doc/devassign/), else the source tree the studio was built from.

#include <QString>
#include <QUrl>

namespace devassign {

// A local file URL of docs/<file> ("user-guide.md", "rules.md"), or an empty URL when neither
// place has it.
QUrl documentationUrl(const QString &file);

} // namespace devassign
