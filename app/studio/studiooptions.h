// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// devassign-studio's command line, in one place: the studio's main parses it, and the man-page
// generator (tools/genman) prints devassign-studio(1) from the same parser. QtCore only.
#include <QCommandLineOption>
#include <QCommandLineParser>

namespace devassign::studio {

struct StudioOptions {
    QCommandLineOption help;
    QCommandLineOption version;
    QCommandLineOption screenshot;
    QCommandLineOption size;
    QCommandLineOption view;
};

// Describes the studio's arguments on `parser` and returns its options.
StudioOptions describeStudioOptions(QCommandLineParser &parser);

// Whether argv asks only for --help or --version: the studio answers those without a display.
bool asksForHelpOrVersion(int argc, char **argv);

} // namespace devassign::studio
