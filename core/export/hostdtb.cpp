// SPDX-License-Identifier: GPL-2.0-or-later
// Editing the loaded host DTB: shared by the dom0less and the xl host DTB (export/hostdtb.h).

#include "export/hostdtb.h"
#include "export/exportutil.h"

#include <map>

#include <cstring>

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
    // The node the model (and so the analysis) means by the path, at its own structure offset:
    // fdt_path_offset() may pick another one when sibling names are ambiguous ("bus" matches an
    // earlier "bus@9000000", or two siblings share a name). fdt_open_into() keeps structure offsets,
    // and a new property only moves what comes after its node, so edit from the last node back.
    std::map<int, QString> byOffset; // fdt offset -> host path
    for (const DomainPlan &plan : ctx.analysis->domains) {
        if (!select(plan.config))
            continue;
        for (const DevicePlan &dev : plan.devices) {
            const Node *n = ctx.model->node(dev.hostPath);
            if (!n || n->fdtOffset < 0)
                return hostDtbFailure(file, dev.hostPath, -FDT_ERR_NOTFOUND, error);
            byOffset[n->fdtOffset] = dev.hostPath;
        }
    }
    for (auto it = byOffset.crbegin(); it != byOffset.crend(); ++it)
        if (const int err = fdt_setprop_empty(fdt, it->first, "xen,passthrough"))
            return hostDtbFailure(file, it->second, err, error);
    return true;
}

int chosenNode(void *fdt)
{
    // Exactly "chosen": fdt_path_offset("/chosen") would also take an earlier "chosen@…".
    int chosen = -FDT_ERR_NOTFOUND;
    fdt_for_each_subnode(chosen, fdt, 0) {
        const char *name = fdt_get_name(fdt, chosen, nullptr);
        if (name && std::strcmp(name, "chosen") == 0)
            return chosen;
    }
    return fdt_add_subnode(fdt, 0, "chosen");
}

bool setXenBootargs(void *fdt, int chosen, const ExportContext &ctx, const QString &file, QString *error)
{
    int len = 0;
    if (fdt_getprop(fdt, chosen, "xen,xen-bootargs", &len) && !usesUpstreamScmi(ctx))
        return true;
    const QByteArray args = stringValue(xenBootargs(ctx));
    if (const int err = fdt_setprop(fdt, chosen, "xen,xen-bootargs", args.constData(), args.size()))
        return hostDtbFailure(file, QStringLiteral("/chosen"), err, error);
    return true;
}

namespace {

QString stringProperty(const void *fdt, int node, const char *name, bool *present)
{
    int len = 0;
    const char *v = static_cast<const char *>(fdt_getprop(fdt, node, name, &len));
    *present = v != nullptr;
    return v && len > 0 ? QString::fromUtf8(v, int(qstrnlen(v, size_t(len)))) : QString();
}

// The bootargs of dom0's kernel module: a /chosen child (not inside a xen,domain node) compatible
// with "multiboot,kernel" or "xen,linux-zimage" (docs/misc/arm/device-tree/booting.txt).
QString dom0ModuleBootargs(const void *fdt, int chosen)
{
    int child = 0;
    fdt_for_each_subnode(child, fdt, chosen) {
        if (fdt_node_check_compatible(fdt, child, "multiboot,kernel") != 0
            && fdt_node_check_compatible(fdt, child, "xen,linux-zimage") != 0)
            continue;
        bool present = false;
        const QString args = stringProperty(fdt, child, "bootargs", &present);
        if (present)
            return args;
    }
    return QString();
}

} // namespace

// dom0's command line is xen,dom0-bootargs, else the host's /chosen bootargs when Xen takes its
// own from xen,xen-bootargs (xen/arch/arm/bootfdt.c, early_print_info / process_chosen_node).
// The flags are added to whichever applies, once.
namespace {

// What dom0 gets with no xen,dom0-bootargs: its kernel module's bootargs, else /chosen's bootargs
// when Xen takes its own from xen,xen-bootargs (the order keepDom0Clocks reads them in).
QString dom0BootargsWithoutProperty(const void *fdt, int chosen)
{
    if (const QString module = dom0ModuleBootargs(fdt, chosen); !module.isEmpty())
        return module;
    bool hasBootargs = false, hasXenArgs = false;
    const QString bootargs = stringProperty(fdt, chosen, "bootargs", &hasBootargs);
    stringProperty(fdt, chosen, "xen,xen-bootargs", &hasXenArgs);
    return hasBootargs && hasXenArgs ? bootargs : QString();
}

} // namespace

Dom0ArgsUndo dom0BootargsWithoutClocks(const void *fdt, int chosen)
{
    int len = 0;
    const char *raw = chosen < 0 ? nullptr : static_cast<const char *>(fdt_getprop(fdt, chosen, "xen,dom0-bootargs", &len));
    if (!raw || len <= 0)
        return {};
    const QList<QByteArray> flags = QByteArray(kKeepDom0Clocks).split(' ');
    QList<QByteArray> kept;
    bool removed = false;
    for (const QByteArray &word : QByteArray(raw, int(qstrnlen(raw, size_t(len)))).simplified().split(' ')) {
        if (flags.contains(word))
            removed = true;
        else if (!word.isEmpty())
            kept << word;
    }
    if (!removed)
        return {};
    const QByteArray rest = kept.join(' ');
    if (rest == dom0BootargsWithoutProperty(fdt, chosen).toUtf8().simplified())
        return {Dom0ArgsUndo::Remove, {}};
    return {Dom0ArgsUndo::Set, rest};
}

QString dom0BootargsKeepingClocks(const void *fdt, int chosen, bool xenArgsWritten)
{
    if (chosen < 0)
        return QString::fromLatin1(kKeepDom0Clocks);
    bool hasDom0Args = false, hasBootargs = false, hasXenArgs = false;
    QString args = stringProperty(fdt, chosen, "xen,dom0-bootargs", &hasDom0Args);
    const QString bootargs = stringProperty(fdt, chosen, "bootargs", &hasBootargs);
    stringProperty(fdt, chosen, "xen,xen-bootargs", &hasXenArgs);
    hasXenArgs = hasXenArgs || xenArgsWritten;
    if (!hasDom0Args && hasBootargs && hasXenArgs)
        args = bootargs;
    // A dom0 kernel module's own bootargs is dom0's command line (kinfo->cmdline), but
    // xen,dom0-bootargs wins over it (write_properties, xen/arch/arm/domain_build.c): start from it.
    if (!hasDom0Args)
        if (const QString module = dom0ModuleBootargs(fdt, chosen); !module.isEmpty())
            args = module;
    for (const QString &flag : QString::fromLatin1(kKeepDom0Clocks).split(QLatin1Char(' ')))
        if (!args.split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(flag))
            args = args.isEmpty() ? flag : args + QLatin1Char(' ') + flag;
    return args;
}

bool keepDom0Clocks(void *fdt, int chosen, const ExportContext &ctx, const std::function<bool(const DomainConfig &)> &select,
                    const QString &file, QString *error)
{
    bool needed = false;
    for (const DomainPlan &dp : ctx.analysis->domains)
        needed = needed || (select(dp.config) && !dp.devices.isEmpty());
    if (!needed)
        return true;
    const QString args = dom0BootargsKeepingClocks(fdt, chosen);
    const int rc = fdt_setprop_string(fdt, chosen, "xen,dom0-bootargs", args.toUtf8().constData());
    return rc == 0 || hostDtbFailure(file, QStringLiteral("/chosen xen,dom0-bootargs"), rc, error);
}

} // namespace devassign::exportutil
