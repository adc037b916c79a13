// SPDX-License-Identifier: GPL-2.0-or-later
// Import of an xl domain config: parsed by Xen's libxlutil (the parser xl itself uses), each key
// read as tools/xl/xl_parse.c reads it, and the passthrough keys mapped back to host nodes.
// Rules: docs/import.md.

#include "importers.h"

#include "format.h"
#include "import/importutil.h"
#include "inputfile.h"
#include "inputlimits.h"
#include "planner.h"
#include "xenrelease.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <functional>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

// libxlutil.h has no extern "C" of its own.
extern "C" {
#include <libxlutil.h>
}

namespace devassign {

using namespace importutil;

namespace {

constexpr quint64 kPage = xen::kPageSize;

// One parsed config. libxlutil writes its parse errors to a FILE: a memory stream here, so the
// first one becomes our one-line error.
class XlConfig {
public:
    ~XlConfig()
    {
        if (m_cfg)
            xlu_cfg_destroy(m_cfg);
        if (m_report)
            std::fclose(m_report);
        std::free(m_reportText);
    }

    Status parse(const QByteArray &data, const QString &file)
    {
        m_report = open_memstream(&m_reportText, &m_reportSize);
        const QByteArray name = file.toUtf8();
        m_cfg = m_report ? xlu_cfg_init(m_report, name.constData()) : nullptr;
        if (!m_cfg)
            return fail(QStringLiteral("%1: cannot start Xen's config parser").arg(file));
        if (xlu_cfg_readdata(m_cfg, data.constData(), int(data.size())) != 0) {
            std::fflush(m_report);
            QString why = QString::fromUtf8(m_reportText, int(m_reportSize)).section(QLatin1Char('\n'), 0, 0);
            // libxlutil prefixes the file name itself; keep one "FILE: " prefix.
            if (why.startsWith(file + QLatin1Char(':')))
                why = why.mid(file.size() + 1).trimmed();
            return fail(QStringLiteral("%1: not a valid xl config: %2")
                            .arg(file, format::oneLine(why.isEmpty() ? QStringLiteral("syntax error") : why)));
        }
        return {};
    }

    // Absent -> nullopt; present but not of the type -> error.
    Result<std::optional<QString>> string(const char *key) const
    {
        const char *v = nullptr;
        const int rc = xlu_cfg_get_string(m_cfg, key, &v, 1);
        if (rc == ESRCH)
            return std::optional<QString>();
        if (rc != 0 || !v)
            return fail(QStringLiteral("key '%1' must be a string").arg(QLatin1String(key)));
        return std::optional<QString>(QString::fromUtf8(v));
    }

    Result<std::optional<long>> number(const char *key) const
    {
        long v = 0;
        const int rc = xlu_cfg_get_long(m_cfg, key, &v, 1);
        if (rc == ESRCH)
            return std::optional<long>();
        if (rc != 0)
            return fail(QStringLiteral("key '%1' must be a number").arg(QLatin1String(key)));
        return std::optional<long>(v);
    }

    // Items as C strings (the xl_parse.c readers take them so); absent = empty.
    Result<QList<QByteArray>> list(const char *key) const
    {
        XLU_ConfigList *l = nullptr;
        int n = 0;
        const int rc = xlu_cfg_get_list(m_cfg, key, &l, &n, 1);
        if (rc == ESRCH)
            return QList<QByteArray>();
        if (rc != 0)
            return fail(QStringLiteral("key '%1' must be a list").arg(QLatin1String(key)));
        QList<QByteArray> out;
        for (int i = 0; i < n; ++i) {
            const char *item = xlu_cfg_get_listitem(l, i);
            if (!item)
                return fail(QStringLiteral("key '%1': item %2 must be a string").arg(QLatin1String(key)).arg(i + 1));
            out << QByteArray(item);
        }
        return out;
    }

private:
    XLU_Config *m_cfg = nullptr;
    FILE *m_report = nullptr;
    char *m_reportText = nullptr;
    size_t m_reportSize = 0;
};

struct IomemEntry {
    QByteArray text;
    quint64 mfn = 0;
    quint64 pages = 0;
    std::optional<quint64> gfn; // "@GFN": where the guest sees the pages (xl: the MFN when absent)
};

// "MFN,NPAGES[@GFN]" in hex, read with xl's own sscanf format (parse_config_data, xl_parse.c).
std::optional<IomemEntry> parseIomem(const QByteArray &text)
{
    uint64_t start = 0, number = 0, gfn = 0;
    int used = 0;
    const int ret =
        std::sscanf(text.constData(), "%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n", &start, &number, &used, &gfn, &used);
    if (ret < 2 || text.constData()[used] != '\0')
        return std::nullopt;
    return IomemEntry {text, start, number, ret == 3 ? std::optional<quint64>(gfn) : std::nullopt};
}

// A decimal GIC interrupt id, as xl reads `irqs` (strtoul base 10, below UINT32_MAX).
std::optional<quint32> parseIrq(const QByteArray &text)
{
    char *end = nullptr;
    const unsigned long v = std::strtoul(text.constData(), &end, 10);
    if (end == text.constData() || *end != '\0' || v >= UINT32_MAX)
        return std::nullopt;
    return quint32(v);
}

QString dirOf(const QString &path)
{
    const int slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? (slash == 0 ? QStringLiteral("/") : QString()) : path.left(slash);
}

// The partial DTB named by device_tree: the path as written (relative to the config's directory),
// else the file of that name beside the config (an export directory keeps them together).
QString locatePartialDtb(const QString &written, const QString &cfgFile)
{
    const QDir cfgDir = QFileInfo(cfgFile).absoluteDir();
    const QString asWritten = QDir::isAbsolutePath(written) ? written : cfgDir.filePath(written);
    if (QFileInfo(asWritten).isFile())
        return asWritten;
    const QString beside = cfgDir.filePath(QFileInfo(written).fileName());
    return QFileInfo(beside).isFile() ? beside : QString();
}

class XlImporter {
public:
    XlImporter(const XlConfig &cfg, const QString &file, const HostModel &host)
        : m_cfg(cfg)
        , m_file(file)
        , m_host(host)
    {
    }
    Result<ImportResult> run();

private:
    Status readSettings(DomainConfig &d);
    Status readDevices(DomainConfig &d);
    void noteMovedWindows(const DomainConfig &d);
    void noteUnowned(const IomemEntry &e, quint64 first, quint64 last, const QVector<const Node *> &partlyMapped);
    // Adds `n` unless Xen keeps it for itself (xen::keptByXen); then notes "WHAT: N is ROLE, which
    // Xen keeps; left out" when `what` is given (iomem says it for its pages itself).
    void add(DomainConfig &d, const Node &n, const QString &what = QString());
    const Node *nodeAt(const QString &path) const;
    QVector<const Node *> withoutPageSharers(const DomainConfig &d, const QVector<const Node *> &mapped);
    void note(const QString &line) { m_result.report << m_file + QStringLiteral(": ") + format::oneLine(line); }
    Failure bad(const QString &why) const { return fail(m_file + QStringLiteral(": ") + why); }

    const XlConfig &m_cfg;
    QString m_file;
    const HostModel &m_host;
    ImportResult m_result;
    QVector<IomemEntry> m_iomem;
    QByteArray m_partialDtb; // the one device_tree names, when read
};

Status XlImporter::readSettings(DomainConfig &d)
{
    const auto name = m_cfg.string("name");
    if (!name)
        return bad(name.error());
    if (!name->has_value())
        return bad(QStringLiteral("key 'name' is missing"));
    if (!isValidDomainName(**name))
        return bad(QStringLiteral("name '%1' is not a valid domain name (1-32 of A-Z a-z 0-9 _ -)")
                       .arg(format::oneLine(**name)));
    d.name = **name;
    const auto uuid = m_cfg.string("uuid");
    if (!uuid)
        return bad(uuid.error());
    if (uuid->has_value()) {
        // xl reads it with libxl_uuid_from_string, i.e. libuuid's uuid_parse: exactly 8-4-4-4-12 hex
        // digits of either case, no braces; the nil UUID parses too ("Failed to parse UUID" else,
        // parse_config_data in tools/xl/xl_parse.c).
        static const QRegularExpression form(QStringLiteral(
            "\\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\z"));
        if (!form.match(**uuid).hasMatch())
            return bad(QStringLiteral("uuid '%1' is not a UUID").arg(format::oneLine(**uuid)));
        d.uuid = (**uuid).toLower();
    }
    // memory in MiB (xl.cfg), vcpus a count; both absent = xl's defaults are not devassign's: report.
    const auto memory = m_cfg.number("memory");
    if (!memory)
        return bad(memory.error());
    if (memory->has_value()) {
        const long mib = **memory;
        if (mib < 1 || quint64(mib) > xen::kMaxGuestRamKiB / 1024)
            return bad(
                QStringLiteral("memory %1 MiB is not between 1 and %2").arg(mib).arg(xen::kMaxGuestRamKiB / 1024));
        d.memoryKiB = quint64(mib) * 1024;
    } else {
        note(QStringLiteral("no 'memory': the domain gets devassign's default, %1")
                 .arg(format::memorySize(d.memoryKiB)));
    }
    const auto vcpus = m_cfg.number("vcpus");
    if (!vcpus)
        return bad(vcpus.error());
    if (vcpus->has_value()) {
        if (**vcpus < 1 || **vcpus > xen::kMaxGuestVcpus)
            return bad(QStringLiteral("vcpus %1 is not between 1 and %2").arg(**vcpus).arg(xen::kMaxGuestVcpus));
        d.vcpus = int(**vcpus);
    }
    // Kernel command line as parse_cmdline (xl_parse.c) builds it: cmdline, else root= + extra.
    QString keys[3];
    const char *names[3] = {"cmdline", "root", "extra"};
    for (int i = 0; i < 3; ++i) {
        const auto v = m_cfg.string(names[i]);
        if (!v)
            return bad(v.error());
        keys[i] = v->value_or(QString());
    }
    if (!keys[0].isEmpty())
        d.bootargs = keys[0];
    else if (!keys[1].isEmpty())
        d.bootargs = QStringLiteral("root=") + keys[1] + (keys[2].isEmpty() ? QString() : QLatin1Char(' ') + keys[2]);
    else
        d.bootargs = keys[2];
    const auto kernel = m_cfg.string("kernel");
    const auto ramdisk = m_cfg.string("ramdisk");
    if (!kernel || !ramdisk)
        return bad(!kernel ? kernel.error() : ramdisk.error());
    d.kernel = kernel->value_or(QString());
    d.ramdisk = ramdisk->value_or(QString());
    // vuart = "sbsa_uart" is the virtual PL011 (libxl_vuart_type); absent = none.
    const auto vuart = m_cfg.string("vuart");
    if (!vuart)
        return bad(vuart.error());
    // xl reads it with libxl_vuart_type_from_string (strcasecmp): "sbsa_uart", or "unknown" (none);
    // any other value stops xl: 'ERROR: invalid value "..." for "vuart"' (tools/xl/xl_parse.c).
    d.vpl011 = vuart->has_value() && (*vuart)->compare(QLatin1String("sbsa_uart"), Qt::CaseInsensitive) == 0;
    if (vuart->has_value() && !d.vpl011 && (*vuart)->compare(QLatin1String("unknown"), Qt::CaseInsensitive) != 0)
        return bad(QStringLiteral("vuart '%1' is not a value xl accepts (sbsa_uart)").arg(format::oneLine(**vuart)));
    const auto gic = m_cfg.string("gic_version");
    if (!gic)
        return bad(gic.error());
    if (gic->has_value()) {
        const QString v = (*gic)->toLower(); // libxl_gic_version_from_string: default, v2, v3
        if (v == QLatin1String("v2") || v == QLatin1String("v3"))
            d.gicVersion = v;
        else if (v != QLatin1String("default"))
            return bad(QStringLiteral("gic_version '%1' is not v2, v3 or default").arg(format::oneLine(**gic)));
    }
    // xl_dir: the directory the kernel (else the partial DTB) is in on the target; "" for the default.
    const auto dt = m_cfg.string("device_tree");
    if (!dt)
        return bad(dt.error());
    const QString dir = dirOf(!d.kernel.isEmpty() ? d.kernel : dt->value_or(QString()));
    d.xlDir = dir == d.effectiveXlDir() ? QString() : dir;
    if (!d.ramdisk.isEmpty() && dirOf(d.ramdisk) != d.effectiveXlDir())
        note(QStringLiteral("ramdisk %1 is not in %2 (the kernel's directory): an export names %2/%3")
                 .arg(d.ramdisk, d.effectiveXlDir(), QFileInfo(d.ramdisk).fileName()));
    d.dom0less = false;
    d.xl = true;
    if (const QString problem = domainSettingsProblem(d); !problem.isEmpty())
        return bad(problem);
    return {};
}

void XlImporter::add(DomainConfig &d, const Node &n, const QString &what)
{
    QString role;
    if (xen::keptByXen(m_host, n, xen::kDefaultRelease, &role)) {
        if (!what.isEmpty())
            note(QStringLiteral("%1: %2 is %3, which Xen keeps for itself; left out").arg(what, n.path, role));
        return;
    }
    if (!d.devices.contains(n.path))
        d.devices.append(n.path);
}

// iomem maps whole pages, so several small devices in one page (QEMU virt's eight virtio-mmio
// transports share page 0xa000) all fall inside a window meant for one of them. A device the
// config names in no other way (not in the partial DTB, dtdev or irqs) whose every register page
// also holds a device it does name is left out: export and import stay inverse. A device that
// is named, or has a page of its own in the window, comes in as before.
QVector<const Node *> XlImporter::withoutPageSharers(const DomainConfig &d, const QVector<const Node *> &mapped)
{
    QVector<quint32> irqs;
    if (const auto items = m_cfg.list("irqs"))
        for (const QByteArray &item : *items)
            if (const auto irq = parseIrq(item))
                irqs.append(*irq);
    QStringList dtdevs;
    if (const auto items = m_cfg.list("dtdev"))
        for (const QByteArray &item : *items)
            if (const Node *n = nodeAt(QString::fromUtf8(item)))
                dtdevs.append(n->path);
    auto named = [&](const Node *n) {
        return d.devices.contains(n->path) || dtdevs.contains(n->path)
            || std::any_of(irqs.cbegin(), irqs.cend(), [&](quint32 irq) { return hasIrq(*n, irq); });
    };
    // The pages the named devices (and their subnodes) hold, as merged [first, last] runs, so a
    // large region is tested against runs, never page by page.
    QVector<QPair<quint64, quint64>> held;
    std::function<void(const Node &)> collect = [&](const Node &n) {
        for (const Region &r : n.regions)
            if (r.cpuAddressable)
                held.append({r.address / kPage, (r.address + std::max<quint64>(r.size, 1) - 1) / kPage});
        for (int c : n.children)
            collect(m_host.nodes()[c]);
    };
    QVector<const Node *> namedNodes;
    for (const Node *n : mapped)
        if (named(n))
            namedNodes.append(n);
    for (const QString &path : d.devices)
        if (const Node *n = m_host.node(path))
            namedNodes.append(n);
    for (const Node *n : namedNodes)
        collect(*n);
    std::sort(held.begin(), held.end());
    QVector<QPair<quint64, quint64>> runs;
    for (const auto &h : held)
        if (!runs.isEmpty() && h.first <= runs.back().second + 1)
            runs.back().second = std::max(runs.back().second, h.second);
        else
            runs.append(h);
    auto insideRuns = [&](quint64 first, quint64 last) {
        return std::any_of(runs.cbegin(), runs.cend(), [&](const auto &run) { return run.first <= first && last <= run.second; });
    };
    QVector<const Node *> out;
    for (const Node *n : mapped) {
        bool shared = !named(n) && !namedNodes.isEmpty();
        bool anyRegion = false;
        for (const Region &r : n->regions) {
            if (!r.cpuAddressable)
                continue;
            anyRegion = true;
            shared = shared && insideRuns(r.address / kPage, (r.address + std::max<quint64>(r.size, 1) - 1) / kPage);
        }
        if (shared && anyRegion)
            note(QStringLiteral("iomem: %1 only shares the pages of devices the config names (partial DTB, dtdev, "
                                "irqs), and is named nowhere itself; left out")
                     .arg(n->path));
        else
            out.append(n);
    }
    return out;
}

// A host node by path, compared ignoring case as Xen's dt_find_node_by_path does (dt_node_cmp is
// strcasecmp); paths that differ only in case are refused when the model is built.
const Node *XlImporter::nodeAt(const QString &path) const
{
    if (const Node *n = m_host.node(path))
        return n;
    for (const Node &n : m_host.nodes())
        if (n.path.compare(path, Qt::CaseInsensitive) == 0)
            return &n;
    return nullptr;
}

Status XlImporter::readDevices(DomainConfig &d)
{
    // 1. The partial DTB's xen,path nodes, in its order (the order the devices were assigned in).
    const auto dt = m_cfg.string("device_tree");
    if (dt->has_value() && !(*dt)->isEmpty()) {
        const QString path = locatePartialDtb(**dt, m_file);
        if (path.isEmpty()) {
            note(QStringLiteral("device_tree %1: not found (nor beside the config); devices come from dtdev, iomem "
                                "and irqs only")
                     .arg(**dt));
        } else {
            const auto bytes = readInputFile(path, limits::kMaxDeviceTreeBytes, QStringLiteral("partial DTB"));
            if (!bytes)
                return fail(bytes.error());
            const auto partial = readPartialDtb(*bytes, path);
            if (!partial)
                return fail(partial.error());
            m_partialDtb = *bytes;
            m_result.filesRead.append(path);
            if (!partial->hasPassthrough)
                note(QStringLiteral("%1: no /passthrough node, so libxl refuses it (\"Can't copy the node "
                                    "/passthrough\", copy_partial_fdt in tools/libs/light/libxl_arm.c); devices come "
                                    "from dtdev, iomem and irqs only")
                         .arg(path));
            for (const QString &p : partial->paths) {
                if (const Node *n = nodeAt(p))
                    add(d, *n, QStringLiteral("%1: xen,path").arg(path));
                else
                    note(QStringLiteral("%1: xen,path %2 names no node of %3; left out")
                             .arg(path, p, m_host.sourceName()));
            }
            // xen,reg without xen,path (an SCMI shmem page) comes back with the device that uses SCMI.
        }
    }
    // 2. iomem: the devices whose registers the pages cover, in the config's order.
    const auto iomemItems = m_cfg.list("iomem");
    if (!iomemItems)
        return bad(iomemItems.error());
    QVector<IomemEntry> iomem;
    QVector<MemoryRange> windows;
    for (const QByteArray &item : *iomemItems) {
        const auto e = parseIomem(item);
        if (!e) // xl: "Invalid argument parsing iomem"
            return bad(QStringLiteral("iomem '%1' is not MFN,NPAGES[@GFN] in hex")
                           .arg(format::oneLine(QString::fromUtf8(item))));
        // Frame numbers of 64-bit addresses are below 2^52; the window (and the guest's, at @GFN)
        // must end below 2^64. Compared without a sum that could wrap.
        constexpr quint64 kFrames = ~quint64(0) / kPage; // 2^52 - 1
        const auto endsInside = [&](quint64 first) { return e->pages <= kFrames && first <= kFrames - e->pages; };
        if (e->pages == 0 || !endsInside(e->mfn) || (e->gfn && !endsInside(*e->gfn)))
            return bad(QStringLiteral("iomem '%1' is empty or reaches 2^64")
                           .arg(format::oneLine(QString::fromUtf8(item))));
        iomem.append(*e);
        windows.append({e->mfn * kPage, e->pages * kPage});
    }
    QVector<const Node *> partlyMapped;
    QVector<const Node *> mapped = devicesInside(m_host, windows, &partlyMapped);
    auto firstEntry = [&](const Node *n) {
        for (int i = 0; i < windows.size(); ++i)
            if (regionsOverlap(*n, windows[i]))
                return i;
        return int(windows.size());
    };
    std::stable_sort(
        mapped.begin(), mapped.end(), [&](const Node *a, const Node *b) { return firstEntry(a) < firstEntry(b); });
    for (const Node *n : withoutPageSharers(d, mapped))
        add(d, *n);
    // 3. dtdev: host paths of IOMMU-protected devices.
    const auto dtdev = m_cfg.list("dtdev");
    if (!dtdev)
        return bad(dtdev.error());
    for (const QByteArray &item : *dtdev) {
        const QString path = QString::fromUtf8(item);
        if (const Node *n = nodeAt(path))
            add(d, *n, QStringLiteral("dtdev %1").arg(path));
        else
            note(QStringLiteral("dtdev %1 names no node of %2; left out").arg(path, m_host.sourceName()));
    }
    // 4. irqs: a GIC interrupt no imported device has brings the node that has it, if any.
    const auto irqItems = m_cfg.list("irqs");
    if (!irqItems)
        return bad(irqItems.error());
    for (const QByteArray &item : *irqItems) {
        const auto irq = parseIrq(item);
        if (!irq) // xl: "Invalid argument parsing irq"
            return bad(QStringLiteral("irqs item '%1' is not a decimal interrupt number below 4294967295")
                           .arg(format::oneLine(QString::fromUtf8(item))));
        // route_irq_to_guest (xen/arch/arm/irq.c) takes SPIs only (is_assignable_irq: 32 and up):
        // xl create fails on an SGI or PPI.
        if (*irq < 32) {
            note(QStringLiteral("irqs %1: an SGI or PPI (below 32), which Xen routes to no guest; left out").arg(*irq));
            continue;
        }
        const bool had = std::any_of(d.devices.cbegin(), d.devices.cend(), [&](const QString &p) {
            const Node *n = m_host.node(p);
            return n && hasIrq(*n, *irq);
        });
        if (had)
            continue;
        if (const Node *n = nodeWithIrq(m_host, *irq))
            add(d, *n, QStringLiteral("irqs %1").arg(*irq));
        else
            note(QStringLiteral("irqs %1: no node of %2 has this interrupt; left out")
                     .arg(*irq)
                     .arg(m_host.sourceName()));
    }
    // What iomem maps that no imported device (nor an SCMI shmem channel) owns.
    QVector<const Node *> owners;
    for (const QString &p : d.devices)
        if (const Node *n = m_host.node(p))
            owners.append(n);
    for (const Node &n : m_host.nodes())
        if (isScmiShmem(n))
            owners.append(&n);
    for (const Node *n : partlyMapped) {
        // A node around an owner (the SRAM an SCMI shmem channel sits in) is explained by its child.
        const bool aroundOwner = std::any_of(
            owners.cbegin(), owners.cend(), [&](const Node *o) { return o == n || isAncestor(m_host, *n, *o); });
        if (!aroundOwner)
            note(QStringLiteral("iomem maps only some of %1's registers; %1 left out").arg(n->path));
    }
    m_iomem = iomem;
    for (const IomemEntry &e : iomem)
        for (const auto &[first, last] : unownedFrames(m_host, owners, e.mfn, e.pages))
            noteUnowned(e, first, last, partlyMapped);
    return {};
}

// Pages of an iomem entry no imported device owns: the host GIC's (Xen keeps it), a partly mapped
// node's (said above already), or nobody's.
void XlImporter::noteUnowned(const IomemEntry &e, quint64 first, quint64 last, const QVector<const Node *> &partlyMapped)
{
    const QString entry = QString::fromUtf8(e.text);
    const QString pages = first == last ? QStringLiteral("page %1").arg(frameSpan(first, last))
                                        : QStringLiteral("pages %1").arg(frameSpan(first, last));
    for (const Node &n : m_host.nodes()) {
        if (n.regions.isEmpty() || !nodeTouchesPage(m_host, n, first))
            continue;
        QString role;
        if (const Node *kept = xen::keptByXen(m_host, n, xen::kDefaultRelease, &role)) {
            const QString what = kept->isGic ? QStringLiteral("the host GIC (%1)").arg(kept->path)
                                             : QStringLiteral("%1, %2").arg(kept->path, role);
            note(QStringLiteral("iomem '%1': %2 %3 %4, which Xen keeps for itself; left out")
                     .arg(entry, pages, first == last ? QStringLiteral("holds") : QStringLiteral("hold"), what));
            return;
        }
        if (partlyMapped.contains(&n))
            return; // "iomem maps only some of N's registers" said it
    }
    note(QStringLiteral("iomem '%1': %2 %3 to no device of %4; left out")
             .arg(entry, pages, first == last ? QStringLiteral("belongs") : QStringLiteral("belong"), m_host.sourceName()));
}

Result<ImportResult> XlImporter::run()
{
    DomainConfig d;
    if (Status s = readSettings(d); !s)
        return fail(s.error());
    if (Status s = readDevices(d); !s)
        return fail(s.error());
    if (!m_partialDtb.isEmpty()) { // what the partial DTB did with each provider: copy, stub, drop, assign
        QString problem;
        d.dependencyDecisions = decisionsFromPartialDtb(m_host, d, m_partialDtb, &problem);
        if (!problem.isEmpty())
            note(QStringLiteral("%1; its dependency decisions are left at devassign's defaults").arg(problem));
    }
    m_result.project.domains.append(d);
    noteMovedWindows(d);
    return m_result;
}

// devassign places every device window itself (core/planner.cpp: 1:1 unless that clashes with
// Xen's guest layout), so an iomem guest frame is not kept. Where the config's frame differs from
// the plan's, the exported dom.cfg will map the page elsewhere: say so, line by line. xl maps an
// entry without @GFN at its MFN (xl.cfg(5), "iomem").
void XlImporter::noteMovedWindows(const DomainConfig &d)
{
    PlannerFacts facts;
    const QVector<DomainPlan> plans = planDomains(m_host, m_result.project, &facts);
    const auto plan = std::find_if(plans.cbegin(), plans.cend(), [&](const DomainPlan &p) { return p.config.name == d.name; });
    if (plan == plans.cend())
        return;
    for (const IomemEntry &e : m_iomem) {
        const quint64 host = e.mfn * kPage;
        const quint64 wanted = e.gfn.value_or(e.mfn) * kPage;
        std::optional<quint64> planned;
        for (const DevicePlan &dev : plan->devices + plan->scmiShmem)
            for (const MmioMapping &m : dev.mmio)
                if (host >= m.hostAddress && host - m.hostAddress < m.size)
                    planned = m.guestAddress + (host - m.hostAddress);
        if (planned && *planned != wanted)
            note(QStringLiteral("iomem '%1': guest frame %2 not kept; devassign maps host frame %3 at guest frame %4 "
                                "(its plan: 1:1 unless that clashes with Xen's guest layout)")
                     .arg(QString::fromUtf8(e.text), format::hex(wanted / kPage), format::hex(e.mfn),
                          format::hex(*planned / kPage)));
    }
}

} // namespace

Result<ImportResult> importXl(const QByteArray &cfg, const QString &cfgFile, const HostModel &host)
{
    if (cfg.size() > limits::kMaxConfigBytes)
        return fail(QStringLiteral("%1: larger than %2 bytes").arg(cfgFile).arg(limits::kMaxConfigBytes));
    // libxlutil's lexer measures quoted strings with strlen: a NUL inside one trips an assertion
    // (xlu__cfgl_dequote, tools/libs/util/libxlu_cfg.c) that aborts the whole program. A config is
    // text: refuse it first (found by fuzz_xlimport).
    if (const qsizetype nul = cfg.indexOf('\0'); nul >= 0)
        return fail(QStringLiteral("%1: not a text file: NUL byte at offset %2").arg(cfgFile).arg(nul));
    XlConfig parsed;
    if (Status s = parsed.parse(cfg, cfgFile); !s)
        return fail(s.error());
    XlImporter importer(parsed, cfgFile, host);
    return importer.run();
}

} // namespace devassign
