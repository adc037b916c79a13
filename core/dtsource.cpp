// SPDX-License-Identifier: GPL-2.0-or-later
#include "dtsource.h"

#include "format.h"
#include "inputlimits.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>

extern "C" {
#include <libfdt.h>
}

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

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

namespace {

// The first line dtc's stderr gives as an error, else its first line.
QString dtcMessage(const QByteArray &stderrBytes)
{
    const QList<QByteArray> lines = stderrBytes.split('\n');
    for (const QByteArray &line : lines)
        if (line.contains("ERROR") || line.contains("rror"))
            return format::oneLine(QString::fromUtf8(line.trimmed()));
    return lines.isEmpty() ? QString() : format::oneLine(QString::fromUtf8(lines.front().trimmed()));
}

// dtc's warning checks (WARNING in dtc 1.6.1's checks.c), off in every run: devassign passes -q,
// so their messages are never shown, and on a 100k-node tree they are half of a decompile. The
// error checks (ERROR there: node and property name characters, `name`, phandle references,
// duplicates) stay on and still refuse a broken tree. Output bytes do not change (tst_boards).
const char *const kQuietChecks[] = {
    "node_name_vs_property_name", "unit_address_vs_reg", "device_type_is_string", "model_is_string",
    "status_is_string", "label_is_string", "compatible_is_string_list", "names_is_string_list",
    "address_cells_is_cell", "size_cells_is_cell", "addr_size_cells", "reg_format", "ranges_format",
    "dma_ranges_format", "unit_address_format", "pci_bridge", "pci_device_reg", "pci_device_bus_num",
    "simple_bus_bridge", "simple_bus_reg", "i2c_bus_bridge", "i2c_bus_reg", "spi_bus_bridge",
    "spi_bus_reg", "avoid_default_addr_size", "avoid_unnecessary_addr_size", "unique_unit_address",
    "unique_unit_address_if_enabled", "obsolete_chosen_interrupt_controller", "chosen_node_is_root",
    "chosen_node_bootargs", "chosen_node_stdout_path", "clocks_property", "cooling_device_property",
    "dmas_property", "hwlocks_property", "interrupts_extended_property", "io_channels_property",
    "iommus_property", "mboxes_property", "msi_parent_property", "mux_controls_property",
    "phys_property", "power_domains_property", "pwms_property", "resets_property",
    "sound_dai_property", "thermal_sensors_property", "clocks_is_cell", "cooling_device_is_cell",
    "dmas_is_cell", "hwlocks_is_cell", "interrupts_extended_is_cell", "io_channels_is_cell",
    "iommus_is_cell", "mboxes_is_cell", "msi_parent_is_cell", "mux_controls_is_cell", "phys_is_cell",
    "power_domains_is_cell", "pwms_is_cell", "resets_is_cell", "sound_dai_is_cell",
    "thermal_sensors_is_cell", "deprecated_gpio_property", "gpios_property", "interrupt_provider",
    "interrupts_property", "alias_paths", "graph_nodes", "graph_child_address", "graph_port",
    "graph_endpoint",
};

// Cleared for the rest of the process when the dtc in use does not know one of the checks
// (another release, DEVASSIGN_DTC): its runs then take the checks as they come.
std::atomic<bool> g_quietChecksKnown{true};

QStringList quietCheckArguments()
{
    QStringList args;
    if (g_quietChecksKnown.load())
        for (const char *check : kQuietChecks)
            args << QStringLiteral("-W") << QStringLiteral("no-") + QLatin1String(check);
    return args;
}

} // namespace

static QByteArray runDtcOnce(const QStringList &args, const QByteArray &input, const QString &sourceName,
                             QString *error, QByteArray *stderrBytes);

static QByteArray runDtc(const QStringList &args, const QByteArray &input, const QString &sourceName,
                         QString *error)
{
    const QStringList quiet = quietCheckArguments();
    QByteArray errors;
    QByteArray out = runDtcOnce(quiet + args, input, sourceName, error, &errors);
    // dtc refuses an unknown -W name before it reads any input: its first words on stderr.
    if (out.isEmpty() && !quiet.isEmpty() && errors.startsWith("FATAL ERROR: Unrecognized check name")) {
        g_quietChecksKnown = false;
        error->clear();
        out = runDtcOnce(args, input, sourceName, error, &errors);
    }
    return out;
}

static QByteArray runDtcOnce(const QStringList &args, const QByteArray &input, const QString &sourceName,
                             QString *error, QByteArray *stderrBytes)
{
    QProcess dtc;
    // The limits hold inside the child too, whatever it reads (setrlimit in the forked child).
    dtc.setChildProcessModifier([] {
        const rlimit cpu{kDtcSeconds, kDtcSeconds + 1};
        const rlimit memory{rlim_t(2) * 1024 * 1024 * 1024, rlim_t(2) * 1024 * 1024 * 1024};
        ::setrlimit(RLIMIT_CPU, &cpu);
        ::setrlimit(RLIMIT_AS, &memory);
    });
    dtc.start(dtcProgram(), args);
    if (!dtc.waitForStarted(10000)) {
        *error = QStringLiteral("%1: cannot run dtc (%2): install device-tree-compiler").arg(sourceName, dtcProgram());
        return {};
    }
    if (!input.isEmpty())
        dtc.write(input);
    dtc.closeWriteChannel();
    QElapsedTimer clock;
    clock.start();
    QByteArray out;
    QByteArray errors;
    bool tooBig = false;
    while (dtc.state() != QProcess::NotRunning) {
        dtc.waitForFinished(200);
        out += dtc.readAllStandardOutput();
        if (errors.size() < 65536)
            errors += dtc.readAllStandardError();
        else
            dtc.readAllStandardError();
        tooBig = out.size() > kDtcMaxOutputBytes;
        if (tooBig || clock.elapsed() > kDtcSeconds * 1000) {
            dtc.kill();
            dtc.waitForFinished(2000);
            *error = tooBig ? QStringLiteral("%1: dtc wrote more than %2 MiB; refused")
                                  .arg(sourceName, QString::number(kDtcMaxOutputBytes / (1024 * 1024)))
                            : QStringLiteral("%1: dtc did not finish within %2 s (a node with very many properties? "
                                             "devassign reads trees of up to %3 properties per node)")
                                  .arg(sourceName, QString::number(kDtcSeconds),
                                       QString::number(limits::kMaxPropertiesPerNode));
            return {};
        }
    }
    out += dtc.readAllStandardOutput();
    errors += dtc.readAllStandardError();
    *stderrBytes = errors;
    if (dtc.exitStatus() != QProcess::NormalExit || dtc.exitCode() != 0 || out.isEmpty()) {
        QString message = dtcMessage(errors);
        if (dtc.exitStatus() != QProcess::NormalExit && message.isEmpty())
            message = QStringLiteral("dtc was stopped (CPU time or memory limit: %1 s, 2 GiB)").arg(kDtcSeconds);
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

QByteArray decompileDtb(const QByteArray &dtb, QString *error, const QString &sourceName)
{
    return runDtc({QStringLiteral("-q"), QStringLiteral("-I"), QStringLiteral("dtb"), QStringLiteral("-O"),
                   QStringLiteral("dts"), QStringLiteral("-o"), QStringLiteral("-"), QStringLiteral("-")},
                  dtb, sourceName, error);
}

namespace {

struct Block {
    const char *name;
    quint64 offset;
    quint64 size;
};

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
                .arg(QLatin1String(b.name), format::hex(b.offset), format::hex(b.size), format::hex(total));
    for (int i = 0; i < blocks.size(); ++i)
        for (int j = i + 1; j < blocks.size(); ++j) {
            const Block &a = blocks[i];
            const Block &b = blocks[j];
            if (a.size && b.size && a.offset < b.offset + b.size && b.offset < a.offset + a.size)
                return QStringLiteral("corrupt device tree blob: the %1 (offset %2, %3 bytes) overlaps the %4 (offset %5, %6 bytes)")
                    .arg(QLatin1String(a.name), format::hex(a.offset), format::hex(a.size), QLatin1String(b.name), format::hex(b.offset),
                         format::hex(b.size));
        }
    return {};
}

// Characters the devicetree specification allows in names (v0.4 §2.2.1 node names, §2.2.4
// property names). Every board DTB in tests/data keeps to them; a name outside them is not one a
// devicetree tool wrote, and devassign copies names into files that other tools parse.
bool isNodeNameCharacter(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ',' || c == '.'
        || c == '_' || c == '+' || c == '-';
}

QString nameProblem(const char *name, int len, bool property)
{
    if (len <= 0)
        return property ? QStringLiteral("a property has an empty name") : QStringLiteral("a node has an empty name");
    int at = 0;
    for (int i = 0; i < len; ++i) {
        const char c = name[i];
        const bool allowed = isNodeNameCharacter(c) || (property && (c == '?' || c == '#')) || (!property && c == '@' && ++at == 1);
        if (!allowed)
            return QStringLiteral("%1 name '%2' holds %3, which the devicetree specification does not allow there "
                                  "(v0.4 §2.2.%4)")
                .arg(property ? QStringLiteral("property") : QStringLiteral("node"),
                     format::oneLine(QString::fromUtf8(name, len)), format::characterName(QChar(uchar(c))),
                     property ? QStringLiteral("4") : QStringLiteral("1"));
    }
    return {};
}

// The property names of the open nodes, innermost last, to find a name's second use in a node
// as soon as it is read (the first problem in structure order is the one reported). One flat
// array for the whole walk: a usual node's few names are compared one by one, and only a node
// with more than kPairwise names gets a hash set (a hash set per node took 40 % of the model
// build).
class PropertyNames {
public:
    void openNode()
    {
        m_starts.push_back(m_names.size());
        m_sets.emplace_back();
    }
    void closeNode()
    {
        if (m_starts.empty())
            return;
        m_names.resize(m_starts.back());
        m_starts.pop_back();
        m_sets.pop_back();
    }
    // Adds a name of the innermost open node; false when that node already has it.
    bool add(std::string_view name)
    {
        if (m_starts.empty())
            return true;
        const size_t first = m_starts.back();
        std::unique_ptr<std::unordered_set<std::string_view>> &set = m_sets.back();
        if (!set && m_names.size() - first >= kPairwise) {
            set = std::make_unique<std::unordered_set<std::string_view>>(m_names.begin() + qsizetype(first), m_names.end());
        }
        if (set) {
            if (!set->insert(name).second)
                return false;
        } else if (std::find(m_names.begin() + qsizetype(first), m_names.end(), name) != m_names.end()) {
            return false;
        }
        m_names.push_back(name);
        return true;
    }

private:
    static constexpr size_t kPairwise = 16;
    std::vector<std::string_view> m_names; // the open nodes' names, node after node
    std::vector<size_t> m_starts;          // where each open node's names begin
    std::vector<std::unique_ptr<std::unordered_set<std::string_view>>> m_sets; // per open node, when large
};

// One walk over the structure block, before the model is built: nesting depth and properties per
// node within core/inputlimits.h (so the model's cost stays linear in the blob), every name in
// the specification's character set, and no property twice in one node (dtc refuses such a tree,
// and every consumer would read a different one of the two values).
QString checkStructure(const void *fdt, int *nodeCount)
{
    int depth = -1;
    int nodes = 0;
    std::vector<int> properties; // per open node
    PropertyNames names;
    for (int offset = 0, next = 0;; offset = next) {
        const uint32_t tag = fdt_next_tag(fdt, offset, &next);
        if (next < 0)
            return QStringLiteral("corrupt device tree blob: %1").arg(explainFdtError(next));
        switch (tag) {
        case FDT_BEGIN_NODE: {
            if (++depth > limits::kMaxTreeDepth)
                return QStringLiteral("nodes are nested more than %1 levels deep (at structure offset %2); devassign "
                                      "reads trees up to %1 levels, real ones are less than 16")
                    .arg(QString::number(limits::kMaxTreeDepth), format::hex(quint64(offset)));
            properties.push_back(0);
            names.openNode();
            ++nodes;
            int len = 0;
            const char *name = fdt_get_name(fdt, offset, &len);
            if (depth > 0) {
                const QString problem = nameProblem(name, name ? len : -1, false);
                if (!problem.isEmpty())
                    return problem;
            }
            break;
        }
        case FDT_END_NODE:
            --depth;
            if (!properties.empty())
                properties.pop_back();
            names.closeNode();
            break;
        case FDT_PROP: {
            if (!properties.empty() && ++properties.back() > limits::kMaxPropertiesPerNode)
                return QStringLiteral("a node has more than %1 properties (at structure offset %2); devassign reads "
                                      "up to %1 per node, real ones have less than 400")
                    .arg(QString::number(limits::kMaxPropertiesPerNode), format::hex(quint64(offset)));
            int len = 0;
            const struct fdt_property *prop = fdt_get_property_by_offset(fdt, offset, &len);
            const char *name = prop ? fdt_get_string(fdt, int(fdt32_to_cpu(prop->nameoff)), &len) : nullptr;
            const QString problem = nameProblem(name, name ? len : -1, true);
            if (!problem.isEmpty())
                return problem;
            if (name && !names.add(std::string_view(name, size_t(len))))
                return QStringLiteral("a node has two properties named '%1' (at structure offset %2); a "
                                      "property name appears once per node (dtc refuses such a tree)")
                    .arg(format::oneLine(QString::fromUtf8(name, len)), format::hex(quint64(offset)));
            break;
        }
        case FDT_END:
            if (nodeCount)
                *nodeCount = nodes;
            return {};
        default:
            break; // FDT_NOP
        }
    }
}

} // namespace

QString checkDtb(const QByteArray &dtb, int *nodeCount)
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
    return checkStructure(fdt, nodeCount);
}

} // namespace devassign
