// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsupport.h"

#include <QDir>
#include <QProcess>

namespace testsupport {

QString dataPath(const QString &name)
{
    return QDir(QStringLiteral(DEVASSIGN_TEST_DATA)).filePath(name);
}

devassign::HostModelPtr loadData(const QString &name)
{
    QString error;
    auto model = devassign::HostModel::load(dataPath(name), &error);
    if (!model)
        qFatal("cannot load test data %s: %s", qPrintable(name), qPrintable(error));
    return model;
}

devassign::HostModelPtr modelFromDts(const QString &dts, QString *error)
{
    QString localError;
    QString *err = error ? error : &localError;
    const QByteArray dtb = devassign::HostModel::compileDts(dts.toUtf8(), QStringLiteral("<test>"), err);
    if (dtb.isEmpty())
        return nullptr;
    return devassign::HostModel::fromBlob(dtb, QStringLiteral("<test>"), err);
}

CliResult runCli(const QStringList &args, const QString &workDir)
{
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(QStringLiteral(DEVASSIGN_CLI), args);
    CliResult r;
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("could not start %1").arg(QStringLiteral(DEVASSIGN_CLI));
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace testsupport
