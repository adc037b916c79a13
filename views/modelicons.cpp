// SPDX-License-Identifier: GPL-2.0-or-later
#include "modelicons.h"

#include <QColor>
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

} // namespace

QIcon statusIcon(StatusColor color)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(color));
    if (it == cache.end())
        it = cache.insert(int(color), drawIcon(colorOf(color)));
    return it.value();
}

} // namespace devassign
