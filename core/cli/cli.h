// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The `devassign` command line: every sub-command the GUI can do, for scripts and pipelines.
// app/cli/main.cpp only forwards its arguments here, so the tests can drive the same code.

#include <QStringList>
#include <QTextStream>

namespace devassign::cli {

enum ExitCode {
    ExitOk = 0,
    ExitFindings = 1, // e.g. `check` found errors
    ExitBadInput = 2, // bad arguments, unreadable or corrupt input files
};

// `args` is the whole argv, program name first.
int run(const QStringList &args, QTextStream &out, QTextStream &err);

// Sub-commands: `args` start with the sub-command name.
int cmdInspect(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace devassign::cli
