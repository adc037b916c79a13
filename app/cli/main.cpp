// SPDX-License-Identifier: GPL-2.0-or-later
// devassign: the command-line face of devassign. The commands are in this folder (cmd_*.cpp); the pipeline they drive is in core/.
#include "cli.h"
#include "format.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace {

QtMessageHandler g_qtHandler = nullptr;

// While the platform starts: QStandardPaths warns when XDG_RUNTIME_DIR is unset (CI, containers,
// cron), which is no concern of a command that writes one file; everything else goes through.
void quietPlatformStart(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    g_qtHandler(type, context, message);
}

// Most commands need QtCore alone. `report` paints its pictures with QtGui: a QGuiApplication, on
// Qt's "offscreen" platform unless the user chose one, so it runs without a display (CI, ssh).
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    if (argc > 1 && devassign::cli::commandNeedsGuiApplication(QString::fromLocal8Bit(argv[1]))) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        g_qtHandler = qInstallMessageHandler(quietPlatformStart);
        auto app = std::make_unique<QGuiApplication>(argc, argv);
        qInstallMessageHandler(g_qtHandler);
        return app;
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

} // namespace

int main(int argc, char **argv)
{
    // Before Qt reads them: a byte that is not UTF-8 would become U+FFFD and name another file.
    if (const QString problem = devassign::format::nonUtf8ArgumentProblem(argc, argv); !problem.isEmpty()) {
        std::fprintf(stderr, "devassign: %s\n", qPrintable(problem));
        return devassign::cli::ExitBadInput;
    }
    const std::unique_ptr<QCoreApplication> application = makeApplication(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("devassign"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DEVASSIGN_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = devassign::cli::run(app.arguments(), out, err);
    out.flush();
    err.flush();
    return code;
}
