// SPDX-License-Identifier: GPL-2.0-or-later
// The whole export (every file of docs/exports.md) and the DTS rendering with devassign's header.
// The directory writer is core/exportwriter.h.

#include "dtsource.h"
#include "exporters.h"
#include "export/exportutil.h"
#include "scmipolicy.h"


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
    // The bundled mediator's policy (docs/scmi-policy.md), when any dom0less domain uses SCMI.
    const Result<ScmiPolicy> policy = scmiPolicyFor(*ctx.model, *ctx.project, *ctx.analysis);
    if (!policy) {
        *err = policy.error();
        return {};
    }
    if (!policy->domains.isEmpty())
        files.append({kScmiPolicyFile, scmiPolicyBlob(*policy)});
    files.append({QStringLiteral("imagebuilder.cfg"), imageBuilderConfig(ctx)});
    files.append({QStringLiteral("audit.md"), auditReport(ctx)});
    return files;
}

} // namespace devassign
