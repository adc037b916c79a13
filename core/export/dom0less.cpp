// SPDX-License-Identifier: GPL-2.0-or-later
// The dom0less host DTB: the host DTB with `xen,passthrough` on every assigned node and one
// `/chosen` domain node per dom0less domain (docs/misc/arm/device-tree/booting.txt), with its
// kernel / ramdisk / partial-DTB modules placed in RAM by the rule in docs/exports.md.

#include "exporters.h"
#include "export/exportutil.h"
#include "export/hostdtb.h"
#include "scmipolicy.h"
#include "planner.h"

#include <QRegularExpression>

#include <algorithm>
#include <optional>

extern "C" {
#include <libfdt.h>
}

namespace devassign {

using namespace exportutil;

namespace {

constexpr quint64 kModuleAlign = 2 * 1024 * 1024;        // ImageBuilder aligns modules to 2 MiB too
constexpr quint64 kFirstModuleOffset = 256 * 1024 * 1024; // QEMU loads Xen, then the DTB, at RAM start
constexpr quint64 k4GiB = quint64(1) << 32;

quint64 alignUp(quint64 v, quint64 a)
{
    return (v + a - 1) / a * a;
}

struct Range {
    quint64 start = 0;
    quint64 size = 0;
    quint64 end() const { return start + size; }
};

struct Module {
    QString kind;      // "kernel", "ramdisk", "device-tree"
    QString file;      // for messages
    QByteArray bootargs;
    quint64 address = 0;
    quint64 size = 0;
};

struct DomainNode {
    const DomainPlan *plan = nullptr;
    QString nodeName;
    QVector<Module> modules;
};

// Places modules one after another, 2 MiB aligned, starting 256 MiB into the first /memory bank,
// inside /memory banks, clear of reserved memory and of the static memory of direct-mapped domains.
class ModulePlacer {
public:
    ModulePlacer(const HostModel &model, const Project &project)
    {
        for (const MemoryRange &b : hostRamBanks(model, project))
            m_banks.append({b.address, b.size});
        for (const ReservedRange &r : hostReservedRanges(model))
            m_avoid.append({r.address, r.size});
        for (const DomainConfig &d : project.domains)
            for (const MemoryRange &m : d.staticMemory)
                m_avoid.append({m.address, m.size});
        if (!m_banks.isEmpty())
            m_cursor = alignUp(m_banks.front().start + kFirstModuleOffset, kModuleAlign);
    }

    bool place(Module &m)
    {
        quint64 addr = m_cursor;
        for (int guard = 0; guard < 10000; ++guard) {
            addr = alignUp(addr, kModuleAlign);
            const Range *bank = nullptr;
            for (const Range &b : m_banks)
                if (addr >= b.start && addr < b.end()) {
                    bank = &b;
                    break;
                }
            if (!bank) { // jump to the next bank above
                const Range *next = nullptr;
                for (const Range &b : m_banks)
                    if (b.start > addr && (!next || b.start < next->start))
                        next = &b;
                if (!next)
                    return false;
                addr = next->start;
                continue;
            }
            if (addr + m.size > bank->end()) {
                addr = bank->end();
                continue;
            }
            const Range *clash = nullptr;
            for (const Range &r : m_avoid)
                if (addr < r.end() && r.start < addr + m.size)
                    clash = &r;
            if (clash) {
                addr = clash->end();
                continue;
            }
            m.address = addr;
            m_cursor = addr + std::max<quint64>(m.size, 1);
            return true;
        }
        return false;
    }

private:
    QVector<Range> m_banks;
    QVector<Range> m_avoid;
    quint64 m_cursor = 0;
};

bool isValidNodeName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("\\A[A-Za-z0-9,._+-]{1,31}\\z"));
    return re.match(name).hasMatch();
}

QByteArray cellsValue(const QVector<QPair<quint64, int>> &values)
{
    QByteArray out;
    for (const auto &v : values)
        appendCells(out, v.first, v.second);
    return out;
}

class HostDtbEditor {
public:
    HostDtbEditor(const ExportContext &ctx) : m_ctx(ctx) {}
    QByteArray build(QString *error);
    // Places the modules only (what build() writes into /chosen).
    bool plan(QString *error) { return planModules(error); }
    QVector<BootModule> modules() const;

private:
    bool planModules(QString *error);
    bool planPolicyModule(ModulePlacer &placer, QString *error);
    bool edit(void *fdt, QString *error);
    int setProp(void *fdt, int node, const char *name, const QByteArray &value)
    {
        return fdt_setprop(fdt, node, name, value.constData(), value.size());
    }

    const ExportContext &m_ctx;
    QVector<DomainNode> m_domains;
    std::optional<Module> m_policy; // scmi-policy.bin as a boot module (devassign's SCMI mediator)
    int m_cells = 1; // #address-cells / #size-cells used for /chosen and the domain nodes
};

} // namespace

QMap<QString, QString> dom0lessNodeNames(const HostModel &model, const Analysis &analysis)
{
    QStringList used;
    if (const Node *chosen = model.node(QStringLiteral("/chosen")))
        for (int c : chosen->children)
            used << model.nodes()[c].name;
    QMap<QString, QString> names;
    int index = 1;
    for (const DomainPlan &plan : analysis.domains) {
        const DomainConfig &d = plan.config;
        if (!d.dom0less)
            continue;
        QString name = isValidNodeName(d.name) && !used.contains(d.name) ? d.name : QStringLiteral("domU%1").arg(index);
        while (used.contains(name))
            name = QStringLiteral("domU%1").arg(++index);
        used << name;
        ++index;
        names.insert(d.name, name);
    }
    return names;
}

namespace {

bool HostDtbEditor::planModules(QString *error)
{
    ModulePlacer placer(*m_ctx.model, *m_ctx.project);
    const QMap<QString, QString> nodeNames = dom0lessNodeNames(*m_ctx.model, *m_ctx.analysis);
    for (const DomainPlan &plan : m_ctx.analysis->domains) {
        const DomainConfig &d = plan.config;
        if (!d.dom0less)
            continue;
        DomainNode dn;
        dn.plan = &plan;
        dn.nodeName = nodeNames.value(d.name);
        if (d.kernel.isEmpty()) {
            *error = QStringLiteral("domain %1: a dom0less domain needs a kernel").arg(d.name);
            return false;
        }
        auto addFile = [&](const QString &kind, const QString &file) {
            const std::optional<quint64> size = fileSize(m_ctx, file);
            if (!size) {
                *error = QStringLiteral("domain %1: %2 %3: size unknown (file not found?)").arg(d.name, kind, file);
                return false;
            }
            dn.modules.append({kind, file, {}, 0, *size});
            return true;
        };
        if (!addFile(QStringLiteral("kernel"), d.kernel))
            return false;
        dn.modules.back().bootargs = d.bootargs.toUtf8();
        if (!d.ramdisk.isEmpty() && !addFile(QStringLiteral("ramdisk"), d.ramdisk))
            return false;
        if (!plan.devices.isEmpty()) {
            QString dtbError;
            const QByteArray dtb = partialDtb(m_ctx, plan, &dtbError);
            if (dtb.isEmpty()) {
                *error = dtbError;
                return false;
            }
            dn.modules.append({QStringLiteral("device-tree"), QStringLiteral("passthrough.dtb"), {}, 0,
                               quint64(dtb.size())});
        }
        for (Module &m : dn.modules) {
            if (!placer.place(m)) {
                *error = hostRamBanks(*m_ctx.model, *m_ctx.project).isEmpty()
                    ? QStringLiteral("domain %1: cannot place the %2 module: %3 describes no RAM (its /memory 'reg' "
                                     "sizes are 0 or missing, as when the bootloader fills them in at boot); give "
                                     "the board's RAM with 'devassign platform set PROJECT --ram ADDRESS:SIZE'")
                          .arg(d.name, m.kind, m_ctx.model->sourceName())
                    : QStringLiteral("domain %1: %2 %3 (%4 bytes) does not fit in host RAM above the first "
                                     "256 MiB").arg(d.name, m.kind, m.file).arg(m.size);
                return false;
            }
            if (m.address + m.size > k4GiB)
                m_cells = 2;
        }
        for (const MemoryRange &r : d.staticMemory)
            if (r.address + r.size > k4GiB)
                m_cells = 2;
        m_domains.append(dn);
    }
    return planPolicyModule(placer, error);
}

// With devassign's SCMI mediator, scmi-policy.bin is a boot module of its own, after the domains'
// (docs/hypervisor.md §2; hypervisor/xen/ reads it at boot).
bool HostDtbEditor::planPolicyModule(ModulePlacer &placer, QString *error)
{
    if (!m_ctx.project->platform.scmiMediator)
        return true;
    const Result<ScmiPolicy> policy = scmiPolicyFor(*m_ctx.model, *m_ctx.project, *m_ctx.analysis);
    if (!policy) {
        *error = policy.error();
        return false;
    }
    if (policy->domains.isEmpty())
        return true;
    Module m{QStringLiteral("scmi-policy"), kScmiPolicyFile, {}, 0, quint64(scmiPolicyBlob(*policy).size())};
    if (!placer.place(m)) {
        *error = QStringLiteral("dom0less host DTB: %1 (%2 bytes) does not fit in host RAM after the domains' modules")
                     .arg(kScmiPolicyFile).arg(m.size);
        return false;
    }
    if (m.address + m.size > k4GiB)
        m_cells = 2;
    m_policy = m;
    return true;
}

bool HostDtbEditor::edit(void *fdt, QString *error)
{
    const QString file = QStringLiteral("dom0less host DTB");
    auto fail = [&](const QString &what, int err) { return hostDtbFailure(file, what, err, error); };
    // Every assigned node, whatever the domain's target: on a mixed boot dom0 must leave xl domains'
    // devices alone too.
    if (!markPassthrough(fdt, m_ctx, [](const DomainConfig &) { return true; }, file, error))
        return false;
    const int chosen = chosenNode(fdt);
    if (chosen < 0)
        return fail(QStringLiteral("/chosen"), chosen);
    int len = 0;
    if (const fdt32_t *ac = static_cast<const fdt32_t *>(fdt_getprop(fdt, chosen, "#address-cells", &len))) {
        m_cells = int(fdt32_to_cpu(*ac)) == 2 ? 2 : m_cells;
        if (int(fdt32_to_cpu(*ac)) == 1 && m_cells == 2) {
            *error = QStringLiteral("dom0less host DTB: /chosen has #address-cells = <1> but a module or static "
                                    "memory bank lies above 4 GiB");
            return false;
        }
    } else {
        if (int err = setProp(fdt, chosen, "#address-cells", u32Value(m_cells)))
            return fail(QStringLiteral("/chosen"), err);
        if (int err = setProp(fdt, chosen, "#size-cells", u32Value(m_cells)))
            return fail(QStringLiteral("/chosen"), err);
    }
    // Kept as the host has it, except that a domain with SCMI needs scmi-smc-passthrough.
    if (!setXenBootargs(fdt, chosen, m_ctx, file, error))
        return false;
    // A dom0 on this boot (one the host DTB or the boot script adds, or the one that starts the
    // xl-only domains) sees every node marked above: the same flags as xl/host.dtb (rule
    // dom0-gates-clocks). Without dom0, dom0's command line is never used (xen,xen-bootargs is
    // always written above, so the property cannot make Xen take /chosen bootargs as its own).
    if (!keepDom0Clocks(fdt, chosen, m_ctx, [](const DomainConfig &) { return true; }, file, error))
        return false;
    // fdt_add_subnode() puts a new node before its siblings: add in reverse to keep project order.
    for (auto dit = m_domains.crbegin(); dit != m_domains.crend(); ++dit) {
        const DomainNode &dn = *dit;
        const DomainConfig &d = dn.plan->config;
        const QByteArray nodeName = dn.nodeName.toUtf8();
        const int node = fdt_add_subnode(fdt, chosen, nodeName.constData());
        if (node < 0)
            return fail(QStringLiteral("/chosen/") + dn.nodeName, node);
        QVector<QPair<QByteArray, QByteArray>> props = {
            {"compatible", stringValue(QStringLiteral("xen,domain"))},
            {"#address-cells", u32Value(m_cells)},
            {"#size-cells", u32Value(m_cells)},
            {"memory", cellsValue({{d.memoryKiB, 2}})}, // KiB, always 64 bits (booting.txt)
            {"cpus", u32Value(quint32(d.vcpus))},
        };
        if (d.vpl011)
            props.append({QByteArray("vpl011"), QByteArray()});
        if (d.directMap) {
            props.append({QByteArray("direct-map"), QByteArray()});
        }
        if (!d.staticMemory.isEmpty()) {
            // Cells: older Xen reads #xen,static-mem-*-cells, newer the parent's (/chosen) cells.
            props.append({"#xen,static-mem-address-cells", u32Value(m_cells)});
            props.append({"#xen,static-mem-size-cells", u32Value(m_cells)});
            QVector<QPair<quint64, int>> cells;
            for (const MemoryRange &r : d.staticMemory)
                cells << qMakePair(r.address, m_cells) << qMakePair(r.size, m_cells);
            props.append({"xen,static-mem", cellsValue(cells)});
        }
        if (!d.enhanced.isEmpty())
            props.append({"xen,enhanced", stringValue(d.enhanced)});
        if (dn.plan->nrSpis > 0)
            props.append({"nr_spis", u32Value(quint32(dn.plan->nrSpis))});
        if (dn.plan->needsScmi && !m_ctx.project->platform.scmiMediator)
            props.append({"xen,sci_type", stringValue(QStringLiteral("scmi_smc"))}); // Xen 4.21+
        // fdt_setprop() puts a new property first: set them in reverse to read in this order.
        for (auto pit = props.crbegin(); pit != props.crend(); ++pit)
            if (int err = setProp(fdt, node, pit->first.constData(), pit->second))
                return fail(QStringLiteral("/chosen/") + dn.nodeName, err);
        for (auto mit = dn.modules.crbegin(); mit != dn.modules.crend(); ++mit) {
            const Module &m = *mit;
            const QByteArray name = QStringLiteral("module@%1").arg(m.address, 0, 16).toUtf8();
            const int mod = fdt_add_subnode(fdt, node, name.constData());
            if (mod < 0)
                return fail(QString::fromUtf8(name), mod);
            const QString kind = QStringLiteral("multiboot,") + m.kind;
            if (m.kind == QLatin1String("kernel") && !m.bootargs.isEmpty())
                if (int err = setProp(fdt, mod, "bootargs", m.bootargs + '\0'))
                    return fail(QString::fromUtf8(name), err);
            if (int err = setProp(fdt, mod, "reg", cellsValue({{m.address, m_cells}, {m.size, m_cells}})))
                return fail(QString::fromUtf8(name), err);
            if (int err = setProp(fdt, mod, "compatible", stringListValue({kind, QStringLiteral("multiboot,module")})))
                return fail(QString::fromUtf8(name), err);
        }
    }
    // Added last, so it sits first under /chosen, before the domains (the binding's example).
    if (m_policy) {
        const QByteArray name = QStringLiteral("scmi-policy@%1").arg(m_policy->address, 0, 16).toUtf8();
        const int mod = fdt_add_subnode(fdt, chosen, name.constData());
        if (mod < 0)
            return fail(QString::fromUtf8(name), mod);
        if (int err = setProp(fdt, mod, "reg", cellsValue({{m_policy->address, m_cells}, {m_policy->size, m_cells}})))
            return fail(QString::fromUtf8(name), err);
        if (int err = setProp(fdt, mod, "compatible",
                              stringListValue({QStringLiteral("multiboot,module"), QStringLiteral("devassign,scmi-policy")})))
            return fail(QString::fromUtf8(name), err);
    }
    return true;
}

QByteArray HostDtbEditor::build(QString *error)
{
    if (!planModules(error))
        return {};
    return editedHostDtb(m_ctx, QStringLiteral("dom0less host DTB"),
                         [this](void *fdt, QString *err) { return edit(fdt, err); }, error);
}

} // namespace

QVector<BootModule> HostDtbEditor::modules() const
{
    QVector<BootModule> out;
    for (const DomainNode &dn : m_domains)
        for (const Module &m : dn.modules)
            out.append({dn.plan->config.name, m.kind, m.file, m.address, m.size});
    if (m_policy)
        out.append({QString(), m_policy->kind, m_policy->file, m_policy->address, m_policy->size});
    return out;
}

QVector<BootModule> dom0lessBootModules(const ExportContext &ctx, QString *error)
{
    QString local;
    QString *err = error ? error : &local;
    if (!ctx.model || !ctx.project || !ctx.analysis) {
        *err = QStringLiteral("dom0less boot modules: no model, project or analysis");
        return {};
    }
    HostDtbEditor editor(ctx);
    if (!editor.plan(err))
        return {};
    return editor.modules();
}

QByteArray dom0lessHostDtb(const ExportContext &ctx, QString *error)
{
    QString local;
    QString *err = error ? error : &local;
    if (!ctx.model || !ctx.project || !ctx.analysis) {
        *err = QStringLiteral("dom0less host DTB: no model, project or analysis");
        return {};
    }
    HostDtbEditor editor(ctx);
    return editor.build(err);
}

} // namespace devassign
