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

namespace {

struct Block {
    const char *name;
    quint64 offset;
    quint64 size;
};

QString hexOf(quint64 v)
{
    return QStringLiteral("0x%1").arg(v, 0, 16);
}

// A plain-words explanation of the libfdt errors fdt_check_full reports on untrusted input.
QString explainFdtError(int err)
{
    const QString name = QString::fromLatin1(fdt_strerror(err));
    switch (-err) {
    case FDT_ERR_TRUNCATED: return name + QStringLiteral(" (the structure block ends in the middle of a node or property)");
    case FDT_ERR_BADSTRUCTURE: return name + QStringLiteral(" (the node/property tokens are not nested correctly)");
    case FDT_ERR_BADOFFSET: return name + QStringLiteral(" (a property name points outside the strings block)");
    case FDT_ERR_BADLAYOUT: return name + QStringLiteral(" (the blocks are not in the order libfdt requires)");
    case FDT_ERR_BADSTATE: return name + QStringLiteral(" (the blob is still being written: no end token)");
    case FDT_ERR_BADVALUE: return name + QStringLiteral(" (a node name or property is malformed)");
    case FDT_ERR_BADPHANDLE: return name + QStringLiteral(" (a phandle is 0, -1 or used twice)");
    default: return name;
    }
}

// The header checks libfdt does not spell out: every block inside totalsize and no two blocks
// overlapping (fdt_check_full accepts a strings block that overlaps the structure block).
QString checkLayout(const void *fdt, quint64 total)
{
    const quint32 version = fdt_version(fdt);
    QVector<Block> blocks = {
        {"header", 0, 40},
        {"memory reservation map", fdt_off_mem_rsvmap(fdt), 16}, // at least the terminating entry
        {"strings block", fdt_off_dt_strings(fdt), fdt_size_dt_strings(fdt)},
        // size_dt_struct exists from version 17; for 16 only the end token (4 bytes) is certain.
        {"structure block", fdt_off_dt_struct(fdt), version >= 17 ? fdt_size_dt_struct(fdt) : 4},
    };
    for (const Block &b : blocks)
        if (b.offset > total || b.size > total - b.offset)
            return QStringLiteral("corrupt device tree blob: the %1 (offset %2, %3 bytes) extends beyond the blob's %4 bytes")
                .arg(QLatin1String(b.name), hexOf(b.offset), hexOf(b.size), hexOf(total));
    for (int i = 0; i < blocks.size(); ++i)
        for (int j = i + 1; j < blocks.size(); ++j) {
            const Block &a = blocks[i];
            const Block &b = blocks[j];
            if (a.size && b.size && a.offset < b.offset + b.size && b.offset < a.offset + a.size)
                return QStringLiteral("corrupt device tree blob: the %1 (offset %2, %3 bytes) overlaps the %4 (offset %5, %6 bytes)")
                    .arg(QLatin1String(a.name), hexOf(a.offset), hexOf(a.size), QLatin1String(b.name), hexOf(b.offset),
                         hexOf(b.size));
        }
    return {};
}

} // namespace

QString checkDtb(const QByteArray &dtb)
{
    if (dtb.isEmpty())
        return QStringLiteral("empty file: not a device tree blob");
    if (dtb.size() < int(sizeof(fdt_header)))
        return QStringLiteral("truncated: %1 bytes is smaller than an FDT header (40 bytes)").arg(dtb.size());
    if (!looksLikeDtb(dtb))
        return QStringLiteral("bad FDT magic: not a device tree blob");
    const void *fdt = dtb.constData();
    // libfdt reads blobs of version 2 to 17 whose last compatible version is at most 17
    // (FDT_FIRST_SUPPORTED_VERSION / FDT_LAST_SUPPORTED_VERSION in libfdt.h).
    if (fdt_version(fdt) < 0x10 || fdt_last_comp_version(fdt) > 0x11 || fdt_last_comp_version(fdt) > fdt_version(fdt))
        return QStringLiteral("unsupported FDT version %1 (last compatible version %2): expected version 16 or 17")
            .arg(fdt_version(fdt))
            .arg(fdt_last_comp_version(fdt));
    const quint32 total = fdt_totalsize(fdt);
    if (total > quint32(dtb.size()))
        return QStringLiteral("truncated: header says %1 bytes, file has %2").arg(total).arg(dtb.size());
    if (total < sizeof(fdt_header))
        return QStringLiteral("corrupt device tree blob: totalsize %1 is smaller than the 40-byte header").arg(total);
    const QString layout = checkLayout(fdt, total);
    if (!layout.isEmpty())
        return layout;
    const int err = fdt_check_full(fdt, size_t(total));
    if (err != 0)
        return QStringLiteral("corrupt device tree blob: %1").arg(explainFdtError(err));
    // libfdt 1.6.1's fdt_check_full accepts a structure block that ends (FDT_END) before any node;
    // a device tree without a root node is not one (found by the fuzzer).
    int next = 0;
    if (fdt_next_tag(fdt, 0, &next) != FDT_BEGIN_NODE)
        return QStringLiteral("corrupt device tree blob: the structure block does not begin with the root node");
    return {};
}

} // namespace devassign
