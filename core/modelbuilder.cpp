// SPDX-License-Identifier: GPL-2.0-or-later
// Builds the derived parts of the host model: translated regions, decoded interrupts, phandle
// dependencies, IOMMU coverage, SCMI resources and the DMA hint.
//
// Sources for the rules used here:
//  - Devicetree Specification v0.4, §2.3.5 (#address-cells/#size-cells, defaults 2/1),
//    §2.3.8 (ranges: missing = no translation, empty = identity), §2.4 (interrupts,
//    interrupt-parent inheritance, interrupts-extended, interrupt-map / interrupt-map-mask).
//  - Linux Documentation/devicetree/bindings/interrupt-controller/arm,gic.yaml and
//    arm,gic-v3.yaml: specifier <type number flags>, type 0 SPI, 1 PPI, 2 eSPI, 3 ePPI;
//    INTID = SPI + 32, PPI + 16, eSPI + 4096, ePPI + 1056.
//  - Linux bindings iommu/iommu.txt (iommus, #iommu-cells), iommu/arm,smmu.yaml (legacy
//    mmu-masters with #stream-id-cells), pci/pci-iommu.txt (iommu-map).
//  - Linux bindings firmware/arm,scmi.yaml (protocol@NN children, reg = protocol id).

#include "hostmodel.h"

#include "bindings.h"
#include "dtsource.h"
#include "format.h"
#include "sha256.h"
#include "xenrelease.h"

#include <QSet>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <iterator>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

extern "C" {
#include <libfdt.h>
}

namespace devassign {

namespace {

const char *const kGicCompatibles[] = {
    "arm,gic-400",        "arm,cortex-a15-gic", "arm,cortex-a9-gic", "arm,cortex-a7-gic",
    "arm,arm11mp-gic",    "arm,arm1176jzf-devchip-gic", "arm,pl390", "arm,gic-v3",
    "qcom,msm-8660-qgic", "qcom,msm-qgic2",
};

// Linux bindings firmware/arm,scmi.yaml and qcom,scmi-smc; linaro,scmi-optee (arm,scmi-optee).
const char *const kScmiAgentCompatibles[] = {
    "arm,scmi", "arm,scmi-smc", "arm,scmi-smc-param", "qcom,scmi-smc", "arm,scmi-virtio", "linaro,scmi-optee",
};

using format::hex;

// Words in a node name or compatible that suggest a bus master (DmaHint::masterClass).
constexpr const char *kMasterClasses[] = {
    "ethernet", "gem", "macb", "stmmac", "eqos", "usb", "xhci", "dwc3", "ehci", "ohci", "sdhci", "mmc",
    "sata", "ahci", "pcie", "gpu", "mali", "display", "hdlcd", "dpu", "vop", "dss", "lcdc", "vpu",
    "codec", "npu", "crypto", "dma", "nvme", "ufs", "dsp", "isp", "video", "gmac", "fec",
};

// A bus address while it climbs the tree: the low 64 bits plus, on PCI buses (3 address
// cells), the phys.hi cell whose space code selects config/IO/memory space.
struct BusAddress {
    quint64 value = 0;
    quint32 pciHi = 0;
    bool pci = false;
};

// The address space of a PCI phys.hi cell (space code, bits 25:24): 0 config, 1 I/O, 2 memory
// (32-bit and 64-bit memory, codes 2 and 3, are one space).
int pciSpace(quint32 physHi)
{
    const int code = int((physHi >> 24) & 3u);
    return code == 3 ? 2 : code;
}

BusAddress busAddressFrom(const quint32 *cells, int count)
{
    BusAddress a;
    a.value = cellsToU64(cells, count);
    if (count == 3) {
        a.pci = true;
        a.pciHi = cells[0];
    }
    return a;
}

// The big-endian u32 cells of a property value, read in place (cellsOf copies them into a
// vector, one allocation per property; the builder reads most lists once).
class CellView {
public:
    explicit CellView(const QByteArray &value)
        : m_bytes(reinterpret_cast<const uchar *>(value.constData())), m_count(int(value.size() / 4))
    {
    }
    int size() const { return m_count; }
    quint32 operator[](int i) const
    {
        const uchar *p = m_bytes + 4 * i;
        return quint32(p[0]) << 24 | quint32(p[1]) << 16 | quint32(p[2]) << 8 | quint32(p[3]);
    }
    Cells mid(int from, int count) const
    {
        Cells out;
        out.reserve(count);
        for (int i = from; i < from + count; ++i)
            out.append((*this)[i]);
        return out;
    }

private:
    const uchar *m_bytes;
    int m_count;
};

} // namespace

bool hasCompatible(const QStringList &list, QLatin1String compatible)
{
    return list.contains(compatible, Qt::CaseInsensitive);
}

bool isScmiAgent(const Node &n)
{
    return hasAnyCompatible(n.compatible, kScmiAgentCompatibles);
}

constexpr quint32 kMaxCells = 32;

// The model is built in two passes over the blob:
//  1. the skeleton: one small record per node (its path, parent, offset, phandle and the few facts
//     other nodes ask about), with the phandle and path indexes;
//  2. the decode: one full Node at a time, in structure order. A node's own properties are read
//     into it; other nodes are only ever read through the skeleton and the blob (libfdt).
// HostModel::fromBlob keeps every decoded node; HostModel::streamNodes hands each one to its
// reader and keeps none, so a reader that needs each node once holds the skeleton and one node.
// How the skeleton keeps paths. A kept model holds every path as a QString anyway, so its
// skeleton holds those QStrings and every reference shares them; a reader that keeps no nodes
// holds ASCII bytes (checkDtb allows no other name characters), half the size.
inline QString pathText(const QString &path) { return path; }
inline QString pathText(const QByteArray &path) { return QString::fromLatin1(path); }
inline void appendName(QString &path, const char *name, int len) { path.append(QLatin1String(name, len)); }
inline void appendName(QByteArray &path, const char *name, int len) { path.append(name, len); }

template<typename PathText>
class ModelBuilder {
public:
    // Flags of a skeleton node.
    enum : quint16 {
        Enabled = 1,             // status absent, "okay" or "ok"
        InterruptController = 2, // has interrupt-controller
        Gic = 4,                 // ... and a GIC compatible (kGicCompatibles)
        DuplicatePhandle = 8,    // its phandle was already taken by an earlier node
        HasMmuMasters = 16,      // a legacy SMMU with mmu-masters
        HasIommuLinks = 32,      // decoded: its IOMMU coverage has links (its children's DmaHint)
        HasRanges = 64,          // the properties every translation and interrupt walk asks of
        HasInterruptParent = 128, // each ancestor: known here, read from the blob only when present
        HasInterruptMap = 256,
    };
    // A #address-cells, #size-cells or #interrupt-cells property as the skeleton keeps it: its
    // value when one cell of at most kMaxCells, else one of these (CellsOther: read the blob).
    enum : qint8 { CellsAbsent = -1, CellsOther = -2 };
    struct SkeletonNode {
        PathText path;
        int fdtOffset = -1;
        int propertiesOffset = -1; // the tag after FDT_BEGIN_NODE (libfdt reads the name there char by char)
        int parent = -1;
        qint16 depth = 0;          // at most kMaxTreeDepth (checkDtb)
        quint32 phandle = 0;
        quint16 flags = Enabled;
        qint8 addressCells = CellsAbsent;
        qint8 sizeCells = CellsAbsent;
        qint8 interruptCells = CellsAbsent;
    };

    explicit ModelBuilder(const QByteArray &blob) : m_blob(blob) {}

    // Pass 1. Returns "" or the problem that makes the tree unusable (no root, repeated paths).
    QString readSkeleton()
    {
        readStructure();
        if (skeleton.empty() || skeleton.front().depth != 0) // never walk a model without a root
            return QStringLiteral("corrupt device tree blob: no root node");
        if (const QString problem = pathProblem(); !problem.isEmpty())
            return problem;
        collectLegacySmmuMasters();
        return QString();
    }

    int nodeCount() const { return int(skeleton.size()); }

    // Pass 2, for node `i`; nodes must be decoded in structure order (a node's DmaHint reads
    // whether its parent has IOMMU links).
    Node decode(int i)
    {
        Node n;
        const SkeletonNode &s = skeleton[size_t(i)];
        n.index = i;
        n.parent = s.parent;
        n.depth = s.depth;
        n.fdtOffset = s.fdtOffset;
        n.path = pathOf(i);
        if (n.depth > 0)
            n.name = nameOf(i); // the path's last step: fdt_get_name's bytes, ASCII (checkDtb)
        readProperties(n);
        classify(n);
        decodeDependencies(n);
        decodeRegions(n);
        decodeInterrupts(n);
        decodeIommu(n);
        decodeScmi(n);
        hintDma(n);
        if (!n.iommu.links.isEmpty())
            skeleton[size_t(i)].flags |= HasIommuLinks;
        return n;
    }

    // Decoding never looks a node up by its path (every dependency keeps its target's index): a
    // reader that keeps no model drops the path index once the paths are checked.
    void dropPathIndex() { byPath = QHash<PathText, int>(); }
    // The path index, for a model that keeps every node (moved out: call once, after the last decode).
    QHash<PathText, int> takePathIndex() { return std::move(byPath); }

    // The indexes the model keeps (moved out: call once, after the last decode).
    QHash<quint32, int> takePhandleIndex() { return std::move(phandles); }
    quint32 maxPhandle() const { return m_maxPhandle; }

private:
    const QByteArray &m_blob;
    std::vector<SkeletonNode> skeleton;
    QHash<PathText, int> byPath;
    QHash<quint32, int> phandles;
    quint32 m_maxPhandle = 0;
    QHash<int, QVector<IommuLink>> legacyMasters; // node index -> links from mmu-masters
    // A tree names the same few properties and classes over and over: each name is decoded, looked
    // up in the bindings and matched against the bus-master classes once, not once per node.
    // The per-name tables are keyed by the interned name's characters (propertyName): hashing a
    // pointer is far cheaper than hashing the text.
    QHash<int, QString> propertyNames;            // offset of a name in the strings block -> the name
    static constexpr quint8 kUnknownKind = 0xff;
    std::vector<quint8> propertyKinds;            // the same offset -> what the skeleton reads of it
    QHash<const QChar *, std::optional<bindings::PhandleList>> phandleLists; // property -> its list, if any
    QHash<const QChar *, bool> mayHoldPhandle;    // property -> bindings::mayHoldPhandle
    std::vector<qint8> scmiAgent;                 // node index -> isScmiAgent (1, 0), -1 not yet asked
    QHash<int, QStringList> sharedCompatibles;    // sharedCompatibleOf
    QHash<QPair<int, quintptr>, std::optional<QByteArray>> asked; // property(): (node, name) -> value
    // compatible and status strings by their bytes (views of the model's blob): a tree repeats
    // them on node after node, and each node's list then shares one QString per text.
    std::unordered_map<std::string_view, QString> texts;
    QVector<Property> scratch;                    // the properties of the node being read, reused

    const void *fdt() const { return m_blob.constData(); }
    const SkeletonNode &at(int i) const { return skeleton[size_t(i)]; }
    // A node's path as a QString: shared with the skeleton's, or made for the one node that
    // holds it.
    QString pathOf(int i) const { return pathText(at(i).path); }
    int parentOf(int i) const { return at(i).parent; }
    bool has(int i, quint16 flag) const { return (at(i).flags & flag) != 0; }
    int byPhandle(quint32 ph) const { return phandles.value(ph, -1); }
    // The node a dependency of this build points at (the builder sets every dependency's index).
    int targetOf(const Dependency &d) const { return d.targetIndex; }

    // A property of node `i`, viewing the blob; nullopt when absent. libfdt reads a node's
    // properties as the model does: the ones before its first child. A provider or a bus is asked
    // the same few names by every node below or behind it, so each answer is kept; `name` is a
    // string literal of this file or of core/bindings.cpp (its address is the key).
    std::optional<QByteArray> property(int i, const char *name)
    {
        const QPair<int, quintptr> key(i, quintptr(name));
        if (const auto it = asked.constFind(key); it != asked.constEnd())
            return *it;
        int len = 0;
        const void *value = fdt_getprop(fdt(), at(i).fdtOffset, name, &len);
        std::optional<QByteArray> found;
        if (value && len >= 0)
            found = QByteArray::fromRawData(static_cast<const char *>(value), len);
        asked.insert(key, found);
        return found;
    }

    // The node's name as its path ends ("" for the root).
    QString nameOf(int i) const
    {
        const PathText &p = at(i).path;
        return at(i).depth == 0 ? QString() : pathText(p.mid(p.lastIndexOf(u'/') + 1));
    }
    QStringList compatibleOf(int i)
    {
        const std::optional<QByteArray> c = property(i, "compatible");
        return c ? internedStringList(*c) : QStringList();
    }
    // The same, made once per node and shared by every list that copies it (an IOMMU's compatible
    // in each of its links: a tree has few IOMMUs and many masters).
    const QStringList &sharedCompatibleOf(int i)
    {
        auto it = sharedCompatibles.constFind(i);
        if (it == sharedCompatibles.constEnd())
            it = sharedCompatibles.insert(i, compatibleOf(i));
        return *it;
    }

    // #address-cells / #size-cells of node `i` for its children (DT spec v0.4 §2.3.5 defaults 2 / 1),
    // read as HostModel::addressCells and sizeCells read them.
    int addressCells(int i) { return rawCells(i, at(i).addressCells, "#address-cells", 2); }
    int sizeCells(int i) { return rawCells(i, at(i).sizeCells, "#size-cells", 1); }
    int rawCells(int i, qint8 kept, const char *name, int fallback)
    {
        if (kept != CellsOther)
            return kept == CellsAbsent ? fallback : kept;
        const std::optional<QByteArray> p = property(i, name);
        return p && p->size() == 4 ? int(firstCell(*p)) : fallback;
    }
    // The one property of `i` that `flag` says it has, else nullopt without reading the blob.
    std::optional<QByteArray> flagged(int i, quint16 flag, const char *name)
    {
        return has(i, flag) ? property(i, name) : std::nullopt;
    }

    // --------------------------------------------------------------------------------------------
    // Pass 1: one walk over the structure block's tags (fdt_next_node plus fdt_first_property_offset
    // would read every property tag twice). As libfdt sees it, a node's properties are the ones
    // before its first child node.
    enum PropertyKind : quint8 {
        OtherProperty, Compatible, Status, Phandle, LinuxPhandle, InterruptControllerProperty, MmuMasters,
        AddressCells, SizeCells, InterruptCells, Ranges, InterruptParent, InterruptMap,
    };

    // What the skeleton needs of the open node's properties.
    struct OpenNode {
        std::optional<QByteArray> compatible, status, phandle, linuxPhandle;
        bool interruptController = false;
        bool mmuMasters = false;
        quint16 present = 0; // HasRanges, HasInterruptParent, HasInterruptMap
        qint8 addressCells = CellsAbsent, sizeCells = CellsAbsent, interruptCells = CellsAbsent;
    };

    static qint8 keptCells(const QByteArray &value)
    {
        if (value.size() != 4)
            return CellsOther;
        const quint32 count = firstCell(value);
        return count > kMaxCells ? qint8(CellsOther) : qint8(count);
    }

    void readStructure()
    {
        const void *blob = fdt();
        QVector<int> stack; // indexes of the open nodes, outermost first
        OpenNode open;
        bool collecting = false; // property tags belong to the newest open node
        propertyNames.reserve(512); // distinct names: ~300 in the largest board of tests/data
        const auto finish = [&] {
            if (collecting)
                finishNode(stack.last(), open);
            open = OpenNode();
            collecting = false;
        };
        for (int off = 0, next = 0;; off = next) {
            const uint32_t tag = fdt_next_tag(blob, off, &next);
            if (next < 0 || tag == FDT_END)
                break; // cannot happen before the root ends after fdt_check_full
            if (tag == FDT_BEGIN_NODE) {
                finish();
                if (stack.isEmpty() && !skeleton.empty())
                    break; // a second root: libfdt's walk ends with the first
                beginNode(blob, off, next, stack);
                collecting = true;
            } else if (tag == FDT_END_NODE) {
                finish();
                if (stack.isEmpty())
                    break;
                stack.removeLast();
                if (stack.isEmpty())
                    break; // the root ended
            } else if (tag == FDT_PROP && collecting) {
                const RawProperty p = rawProperty(blob, off);
                const QByteArray value = QByteArray::fromRawData(p.value, p.length);
                switch (kindOf(p.nameOffset)) {
                case Compatible: if (!open.compatible) open.compatible = value; break;
                case Status: if (!open.status) open.status = value; break;
                case Phandle: if (!open.phandle) open.phandle = value; break;
                case LinuxPhandle: if (!open.linuxPhandle) open.linuxPhandle = value; break;
                case InterruptControllerProperty: open.interruptController = true; break;
                case MmuMasters: open.mmuMasters = true; break;
                case AddressCells: open.addressCells = keptCells(value); break;
                case SizeCells: open.sizeCells = keptCells(value); break;
                case InterruptCells: open.interruptCells = keptCells(value); break;
                case Ranges: open.present |= HasRanges; break;
                case InterruptParent: open.present |= HasInterruptParent; break;
                case InterruptMap: open.present |= HasInterruptMap; break;
                default: break;
                }
            }
        }
        byPath.reserve(qsizetype(skeleton.size()));
        for (int i = 0; i < int(skeleton.size()); ++i)
            byPath.insert(skeleton[size_t(i)].path, i);
    }

    // By the name's offset in the strings block (in it for a version 17 header): one byte
    // per byte of that block, asked for every property of the tree.
    quint8 kindOf(int nameOffset)
    {
        if (propertyKinds.empty())
            propertyKinds.assign(size_t(fdt_size_dt_strings(fdt())), kUnknownKind);
        // An offset outside the block: a version 16 header has no size_dt_strings check in
        // libfdt's fdt_get_string (it checks totalsize), so ask each time instead of keeping it.
        quint8 unkept = kUnknownKind;
        quint8 &known = nameOffset >= 0 && size_t(nameOffset) < propertyKinds.size() ? propertyKinds[size_t(nameOffset)] : unkept;
        if (known != kUnknownKind)
            return known;
        const char *pname = fdt_string(fdt(), nameOffset);
        static const std::pair<const char *, PropertyKind> kinds[] = {
            {"compatible", Compatible}, {"status", Status}, {"phandle", Phandle}, {"linux,phandle", LinuxPhandle},
            {"interrupt-controller", InterruptControllerProperty}, {"mmu-masters", MmuMasters},
            {"#address-cells", AddressCells}, {"#size-cells", SizeCells}, {"#interrupt-cells", InterruptCells},
            {"ranges", Ranges}, {"interrupt-parent", InterruptParent}, {"interrupt-map", InterruptMap},
        };
        quint8 kind = OtherProperty;
        for (const auto &[name, k] : kinds)
            if (std::strcmp(pname, name) == 0)
                kind = k;
        known = kind;
        return kind;
    }

    // A node at FDT_BEGIN_NODE offset `off`, the child of the innermost open node.
    void beginNode(const void *blob, int off, int next, QVector<int> &stack)
    {
        SkeletonNode n;
        n.fdtOffset = off;
        n.propertiesOffset = next;
        n.depth = qint16(stack.size());
        n.parent = stack.isEmpty() ? -1 : stack.last();
        if (n.parent < 0) {
            appendName(n.path, "/", 1);
        } else {
            int len = 0;
            const char *name = fdt_get_name(blob, off, &len);
            const PathText &pp = skeleton[size_t(n.parent)].path;
            const bool underRoot = pp.size() == 1;
            n.path.reserve((underRoot ? 0 : pp.size()) + 1 + (name ? len : 0));
            if (!underRoot)
                n.path.append(pp);
            appendName(n.path, "/", 1);
            appendName(n.path, name, name ? len : 0);
        }
        stack.append(int(skeleton.size()));
        skeleton.push_back(std::move(n));
    }

    // The facts of node `i` that other nodes ask about, as classify() decodes them.
    void finishNode(int i, const OpenNode &open)
    {
        SkeletonNode &n = skeleton[size_t(i)];
        if (open.status && !enables(statusText(*open.status)))
            n.flags &= quint16(~Enabled);
        if (open.phandle && open.phandle->size() == 4)
            n.phandle = firstCell(*open.phandle);
        else if (open.linuxPhandle && open.linuxPhandle->size() == 4)
            n.phandle = firstCell(*open.linuxPhandle);
        if (n.phandle != 0 && n.phandle != 0xffffffffu) {
            if (phandles.contains(n.phandle))
                n.flags |= DuplicatePhandle;
            else
                phandles.insert(n.phandle, i);
            m_maxPhandle = qMax(m_maxPhandle, n.phandle);
        }
        if (open.interruptController) {
            n.flags |= InterruptController;
            if (open.compatible && hasAnyCompatible(internedStringList(*open.compatible), kGicCompatibles))
                n.flags |= Gic;
        }
        if (open.mmuMasters)
            n.flags |= HasMmuMasters;
        n.flags |= open.present;
        n.addressCells = open.addressCells;
        n.sizeCells = open.sizeCells;
        n.interruptCells = open.interruptCells;
    }

    // The node (in structure order) whose path another node also has, then two nodes whose paths
    // differ only in case: "" when neither. Xen's dt_find_node_by_path compares paths with
    // strcasecmp (dt_node_cmp, xen/include/xen/device_tree.h), so for Xen both paths of such a
    // pair name the first.
    QString pathProblem() const
    {
        if (const int twin = firstRepeatedPath(); twin >= 0)
            return QStringLiteral("two nodes at path '%1'; a node name appears once among its siblings (dtc "
                                  "refuses such a tree, and Xen's dt_find_node_by_path would take the first)")
                .arg(format::oneLine(pathOf(twin)));
        if (const auto [a, b] = firstPathsEqualIgnoringCase(); a >= 0)
            return QStringLiteral("nodes '%1' and '%2' differ only in case; Xen compares node paths ignoring "
                                  "case (dt_node_cmp), so both would name the first")
                .arg(format::oneLine(pathOf(a)), format::oneLine(pathOf(b)));
        return QString();
    }

    // The path index keeps one node per path, so it is smaller than the node list exactly when
    // some repeat: a tree without repeats pays one size comparison.
    int firstRepeatedPath() const
    {
        if (byPath.size() == qsizetype(skeleton.size()))
            return -1;
        for (int i = 0; i < int(skeleton.size()); ++i)
            if (byPath.value(at(i).path) != i)
                return i;
        return -1;
    }

    // Node names are ASCII (checkDtb), and one path of a case-only pair has an upper-case letter:
    // only those paths are folded.
    std::pair<int, int> firstPathsEqualIgnoringCase() const
    {
        const auto hasUpper = [](const PathText &path) {
            return std::any_of(path.cbegin(), path.cend(), [](auto c) { return c >= u'A' && c <= u'Z'; });
        };
        QHash<PathText, int> folded; // folded path -> the first node with upper case that has it
        std::pair<int, int> first{-1, -1};
        const auto keep = [&](int a, int b) {
            const std::pair<int, int> pair{std::min(a, b), std::max(a, b)};
            if (first.first < 0 || pair < first)
                first = pair;
        };
        for (int i = 0; i < int(skeleton.size()); ++i) {
            if (!hasUpper(at(i).path))
                continue;
            const PathText low = at(i).path.toLower(); // ASCII
            if (const auto it = byPath.constFind(low); it != byPath.constEnd())
                keep(*it, i);
            if (const auto it = folded.constFind(low); it != folded.constEnd())
                keep(*it, i);
            else
                folded.insert(low, i);
        }
        return first;
    }

    // --------------------------------------------------------------------------------------------
    // Pass 2: the node's own properties, in order, each value viewing the model's blob
    // (HostModel::m_blob, never changed); moved into an array of exactly their number.
    void readProperties(Node &n)
    {
        const void *blob = fdt();
        scratch.clear();
        // The tags after FDT_BEGIN_NODE, NOPs skipped, up to the first that is not a property:
        // what fdt_first_property_offset and fdt_next_property_offset step through, one tag each.
        int next = at(n.index).propertiesOffset;
        for (int off = next; next >= 0; off = next) {
            const uint32_t tag = fdt_next_tag(blob, off, &next);
            if (tag == FDT_NOP)
                continue;
            if (tag != FDT_PROP || next < 0)
                break;
            const RawProperty p = rawProperty(blob, off);
            scratch.append({propertyName(p.nameOffset), QByteArray::fromRawData(p.value, p.length)});
        }
        if (!scratch.isEmpty())
            n.properties = QVector<Property>(scratch.cbegin(), scratch.cend());
    }

    // One shared QString per distinct name: dtc writes each name once in the strings block, and
    // every property with that name refers to the same offset (another offset with the same
    // text only costs one more entry).
    const QString &propertyName(int nameOffset)
    {
        auto it = propertyNames.constFind(nameOffset);
        if (it == propertyNames.constEnd())
            it = propertyNames.insert(nameOffset, QString::fromUtf8(fdt_string(fdt(), nameOffset)));
        return *it;
    }

    // The property whose FDT_PROP tag is at `off`, read in place. Only for a tag fdt_next_tag has
    // just returned: it checked that the header and all `len` value bytes lie inside the structure
    // block, and fdt_check_full (checkDtb) that `nameoff` starts a string of the strings block.
    struct RawProperty {
        int nameOffset;
        const char *value;
        int length;
    };
    static RawProperty rawProperty(const void *blob, int off)
    {
        // fdt_offset_ptr's own checks would repeat those fdt_next_tag has just made.
        const auto *p = reinterpret_cast<const struct fdt_property *>(static_cast<const char *>(blob)
                                                                       + fdt_off_dt_struct(blob) + off);
        return {int(fdt32_ld(&p->nameoff)), p->data, int(fdt32_ld(&p->len))};
    }

    // `property` is a name from propertyName (every name in the nodes being built is).
    std::optional<bindings::PhandleList> phandleListOf(const QString &property)
    {
        auto it = phandleLists.constFind(property.constData());
        if (it == phandleLists.constEnd()) {
            bindings::PhandleList list;
            const bool known = bindings::phandleListFor(property, &list);
            it = phandleLists.insert(property.constData(), known ? std::optional(list) : std::nullopt);
        }
        return *it;
    }

    bool mayBeReference(const QString &property)
    {
        auto it = mayHoldPhandle.constFind(property.constData());
        if (it == mayHoldPhandle.constEnd())
            it = mayHoldPhandle.insert(property.constData(), bindings::mayHoldPhandle(property));
        return *it;
    }

    void classify(Node &n)
    {
        const SkeletonNode &s = at(n.index);
        if (const Property *c = n.property(QStringLiteral("compatible")))
            n.compatible = internedStringList(c->value);
        if (const Property *st = n.property(QStringLiteral("status")))
            n.status = statusText(st->value);
        n.enabled = (s.flags & Enabled) != 0; // the skeleton read the status (finishNode)
        n.phandle = s.phandle;
        if (s.flags & DuplicatePhandle)
            n.diagnostics.append(QStringLiteral("phandle %1 is also used by %2").arg(hex(n.phandle), pathOf(byPhandle(n.phandle))));
        n.hasReg = n.property(QStringLiteral("reg")) != nullptr;
        n.hasInterrupts = n.property(QStringLiteral("interrupts")) || n.property(QStringLiteral("interrupts-extended"));
        n.isInterruptController = (s.flags & InterruptController) != 0;
        n.isGic = (s.flags & Gic) != 0;
    }

    // A status property's text as Node::status holds it, and whether that text enables the node:
    // the skeleton's Enabled flag (which Node::enabled copies) is read from the decoded text, not
    // the raw bytes (the UTF-8 decoder drops a leading byte-order mark).
    QString statusText(const QByteArray &value) { return value.isEmpty() ? QString() : internedText(firstString(value)); }
    static bool enables(const QString &status) { return status == QLatin1String("okay") || status == QLatin1String("ok"); }

    // The QString of `text` (UTF-8), one per distinct text of the tree.
    const QString &internedText(std::string_view text)
    {
        auto it = texts.find(text);
        if (it == texts.end())
            it = texts.emplace(text, QString::fromUtf8(text.data(), qsizetype(text.size()))).first;
        return it->second;
    }

    // The first string of a string-list value (all of it when it holds no NUL).
    static std::string_view firstString(const QByteArray &value)
    {
        const std::string_view v(value.constData(), size_t(value.size()));
        return v.substr(0, v.find('\0'));
    }

    // stringListOf(value) (core/hostmodel.h: every empty string between NULs kept), interned.
    QStringList internedStringList(const QByteArray &value)
    {
        QStringList out;
        if (value.isEmpty())
            return out;
        std::string_view v(value.constData(), size_t(value.size()));
        if (v.back() == '\0')
            v.remove_suffix(1);
        out.reserve(qsizetype(std::count(v.begin(), v.end(), '\0')) + 1);
        for (size_t start = 0;;) {
            const size_t end = v.find('\0', start);
            out.append(internedText(v.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
            if (end == std::string_view::npos)
                break;
            start = end + 1;
        }
        return out;
    }

    int cellsOfNode(int i, const char *name, int fallback)
    {
        const qint8 kept = std::strcmp(name, "#address-cells") == 0 ? at(i).addressCells
            : std::strcmp(name, "#interrupt-cells") == 0            ? at(i).interruptCells
                                                                     : qint8(CellsOther);
        if (kept != CellsOther)
            return kept == CellsAbsent ? fallback : kept;
        const std::optional<QByteArray> p = property(i, name);
        if (!p || p->size() != 4)
            return fallback;
        // A #...-cells count above 32 is nonsense in any binding; treating it as absent keeps
        // corrupt input from sizing vectors or overflowing index arithmetic (found by the fuzzer).
        const quint32 count = firstCell(*p);
        return count > kMaxCells ? fallback : int(count);
    }

    // Whether a property's name shares a word with the target's node name or compatible strings
    // ("fsl,usbmisc" and usbmisc@32e40200; "ti,syscon-efuse" and a "syscon" compatible): what keeps
    // a number that happens to equal some phandle from being taken for a reference.
    bool namesOneAnother(const QString &property, int target)
    {
        // The words of the property after its vendor prefix, split at - , _ @ .
        const qsizetype comma = property.indexOf(QLatin1Char(','));
        if (comma < 0)
            return false;
        const QString name = nameOf(target); // kept: base views it
        const qsizetype at = name.indexOf(QLatin1Char('@'));
        const QStringView base = at < 0 ? QStringView(name) : QStringView(name).left(at);
        const QStringList &compatible = sharedCompatibleOf(target);
        bool shared = false;
        forEachWord(QStringView(property).mid(comma + 1), [&](QStringView w) {
            if (w.size() < 3 || shared)
                return;
            forEachWord(base, [&](QStringView t) { shared = shared || t.compare(w, Qt::CaseInsensitive) == 0; });
            for (const QString &c : compatible)
                forEachWord(c, [&](QStringView t) { shared = shared || t.compare(w, Qt::CaseInsensitive) == 0; });
        });
        return shared;
    }

    // Calls f with each non-empty word of text, words separated by - , _ @ .
    template<typename F>
    static void forEachWord(QStringView text, F f)
    {
        qsizetype start = 0;
        for (qsizetype i = 0; i <= text.size(); ++i) {
            const bool end = i == text.size();
            const QChar c = end ? QChar() : text[i];
            if (end || c == QLatin1Char('-') || c == QLatin1Char(',') || c == QLatin1Char('_') || c == QLatin1Char('@')
                || c == QLatin1Char('.')) {
                if (i > start)
                    f(text.mid(start, i - start));
                start = i + 1;
            }
        }
    }

    // An unknown vendor property whose first cell is the phandle of another node (not the node
    // itself or an ancestor): treated as one reference with the other cells as its arguments, and
    // marked as a guess (rule phandle-guessed).
    void guessReference(Node &n, const Property &p)
    {
        if (p.value.size() < 4 || p.value.size() > 16 || p.value.size() % 4 || !mayBeReference(p.name))
            return;
        const QVector<quint32> cells = cellsOf(p.value);
        const int target = cells.front() ? byPhandle(cells.front()) : -1;
        if (target < 0 || target == n.index || !namesOneAnother(p.name, target))
            return;
        for (int up = n.parent; up >= 0; up = parentOf(up))
            if (up == target)
                return;
        Dependency d{p.name, pathOf(target), toCells(cells.mid(1)), false, target};
        d.guessed = true;
        n.dependencies.append(d);
    }

    // --------------------------------------------------------------------------------------------
    // Dependencies: every phandle-valued property, stepping through lists with the provider's cells.
    // /aliases and the overlay symbol tables hold strings under any name (an alias "ethernet",
    // a label "display"), none of them a reference (DT spec §3.3; dtc's -@ tables).
    static bool holdsNamesOnly(const Node &n)
    {
        if (n.path.size() < 2 || (n.path[1] != QLatin1Char('a') && n.path[1] != QLatin1Char('_')))
            return false; // one compare for almost every node of a large tree
        return n.path == QLatin1String("/aliases") || n.path.startsWith(QLatin1String("/__symbols__"))
            || n.path.startsWith(QLatin1String("/__fixups__")) || n.path.startsWith(QLatin1String("/__local_fixups__"));
    }

    void decodeDependencies(Node &n)
    {
        if (holdsNamesOnly(n))
            return;
        // A dom0less domain node's `cpus` is its vCPU count (docs/misc/arm/device-tree/booting.txt).
        const bool xenDomain = n.depth == 2 && n.path.startsWith(QLatin1String("/chosen/"))
            && hasCompatible(n.compatible, QLatin1String("xen,domain"));
        for (const Property &p : n.properties) {
            if (xenDomain && p.name == QLatin1String("cpus"))
                continue;
            const std::optional<bindings::PhandleList> known = phandleListOf(p.name);
            if (!known) {
                guessReference(n, p);
                continue;
            }
            const bindings::PhandleList &list = *known;
            const CellView cells(p.value);
            if (p.value.size() % 4 != 0) {
                n.diagnostics.append(QStringLiteral("'%1' is %2 bytes, not a list of 32-bit cells").arg(p.name).arg(p.value.size()));
                continue;
            }
            for (int i = 0; i < cells.size();) {
                const quint32 ph = cells[i++];
                if (ph == 0) // an empty slot (allowed in gpio lists)
                    continue;
                const int target = byPhandle(ph);
                if (target < 0) {
                    n.diagnostics.append(QStringLiteral("'%1' refers to phandle %2, which no node has").arg(p.name, hex(ph)));
                    n.danglingReferences.append(p.name);
                    break;
                }
                const QString &targetPath = pathOf(target);
                int argc = list.fixedCells == bindings::kRestIsArguments ? int(cells.size() - i) : list.fixedCells;
                if (list.cellsName) {
                    argc = cellsOfNode(target, list.cellsName, -1);
                    if (argc < 0) {
                        if (!list.optionalCells) {
                            n.diagnostics.append(QStringLiteral("'%1' points at %2, which has no '%3'")
                                                     .arg(p.name, targetPath, QLatin1String(list.cellsName)));
                            Dependency d{p.name, targetPath, {}, false, target};
                            n.dependencies.append(d);
                            break;
                        }
                        argc = 0;
                    }
                }
                if (argc < 0 || argc > 32 || i + argc > cells.size()) {
                    n.diagnostics.append(QStringLiteral("'%1' is truncated: %2 expects %3 argument cells")
                                             .arg(p.name, targetPath).arg(argc));
                    n.dependencies.append({p.name, targetPath, {}, false, target});
                    break;
                }
                n.dependencies.append({p.name, targetPath, argc ? cells.mid(i, argc) : Cells(), false, target});
                i += argc;
            }
        }
        // iommu-map: entries of exactly 4 cells <rid-base iommu-phandle iommu-base length>
        // (Linux bindings pci/pci-iommu.txt; drivers/of/base.c of_map_id steps by 4 cells).
        // The dependency's args are <iommu-base length>.
        if (const Property *p = n.property(QStringLiteral("iommu-map"))) {
            const CellView cells(p->value);
            if (p->value.isEmpty() || p->value.size() % 16 != 0)
                n.diagnostics.append(QStringLiteral("'iommu-map' is %1 bytes, not a list of 4-cell entries").arg(p->value.size()));
            for (int i = 0; i + 3 < cells.size(); i += 4) {
                const int target = byPhandle(cells[i + 1]);
                if (target < 0) {
                    n.diagnostics.append(QStringLiteral("'iommu-map' refers to phandle %1, which no node has").arg(hex(cells[i + 1])));
                    break;
                }
                n.dependencies.append({QStringLiteral("iommu-map"), pathOf(target), {cells[i + 2], cells[i + 3]}, false, target});
            }
        }
    }

    // --------------------------------------------------------------------------------------------
    // Regions: reg entries translated through every ancestor's ranges.
    void decodeRegions(Node &n)
    {
        const Property *reg = n.property(QStringLiteral("reg"));
        if (!reg)
            return;
        const int bus = n.parent;
        if (bus < 0) {
            n.diagnostics.append(QStringLiteral("the root node has 'reg'"));
            return;
        }
        const int ac = addressCells(bus);
        const int sc = sizeCells(bus);
        const bool ok = reg->value.size() % 4 == 0;
        const CellView cells(reg->value);
        if (ac < 0 || ac > 4 || sc < 0 || sc > 4 || ac + sc == 0) {
            n.diagnostics.append(QStringLiteral("cannot read 'reg': parent %1 has #address-cells = %2, #size-cells = %3")
                                     .arg(pathOf(bus)).arg(ac).arg(sc));
            return;
        }
        const int entry = ac + sc;
        if (!ok || cells.size() % entry != 0)
            n.diagnostics.append(QStringLiteral("'reg' is %1 bytes, not a multiple of (%2 address + %3 size cells) × 4")
                                     .arg(reg->value.size()).arg(ac).arg(sc));
        for (int i = 0; i + entry <= cells.size(); i += entry) {
            Region r;
            quint32 entryCells[8]; // ac, sc <= 4
            for (int k = 0; k < entry; ++k)
                entryCells[k] = cells[i + k];
            const BusAddress start = busAddressFrom(entryCells, ac);
            r.busAddress = start.value;
            r.size = sc ? cellsToU64(entryCells + ac, sc) : 0;
            if (sc == 0) {
                r.cpuAddressable = false;
                r.problem = QStringLiteral("%1 has #size-cells = 0: 'reg' is an address on that bus (I2C, SPI, CPU id…), not MMIO")
                                .arg(pathOf(bus));
            } else {
                translate(bus, start, r);
                if (r.cpuAddressable && r.size == 0) {
                    // Nothing to map (memory nodes a bootloader fills in, placeholder entries).
                    r.cpuAddressable = false;
                    r.problem = QStringLiteral("'reg' entry has size 0: it describes no bytes (a bootloader may fill it in)");
                } else if (r.cpuAddressable && r.address > ~quint64(0) - (r.size - 1)) {
                    // Its last byte would lie past 2^64 - 1: no CPU address reaches it, and every
                    // end computed from it (pages, windows, overlaps) would wrap around to 0.
                    r.cpuAddressable = false;
                    r.problem = QStringLiteral("'reg' entry at %1 of size %2 runs past the end of the 64-bit "
                                               "address space (2^64)").arg(hex(r.address), hex(r.size));
                }
            }
            n.regions.append(r);
        }
    }

    // Translate an address on `firstBus` (the node's parent) up to the root. DT spec §2.3.8.
    void translate(int firstBus, BusAddress addr, Region &r)
    {
        int bus = firstBus;
        int guard = 0;
        while (parentOf(bus) >= 0) {
            if (++guard > 64) {
                r.cpuAddressable = false;
                r.problem = QStringLiteral("tree too deep to translate");
                return;
            }
            const int up = parentOf(bus);
            const std::optional<QByteArray> ranges = flagged(bus, HasRanges, "ranges");
            if (!ranges) {
                r.cpuAddressable = false;
                r.problem = QStringLiteral("%1 has no 'ranges': addresses on that bus are not CPU-addressable").arg(pathOf(bus));
                return;
            }
            if (!ranges->isEmpty()) {
                const int cac = addressCells(bus);
                const int pac = addressCells(up);
                const int csc = sizeCells(bus);
                if (!mapThrough(bus, *ranges, cac, pac, csc, addr, r))
                    return;
            } else {
                // Identity: the same address in the parent's space. Between two PCI buses (a host
                // bridge and a root port with `ranges;`) it keeps its phys.hi space code.
                addr.pci = addr.pci && addressCells(up) == 3;
            }
            bus = up;
        }
        r.address = addr.value;
        r.cpuAddressable = true;
    }

    bool mapThrough(int bus, const QByteArray &value, int cac, int pac, int csc, BusAddress &addr, Region &r)
    {
        const int entry = cac + pac + csc;
        const CellView cells(value);
        if (cac <= 0 || cac > 4 || pac <= 0 || pac > 4 || csc <= 0 || csc > 4 || value.size() % (4 * entry) != 0) {
            r.cpuAddressable = false;
            r.problem = QStringLiteral("%1: 'ranges' does not match its cells (%2 child + %3 parent + %4 size)")
                            .arg(pathOf(bus)).arg(cac).arg(pac).arg(csc);
            return false;
        }
        for (int i = 0; i + entry <= cells.size(); i += entry) {
            quint32 window[12]; // cac, pac, csc <= 4
            for (int k = 0; k < entry; ++k)
                window[k] = cells[i + k];
            const BusAddress child = busAddressFrom(window, cac);
            const BusAddress parent = busAddressFrom(window + cac, pac);
            const quint64 size = cellsToU64(window + cac + pac, csc);
            // PCI (3 cells): match the address space and the 64-bit address, as Linux's
            // of_bus_pci_map does: it compares the resource type (I/O vs memory), so 32-bit (code 2)
            // and 64-bit (code 3) memory are the same space; configuration space (0) never maps.
            if (child.pci && addr.pci && pciSpace(child.pciHi) != pciSpace(addr.pciHi))
                continue;
            if (addr.value < child.value || addr.value - child.value >= size)
                continue;
            addr.value = parent.value + (addr.value - child.value);
            addr.pci = parent.pci;
            addr.pciHi = parent.pciHi;
            return true;
        }
        r.cpuAddressable = false;
        r.problem = QStringLiteral("bus address %1 is outside every 'ranges' window of %2%3")
                        .arg(hex(addr.value), pathOf(bus),
                             cac == 3 ? QStringLiteral(" (PCI address space, phys.hi %1)").arg(hex(addr.pciHi)) : QString());
        return false;
    }

    // --------------------------------------------------------------------------------------------
    // Interrupts. DT spec §2.4.
    // The interrupt parent, as Linux's of_irq_find_parent finds it: follow `interrupt-parent`
    // when present, otherwise the tree parent, until a node with #interrupt-cells is reached.
    // Returns -1 and sets `problem` when there is none.
    int interruptParent(int from, QString *problem)
    {
        int cur = from;
        for (int guard = 0; guard < 64; ++guard) {
            int next = -1;
            if (const std::optional<QByteArray> ip = flagged(cur, HasInterruptParent, "interrupt-parent")) {
                if (ip->size() != 4) {
                    *problem = QStringLiteral("%1: 'interrupt-parent' is not one phandle").arg(pathOf(cur));
                    return -1;
                }
                const quint32 ph = firstCell(*ip);
                next = byPhandle(ph);
                if (next < 0) {
                    *problem = QStringLiteral("%1: 'interrupt-parent' refers to phandle %2, which no node has").arg(pathOf(cur), hex(ph));
                    return -1;
                }
            } else if (parentOf(cur) >= 0) {
                next = parentOf(cur);
            } else {
                *problem = QStringLiteral("no interrupt parent: neither 'interrupt-parent' nor an ancestor with '#interrupt-cells'");
                return -1;
            }
            if (at(next).interruptCells != CellsAbsent) // present, whatever its value
                return next;
            cur = next;
        }
        *problem = QStringLiteral("'interrupt-parent' chain from %1 loops without reaching a controller").arg(pathOf(from));
        return -1;
    }

    void decodeInterrupts(Node &n)
    {
        if (const Property *ext = n.property(QStringLiteral("interrupts-extended"))) {
            decodeInterruptsExtended(n, *ext);
            return;
        }
        const Property *ints = n.property(QStringLiteral("interrupts"));
        if (!ints)
            return;
        QString problem;
        const int ctrl = interruptParent(n.index, &problem);
        if (ctrl < 0) {
            Interrupt irq;
            irq.source = QStringLiteral("interrupts");
            irq.problem = problem;
            irq.cells = toCells(cellsOf(ints->value));
            n.interrupts.append(irq);
            n.diagnostics.append(QStringLiteral("cannot decode 'interrupts': %1").arg(problem));
            return;
        }
        const int ic = cellsOfNode(ctrl, "#interrupt-cells", -1);
        const bool ok = ints->value.size() % 4 == 0;
        const CellView cells(ints->value);
        if (ic <= 0 || ic > 8) {
            n.diagnostics.append(QStringLiteral("cannot decode 'interrupts': %1 has no valid '#interrupt-cells'").arg(pathOf(ctrl)));
            Interrupt irq;
            irq.source = QStringLiteral("interrupts");
            irq.controller = pathOf(ctrl);
            irq.cells = cells.mid(0, cells.size());
            irq.problem = QStringLiteral("%1 has no valid '#interrupt-cells'").arg(pathOf(ctrl));
            n.interrupts.append(irq);
            return;
        }
        if (!ok || cells.size() % ic != 0)
            n.diagnostics.append(QStringLiteral("'interrupts' has %1 bytes, not a multiple of %2 cells (#interrupt-cells of %3)")
                                     .arg(ints->value.size()).arg(ic).arg(pathOf(ctrl)));
        const QVector<quint32> unit = unitAddress(n, ctrl);
        for (int i = 0; i + ic <= cells.size(); i += ic)
            deliver(n, ctrl, unit, cells.mid(i, ic), QStringLiteral("interrupts"), QString(), 0);
    }

    // interrupts-extended = <&ctrl spec...>, ... with each controller's #interrupt-cells (DT spec §2.4.1.3).
    // An entry that cannot be decoded is kept as an interrupt with a problem, so that nothing
    // downstream mistakes the device for one without interrupts.
    void decodeInterruptsExtended(Node &n, const Property &ext)
    {
        const QString source = QStringLiteral("interrupts-extended");
        bool ok = true;
        const QVector<quint32> cells = cellsOf(ext.value, &ok);
        if (cells.isEmpty())
            n.diagnostics.append(QStringLiteral("'interrupts-extended' is empty"));
        auto fail = [&](const QString &problem) {
            Interrupt irq;
            irq.source = source;
            irq.problem = problem;
            n.interrupts.append(irq);
            n.diagnostics.append(QStringLiteral("cannot decode 'interrupts-extended': %1").arg(problem));
        };
        for (int i = 0; i < cells.size();) {
            const quint32 ph = cells[i++];
            const int ctrl = byPhandle(ph);
            if (ctrl < 0)
                return fail(QStringLiteral("phandle %1 refers to no node").arg(hex(ph)));
            const int ic = cellsOfNode(ctrl, "#interrupt-cells", -1);
            if (ic < 0 || ic > 8)
                return fail(QStringLiteral("%1 has no valid '#interrupt-cells'").arg(pathOf(ctrl)));
            if (i + ic > cells.size())
                return fail(QStringLiteral("truncated: %1 expects %2 cells").arg(pathOf(ctrl)).arg(ic));
            deliver(n, ctrl, unitAddress(n, ctrl), toCells(cells.mid(i, ic)), source, QString(), 0);
            i += ic;
        }
        if (!ok)
            n.diagnostics.append(QStringLiteral("'interrupts-extended' is %1 bytes, not a list of 32-bit cells")
                                     .arg(ext.value.size()));
    }

    // The child unit address used to match interrupt-map: the first #address-cells of `reg`,
    // where #address-cells is looked up from the nexus upwards (Linux of_irq_parse_raw).
    QVector<quint32> unitAddress(const Node &dev, int nexus)
    {
        int ac = 2;
        for (int cur = nexus; cur >= 0; cur = parentOf(cur)) {
            const int v = cellsOfNode(cur, "#address-cells", -1);
            if (v >= 0) {
                ac = v;
                break;
            }
        }
        QVector<quint32> reg;
        if (const Property *p = dev.property(QStringLiteral("reg")))
            reg = cellsOf(p->value);
        QVector<quint32> unit(ac, 0);
        for (int i = 0; i < ac && i < reg.size(); ++i)
            unit[i] = reg[i];
        return unit;
    }

    void deliver(Node &dev, int ctrl, const QVector<quint32> &unit, const Cells &spec,
                 const QString &source, const QString &via, int hops)
    {
        Interrupt irq;
        irq.source = source;
        irq.via = via;
        irq.cells = spec;
        irq.controller = pathOf(ctrl);
        if (hops > 16) {
            irq.problem = QStringLiteral("interrupt routing does not end after 16 hops (loop through %1?)").arg(pathOf(ctrl));
            dev.diagnostics.append(irq.problem);
            dev.interrupts.append(irq);
            return;
        }
        if (has(ctrl, InterruptController)) {
            decodeAt(ctrl, irq);
            dev.interrupts.append(irq);
            return;
        }
        if (const std::optional<QByteArray> map = flagged(ctrl, HasInterruptMap, "interrupt-map")) {
            mapThroughNexus(dev, ctrl, *map, unit, spec, source, hops);
            return;
        }
        // Neither a controller nor a nexus (a glue node with #interrupt-cells): Linux's
        // of_irq_parse_raw ("skiplevel") hands the same specifier to that node's own interrupt parent.
        QString problem;
        const int next = interruptParent(ctrl, &problem);
        if (next < 0) {
            irq.problem = QStringLiteral("%1 is neither an interrupt controller nor an interrupt nexus, and %2")
                              .arg(pathOf(ctrl), problem);
            dev.diagnostics.append(irq.problem);
            dev.interrupts.append(irq);
            return;
        }
        deliver(dev, next, unit, spec, source, via.isEmpty() ? pathOf(ctrl) : via, hops + 1);
    }

    void decodeAt(int ctrl, Interrupt &irq)
    {
        if (!has(ctrl, Gic)) {
            irq.gic = false;
            irq.type = IrqType::Other;
            irq.number = irq.cells.value(0);
            return;
        }
        irq.gic = true;
        if (irq.cells.size() < 3) {
            irq.problem = QStringLiteral("GIC specifier needs 3 cells, got %1").arg(irq.cells.size());
            return;
        }
        const quint32 kind = irq.cells[0];
        irq.number = irq.cells[1];
        irq.flags = irq.cells[2];
        switch (kind) {
        case 0: irq.type = IrqType::Spi; irq.irq = irq.number + 32; break;
        case 1: irq.type = IrqType::Ppi; irq.irq = irq.number + 16; break;
        case 2: irq.type = IrqType::Espi; irq.irq = irq.number + 4096; break;
        case 3: irq.type = IrqType::Ppi; irq.irq = irq.number + 1056; break; // extended PPI
        default:
            irq.type = IrqType::Other;
            irq.problem = QStringLiteral("unknown GIC interrupt type %1").arg(kind);
        }
    }

    void mapThroughNexus(Node &dev, int nexus, const QByteArray &mapValue, const QVector<quint32> &unit, const Cells &spec,
                         const QString &source, int hops)
    {
        const QVector<quint32> map = cellsOf(mapValue);
        QVector<quint32> mask;
        if (const std::optional<QByteArray> m = property(nexus, "interrupt-map-mask"))
            mask = cellsOf(*m);
        const QVector<quint32> key = unit + QVector<quint32>(spec.cbegin(), spec.cend());
        auto masked = [&](int i, quint32 v) { return i < mask.size() ? (v & mask[i]) : v; };
        const QString &nexusPath = pathOf(nexus);
        int i = 0;
        while (i + key.size() < map.size()) {
            bool match = true;
            for (int k = 0; k < key.size(); ++k)
                if (masked(k, map[i + k]) != masked(k, key[k]))
                    match = false;
            i += key.size();
            const int parent = byPhandle(map[i++]);
            if (parent < 0) {
                Interrupt bad;
                bad.source = source;
                bad.controller = nexusPath;
                bad.cells = spec;
                bad.problem = QStringLiteral("%1: 'interrupt-map' refers to a phandle no node has").arg(nexusPath);
                dev.diagnostics.append(bad.problem);
                dev.interrupts.append(bad);
                return;
            }
            const int pac = cellsOfNode(parent, "#address-cells", 0);
            const int pic = cellsOfNode(parent, "#interrupt-cells", -1);
            if (pic < 0 || i + pac + pic > map.size()) {
                Interrupt bad;
                bad.source = source;
                bad.controller = nexusPath;
                bad.cells = spec;
                bad.problem = QStringLiteral("%1: 'interrupt-map' entry is malformed").arg(nexusPath);
                dev.diagnostics.append(bad.problem);
                dev.interrupts.append(bad);
                return;
            }
            if (match) {
                deliver(dev, parent, map.mid(i, pac), toCells(map.mid(i + pac, pic)), source, nexusPath, hops + 1);
                return;
            }
            i += pac + pic;
        }
        Interrupt none;
        none.source = source;
        none.controller = nexusPath;
        none.cells = spec;
        none.via = nexusPath;
        none.problem = QStringLiteral("no 'interrupt-map' entry of %1 matches this interrupt").arg(nexusPath);
        dev.diagnostics.append(none.problem);
        dev.interrupts.append(none);
    }

    // --------------------------------------------------------------------------------------------
    // IOMMU coverage.
    void collectLegacySmmuMasters()
    {
        // Legacy Arm SMMU binding: mmu-masters = <&master sid...>, with the count given by the
        // master's #stream-id-cells (Linux iommu/arm,smmu.yaml, deprecated but still in DTBs).
        for (int smmu = 0; smmu < int(skeleton.size()); ++smmu) {
            if (!has(smmu, HasMmuMasters))
                continue;
            const std::optional<QByteArray> p = property(smmu, "mmu-masters");
            if (!p)
                continue;
            const QVector<quint32> cells = cellsOf(*p);
            for (int i = 0; i < cells.size();) {
                const int master = byPhandle(cells[i++]);
                if (master < 0)
                    break;
                const int sc = cellsOfNode(master, "#stream-id-cells", -1);
                if (sc < 0 || i + sc > cells.size())
                    break;
                IommuLink link;
                link.binding = IommuBinding::MmuMasters;
                link.iommu = pathOf(smmu);
                link.iommuCompatible = sharedCompatibleOf(smmu);
                link.iommuEnabled = has(smmu, Enabled);
                link.streamIds = toCells(cells.mid(i, sc));
                link.cells = link.streamIds;
                legacyMasters[master].append(link);
                i += sc;
            }
        }
    }

    void decodeIommu(Node &n)
    {
        IommuCoverage &cov = n.iommu;
        for (const Dependency &d : n.dependencies) {
            if (d.property != QLatin1String("iommus") && d.property != QLatin1String("iommu-map"))
                continue;
            const int iommu = targetOf(d);
            const IommuBinding binding = d.property == QLatin1String("iommus") ? IommuBinding::Iommus : IommuBinding::IommuMap;
            IommuLink *link = nullptr;
            for (IommuLink &l : cov.links)
                if (l.iommu == d.target && l.binding == binding)
                    link = &l;
            if (!link) {
                IommuLink l;
                l.binding = binding;
                l.iommu = d.target;
                l.iommuCompatible = sharedCompatibleOf(iommu);
                l.iommuEnabled = has(iommu, Enabled);
                cov.links.append(l);
                link = &cov.links.last();
            }
            if (!d.args.isEmpty())
                link->streamIds.append(d.args.front());
            if (binding == IommuBinding::IommuMap) {
                link->cells.append(d.args.value(0));
                link->length += d.args.value(1); // requester ids mapped by all entries to this IOMMU
            } else {
                link->cells.append(d.args.constData(), d.args.size());
            }
        }
        cov.links += legacyMasters.value(n.index);
        for (const IommuLink &l : cov.links)
            if (l.iommuEnabled)
                cov.isProtected = true;
    }

    // --------------------------------------------------------------------------------------------
    // SCMI resources: consumer properties pointing into an arm,scmi* node.
    // The SCMI agent above `target` and the protocol id of the protocol node on the way, if any.
    bool scmiProtocolOf(int target, int *scmi, quint32 *protocol, int *protocolNode)
    {
        int cur = target;
        int below = -1;
        for (int guard = 0; cur >= 0 && guard < 8; ++guard) {
            if (isAgent(cur)) {
                *scmi = cur;
                if (below < 0)
                    return false;
                const std::optional<QByteArray> reg = property(below, "reg");
                if (!reg || reg->size() != 4)
                    return false;
                *protocol = firstCell(*reg);
                *protocolNode = below;
                return true;
            }
            below = cur;
            cur = parentOf(cur);
        }
        return false;
    }

    // isScmiAgent, asked once per node: consumers climb from every provider they name.
    bool isAgent(int i)
    {
        if (scmiAgent.empty())
            scmiAgent.assign(skeleton.size(), -1);
        qint8 &known = scmiAgent[size_t(i)];
        if (known < 0)
            known = hasAnyCompatible(compatibleOf(i), kScmiAgentCompatibles) ? 1 : 0;
        return known == 1;
    }

    void decodeScmi(Node &n)
    {
        for (const Dependency &d : n.dependencies) {
            const QString &p = d.property;
            const bool consumer = p == QLatin1String("clocks") || p == QLatin1String("assigned-clocks")
                || p == QLatin1String("assigned-clock-parents") || p == QLatin1String("resets")
                || p == QLatin1String("power-domains") || p == QLatin1String("access-controllers")
                || p == QLatin1String("thermal-sensors") || p.endsWith(QLatin1String("-supply"));
            if (!consumer)
                continue;
            const int target = targetOf(d);
            if (target < 0)
                continue;
            if (p == QLatin1String("access-controllers")) {
                // Only when the phandle is the SCMI node itself (Xen: ac_spec->np == scmi dt_dev);
                // other access controllers (e.g. STM32 RIFSC firewalls) are not SCMI.
                if (isAgent(target) && !d.args.isEmpty())
                    n.scmi.append({p, 0x10, d.args.front(), pathOf(target)});
                continue;
            }
            int scmi = -1;
            int protocolNode = -1;
            quint32 protocol = 0;
            if (!scmiProtocolOf(target, &scmi, &protocol, &protocolNode))
                continue;
            if (p.endsWith(QLatin1String("-supply"))) {
                // Voltage domain: the regulator node's reg is the domain id (arm,scmi.yaml, protocol@17).
                const std::optional<QByteArray> reg = property(target, "reg");
                if (target != protocolNode && reg && reg->size() == 4)
                    n.scmi.append({p, protocol, firstCell(*reg), pathOf(scmi)});
                continue;
            }
            if (target == protocolNode && !d.args.isEmpty())
                n.scmi.append({p, protocol, d.args.front(), pathOf(scmi)});
        }
    }

    // --------------------------------------------------------------------------------------------
    // Index of the first of kMasterClasses that `text` contains as a word (ASCII case-insensitively:
    // no letter right before or after it; digits and punctuation may touch it, as in "usb2" or
    // "dwc3-ti"), or -1. One pass over the text: at each word start, only the classes that begin
    // with its letter are compared.
    static int masterClassOf(QStringView text)
    {
        // Text beyond ASCII (only compatible strings can hold it) is lower-cased by Unicode's
        // rules first, as QString::toLower does ('İ' becomes "i" and a combining dot).
        if (std::any_of(text.begin(), text.end(), [](QChar c) { return c.unicode() >= 0x80; })) {
            const QString lower = text.toString().toLower();
            return masterClassOfFolded(lower);
        }
        return masterClassOfFolded(text);
    }

    static int masterClassOfFolded(QStringView text)
    {
        static const auto byFirstLetter = [] {
            std::array<std::vector<int>, 26> table;
            for (int i = 0; i < int(std::size(kMasterClasses)); ++i)
                table[size_t(kMasterClasses[i][0] - 'a')].push_back(i);
            return table;
        }();
        const auto folded = [&](qsizetype i) {
            const char16_t c = text[i].unicode();
            return c >= 'A' && c <= 'Z' ? char16_t(c + ('a' - 'A')) : c;
        };
        int found = -1;
        const auto isLetter = [](char16_t c) { return c >= 'a' && c <= 'z'; };
        for (qsizetype at = 0; at < text.size(); ++at) {
            const char16_t first = folded(at);
            if (first < 'a' || first > 'z' || (at > 0 && isLetter(folded(at - 1))))
                continue;
            for (const int cls : byFirstLetter[size_t(first - 'a')]) {
                if (found >= 0 && cls >= found)
                    break; // each letter's classes are in list order
                const char *word = kMasterClasses[cls];
                qsizetype k = 1;
                while (word[k] && at + k < text.size() && folded(at + k) == char16_t(word[k]))
                    ++k;
                // A whole word only: "gem" in "cdns,zynqmp-gem", not in "power-management".
                if (!word[k] && (at + k == text.size() || !isLetter(folded(at + k))))
                    found = cls;
            }
        }
        return found;
    }

    // A PHY (phy-bindings.txt) or an interconnect provider (a NoC's QoS registers,
    // interconnect.txt: #interconnect-cells) drives a link or routes others' traffic; neither
    // masters the bus itself, whatever its name says (Qualcomm's "qcom,sc7280-gem-noc").
    static bool mastersNoBus(const Node &n)
    {
        if (n.property(QStringLiteral("#phy-cells")) || n.property(QStringLiteral("#interconnect-cells"))
            || n.name.section(QLatin1Char('@'), 0, 0).contains(QLatin1String("phy"), Qt::CaseInsensitive))
            return true;
        // After the vendor prefix: "phytium,…" names a vendor, not a PHY.
        return std::any_of(n.compatible.cbegin(), n.compatible.cend(), [](const QString &c) {
            return QStringView(c).mid(c.indexOf(QLatin1Char(',')) + 1).contains(QLatin1String("phy"), Qt::CaseInsensitive);
        });
    }

    void hintDma(Node &n)
    {
        DmaHint &h = n.dma;
        if (!n.iommu.links.isEmpty())
            h.evidence |= DmaHint::IommuMapping;
        if (n.property(QStringLiteral("dma-coherent")))
            h.evidence |= DmaHint::DmaCoherent;
        if (n.property(QStringLiteral("#dma-cells")))
            h.evidence |= DmaHint::DmaController;
        // No hint from 'dmas': it makes the node a DMA *client* (dma/dma.txt), whose transfers
        // the named DMA controller makes; the controller has #dma-cells and is hinted itself.
        // Parents come before children in structure order, so the parent is decoded already.
        // A guess, like the class words: not every child of a node with iommus masters the bus (an
        // I2C client's reg is no CPU address; an MDSS's DSI PHY does no DMA).
        const bool cpuRegion = std::any_of(n.regions.cbegin(), n.regions.cend(), [](const Region &r) { return r.cpuAddressable; });
        if (cpuRegion && n.iommu.links.isEmpty() && n.parent >= 0 && has(n.parent, HasIommuLinks) && !mastersNoBus(n))
            h.evidence |= DmaHint::ParentIommu;
        if (n.hasReg) {
            // The first class in kMasterClasses' order found in the name or the compatibles.
            const qsizetype at = n.name.indexOf(QLatin1Char('@'));
            int cls = masterClassOf(QStringView(n.name).left(at < 0 ? n.name.size() : at));
            for (const QString &c : n.compatible) {
                const int inCompatible = masterClassOf(c);
                if (inCompatible >= 0 && (cls < 0 || inCompatible < cls))
                    cls = inCompatible;
            }
            // A PHY or an interconnect provider masters no bus, though its name often carries
            // a class (ethernet-phy@1, usb2phy@fe8a0000, "qcom,sc7280-gem-noc"): no guess.
            if (cls >= 0 && mastersNoBus(n))
                cls = -1;
            h.masterClass = qint8(cls);
        }
        h.likely = h.evidence != 0 || h.masterClass >= 0;
        h.byClassOnly = h.likely && (h.evidence & ~DmaHint::ParentIommu) == 0;
    }
};

QString HostModel::build()
{
    ModelBuilder<QString> builder(m_blob);
    if (const QString problem = builder.readSkeleton(); !problem.isEmpty())
        return problem;
    m_nodes.reserve(builder.nodeCount());
    for (int i = 0; i < builder.nodeCount(); ++i) {
        m_nodes.append(builder.decode(i));
        if (const int parent = m_nodes.last().parent; parent >= 0)
            m_nodes[parent].children.append(i);
    }
    m_byPath = builder.takePathIndex();
    m_byPhandle = builder.takePhandleIndex();
    m_maxPhandle = builder.maxPhandle();
    return QString();
}

bool HostModel::streamBlob(const QByteArray &dtb, const QString &sourceName, QString *error,
                           const std::function<void(const Node &)> &visit, QString *sha256)
{
    const QByteArray blob = checkedBlob(dtb, sourceName, error);
    if (blob.isEmpty())
        return false;
    ModelBuilder<QByteArray> builder(blob);
    if (const QString bad = builder.readSkeleton(); !bad.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(sourceName, bad);
        return false;
    }
    builder.dropPathIndex();
    if (sha256)
        *sha256 = sha256Hex(blob);
    for (int i = 0; i < builder.nodeCount(); ++i)
        visit(builder.decode(i));
    return true;
}

QString IommuCoverage::reason() const
{
    return reason(xen::kDefaultRelease);
}

QString IommuCoverage::reason(xen::Release release) const
{
    if (links.isEmpty())
        return QStringLiteral("no 'iommus', legacy SMMU 'mmu-masters' or PCI 'iommu-map' covers this device: "
                              "any DMA it issues reaches memory untranslated");
    QStringList parts;
    for (const IommuLink &l : links) {
        const char *how = l.binding == IommuBinding::Iommus ? "iommus" : l.binding == IommuBinding::MmuMasters ? "mmu-masters" : "iommu-map";
        QStringList ids;
        for (quint32 s : l.streamIds)
            ids.append(hex(s));
        QString part = QStringLiteral("%1 → %2").arg(QLatin1String(how), l.iommu);
        if (!ids.isEmpty())
            part += QStringLiteral(" (stream ids %1)").arg(ids.join(QStringLiteral(", ")));
        if (!l.iommuEnabled)
            part += QStringLiteral(", but that IOMMU is disabled");
        else if (!xen::drivesIommu(l, release))
            part += QStringLiteral(", but Xen %2 on Arm has no driver for %1").arg(l.iommuCompatible.value(0), xen::releaseName(release));
        parts.append(part);
    }
    // Protected only through a link to an enabled IOMMU that this Xen drives (isProtectedByXen).
    const bool byXen = std::any_of(links.cbegin(), links.cend(),
                                   [&](const IommuLink &l) { return l.iommuEnabled && xen::drivesIommu(l, release); });
    return (byXen ? QStringLiteral("protected: ") : QStringLiteral("not protected: ")) + parts.join(QStringLiteral("; "));
}

QStringList DmaHint::reasons() const
{
    QStringList out;
    if (evidence & IommuMapping)
        out.append(QStringLiteral("has an IOMMU mapping (only bus masters need one)"));
    if (evidence & DmaCoherent)
        out.append(QStringLiteral("is marked dma-coherent"));
    if (evidence & DmaController)
        out.append(QStringLiteral("is a DMA controller (#dma-cells)"));
    if (evidence & ParentIommu)
        out.append(QStringLiteral("sits in a wrapper with an IOMMU mapping of its own (its parent's), which its DMA goes through"));
    if (masterClass >= 0 && masterClass < qint8(std::size(kMasterClasses)))
        out.append(QStringLiteral("looks like a bus-master class (%1)").arg(QLatin1String(kMasterClasses[masterClass])));
    return out;
}

} // namespace devassign
