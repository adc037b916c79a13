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

// The parser's --help text with its first line naming the command ("Usage: devassign domain add
// [options] project name") rather than the program's path.
QString helpTextFor(const QCommandLineParser &parser, const QString &command);

// Every line the CLI writes to stderr: "devassign COMMAND: TEXT", with TEXT on one line (control
// characters in file names, node paths or values written as \n, \x1b, …: format::oneLine), so an
// error never spans two lines and never sends raw control bytes to a terminal or a log.
void printError(QTextStream &err, const QString &command, const QString &text);
// The same for "devassign COMMAND: FILE: TEXT".
void printError(QTextStream &err, const QString &command, const QString &file, const QString &text);

} // namespace devassign::cli
