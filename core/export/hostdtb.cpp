// SPDX-License-Identifier: GPL-2.0-or-later
// Editing the loaded host DTB: shared by the dom0less and the xl host DTB (export/hostdtb.h).

#include "export/hostdtb.h"
#include "export/exportutil.h"

extern "C" {
#include <libfdt.h>
}

namespace devassign::exportutil {

bool hostDtbFailure(const QString &file, const QString &what, int err, QString *error)
{
    if (err == -FDT_ERR_NOSPACE)
        return false; // editedHostDtb retries with a bigger buffer
    *error = QStringLiteral("%1: %2: %3").arg(file, what, QString::fromLatin1(fdt_strerror(err)));
    return false;
}

QByteArray editedHostDtb(const ExportContext &ctx, const QString &file, const HostDtbEdit &edit, QString *error)
{
    const QByteArray &blob = ctx.model->blob();
    for (int size = blob.size() + 64 * 1024; size <= blob.size() + 64 * 1024 * 1024; size *= 2) {
        QByteArray buf(size, '\0');
        if (const int err = fdt_open_into(blob.constData(), buf.data(), size)) {
            *error = QStringLiteral("%1: %2").arg(ctx.model->sourceName(), QString::fromLatin1(fdt_strerror(err)));
            return {};
        }
        error->clear();
        if (!edit(buf.data(), error)) {
            if (!error->isEmpty())
                return {};
            continue; // out of space: retry with a bigger buffer
        }
        fdt_pack(buf.data());
        buf.truncate(int(fdt_totalsize(buf.constData())));
        if (const int err = fdt_check_full(buf.constData(), size_t(buf.size()))) {
            *error = QStringLiteral("%1 is not a valid FDT: %2").arg(file, QString::fromLatin1(fdt_strerror(err)));
            return {};
        }
        return buf;
    }
    *error = QStringLiteral("%1: could not grow the DTB").arg(file);
    return {};
}

bool markPassthrough(void *fdt, const ExportContext &ctx, const std::function<bool(const DomainConfig &)> &select,
                     const QString &file, QString *error)
{
    for (const DomainPlan &plan : ctx.analysis->domains) {
        if (!select(plan.config))
            continue;
        for (const DevicePlan &dev : plan.devices) {
            const int node = fdt_path_offset(fdt, dev.hostPath.toUtf8().constData());
            if (node < 0)
                return hostDtbFailure(file, dev.hostPath, node, error);
            if (const int err = fdt_setprop_empty(fdt, node, "xen,passthrough"))
                return hostDtbFailure(file, dev.hostPath, err, error);
        }
    }
    return true;
}

int chosenNode(void *fdt)
{
    const int chosen = fdt_path_offset(fdt, "/chosen");
    return chosen >= 0 ? chosen : fdt_add_subnode(fdt, 0, "chosen");
}

bool setXenBootargs(void *fdt, int chosen, const ExportContext &ctx, const QString &file, QString *error)
{
    int len = 0;
    if (fdt_getprop(fdt, chosen, "xen,xen-bootargs", &len) && !anyDomainNeedsScmi(ctx))
        return true;
    const QByteArray args = stringValue(xenBootargs(ctx));
    if (const int err = fdt_setprop(fdt, chosen, "xen,xen-bootargs", args.constData(), args.size()))
        return hostDtbFailure(file, QStringLiteral("/chosen"), err, error);
    return true;
}

} // namespace devassign::exportutil
