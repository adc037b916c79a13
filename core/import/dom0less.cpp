// SPDX-License-Identifier: GPL-2.0-or-later
// Import of a dom0less host DTB: the inverse of core/export/dom0less.cpp. Each /chosen node with
// compatible "xen,domain" becomes a domain (binding: docs/misc/arm/device-tree/booting.txt, read
// by construct_domU in xen/arch/arm/domain_build.c and by bootfdt.c for the multiboot modules);
// the `xen,passthrough` marks (docs/misc/arm/passthrough.txt) and each domain's partial DTB give
// its devices; the host model is the DTB without the domain nodes and the marks. Rules:
// docs/import.md.

#include "importers.h"

#include "dtsource.h"
#include "export/hostdtb.h"
#include "format.h"
#include "import/importutil.h"
#include "inputfile.h"
#include "inputlimits.h"
#include "xenrelease.h"

#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <cstring>
#include <utility>

extern "C" {
#include <libfdt.h>
}

namespace devassign {

using namespace importutil;

namespace {

// Properties of a domain node the export writes or derives (dom0less.cpp); others are reported.
const QStringList &knownDomainProperties()
{
    static const QStringList known = {QStringLiteral("compatible"), QStringLiteral("#address-cells"),
        QStringLiteral("#size-cells"), QStringLiteral("memory"), QStringLiteral("cpus"), QStringLiteral("vpl011"),
        QStringLiteral("direct-map"), QStringLiteral("xen,static-mem"), QStringLiteral("#xen,static-mem-address-cells"),
        QStringLiteral("#xen,static-mem-size-cells"), QStringLiteral("xen,enhanced"),
        // Derived from the devices again on export: the SPI count and the SCMI mediator.
        QStringLiteral("nr_spis"), QStringLiteral("xen,sci_type")};
    return known;
}

quint64 readCells(const fdt32_t *cells, int count)
{
    quint64 v = 0;
    for (int i = 0; i < count; ++i)
        v = (v << 32) | fdt32_to_cpu(cells[i]);
    return v;
}

QString stringProp(const void *fdt, int node, const char *name, bool *ok)
{
    int len = 0;
    const char *v = static_cast<const char *>(fdt_getprop(fdt, node, name, &len));
    *ok = true;
    if (!v)
        return {};
    if (len < 1 || v[len - 1] != '\0' || int(qstrnlen(v, size_t(len))) != len - 1) {
        *ok = false;
        return {};
    }
    return QString::fromUtf8(v, len - 1);
}

// xen,enhanced as construct_domU reads it (xen/arch/arm/domain_build.c, 4.17; dom0less-build.c
// later) with dt_property_read_string: an empty value (-ENODATA) or one without a NUL inside it
// (-EILSEQ) means "enabled", as booting.txt's "enabled (or empty)" says; otherwise the first string
// of the value counts. Absent: "".
QString enhancedAsXenReadsIt(const void *fdt, int node)
{
    int len = 0;
    const char *v = static_cast<const char *>(fdt_getprop(fdt, node, "xen,enhanced", &len));
    if (!v)
        return QString();
    if (len <= 0 || qstrnlen(v, size_t(len)) >= size_t(len))
        return QStringLiteral("enabled");
    return QString::fromUtf8(v);
}

bool isCompatible(const void *fdt, int node, const char *compatible)
{
    return fdt_node_check_compatible(fdt, node, compatible) == 0;
}

class Dom0lessImporter {
public:
    Dom0lessImporter(const QByteArray &dtb, const QString &file, const PartialDtbLocator &locate)
        : m_dtb(dtb)
        , m_file(file)
        , m_locate(locate)
    {
    }
    Result<ImportResult> run();

private:
    Status readDomain(int node, DomainConfig &d, bool *hasPartialModule);
    Status readModules(int node, DomainConfig &d, bool *hasPartialModule);
    Status readDevices(const QVector<bool> &hasPartialModule);
    void noteScmiPolicy();
    void raiseRelease(xen::Release release, const QString &what);
    Status strip();
    Failure bad(const QString &where, const QString &why) const
    {
        return fail(QStringLiteral("%1: %2: %3").arg(m_file, where, why));
    }
    void note(const QString &line) { m_result.report << m_file + QStringLiteral(": ") + format::oneLine(line); }

    QByteArray m_dtb;
    QString m_file;
    PartialDtbLocator m_locate;
    ImportResult m_result;
    QVector<int> m_domainNodes; // offsets in m_dtb
};

Status Dom0lessImporter::readModules(int node, DomainConfig &d, bool *hasPartialModule)
{
    const void *fdt = m_dtb.constData();
    const int ac = fdt_address_cells(fdt, node);
    const int sc = fdt_size_cells(fdt, node);
    const QString where = QStringLiteral("/chosen/") + d.name;
    int child = 0;
    fdt_for_each_subnode(child, fdt, node)
    {
        const QString kind = isCompatible(fdt, child, "multiboot,kernel") ? QStringLiteral("kernel")
            : isCompatible(fdt, child, "multiboot,ramdisk")               ? QStringLiteral("ramdisk")
            : isCompatible(fdt, child, "multiboot,device-tree")           ? QStringLiteral("device-tree")
                                                                          : QString();
        const QString name = QString::fromUtf8(fdt_get_name(fdt, child, nullptr));
        if (kind.isEmpty()) {
            note(QStringLiteral("%1/%2: not a kernel, ramdisk or device-tree module; not imported").arg(where, name));
            continue;
        }
        int len = 0;
        const auto *reg = static_cast<const fdt32_t *>(fdt_getprop(fdt, child, "reg", &len));
        if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || !reg || len != (ac + sc) * 4)
            return bad(where + QLatin1Char('/') + name,
                QStringLiteral("reg is not one <address size> in %1/%2 cells").arg(ac).arg(sc));
        m_result.modules.append({d.name, kind, readCells(reg, ac), readCells(reg + ac, sc)});
        if (kind == QLatin1String("kernel")) {
            bool ok = true;
            const QString args = stringProp(fdt, child, "bootargs", &ok); // bootfdt.c: the module's bootargs
            if (!ok)
                return bad(where + QLatin1Char('/') + name, QStringLiteral("bootargs is not one string"));
            if (!args.isEmpty())
                d.bootargs = args;
        }
        if (kind == QLatin1String("device-tree"))
            *hasPartialModule = true;
        else // The DTB says where the image was loaded, never which file it was.
            note(QStringLiteral("domain %1: the %2 module (%3 bytes at %4) names no file; give it with 'devassign "
                                "domain set P %1 --%2 FILE'")
                     .arg(d.name, kind)
                     .arg(m_result.modules.back().size)
                     .arg(format::hex(m_result.modules.back().address)));
    }
    return {};
}

Status Dom0lessImporter::readDomain(int node, DomainConfig &d, bool *hasPartialModule)
{
    const void *fdt = m_dtb.constData();
    d.name = QString::fromUtf8(fdt_get_name(fdt, node, nullptr));
    const QString where = QStringLiteral("/chosen/") + d.name;
    if (!isValidDomainName(d.name))
        return bad(format::oneLine(where),
            QStringLiteral("the node name is not a valid domain name (1-32 of A-Z a-z 0-9 _ -)"));
    d.dom0less = true;
    d.xl = false;
    int len = 0;
    // memory: 64 bits of KiB (booting.txt; construct_domU reads it with dt_property_read_u64).
    const auto *memory = static_cast<const fdt32_t *>(fdt_getprop(fdt, node, "memory", &len));
    if (!memory || len != 8)
        return bad(where, QStringLiteral("memory is not one 64-bit number of KiB"));
    d.memoryKiB = readCells(memory, 2);
    const auto *cpus = static_cast<const fdt32_t *>(fdt_getprop(fdt, node, "cpus", &len));
    if (!cpus || len != 4)
        return bad(where, QStringLiteral("cpus is not one 32-bit number"));
    d.vcpus = int(std::min<quint32>(fdt32_to_cpu(*cpus), 1u << 20));
    d.vpl011 = fdt_getprop(fdt, node, "vpl011", nullptr) != nullptr;
    d.directMap = fdt_getprop(fdt, node, "direct-map", nullptr) != nullptr;
    d.enhanced = enhancedAsXenReadsIt(fdt, node);
    if (const auto *mem = static_cast<const fdt32_t *>(fdt_getprop(fdt, node, "xen,static-mem", &len))) {
        // Banks in the #xen,static-mem-*-cells older Xen reads, else in /chosen's cells (parse_static_mem_prop).
        auto cellsOf = [&](const char *name, int fallback) {
            int l = 0;
            const auto *v = static_cast<const fdt32_t *>(fdt_getprop(fdt, node, name, &l));
            return v && l == 4 ? int(fdt32_to_cpu(*v)) : fallback;
        };
        const int parent = fdt_parent_offset(fdt, node);
        const int ac = cellsOf("#xen,static-mem-address-cells", fdt_address_cells(fdt, parent));
        const int sc = cellsOf("#xen,static-mem-size-cells", fdt_size_cells(fdt, parent));
        if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || len == 0 || len % ((ac + sc) * 4) != 0)
            return bad(
                where, QStringLiteral("xen,static-mem is not a list of <address size> in %1/%2 cells").arg(ac).arg(sc));
        for (int i = 0; i < len / ((ac + sc) * 4); ++i) {
            const fdt32_t *bank = mem + i * (ac + sc);
            d.staticMemory.append({readCells(bank, ac), readCells(bank + ac, sc)});
        }
    }
    // Properties that only a newer Xen reads tell the release the DTB was made for: the project
    // gets the first release that reads them (the DTB names no release itself).
    if (fdt_getprop(fdt, node, "xen,sci_type", nullptr))
        raiseRelease(xen::Release::Xen421, where + QStringLiteral(" has xen,sci_type"));
    if (d.enhanced == QLatin1String("legacy"))
        raiseRelease(xen::Release::Xen421, where + QStringLiteral(" has xen,enhanced = \"legacy\""));
    int prop = 0;
    fdt_for_each_property_offset(prop, fdt, node)
    {
        const char *name = nullptr;
        if (!fdt_getprop_by_offset(fdt, prop, &name, nullptr) || !name)
            continue;
        if (!knownDomainProperties().contains(QString::fromUtf8(name)))
            note(QStringLiteral("%1: property %2 is not imported").arg(where, QString::fromUtf8(name)));
    }
    if (Status s = readModules(node, d, hasPartialModule); !s)
        return s;
    if (const QString problem = domainSettingsProblem(d); !problem.isEmpty())
        return fail(QStringLiteral("%1: %2").arg(m_file, problem));
    return {};
}

// Devices: the xen,path nodes of each domain's partial DTB (when it is there and has the size of
// the domain's device-tree module), then the marks no partial DTB claimed.
Status Dom0lessImporter::readDevices(const QVector<bool> &hasPartialModule)
{
    QString error;
    const auto host = HostModel::fromBlob(m_result.hostDtb, m_file, &error);
    if (!host)
        return fail(error);
    const void *fdt = m_dtb.constData();
    QStringList marked;
    for (int node = fdt_next_node(fdt, -1, nullptr); node >= 0; node = fdt_next_node(fdt, node, nullptr))
        if (fdt_getprop(fdt, node, "xen,passthrough", nullptr)) {
            char path[1024];
            if (fdt_get_path(fdt, node, path, sizeof path) == 0)
                marked << QString::fromUtf8(path);
        }
    QSet<QString> claimed;
    QVector<int> withoutPartial; // domains with a device-tree module whose file was not read
    for (int i = 0; i < m_result.project.domains.size(); ++i) {
        DomainConfig &d = m_result.project.domains[i];
        if (!hasPartialModule[i])
            continue;
        const QString file = m_locate ? m_locate(d.name) : QString();
        if (file.isEmpty() || !QFileInfo(file).isFile()) {
            // Its devices can still come from the marks; what the partial DTB said cannot.
            note(QStringLiteral("domain %1: partial DTB %2 not found; devices come from the xen,passthrough marks, "
                                "dependency decisions are devassign's defaults")
                     .arg(d.name, file.isEmpty() ? QStringLiteral("(none given)") : file));
            withoutPartial << i;
            continue;
        }
        const auto bytes = readInputFile(file, limits::kMaxDeviceTreeBytes, QStringLiteral("partial DTB"));
        if (!bytes)
            return fail(bytes.error());
        const auto moduleSize =
            std::find_if(m_result.modules.cbegin(), m_result.modules.cend(), [&](const ImportedModule &m) {
                return m.domain == d.name && m.kind == QLatin1String("device-tree");
            })->size;
        if (quint64(bytes->size()) != moduleSize) {
            note(QStringLiteral("domain %1: %2 has %3 bytes, its device-tree module %4: not that domain's partial DTB")
                     .arg(d.name, file)
                     .arg(bytes->size())
                     .arg(moduleSize));
            withoutPartial << i;
            continue;
        }
        const auto partial = readPartialDtb(*bytes, file);
        if (!partial)
            return fail(partial.error());
        for (const QString &path : partial->paths) {
            if (!host->node(path)) {
                note(QStringLiteral("%1: xen,path %2 names no node of the host; left out").arg(file, path));
                continue;
            }
            if (!marked.contains(path))
                note(QStringLiteral("domain %1: %2 has no xen,passthrough mark in the host DTB; assigned all the same")
                         .arg(d.name, path));
            d.devices << path;
            claimed.insert(path);
        }
        // What the partial DTB did with each provider: copy, stub, drop, assign.
        QString problem;
        d.dependencyDecisions = decisionsFromPartialDtb(*host, d, *bytes, &problem);
        if (!problem.isEmpty())
            note(QStringLiteral("domain %1: %2; its dependency decisions are left at devassign's defaults").arg(d.name, problem));
    }
    for (const QString &path : std::as_const(marked)) {
        if (claimed.contains(path))
            continue;
        if (withoutPartial.size() == 1) // the only domain whose partial DTB is unknown gets them
            m_result.project.domains[withoutPartial.front()].devices << path;
        else
            note(QStringLiteral("xen,passthrough on %1: no domain's partial DTB names it; left unassigned").arg(path));
    }
    return {};
}

// `what` exists from Xen `release` on (xenrelease.h): a project set to an older release gets that
// one, and the note says why and how to choose another.
void Dom0lessImporter::raiseRelease(xen::Release release, const QString &what)
{
    if (xen::atLeast(m_result.project.platform.xen, release))
        return;
    m_result.project.platform.xen = release;
    note(QStringLiteral("%1, which Xen reads from %2 on: the project's Xen release is %2 (choose another with "
                        "'devassign platform set P --xen RELEASE')")
             .arg(what, xen::releaseName(release)));
}

// The host DTB as it was before the export: domain nodes and marks deleted, /chosen's cells too
// when no node under /chosen needs them any more, and the strings the export appended trimmed.
// The SCMI policy module (compatible "multiboot,module", "devassign,scmi-policy": docs/hypervisor.md)
// is only there when the export ran with the bundled mediator on: the project gets it back. What
// the DTB does not hold (the Xen release, the resources marked shared) is said.
void Dom0lessImporter::noteScmiPolicy()
{
    const void *fdt = m_dtb.constData();
    const int chosen = fdt_path_offset(fdt, "/chosen");
    int child = 0;
    fdt_for_each_subnode(child, fdt, chosen) if (isCompatible(fdt, child, "devassign,scmi-policy"))
    {
        m_result.project.platform.scmiMediator = true;
        note(QStringLiteral("the Xen release and the SCMI resources marked shared, which the DTB does not hold (its SCMI "
                            "policy module shows the SCMI mediator was on, and the project has it on): set them with "
                            "'devassign platform set P --xen RELEASE' and 'devassign scmi share'"));
        return;
    }
}

Status Dom0lessImporter::strip()
{
    QByteArray buf(m_dtb.size(), '\0');
    void *fdt = buf.data();
    auto failed = [&](int err) {
        return fail(QStringLiteral("%1: cannot edit: %2").arg(m_file, QString::fromUtf8(fdt_strerror(err))));
    };
    if (int err = fdt_open_into(m_dtb.constData(), fdt, buf.size()))
        return failed(err);
    // Delete one node at a time (offsets move after each deletion): the domain nodes, and the SCMI
    // policy module the export adds with the bundled mediator (docs/hypervisor.md §2), which the
    // next export derives again from the project.
    for (;;) {
        const int chosen = fdt_path_offset(fdt, "/chosen");
        int victim = -1;
        int child = 0;
        fdt_for_each_subnode(child, fdt, chosen) if (isCompatible(fdt, child, "xen,domain")
                                                     || isCompatible(fdt, child, "devassign,scmi-policy"))
        {
            victim = child;
            break;
        }
        if (victim < 0)
            break;
        if (int err = fdt_del_node(fdt, victim))
            return failed(err);
    }
    bool marksDevices = false;
    for (int node = fdt_next_node(fdt, -1, nullptr); node >= 0; node = fdt_next_node(fdt, node, nullptr))
        if (fdt_getprop(fdt, node, "xen,passthrough", nullptr)) {
            marksDevices = true;
            if (int err = fdt_delprop(fdt, node, "xen,passthrough"))
                return failed(err);
        }
    const int chosen = fdt_path_offset(fdt, "/chosen");
    // dom0's clock flags come from the export when it marks devices (exportutil::keepDom0Clocks),
    // and it adds them again; without marks they are the host's own and stay.
    const exportutil::Dom0ArgsUndo dom0Args =
        marksDevices ? exportutil::dom0BootargsWithoutClocks(fdt, chosen) : exportutil::Dom0ArgsUndo{};
    if (dom0Args.action != exportutil::Dom0ArgsUndo::Keep) {
        // Never longer than the value it replaces: the blob has room.
        if (int err = dom0Args.action == exportutil::Dom0ArgsUndo::Set
                          ? fdt_setprop_string(fdt, chosen, "xen,dom0-bootargs", dom0Args.value.constData())
                          : fdt_delprop(fdt, chosen, "xen,dom0-bootargs"))
            return failed(err);
    }
    // Xen's command line goes back into the project (xen_bootargs), which the export writes again.
    bool ok = true;
    m_result.project.xenBootargs = stringProp(fdt, chosen, "xen,xen-bootargs", &ok);
    if (!ok)
        return fail(QStringLiteral("%1: /chosen: xen,xen-bootargs is not one string").arg(m_file));
    fdt_delprop(fdt, chosen, "xen,xen-bootargs");
    if (chosen >= 0 && fdt_first_subnode(fdt, chosen) < 0) {
        fdt_delprop(fdt, chosen, "#address-cells");
        fdt_delprop(fdt, chosen, "#size-cells");
    }
    if (int err = fdt_pack(fdt))
        return failed(err);
    // fdt_setprop appends a new name at the end of the strings block: cut the names no property uses.
    int used = 0;
    for (int node = fdt_next_node(fdt, -1, nullptr); node >= 0; node = fdt_next_node(fdt, node, nullptr)) {
        int prop = 0;
        fdt_for_each_property_offset(prop, fdt, node)
        {
            int len = 0;
            const struct fdt_property *p = fdt_get_property_by_offset(fdt, prop, &len);
            if (!p)
                continue;
            const int nameoff = int(fdt32_to_cpu(p->nameoff));
            const char *name = fdt_string(fdt, nameoff);
            if (name)
                used = std::max(used, nameoff + int(std::strlen(name)) + 1);
        }
    }
    const int stringsEnd = int(fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt));
    if (stringsEnd == int(fdt_totalsize(fdt)) && used <= int(fdt_size_dt_strings(fdt))) {
        fdt_set_size_dt_strings(fdt, quint32(used));
        fdt_set_totalsize(fdt, fdt_off_dt_strings(fdt) + quint32(used));
    }
    buf.truncate(int(fdt_totalsize(fdt)));
    if (const QString problem = checkDtb(buf); !problem.isEmpty())
        return fail(QStringLiteral("%1: the host DTB without the domain nodes is not valid: %2").arg(m_file, problem));
    m_result.hostDtb = buf;
    return {};
}

Result<ImportResult> Dom0lessImporter::run()
{
    if (const QString problem = checkDtb(m_dtb); !problem.isEmpty())
        return fail(QStringLiteral("%1: not a valid DTB: %2").arg(m_file, problem));
    const void *fdt = m_dtb.constData();
    const int chosen = fdt_path_offset(fdt, "/chosen");
    QVector<bool> hasPartialModule;
    int child = 0;
    if (chosen >= 0)
        fdt_for_each_subnode(child, fdt, chosen)
        {
            if (!isCompatible(fdt, child, "xen,domain"))
                continue;
            DomainConfig d;
            bool partial = false;
            if (Status s = readDomain(child, d, &partial); !s)
                return fail(s.error());
            // Compared ignoring case, as the project compares domain names (one export folder each).
            if (domainNamedIgnoringCase(m_result.project, d.name))
                return bad(QStringLiteral("/chosen/") + d.name,
                           QStringLiteral("a second domain of that name (domain names are compared ignoring case)"));
            m_result.project.domains.append(d);
            hasPartialModule.append(partial);
        }
    if (m_result.project.domains.isEmpty())
        return fail(
            QStringLiteral("%1: no /chosen node has compatible \"xen,domain\": not a dom0less host DTB").arg(m_file));
    noteScmiPolicy();
    if (Status s = strip(); !s)
        return fail(s.error());
    if (Status s = readDevices(hasPartialModule); !s)
        return fail(s.error());
    return m_result;
}

} // namespace

Result<ImportResult> importDom0less(
    const QByteArray &dtb, const QString &dtbFile, const PartialDtbLocator &partialDtbFor)
{
    if (dtb.size() > limits::kMaxDeviceTreeBytes)
        return fail(QStringLiteral("%1: larger than %2 bytes").arg(dtbFile).arg(limits::kMaxDeviceTreeBytes));
    Dom0lessImporter importer(dtb, dtbFile, partialDtbFor);
    return importer.run();
}

} // namespace devassign
