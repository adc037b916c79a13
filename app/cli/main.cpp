// SPDX-License-Identifier: GPL-2.0-or-later
// devassign: the command-line face of devassign. The commands are in this folder (cmd_*.cpp); the pipeline they drive is in core/.
#include "cli.h"

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

// Qt decodes every argument as UTF-8 and turns bytes it cannot decode into U+FFFD, so a path
// with such bytes would silently name another file. Refused before anything runs: the position
// of the argument and of its first bad byte, in one line.
bool argumentsAreUtf8(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray given(argv[i]);
        if (QString::fromUtf8(given).toUtf8() == given)
            continue;
        // The first U+FFFD that the argument does not spell itself (EF BF BD) marks the bad byte.
        const QString decoded = QString::fromUtf8(given);
        qsizetype at = 0;
        for (qsizetype j = 0; j < decoded.size(); ++j) {
            if (decoded.at(j) != QChar::ReplacementCharacter)
                continue;
            at = decoded.left(j).toUtf8().size();
            if (!given.mid(at).startsWith("\xEF\xBF\xBD"))
                break;
        }
        std::fprintf(stderr, "devassign: argument %d is not valid UTF-8 (byte 0x%02x at position %lld): "
                             "devassign takes names and paths in UTF-8\n",
                     i, static_cast<unsigned>(static_cast<unsigned char>(given.at(at))), static_cast<long long>(at + 1));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (!argumentsAreUtf8(argc, argv))
        return devassign::cli::ExitBadInput;
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
