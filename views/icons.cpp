// SPDX-License-Identifier: GPL-2.0-or-later
#include "icons.h"
#include "modelroles.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <functional>

// Q_INIT_RESOURCE must be called outside any namespace; devassign_views is a static library, so the
// linker would otherwise drop resources/devassign.qrc.
static void initApplicationIcon()
{
    Q_INIT_RESOURCE(devassign);
}

namespace devassign::icons {

namespace {

const QColor kGreen(0x2e, 0x9d, 0x4f);
const QColor kRed(0xd1, 0x34, 0x38);
const QColor kAmber(0xe8, 0xa3, 0x17);
const QColor kBlue(0x2f, 0x6f, 0xc4);
const QColor kGrey(0x9a, 0xa0, 0xa6);

// Renders `draw` into 16, 24, 32 and 64 px pixmaps; `draw` paints into a 16x16 logical box.
QIcon drawn(const std::function<void(QPainter &)> &draw)
{
    QIcon icon;
    for (int size : { 16, 24, 32, 64 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 16.0, size / 16.0);
        draw(painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QPainterPath shieldPath()
{
    QPainterPath path;
    path.moveTo(8, 1);
    path.lineTo(14, 3.5);
    path.cubicTo(14, 9, 12, 12.5, 8, 15);
    path.cubicTo(4, 12.5, 2, 9, 2, 3.5);
    path.closeSubpath();
    return path;
}

void drawCheck(QPainter &p)
{
    p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(QPolygonF({ QPointF(5, 8), QPointF(7.3, 10.3), QPointF(11, 5.8) }));
}

void drawTriangle(QPainter &p, const QColor &fill)
{
    p.setPen(QPen(fill.darker(130), 0.8));
    p.setBrush(fill);
    p.drawPolygon(QPolygonF({ QPointF(8, 1.5), QPointF(15, 14.5), QPointF(1, 14.5) }));
    p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(8, 6), QPointF(8, 10));
    p.drawPoint(QPointF(8, 12.5));
}

} // namespace

QIcon iommuState(int state)
{
    switch (state) {
    case IommuProtected:
        return drawn([](QPainter &p) {
            p.setPen(QPen(kGreen.darker(130), 0.8));
            p.setBrush(kGreen);
            p.drawPath(shieldPath());
            drawCheck(p);
        });
    case IommuUnprotected:
        return drawn([](QPainter &p) { drawTriangle(p, kRed); });
    default:
        return drawn([](QPainter &p) {
            p.setPen(Qt::NoPen);
            p.setBrush(kGrey);
            p.drawEllipse(QPointF(8, 8), 3.5, 3.5);
        });
    }
}

QIcon severity(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return drawn([](QPainter &p) {
            p.setPen(QPen(kRed.darker(130), 0.8));
            p.setBrush(kRed);
            p.drawEllipse(QPointF(8, 8), 7, 7);
            p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(5.5, 5.5), QPointF(10.5, 10.5));
            p.drawLine(QPointF(10.5, 5.5), QPointF(5.5, 10.5));
        });
    case Severity::Warning:
        return drawn([](QPainter &p) { drawTriangle(p, kAmber); });
    case Severity::Info:
        break;
    }
    return drawn([](QPainter &p) {
        p.setPen(QPen(kBlue.darker(130), 0.8));
        p.setBrush(kBlue);
        p.drawEllipse(QPointF(8, 8), 7, 7);
        p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(8, 7.5), QPointF(8, 11.5));
        p.drawPoint(QPointF(8, 4.8));
    });
}

QIcon domain(bool hasErrors)
{
    return drawn([hasErrors](QPainter &p) {
        p.setPen(QPen(kBlue.darker(140), 1));
        p.setBrush(kBlue.lighter(170));
        p.drawRoundedRect(QRectF(1.5, 3, 13, 11), 2, 2);
        p.setBrush(kBlue);
        p.drawRect(QRectF(1.5, 3, 13, 3));
        if (hasErrors) {
            p.setPen(QPen(Qt::white, 0.8));
            p.setBrush(kRed);
            p.drawEllipse(QPointF(12, 11.5), 3.8, 3.8);
        }
    });
}

QIcon device()
{
    return drawn([](QPainter &p) {
        p.setPen(QPen(QColor(0x44, 0x4c, 0x56), 1));
        for (int i = 0; i < 3; ++i) {
            const qreal y = 5 + i * 3;
            p.drawLine(QPointF(1, y), QPointF(3.5, y));
            p.drawLine(QPointF(12.5, y), QPointF(15, y));
        }
        p.setBrush(QColor(0x5c, 0x66, 0x70));
        p.drawRoundedRect(QRectF(3.5, 3, 9, 10), 1.5, 1.5);
    });
}

QIcon application()
{
    // The PNG sizes rendered from resources/icons/org.devassign.Studio.svg, as the desktop file's
    // Icon= finds them in the hicolor theme; embedded so the window has them when not installed.
    initApplicationIcon();
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace devassign::icons
