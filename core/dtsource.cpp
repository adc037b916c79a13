// SPDX-License-Identifier: GPL-2.0-or-later
#include "dtsource.h"

#include <QFileInfo>
#include <QProcess>
#include <QStringList>

extern "C" {
#include <libfdt.h>
}

namespace devassign {

bool looksLikeDtb(const QByteArray &bytes)
{
    return bytes.size() >= 4 && quint8(bytes[0]) == 0xd0 && quint8(bytes[1]) == 0x0d && quint8(bytes[2]) == 0xfe
        && quint8(bytes[3]) == 0xed;
}

bool looksLikeDts(const QString &fileName, const QByteArray &bytes)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    return suffix == QLatin1String("dts") || suffix == QLatin1String("dtsi") || bytes.contains("/dts-v1/");
}

QString dtcProgram()
{
    const QByteArray env = qgetenv("DEVASSIGN_DTC");
    return env.isEmpty() ? QStringLiteral("dtc") : QString::fromLocal8Bit(env);
}

static QByteArray runDtc(const QStringList &args, const QByteArray &input, const QString &sourceName,
                         QString *error)
{
    QProcess dtc;
    dtc.start(dtcProgram(), args);
    if (!dtc.waitForStarted(10000)) {
        *error = QStringLiteral("%1: cannot run dtc (%2): install device-tree-compiler").arg(sourceName, dtcProgram());
        return {};
    }
    if (!input.isEmpty())
        dtc.write(input);
    dtc.closeWriteChannel();
    if (!dtc.waitForFinished(60000)) {
        dtc.kill();
        dtc.waitForFinished(2000);
        *error = QStringLiteral("%1: dtc did not finish within 60 s").arg(sourceName);
        return {};
    }
    const QByteArray out = dtc.readAllStandardOutput();
    if (dtc.exitStatus() != QProcess::NormalExit || dtc.exitCode() != 0 || out.isEmpty()) {
        QString message;
        const QList<QByteArray> lines = dtc.readAllStandardError().split('\n');
        for (const QByteArray &line : lines)
            if (line.contains("ERROR") || line.contains("rror")) {
                message = QString::fromUtf8(line.trimmed());
                break;
            }
        if (message.isEmpty() && !lines.isEmpty())
            message = QString::fromUtf8(lines.front().trimmed());
        *error = QStringLiteral("%1: dtc failed: %2").arg(sourceName, message.isEmpty() ? QStringLiteral("no output") : message);
        return {};
    }
    return out;
}

QByteArray compileDtsFile(const QString &file, QString *error)
{
    return runDtc({QStringLiteral("-q"), QStringLiteral("-I"), QStringLiteral("dts"), QStringLiteral("-O"),
                   QStringLiteral("dtb"), QStringLiteral("-o"), QStringLiteral("-"), file},
                  {}, file, error);
}

QByteArray compileDtsText(const QByteArray &dts, const QString &sourceName, QString *error)
{
    return runDtc({QStringLiteral("-q"), QStringLiteral("-I"), QStringLiteral("dts"), QStringLiteral("-O"),
                   QStringLiteral("dtb"), QStringLiteral("-o"), QStringLiteral("-"), QStringLiteral("-")},
                  dts, sourceName, error);
}

QByteArray decompileDtb(const QByteArray &dtb, QString *error)
{
    return runDtc({QStringLiteral("-q"), QStringLiteral("-I"), QStringLiteral("dtb"), QStringLiteral("-O"),
                   QStringLiteral("dts"), QStringLiteral("-o"), QStringLiteral("-"), QStringLiteral("-")},
                  dtb, QStringLiteral("<dtb>"), error);
}

QString checkDtb(const QByteArray &dtb)
{
    if (dtb.size() < int(sizeof(fdt_header)))
        return QStringLiteral("truncated: %1 bytes is smaller than an FDT header (40 bytes)").arg(dtb.size());
    if (!looksLikeDtb(dtb))
        return QStringLiteral("bad FDT magic: not a device tree blob");
    const quint32 total = fdt_totalsize(dtb.constData());
    if (total > quint32(dtb.size()))
        return QStringLiteral("truncated: header says %1 bytes, file has %2").arg(total).arg(dtb.size());
    const int err = fdt_check_full(dtb.constData(), size_t(dtb.size()));
    if (err != 0)
        return QStringLiteral("corrupt device tree blob: %1").arg(QString::fromLatin1(fdt_strerror(err)));
    return {};
}

} // namespace devassign
