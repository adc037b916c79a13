// SPDX-License-Identifier: GPL-2.0-or-later
// devassign-studio [PROJECT|DTB] [--screenshot FILE] [--view main|audit|memory|irq] [--size WxH]
// The desktop IDE. With --screenshot it loads the file, renders the main window (or one safety
// picture, --view) at a fixed size into a PNG and exits (used by the documentation and the tests).

#include "format.h"
#include "mainwindow.h"
#include "pictureview.h"
#include "projectdocument.h"
#include "studiooptions.h"

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

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("devassign"));
    QCoreApplication::setApplicationName(QStringLiteral("devassign-studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DEVASSIGN_VERSION));
}

// --help and --version need no window: answer them from a QCoreApplication, so they work over ssh,
// in a container or a build log where no display is reachable.
int answerWithoutDisplay(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    describeApplication();
    QCommandLineParser parser;
    devassign::studio::describeStudioOptions(parser);
    parser.process(app); // prints the help or the version and exits; reports a bad option likewise
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before Qt reads them: a byte that is not UTF-8 would become U+FFFD, and --screenshot
    // would write to a file the user never named.
    if (const QString problem = devassign::format::nonUtf8ArgumentProblem(argc, argv); !problem.isEmpty())
        return fail(problem);
    if (devassign::studio::asksForHelpOrVersion(argc, argv))
        return answerWithoutDisplay(argc, argv);
    // Bad arguments and a missing display are one line and exit 2, before Qt's platform plugin
    // would abort the process for want of a display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser early;
    const devassign::studio::StudioOptions earlyOptions = devassign::studio::describeStudioOptions(early);
    if (!early.parse(arguments))
        return fail(early.errorText());
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        if (early.isSet(earlyOptions.screenshot))
            qputenv("QT_QPA_PLATFORM", "offscreen"); // a render needs no display (CI, ssh, containers)
        else if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            return fail(QStringLiteral("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
                                       "--screenshot FILE renders without one"));
    }
    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("devassign studio"));
    // The desktop file's name without .desktop, so a Wayland compositor matches the window to it.
    QApplication::setDesktopFileName(QStringLiteral("org.devassign.Studio"));

    QCommandLineParser parser;
    const devassign::studio::StudioOptions options = devassign::studio::describeStudioOptions(parser);
    const QCommandLineOption &screenshot = options.screenshot;
    const QCommandLineOption &size = options.size;
    const QCommandLineOption &view = options.view;
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
