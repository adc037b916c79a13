// SPDX-License-Identifier: GPL-2.0-or-later
// devassign-studio [PROJECT|DTB] [--screenshot FILE] [--view main|audit|memory|irq] [--size WxH]
// The desktop IDE. With --screenshot it loads the file, renders the main window (or one safety
// picture, --view) at a fixed size into a PNG and exits (used by the documentation and the tests).

#include "mainwindow.h"
#include "pictureview.h"
#include "projectdocument.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QImage>
#include <QPixmap>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

namespace {

constexpr int kExitBadInput = 2;

int fail(const QString &message)
{
    QTextStream(stderr) << "devassign-studio: " << message << "\n";
    return kExitBadInput;
}

bool parseSize(const QString &text, QSize *size)
{
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)$")).match(text);
    if (!m.hasMatch())
        return false;
    *size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    return size->width() >= 320 && size->height() >= 240 && size->width() <= 8192 && size->height() <= 8192;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("devassign"));
    QApplication::setApplicationName(QStringLiteral("devassign-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("devassign studio"));
    QApplication::setApplicationVersion(QStringLiteral(DEVASSIGN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("devassign-studio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Assign devices to Xen on Arm domains, check and export."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("A project (*.devassign.json) or a host DTB/DTS to start from."),
                                 QStringLiteral("[PROJECT|DTB]"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Render the window into a PNG and exit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size for --screenshot (default 1400x900)."),
                                  QStringLiteral("WxH"), QStringLiteral("1400x900"));
    const QCommandLineOption view(QStringLiteral("view"),
                                  QStringLiteral("What --screenshot renders: main (the window), audit, memory or irq."),
                                  QStringLiteral("VIEW"), QStringLiteral("main"));
    parser.addOption(screenshot);
    parser.addOption(size);
    parser.addOption(view);
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        return fail(QStringLiteral("too many arguments; give one project or DTB"));
    const bool shot = parser.isSet(screenshot);
    QSize windowSize;
    if (!parseSize(parser.value(size), &windowSize))
        return fail(QStringLiteral("--size %1: expected WxH, e.g. 1400x900").arg(parser.value(size)));
    if (shot && files.isEmpty())
        return fail(QStringLiteral("--screenshot needs a project or DTB to show"));
    const QString viewName = parser.value(view);
    const std::optional<devassign::PictureKind> picture = devassign::pictureKindFromName(viewName);
    if (viewName != QLatin1String("main") && !picture)
        return fail(QStringLiteral("--view %1: expected main, audit, memory or irq").arg(viewName));
    if (parser.isSet(view) && !shot)
        return fail(QStringLiteral("--view needs --screenshot"));

    devassign::MainWindow window(!shot);
    if (!files.isEmpty()) {
        QString error;
        if (!window.openPath(files.front(), &error, !shot))
            return fail(error);
    }
    if (!shot) {
        window.show();
        return app.exec();
    }

    if (picture) {
        // The picture alone, as the Safety Picture dock shows it, at the requested size.
        devassign::PictureView pictureView(window.document(), *picture);
        pictureView.resize(windowSize);
        pictureView.show();
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        if (!pictureView.grab().toImage().save(parser.value(screenshot), "PNG"))
            return fail(QStringLiteral("%1: cannot write the PNG").arg(parser.value(screenshot)));
        return 0;
    }
    window.resize(windowSize);
    window.show();
    // Let layouts settle first so the selected device can be scrolled to the middle of the tree.
    QApplication::processEvents();
    window.resize(windowSize);
    QApplication::processEvents();
    window.selectFirstAssignedDevice();
    for (int i = 0; i < 5; ++i)
        QApplication::processEvents();
    const QImage image = window.grab().toImage();
    if (!image.save(parser.value(screenshot), "PNG"))
        return fail(QStringLiteral("%1: cannot write the PNG").arg(parser.value(screenshot)));
    return 0;
}
