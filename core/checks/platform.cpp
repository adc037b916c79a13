// SPDX-License-Identifier: GPL-2.0-or-later
// The checks that depend on the target platform: the Xen release (docs/xen-releases.md) and the
// host's RAM (static memory). Each rule: its id, the check, the Xen source it follows.
#include "checks/check.h"

#include "exporters.h"
#include "format.h"
#include "guestdt.h"
#include "xenrelease.h"

#include <libfdt.h>

namespace devassign::checks {

namespace {

using format::hex;
using format::span;

QString releaseText(const CheckInput &in)
{
    return xen::releaseName(in.project.platform.xen);
}

void checkGuestDtTooBig(const CheckInput &in, const DomainPlan &dp, const DomainFacts &, Reporter &report)
{
    if (!dp.config.dom0less)
        return;
    const GuestDtSize size = in.guestDtSizeOf(dp);
    if (size.needed > 0 && !size.fits())
        report({dp.config.name, QString()}, {{QStringLiteral("needed"), QString::number(size.needed)},
                                             {QStringLiteral("buffer"), QString::number(size.buffer)},
                                             {QStringLiteral("release"), releaseText(in)}});
}

// Every node with xen,reg: the #address-cells/#size-cells of its parent in the partial DTB, as
// handle_passthrough_prop reads them, must be 1 or 2 (Xen 4.22 checks; older releases divide by 0).
void checkXenRegCells(const CheckInput &in, const DomainPlan &dp, const DomainFacts &, Reporter &report)
{
    const QByteArray &dtb = in.partialDtbOf(dp);
    if (dtb.isEmpty() || fdt_check_full(dtb.constData(), size_t(dtb.size())) != 0)
        return;
    const void *fdt = dtb.constData();
    QVector<int> parents; // offsets of the open nodes by depth (fdt_parent_offset rescans the blob)
    int depth = 0;
    for (int node = fdt_next_node(fdt, -1, &depth); node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
        parents.resize(depth);
        parents.append(node);
        if (depth == 0 || !fdt_getprop(fdt, node, "xen,reg", nullptr))
            continue;
        const int parent = parents[depth - 1];
        const int ac = parent == 0 ? 2 : fdt_address_cells(fdt, parent);
        const int sc = parent == 0 ? 1 : fdt_size_cells(fdt, parent);
        if (ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2)
            continue;
        const QByteArray xenPath = [&] {
            int len = 0;
            const char *p = static_cast<const char *>(fdt_getprop(fdt, node, "xen,path", &len));
            return p && len > 0 ? QByteArray(p, len - 1) : QByteArray(fdt_get_name(fdt, node, nullptr));
        }();
        report({dp.config.name, QString::fromUtf8(xenPath)},
               {{QStringLiteral("cells"), QStringLiteral("#address-cells = %1, #size-cells = %2").arg(ac).arg(sc)}});
    }
}

void checkScmiNeedsXen421(const CheckInput &in, Reporter &report)
{
    // devassign's mediator (hypervisor/xen/, a series on 4.17.5) gives SCMI guests their own
    // channel on any release; without it, guests get SCMI only from 4.21 (xen/arch/arm/firmware/).
    if (in.project.platform.scmiMediator || xen::scmiGuestsSupported(in.project.platform.xen))
        return;
    for (const DomainPlan &dp : in.analysis.domains)
        if (dp.needsScmi)
            report({dp.config.name, QString()}, {{QStringLiteral("release"), releaseText(in)}});
}

void checkEnhancedLegacy(const CheckInput &in, Reporter &report)
{
    if (xen::enhancedLegacySupported(in.project.platform.xen))
        return;
    for (const DomainConfig &d : in.project.domains)
        if (d.enhanced == QLatin1String("legacy"))
            report({d.name, QString()}, {{QStringLiteral("release"), releaseText(in)}});
}

void checkEspi(const CheckInput &in, Reporter &report)
{
    if (xen::guestEspiSupported(in.project.platform.xen))
        return;
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &dev, const Node &n) {
        for (const Interrupt &i : dev.interrupts)
            if (i.irq && *i.irq >= xen::kFirstEspi) {
                report({dp.config.name, n.path}, {{QStringLiteral("interrupt"), QStringLiteral("eSPI %1 (GIC id %2)").arg(i.number).arg(*i.irq)},
                                                  {QStringLiteral("release"), releaseText(in)}});
                return;
            }
    });
}

void checkSmmuV3(const CheckInput &in, Reporter &report)
{
    in.forEachDevice([&](const DomainPlan &dp, const DevicePlan &, const Node &n) {
        for (const IommuLink &l : n.iommu.links)
            if (l.iommuEnabled && xen::isSmmuV3(l.iommuCompatible)) {
                report({dp.config.name, n.path}, {{QStringLiteral("iommu"), l.iommu}});
                return;
            }
    });
}

// xl domains need a dom0; Xen gives dom0 their nodes with status = "disabled" (write_properties).
void checkDom0GatesClocks(const CheckInput &in, Reporter &report)
{
    for (const DomainPlan &dp : in.analysis.domains)
        if (dp.config.xl && !dp.devices.isEmpty())
            report({dp.config.name, QString()}, {});
}

// ---- static memory (xen,static-mem) -------------------------------------------------------------

quint64 sumOf(const QVector<MemoryRange> &banks)
{
    quint64 sum = 0;
    for (const MemoryRange &b : banks)
        sum += b.size;
    return sum;
}

bool insideRam(const MemoryRange &bank, const QVector<MemoryRange> &ram)
{
    for (const MemoryRange &r : ram)
        if (bank.address >= r.address && bank.address - r.address + bank.size <= r.size)
            return true;
    return false;
}

void checkStaticMemSize(const CheckInput &in, Reporter &report)
{
    for (const DomainConfig &d : in.project.domains)
        if (!d.staticMemory.isEmpty() && sumOf(d.staticMemory) != d.memoryKiB * 1024)
            report({d.name, QString()}, {{QStringLiteral("memory"), format::memorySize(d.memoryKiB)},
                                         {QStringLiteral("banks"), format::memorySize(sumOf(d.staticMemory) / 1024)}});
}

void checkStaticMemOutsideRam(const CheckInput &in, Reporter &report)
{
    const QVector<MemoryRange> ram = hostRamBanks(in.model, in.project);
    QStringList ramText;
    for (const MemoryRange &r : ram)
        ramText.append(span(r.address, r.size));
    for (const DomainConfig &d : in.project.domains)
        for (const MemoryRange &b : d.staticMemory)
            if (!insideRam(b, ram))
                report({d.name, QString()}, {{QStringLiteral("bank"), span(b.address, b.size)},
                                             {QStringLiteral("ram"), ram.isEmpty() ? QStringLiteral("none is known: the DTB's /memory is empty")
                                                                                   : ramText.join(QStringLiteral(", "))}});
}

// xl's memory= (tools/xl/xl_parse.c: target_memkb = l * 1024) and ImageBuilder's DOMU_MEM count
// MiB, so dom.cfg and imagebuilder.cfg round a KiB amount up; the dom0less host DTB's `memory`
// (KiB, booting.txt) does not. A domain of such a size boots with different RAM per export.
void checkMemoryNotWholeMib(const CheckInput &in, Reporter &report)
{
    for (const DomainConfig &d : in.project.domains) {
        if (d.memoryKiB % 1024 == 0)
            continue;
        QStringList exports;
        if (d.xl)
            exports.append(QStringLiteral("dom.cfg"));
        if (d.dom0less)
            exports.append(QStringLiteral("imagebuilder.cfg"));
        if (exports.isEmpty())
            continue;
        report({d.name, QString()}, {{QStringLiteral("memory"), format::memorySize(d.memoryKiB)},
                                     {QStringLiteral("rounded"), format::memorySize((d.memoryKiB + 1023) / 1024 * 1024)},
                                     {QStringLiteral("exports"), exports.join(QStringLiteral(" and "))}});
    }
}

// The dom0less export places each domain's boot modules in host RAM (core/export/dom0less.cpp);
// with no RAM known it cannot, and `check` says so before `export` fails.
void checkHostRamUnknown(const CheckInput &in, Reporter &report)
{
    if (!hostRamBanks(in.model, in.project).isEmpty())
        return;
    for (const DomainConfig &d : in.project.domains)
        if (d.dom0less)
            report({d.name, QString()}, {{QStringLiteral("dtb"), in.model.sourceName()}});
}

void checkStaticMemOverlapsReserved(const CheckInput &in, Reporter &report)
{
    const QVector<ReservedRange> reserved = hostReservedRanges(in.model);
    for (const DomainConfig &d : in.project.domains)
        for (const MemoryRange &b : d.staticMemory)
            for (const ReservedRange &r : reserved)
                if (overlaps(b.address, b.size, r.address, r.size))
                    report({d.name, QString()}, {{QStringLiteral("bank"), span(b.address, b.size)},
                                                 {QStringLiteral("reserved"), QStringLiteral("%1 (%2)").arg(r.what, span(r.address, r.size))}},
                           r.what.startsWith(QLatin1Char('/')) && !r.what.startsWith(QLatin1String("/memreserve/")) ? QStringList{r.what} : QStringList{});
}

void checkStaticMemOverlapsDomain(const CheckInput &in, Reporter &report)
{
    const QVector<DomainConfig> &domains = in.project.domains;
    for (int i = 0; i < domains.size(); ++i)
        for (int j = 0; j < i; ++j)
            for (const MemoryRange &b : domains[i].staticMemory)
                for (const MemoryRange &o : domains[j].staticMemory)
                    if (overlaps(b.address, b.size, o.address, o.size))
                        report({domains[i].name, QString()}, {{QStringLiteral("bank"), span(b.address, b.size)},
                                                              {QStringLiteral("other"), domains[j].name}});
}

} // namespace

namespace {

QByteArray makePartialDtb(const CheckInput &in, const DomainPlan &dp)
{
    if (!dp.config.dom0less || (dp.devices.isEmpty() && dp.scmiShmem.isEmpty()))
        return QByteArray();
    // The analysis: its domain plans (the SCMI channel of each domain); its diagnostics still growing.
    ExportContext ctx(&in.model, &in.project, &in.analysis);
    QString error;
    // Measured, not exported: the export's own dangling-phandle check refuses what must be
    // refused, and re-reading every domain's blob into a model on each edit was a fifth of
    // the re-analysis (docs/performance.md).
    return partialDtbUnchecked(ctx, dp, &error);
}

// The cache's memo of dp's partial DTB, made again unless it was made from this very plan (its
// generation, core/planner.h PlanMemo, which also stands for the platform the plan read) and for
// this SCMI channel: all the partial DTB builder reads besides the host model
// (core/export/partialdtb.cpp).
AnalysisCache::PartialDtbMemo &partialDtbMemo(const CheckInput &in, const DomainPlan &dp)
{
    const auto plan = in.cache->plans.domains.constFind(dp.config.name);
    const quint64 generation = plan != in.cache->plans.domains.constEnd() ? plan->generation : 0;
    const std::optional<ScmiChannel> channel = scmiChannelOf(in.analysis, dp.config.name);
    auto it = in.cache->partialDtbs.find(dp.config.name);
    if (it != in.cache->partialDtbs.end() && generation != 0 && it->planGeneration == generation
        && it->channel == channel)
        return *it;
    return *in.cache->partialDtbs.insert(dp.config.name, {generation, channel, makePartialDtb(in, dp), {}});
}

} // namespace

const QByteArray &CheckInput::partialDtbOf(const DomainPlan &dp) const
{
    if (cache)
        return partialDtbMemo(*this, dp).dtb;
    auto it = partialDtbs.find(dp.config.name);
    if (it == partialDtbs.end())
        it = partialDtbs.insert(dp.config.name, makePartialDtb(*this, dp));
    return *it;
}

GuestDtSize CheckInput::guestDtSizeOf(const DomainPlan &dp) const
{
    if (!cache)
        return guestDtSize(model, dp.config, partialDtbOf(dp), project.platform.xen);
    AnalysisCache::PartialDtbMemo &memo = partialDtbMemo(*this, dp);
    if (!memo.guestSize)
        memo.guestSize = guestDtSize(model, dp.config, memo.dtb, project.platform.xen);
    return *memo.guestSize;
}

QVector<Check> platformChecks()
{
    return {
        {"static-mem-size-mismatch", checkStaticMemSize},
        {"static-mem-outside-ram", checkStaticMemOutsideRam},
        {"host-ram-unknown", checkHostRamUnknown},
        {"memory-not-whole-mib", checkMemoryNotWholeMib},
        {"static-mem-overlaps-reserved", checkStaticMemOverlapsReserved},
        {"static-mem-overlaps-domain", checkStaticMemOverlapsDomain},
        {"guest-dt-too-big", nullptr, checkGuestDtTooBig},
        {"xen-reg-cells", nullptr, checkXenRegCells},
        {"scmi-needs-xen-4.21", checkScmiNeedsXen421},
        {"enhanced-legacy-unsupported", checkEnhancedLegacy},
        {"espi-unsupported", checkEspi},
        {"smmuv3-tech-preview", checkSmmuV3},
        {"dom0-gates-clocks", checkDom0GatesClocks},
    };
}

} // namespace devassign::checks
