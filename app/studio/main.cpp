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

struct Options {
    QCommandLineOption screenshot{QStringLiteral("screenshot"), QStringLiteral("Render the window into a PNG and exit."),
                                  QStringLiteral("FILE")};
    QCommandLineOption size{QStringLiteral("size"), QStringLiteral("Window size for --screenshot (default 1400x900)."),
                            QStringLiteral("WxH"), QStringLiteral("1400x900")};
    QCommandLineOption view{QStringLiteral("view"),
                            QStringLiteral("What --screenshot renders: main (the window), audit, memory or irq."),
                            QStringLiteral("VIEW"), QStringLiteral("main")};
};

void describe(QCommandLineParser &parser, const Options &options)
{
    parser.setApplicationDescription(QStringLiteral("Assign devices to Xen on Arm domains, check and export."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("A project (*.devassign.json) or a host DTB/DTS to start from."),
                                 QStringLiteral("[PROJECT|DTB]"));
    parser.addOption(options.screenshot);
    parser.addOption(options.size);
    parser.addOption(options.view);
}

// --help and --version need no window: they are answered before a QApplication looks for a display.
bool asksHelpOrVersion(int argc, char *argv[])
{
    static const QStringList answered = {QStringLiteral("-h"), QStringLiteral("--help"), QStringLiteral("-?"),
                                         QStringLiteral("--help-all"), QStringLiteral("-v"), QStringLiteral("--version")};
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == QLatin1String("--"))
            return false;
        if (answered.contains(arg))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("devassign"));
    QCoreApplication::setApplicationName(QStringLiteral("devassign-studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DEVASSIGN_VERSION));
    const Options options;
    if (asksHelpOrVersion(argc, argv)) {
        QCoreApplication core(argc, argv);
        QCommandLineParser parser;
        describe(parser, options);
        parser.process(core); // prints the help or the version and exits
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("devassign studio"));
    QApplication::setDesktopFileName(QStringLiteral("devassign-studio"));

    QCommandLineParser parser;
    describe(parser, options);
    parser.process(app);
    const QCommandLineOption &screenshot = options.screenshot;
    const QCommandLineOption &size = options.size;
    const QCommandLineOption &view = options.view;

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
