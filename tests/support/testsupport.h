// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Helpers shared by the Qt Test suites: test data paths, DTS snippets compiled with dtc,
// and running the real `devassign` CLI binary.

#include "hostmodel.h"

#include <QString>
#include <QStringList>

namespace testsupport {

// Absolute path of a file under tests/data.
QString dataPath(const QString &name);
// Loads a board DTB from tests/data; fails the current test (QFAIL-style via qFatal) if it cannot.
devassign::HostModelPtr loadData(const QString &name);
// Compiles DTS text with dtc and builds the model. Returns nullptr and sets error on failure.
devassign::HostModelPtr modelFromDts(const QString &dts, QString *error = nullptr);

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};
// Runs the devassign CLI with `args` (and optional stdin); waits at most 60 s.
CliResult runCli(const QStringList &args, const QString &workDir = QString());

} // namespace testsupport
