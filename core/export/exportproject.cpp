// SPDX-License-Identifier: GPL-2.0-or-later
// The whole export (every file of docs/exports.md), the DTS rendering with devassign's header, and
// the atomic directory writer.

#include "dtsource.h"
#include "exporters.h"
#include "export/exportutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace devassign {

using namespace exportutil;

QByteArray dtsWithHeader(const ExportContext &ctx, const QByteArray &dtb, QString *error, const QString &name)
{
    QString local;
    QString *err = error ? error : &local;
    const QByteArray dts = decompileDtb(dtb, err, name);
    if (dts.isEmpty())
        return {};
    QByteArray header = "/*\n * " + generatedComment(ctx, format::CommentSyntax::CBlock).toUtf8() + "\n";
    if (ctx.forced)
        header += " * " + forcedLine(ctx).toUtf8() + "\n";
    header += " */\n";
    return header + dts;
}

namespace {

// DIR/host.dtb and its DTS twin; false (error set by the exporter or dtc) when `host` is empty.
bool appendHostDtb(const ExportContext &ctx, const QByteArray &host, const QString &dir, QVector<ExportFile> &files,
                   QString *error)
{
    if (host.isEmpty())
        return false;
    const QByteArray dts = dtsWithHeader(ctx, host, error, dir + QStringLiteral("host.dtb"));
    if (dts.isEmpty())
        return false;
    files.append({dir + QStringLiteral("host.dtb"), host});
    files.append({dir + QStringLiteral("host.dts"), dts});
    return true;
}

} // namespace

QVector<ExportFile> exportProject(const ExportContext &ctx, QString *error)
{
    QString local;
    QString *err = error ? error : &local;
    if (!ctx.model || !ctx.project || !ctx.analysis) {
        *err = QStringLiteral("export: no model, project or analysis");
        return {};
    }
    // A value that cannot be one field of these files (set in memory, past the entry checks) stops
    // the export instead of reaching a consumer.
    for (const DomainConfig &d : ctx.project->domains)
        if (const QString problem = domainSettingsProblem(d); !problem.isEmpty()) {
            *err = problem;
            return {};
        }
    QVector<ExportFile> files;
    bool anyDom0less = false;
    bool anyXl = false;
    for (const DomainPlan &plan : ctx.analysis->domains) {
        const QString dir = plan.config.name + QLatin1Char('/');
        const QByteArray dtb = partialDtb(ctx, plan, err);
        if (dtb.isEmpty())
            return {};
        const QByteArray dts = dtsWithHeader(ctx, dtb, err, dir + QStringLiteral("passthrough.dtb"));
        if (dts.isEmpty())
            return {};
        files.append({dir + QStringLiteral("passthrough.dtb"), dtb});
        files.append({dir + QStringLiteral("passthrough.dts"), dts});
        if (plan.config.xl)
            files.append({dir + QStringLiteral("dom.cfg"), domCfg(ctx, plan)});
        anyDom0less = anyDom0less || plan.config.dom0less;
        anyXl = anyXl || plan.config.xl;
    }
    if (anyDom0less && !appendHostDtb(ctx, dom0lessHostDtb(ctx, err), QStringLiteral("dom0less/"), files, err))
        return {};
    if (anyXl && !appendHostDtb(ctx, xlHostDtb(ctx, err), QStringLiteral("xl/"), files, err))
        return {};
    files.append({QStringLiteral("imagebuilder.cfg"), imageBuilderConfig(ctx)});
    files.append({QStringLiteral("audit.md"), auditReport(ctx)});
    return files;
}

namespace {

bool isSafeRelativePath(const QString &path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return false;
    const QStringList parts = path.split(QLatin1Char('/'));
    for (const QString &p : parts)
        if (p.isEmpty() || p == QLatin1String(".") || p == QLatin1String(".."))
            return false;
    return true;
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("%1: cannot create directory").arg(QFileInfo(path).absolutePath());
        return false;
    }
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size() || !f.flush()) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    f.close();
    if (f.error() != QFileDevice::NoError) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace

bool writeExportAtomically(const QVector<ExportFile> &files, const QString &dir, QString *error)
{
    QString local;
    QString *err = error ? error : &local;
    const QFileInfo target(dir);
    const QString name = target.fileName();
    const QString parent = target.absolutePath();
    if (name.isEmpty()) {
        *err = QStringLiteral("%1: not a directory name").arg(dir);
        return false;
    }
    if (target.exists() && !target.isDir()) {
        *err = QStringLiteral("%1: exists and is not a directory").arg(dir);
        return false;
    }
    if (!QDir().mkpath(parent)) {
        *err = QStringLiteral("%1: cannot create the parent directory").arg(parent);
        return false;
    }
    // A sibling of DIR, so the final renames stay on one file system.
    QTemporaryDir staging(parent + QStringLiteral("/.") + name + QStringLiteral(".tmp-XXXXXX"));
    if (!staging.isValid()) {
        *err = QStringLiteral("%1: cannot create a temporary directory next to it: %2").arg(dir, staging.errorString());
        return false;
    }
    for (const ExportFile &f : files) {
        if (!isSafeRelativePath(f.path)) {
            *err = QStringLiteral("%1: refusing to write outside the export directory").arg(f.path);
            return false;
        }
        if (!writeFile(staging.filePath(f.path), f.bytes, err))
            return false;
    }
    const QString absolute = target.absoluteFilePath();
    QString old;
    if (target.exists()) {
        for (int i = 0; old.isEmpty() || QFileInfo::exists(old); ++i)
            old = parent + QStringLiteral("/.") + name + QStringLiteral(".old-%1").arg(i);
        if (!QDir().rename(absolute, old)) {
            *err = QStringLiteral("%1: cannot move the previous export aside").arg(dir);
            return false;
        }
    }
    if (!QDir().rename(staging.path(), absolute)) {
        if (!old.isEmpty())
            QDir().rename(old, absolute);
        *err = QStringLiteral("%1: cannot move the new export into place").arg(dir);
        return false;
    }
    staging.setAutoRemove(false);
    if (!old.isEmpty())
        QDir(old).removeRecursively();
    return true;
}

} // namespace devassign
