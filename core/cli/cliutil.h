// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
#include <QCommandLineParser>
#include <QTextStream>

namespace devassign::cli {

// Parses a sub-command's arguments (args[0] is the sub-command). Adds --help. Checks the number
// of positional arguments (maxPositional < 0: unlimited). On --help prints help to `out`; on an
// error prints "devassign CMD: problem" to `err`. Returns true when the command should run.
bool parseArgs(QCommandLineParser &parser, const QStringList &args, int minPositional, int maxPositional,
               QTextStream &out, QTextStream &err);

} // namespace devassign::cli
