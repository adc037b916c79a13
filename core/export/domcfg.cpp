// SPDX-License-Identifier: GPL-2.0-or-later
// xl domain configuration (dom.cfg) for domains with the xl target.
// Keys and formats: docs/man/xl.cfg.5.pod.in and tools/xl/xl_parse.c (Xen); see docs/exports.md.

#include "exporters.h"
#include "export/exportutil.h"

#include <QUuid>

#include <algorithm>

namespace devassign {

using namespace exportutil;

namespace {

// Every string value: double-quoted with libxlutil's escapes (format::xlString).
QString quoted(const QString &s)
{
    return format::xlString(s);
}

QString list(const QStringList &items)
{
    return QStringLiteral("[ ") + items.join(QStringLiteral(", ")) + QStringLiteral(" ]");
}

// The domain's own uuid when the project has one (an imported dom.cfg's), else a fixed name-based
// UUID (v5) of the host DTB's SHA-256 and the domain name: `xl create` without a uuid waits ~3 s for
// entropy in a dom0 without an RNG (seen in tests/e2e/e2e-xl.sh; docs/exports.md, "xl dom.cfg").
// Not the project file's name: an export before the first save and one after must agree.
QUuid domainUuid(const ExportContext &ctx, const QString &domain)
{
    static const QUuid ns(QStringLiteral("{6f1d7c1e-2b8a-4d5e-9c3a-0b7e4f2a9d61}"));
    const QString host = !ctx.project->hostDtbSha256.isEmpty() ? ctx.project->hostDtbSha256.toLower()
                                                               : ctx.model ? ctx.model->sha256() : QString();
    return QUuid::createUuidV5(ns, host + QLatin1Char('/') + domain);
}

// The windows in host order with overlapping ones that map the same way (same host-to-guest
// offset) joined, so a page two devices share is mapped once; order otherwise kept.
QVector<MmioMapping> mergedWindows(const QVector<MmioMapping> &windows)
{
    QVector<MmioMapping> out;
    for (const MmioMapping &w : windows) {
        bool joined = false;
        for (MmioMapping &o : out) {
            const bool sameOffset = o.guestAddress - o.hostAddress == w.guestAddress - w.hostAddress;
            if (!sameOffset || w.hostAddress >= o.hostAddress + o.size || o.hostAddress >= w.hostAddress + w.size)
                continue;
            const quint64 start = std::min(o.hostAddress, w.hostAddress);
            const quint64 end = std::max(o.hostAddress + o.size, w.hostAddress + w.size);
            o.guestAddress = o.guestAddress - (o.hostAddress - start);
            o.hostAddress = start;
            o.size = end - start;
            joined = true;
            break;
        }
        if (!joined)
            out.append(w);
    }
    return out;
}

QString targetPath(const DomainConfig &d, const QString &file)
{
    QString dir = d.effectiveXlDir();
    while (dir.endsWith(QLatin1Char('/')) && dir.size() > 1)
        dir.chop(1);
    return dir + QLatin1Char('/') + file;
}

} // namespace

QByteArray domCfg(const ExportContext &ctx, const DomainPlan &domain)
{
    const DomainConfig &d = domain.config;
    QStringList lines;
    lines << QStringLiteral("# ") + generatedComment(ctx, format::CommentSyntax::Hash);
    if (ctx.forced)
        lines << QStringLiteral("# ") + forcedLine(ctx);
    lines << QStringLiteral("name = %1").arg(quoted(d.name));
    lines << QStringLiteral("type = \"pvh\""); // the Arm guest type (xl.cfg: type)
    const QString uuid = d.uuid.isEmpty() ? domainUuid(ctx, d.name).toString(QUuid::WithoutBraces) : d.uuid;
    lines << QStringLiteral("uuid = %1").arg(quoted(uuid));
    lines << QStringLiteral("memory = %1").arg((d.memoryKiB + 1023) / 1024); // MiB
    lines << QStringLiteral("vcpus = %1").arg(d.vcpus);
    if (!d.kernel.isEmpty())
        lines << QStringLiteral("kernel = %1").arg(quoted(targetPath(d, baseName(d.kernel))));
    if (!d.ramdisk.isEmpty())
        lines << QStringLiteral("ramdisk = %1").arg(quoted(targetPath(d, baseName(d.ramdisk))));
    if (!d.bootargs.isEmpty())
        lines << QStringLiteral("extra = %1").arg(quoted(d.bootargs));
    lines << QStringLiteral("device_tree = %1").arg(quoted(targetPath(d, QStringLiteral("passthrough.dtb"))));

    // dtdev only for IOMMU-protected devices: iommu_assign_dt_device() refuses others and libxl
    // reports "passthrough not supported on this platform" (xen/drivers/passthrough/device_tree.c).
    QStringList dtdev;
    QVector<MmioMapping> windows;
    for (const DevicePlan &dev : domain.devices) {
        if (dev.iommuProtected)
            dtdev << quoted(dev.hostPath);
        windows += dev.mmio;
    }
    // The SCMI shmem page(s): Xen forwards the SMCs, the messages go through this memory
    // (docs/hypervisor-guide/arm/firmware/arm-scmi.rst: iomem = [ "<shmem pfn>,1@<guest pfn>" ]).
    for (const DevicePlan &shm : domain.scmiShmem)
        windows += shm.mmio;
    // "MFN,NPAGES@GFN" in hex without 0x (xl_parse.c parses them with strtoul base 16); devices
    // that share a page give it once.
    QStringList iomem;
    for (const MmioMapping &m : mergedWindows(windows))
        iomem << quoted(QStringLiteral("%1,%2@%3")
                            .arg(m.hostAddress / kPageSize, 0, 16)
                            .arg((m.size + kPageSize - 1) / kPageSize, 0, 16)
                            .arg(m.guestAddress / kPageSize, 0, 16));
    if (!dtdev.isEmpty())
        lines << QStringLiteral("dtdev = %1").arg(list(dtdev));
    if (!iomem.isEmpty())
        lines << QStringLiteral("iomem = %1").arg(list(iomem));
    if (!domain.irqs.isEmpty()) {
        QStringList irqs; // decimal GIC ids (xl_parse.c parses irqs base 10)
        for (quint32 irq : domain.irqs)
            irqs << QString::number(irq);
        lines << QStringLiteral("irqs = %1").arg(list(irqs));
    }
    if (domain.nrSpis > 0)
        lines << QStringLiteral("nr_spis = %1").arg(domain.nrSpis);
    if (d.vpl011)
        lines << QStringLiteral("vuart = \"sbsa_uart\"");
    if (!d.gicVersion.isEmpty())
        lines << QStringLiteral("gic_version = %1").arg(quoted(d.gicVersion));
    if (domain.needsScmi && !ctx.project->platform.scmiMediator) {
        // Xen 4.21+, single agent; without scmi-smc-passthrough Xen refuses a guest with arm_sci
        // (scmi_smc_domain_init returns -EINVAL: xen/arch/arm/firmware/scmi-smc.c).
        lines << QStringLiteral("# SCMI: Xen must boot with scmi-smc-passthrough on its command line");
        lines << QStringLiteral("arm_sci = \"type=scmi_smc\"");
    }
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

} // namespace devassign
