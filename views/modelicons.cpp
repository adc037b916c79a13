// SPDX-License-Identifier: GPL-2.0-or-later
#include "modelicons.h"

#include <QColor>
#include <QObject>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace devassign {

namespace {

QColor colorOf(StatusColor color)
{
    switch (color) {
    case StatusColor::Good:
        return QColor(0x2e, 0x9e, 0x44);
    case StatusColor::Bad:
        return QColor(0xd3, 0x2f, 0x2f);
    case StatusColor::Warning:
        return QColor(0xf0, 0xa0, 0x20);
    case StatusColor::Info:
        return QColor(0x1e, 0x6f, 0xd9);
    case StatusColor::Neutral:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

QIcon drawIcon(const QColor &color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(140));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    return QIcon(pixmap);
}

QString dot(StatusColor color)
{
    return QStringLiteral("<span style='color:%1'>&#9679;</span>").arg(colorOf(color).name());
}

} // namespace

QString statusDotsLegendHtml()
{
    const QString row = QStringLiteral("<tr><td>%1</td><td>%2</td></tr>");
    QString html = QObject::tr("<h3>Host tree and Domains pane</h3><table>");
    html += row.arg(dot(StatusColor::Good), QObject::tr("protected: behind an IOMMU that Xen drives for the target release"));
    html += row.arg(dot(StatusColor::Bad), QObject::tr("unprotected DMA, or behind an IOMMU Xen cannot drive (a device that "
                                                       "is not in the host DTB, in the Domains pane)"));
    html += row.arg(dot(StatusColor::Neutral), QObject::tr("no sign of DMA: nothing for an IOMMU to protect"));
    html += QObject::tr("</table><p>A domain's Errors column counts its unacknowledged errors (red dot).</p>");
    html += QObject::tr("<h3>Diagnostics pane</h3><table>");
    html += row.arg(dot(StatusColor::Bad), QObject::tr("error: the export is refused until it is fixed or acknowledged"));
    html += row.arg(dot(StatusColor::Warning), QObject::tr("warning: works, but check it"));
    html += row.arg(dot(StatusColor::Info), QObject::tr("info: what devassign decided for you"));
    html += row.arg(dot(StatusColor::Neutral), QObject::tr("acknowledged (shown in italics): accepted, with the note in the project"));
    return html + QStringLiteral("</table>");
}

QIcon statusIcon(StatusColor color)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(color));
    if (it == cache.end())
        it = cache.insert(int(color), drawIcon(colorOf(color)));
    return it.value();
}

} // namespace devassign
