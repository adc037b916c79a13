// SPDX-License-Identifier: GPL-2.0-or-later
// The application icon (issue 12): one SVG source in resources/icons, PNG sizes in the hicolor
// layout rendered from it, embedded by resources/devassign.qrc for the window, and named by the
// desktop file's Icon=.
//   DEVASSIGN_UPDATE_ICONS=1 tst_gui_resources   re-renders the PNGs after the SVG changed.
#include "icons.h"
#include "mainwindow.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QtTest>

using namespace devassign;

namespace {

const QString kResources = QStringLiteral(DEVASSIGN_SOURCE_DIR "/resources");
const QList<int> kSizes = {16, 24, 32, 48, 64, 128, 256};

QString pngPath(int size)
{
    return kResources + QStringLiteral("/icons/hicolor/%1x%1/apps/org.devassign.Studio.png").arg(size);
}

QImage renderSvg(int size)
{
    QSvgRenderer svg(kResources + QStringLiteral("/icons/org.devassign.Studio.svg"));
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    svg.render(&p);
    p.end();
    return image.convertToFormat(QImage::Format_ARGB32);
}

// Largest difference of any channel of any pixel.
int maxDifference(const QImage &a, const QImage &b)
{
    int worst = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            worst = std::max({worst, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                              std::abs(qBlue(p) - qBlue(q)), std::abs(qAlpha(p) - qAlpha(q))});
        }
    return worst;
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestResources : public QObject {
    Q_OBJECT
private slots:
    void svgIsValid()
    {
        QSvgRenderer svg(kResources + QStringLiteral("/icons/org.devassign.Studio.svg"));
        QVERIFY(svg.isValid());
        QCOMPARE(svg.viewBoxF(), QRectF(0, 0, 16, 16));
    }

    void pngsAreTheSvgAtTheirSize()
    {
        const bool update = qEnvironmentVariableIntValue("DEVASSIGN_UPDATE_ICONS") == 1;
        for (int size : kSizes) {
            const QImage rendered = renderSvg(size);
            if (update) {
                QDir().mkpath(QFileInfo(pngPath(size)).path());
                QVERIFY(rendered.save(pngPath(size), "PNG"));
            }
            const QImage png(pngPath(size));
            QVERIFY2(!png.isNull(), qPrintable(pngPath(size)));
            QCOMPARE(png.size(), QSize(size, size));
            QVERIFY2(maxDifference(png.convertToFormat(QImage::Format_ARGB32), rendered) <= 2, qPrintable(pngPath(size)));
            // The design read off the SVG: the box's blue (#1f4e8c) at the left edge's middle,
            // inside the 0.5-unit margin, and transparent in the very corner (rounded, rx = 3).
            const QRgb edge = png.pixel(int(size * 1.2 / 16), size / 2 + int(size * 2.5 / 16));
            QCOMPARE(QColor(edge).name(), QStringLiteral("#1f4e8c"));
            QCOMPARE(qAlpha(png.pixel(0, 0)), 0);
        }
    }

    void windowIconHasEverySize()
    {
        const QIcon icon = icons::application();
        QVERIFY(!icon.isNull());
        QList<int> sizes;
        for (const QSize &s : icon.availableSizes())
            sizes << s.width();
        std::sort(sizes.begin(), sizes.end());
        QCOMPARE(sizes, kSizes);
        // The embedded 32 px image is the installed one.
        QCOMPARE(icon.pixmap(32, 32).toImage().convertToFormat(QImage::Format_ARGB32),
                 QImage(pngPath(32)).convertToFormat(QImage::Format_ARGB32));
        MainWindow window(false);
        QVERIFY(!window.windowIcon().isNull());
        QCOMPARE(window.windowIcon().availableSizes().size(), kSizes.size());
    }

    void desktopFileNamesTheIcon()
    {
        const QString desktop = readText(QStringLiteral(DEVASSIGN_SOURCE_DIR "/packaging/org.devassign.Studio.desktop"));
        QVERIFY(desktop.contains(QLatin1String("\nIcon=org.devassign.Studio\n")));
        const QString qrc = readText(kResources + QStringLiteral("/devassign.qrc"));
        for (int size : kSizes)
            QVERIFY2(qrc.contains(QStringLiteral("icons/hicolor/%1x%1/apps/org.devassign.Studio.png").arg(size)),
                     qPrintable(QString::number(size)));
    }
};

QTEST_MAIN(TestResources)
#include "tst_gui_resources.moc"
