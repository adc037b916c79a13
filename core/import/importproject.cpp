// SPDX-License-Identifier: GPL-2.0-or-later
// Imported domains into a project, through the same edit functions as every other change.

#include "importers.h"

#include <QDir>
#include <QFileInfo>

namespace devassign {

Status addImportedDomains(Project &into, const QVector<DomainConfig> &domains, QStringList &report)
{
    Project next = into;
    for (const DomainConfig &imported : domains) {
        DomainConfig settings = imported;
        settings.devices.clear();
        if (Status s = addDomain(next, settings); !s)
            return s;
        for (const QString &device : imported.devices)
            if (Status s = assignDevice(next, imported.name, device); !s)
                report << QStringLiteral("domain %1: %2; left out").arg(imported.name, s.error());
    }
    into = next;
    return {};
}

QString exportLayoutPartialDtb(const QString &hostDtbFile, const QString &domain)
{
    const QDir exportDir = QFileInfo(hostDtbFile).absoluteDir().filePath(QStringLiteral(".."));
    return QDir::cleanPath(exportDir.filePath(domain + QStringLiteral("/passthrough.dtb")));
}

} // namespace devassign
