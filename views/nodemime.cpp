// SPDX-License-Identifier: GPL-2.0-or-later
#include "nodemime.h"

#include <QMimeData>

namespace devassign {

namespace {
const QString kSourceMimeType = QStringLiteral("application/x-devassign-source");
}

const QString &nodesMimeType()
{
    static const QString type = QStringLiteral("application/x-devassign-nodes");
    return type;
}

QMimeData *nodesMimeData(const QStringList &paths, DragSource source)
{
    if (paths.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(nodesMimeType(), paths.join(QLatin1Char('\n')).toUtf8());
    data->setData(kSourceMimeType, source == DragSource::Domains ? QByteArrayLiteral("domains") : QByteArrayLiteral("host"));
    return data;
}

QStringList pathsFromMime(const QMimeData *data)
{
    if (!data || !data->hasFormat(nodesMimeType()))
        return {};
    return QString::fromUtf8(data->data(nodesMimeType())).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

DragSource dragSourceOf(const QMimeData *data)
{
    return data && data->data(kSourceMimeType) == "domains" ? DragSource::Domains : DragSource::Host;
}

} // namespace devassign
