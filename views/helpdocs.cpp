// SPDX-License-Identifier: GPL-2.0-or-later
#include "helpdocs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace devassign {

QUrl documentationUrl(const QString &file)
{
    const QStringList folders = {
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/doc/devassign")),
        QStringLiteral(DEVASSIGN_DOCS_DIR),
    };
    for (const QString &folder : folders) {
        const QFileInfo info(QDir(folder).filePath(file));
        if (info.isFile())
            return QUrl::fromLocalFile(info.canonicalFilePath());
    }
    return QUrl();
}

} // namespace devassign
