// SPDX-License-Identifier: GPL-2.0-or-later
// devassign: the command-line face of devassign. The commands are in this folder (cmd_*.cpp); the pipeline they drive is in core/.
#include "cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("devassign"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DEVASSIGN_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = devassign::cli::run(app.arguments(), out, err);
    out.flush();
    err.flush();
    return code;
}
