// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The immutable model of a host device tree. Built once from a DTB (or a DTS compiled by dtc)
// and shared read-only by the analysis, the exporters, the CLI and the GUI.

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVarLengthArray>
#include <QVector>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace devassign {

namespace xen {
enum class Release; // core/xenrelease.h
}

// One raw property, exactly as it is stored in the DTB (big-endian value bytes). In a HostModel's
// nodes the value views the model's blob (QByteArray::fromRawData): valid while the model lives.
// The cells of one specifier (an interrupt, an IOMMU link, a reference's arguments): almost
// always 1-4, so they are kept inline instead of in a heap block of their own.
using Cells = QVarLengthArray<quint32, 4>;
inline Cells toCells(const QVector<quint32> &cells) { return Cells(cells.cbegin(), cells.cend()); }

struct Property {
    QString name;
    QByteArray value;
};

// One `reg` entry. When cpuAddressable, `address` is the CPU physical address reached by
// translating through every parent `ranges` up to the root; otherwise `busAddress` is the
// untranslated address and `problem` says why it could not be translated.
struct Region {
    quint64 address = 0;
    quint64 size = 0;
    quint64 busAddress = 0;   // the address as written in `reg` (low 64 bits)
    bool cpuAddressable = true;
    QString problem;
};

enum class IrqType { Spi, Ppi, Espi, Other };
QString irqTypeName(IrqType type); // "spi", "ppi", "espi", "other"

// One interrupt of a device, decoded by the controller that finally receives it.
struct Interrupt {
    QString controller;            // path of the receiving controller
    bool gic = false;              // receiving controller is an Arm GIC (v2/v3)
    IrqType type = IrqType::Other;
    quint32 number = 0;            // SPI/PPI/eSPI number, or the first specifier cell otherwise
    std::optional<quint32> irq;    // GIC interrupt id (SPI n -> n+32, PPI n -> n+16, eSPI n -> n+4096)
    quint32 flags = 0;             // trigger/level cell of a GIC specifier
    Cells cells;                   // the specifier as given to the receiving controller
    QString source;                // "interrupts" or "interrupts-extended"
    QString via;                   // path of an interrupt-map nexus crossed on the way, if any
    QString problem;               // non-empty when the interrupt could not be fully decoded
};

enum class IommuBinding { Iommus, MmuMasters, IommuMap };

struct IommuLink {
    IommuBinding binding = IommuBinding::Iommus;
    QString iommu;                 // path of the IOMMU node
    QStringList iommuCompatible;
    bool iommuEnabled = true;      // the IOMMU node's status is okay
    Cells streamIds;               // first cell of each specifier (SMMU stream id, IPMMU uTLB)
    Cells cells;                   // all cells of the specifier(s)
    quint32 length = 0;            // iommu-map only: number of requester ids mapped
};

struct IommuCoverage {
    bool isProtected = false;      // at least one link to an enabled IOMMU (hardware, not Xen)
    QVector<IommuLink> links;
    // Human explanation of the verdict as Xen `release` sees it (xen::isProtectedByXen): made
    // when asked (most nodes are never shown). Without a release: the default one.
    QString reason() const;
    QString reason(xen::Release release) const;
};

// An SCMI resource a device consumes: (protocol id, resource id) on an SCMI agent node.
struct ScmiResource {
    QString property;              // e.g. "clocks", "power-domains", "vdd-supply"
    quint32 protocol = 0;          // e.g. 0x14 clock, 0x11 power domain, 0x16 reset, 0x17 voltage
    quint32 id = 0;
    QString scmiNode;              // path of the arm,scmi* node
};

// A phandle-valued property resolved to its target.
struct Dependency {
    QString property;
    QString target;                // path of the referenced node
    Cells args;                    // specifier cells after the phandle
    bool guessed = false;          // an unknown vendor property whose first cell names a node's phandle
    int targetIndex = -1;          // the referenced node's index into HostModel::nodes() (-1: by path only)
};

struct DmaHint {
    // What the node shows of a bus master, as bits (the words are made when asked).
    enum Evidence : quint8 {
        IommuMapping = 1,          // an IOMMU link (only bus masters need one)
        DmaCoherent = 2,           // dma-coherent
        DmaController = 4,         // #dma-cells
                                   // (8 was 'dmas': a DMA client, whose controller masters the bus)
        ParentIommu = 16,          // no IOMMU link of its own, but its parent has one (a wrapper
                                   // such as Qualcomm's QUP issues its engines' DMA with its own
                                   // stream ids: qcom,geni-se-qup.yaml)
    };
    bool likely = false;           // a hint, never a proof
    bool byClassOnly = false;      // the only hints are guesses: the node's name or compatible, ParentIommu
    quint8 evidence = 0;           // Evidence bits
    qint8 masterClass = -1;        // index of a bus-master class in the name or compatible, or -1
    QStringList reasons() const;   // one phrase per hint, evidence first
};

struct Node {
    int index = -1;
    int parent = -1;               // index into HostModel::nodes(), -1 for the root
    QVector<int> children;
    int depth = 0;
    int fdtOffset = -1;
    QString path;
    QString name;                  // with unit address, "" for the root
    QStringList compatible;
    QString status;                // as written, "" when absent
    bool enabled = true;           // status absent, "okay" or "ok"
    quint32 phandle = 0;
    QVector<Property> properties;
    QVector<Region> regions;
    QVector<Interrupt> interrupts;
    IommuCoverage iommu;
    QVector<ScmiResource> scmi;
    QVector<Dependency> dependencies;
    DmaHint dma;
    QStringList diagnostics;       // per-node problems found while decoding (malformed input)
    QStringList danglingReferences; // "property" of every phandle-valued property naming no node

    bool isDevice() const { return hasReg || hasInterrupts; }
    bool hasReg = false;
    bool hasInterrupts = false;    // `interrupts` or `interrupts-extended`
    bool isInterruptController = false;
    bool isGic = false;

    const Property *property(const QString &name) const;
    const Property *property(QLatin1String name) const; // no QString made for the name
};

class HostModel {
public:
    // Loads a DTB, or a DTS compiled with the `dtc` program (by extension or content).
    // On failure returns nullptr and sets `error` to one line naming the file and the problem.
    static std::shared_ptr<const HostModel> load(const QString &file, QString *error);
    // Builds the model from a DTB in memory; `sourceName` is used in messages.
    static std::shared_ptr<const HostModel> fromBlob(const QByteArray &dtb, const QString &sourceName,
                                                     QString *error);
    // The tree of `file` decoded one node at a time, for a reader that needs each node once
    // (`inspect --json` of a whole tree): `visit` gets every node in structure order as load()
    // would decode it, except that `children` stays empty. The node is valid only during the call
    // (its property values view a blob that ends with this function): copy what must outlive it.
    // Between two calls only the tree's skeleton is kept (paths, parents, phandles), not the nodes.
    // Fails as load() fails, with the same one-line error, before the first call; `sha256` (when
    // given) is then the DTB's hash, as sha256() would give it.
    static bool streamNodes(const QString &file, QString *error, const std::function<void(const Node &)> &visit,
                            QString *sha256 = nullptr);
    static bool streamBlob(const QByteArray &dtb, const QString &sourceName, QString *error,
                           const std::function<void(const Node &)> &visit, QString *sha256 = nullptr);
    // Compiles DTS text with dtc. Returns an empty array and sets `error` on failure.
    static QByteArray compileDts(const QByteArray &dts, const QString &sourceName, QString *error);

    const QString &sourceName() const { return m_sourceName; }
    const QByteArray &blob() const { return m_blob; }
    QString sha256() const;        // hex of the DTB bytes, computed on first use and kept
    // Names of the unknown vendor properties the model took for references (Dependency::guessed)
    // anywhere in the tree, computed on first use and kept (the export's dangling-phandle check).
    const QSet<QString> &guessedReferenceProperties() const;

    const QVector<Node> &nodes() const { return m_nodes; }
    const Node &root() const { return m_nodes.front(); }
    const Node *node(const QString &path) const;
    const Node *nodeByPhandle(quint32 phandle) const;
    const Node *parentOf(const Node &n) const;
    QVector<const Node *> devices() const;   // every node with reg / interrupts / interrupts-extended
    QStringList rootCompatible() const { return root().compatible; }
    quint32 maxPhandle() const { return m_maxPhandle; }
    // The GIC found in the tree (the root's interrupt-parent if it is a GIC), or nullptr.
    const Node *gic() const;
    // The first /cpus child of device_type "cpu", and the first node compatible with the Arm
    // architected timer: what Xen's make_cpus_node and make_timer_node (xen/arch/arm/
    // domain_build.c) copy facts from into every guest tree. nullptr when none; found once.
    const Node *firstCpu() const;
    const Node *archTimer() const;
    // /memory banks (CPU physical), used to place dom0less modules and check guest layouts.
    QVector<Region> memoryBanks() const;

    // #address-cells / #size-cells that apply to the children of `n` (DT spec defaults 2 / 1).
    int addressCells(const Node &n) const;
    int sizeCells(const Node &n) const;

private:
    HostModel() = default;
    // Builds every node from m_blob (core/modelbuilder.cpp); "" or the problem that leaves no model.
    QString build();
    // The DTB bytes of a DTB or DTS file, as load() reads them; empty and `error` set on failure.
    static QByteArray readDeviceTree(const QString &file, QString *error);
    // `dtb` checked (checkDtb) and cut to its totalsize; empty and `error` set when unusable.
    static QByteArray checkedBlob(const QByteArray &dtb, const QString &sourceName, QString *error);

    QString m_sourceName;
    QByteArray m_blob;
    QVector<Node> m_nodes;
    QHash<QString, int> m_byPath;
    QHash<quint32, int> m_byPhandle;
    quint32 m_maxPhandle = 0;
    // Every exported file's header, the analysis and inspect ask for the hash: hash the blob once.
    mutable std::once_flag m_sha256Once;
    mutable QString m_sha256;
    mutable std::once_flag m_guestFactsOnce;
    mutable int m_firstCpu = -1;
    mutable int m_archTimer = -1;
    void findGuestFacts() const;
    mutable std::once_flag m_guessedOnce;
    mutable QSet<QString> m_guessed;

};

using HostModelPtr = std::shared_ptr<const HostModel>;

// Whether a compatible list names `compatible`, or any entry of `table`, compared as Xen and Linux
// compare them: ignoring ASCII case (dt_compat_cmp is strcasecmp in xen/include/xen/device_tree.h;
// of_compat_cmp in Linux's include/linux/of.h). Every compatible table of the model and of
// core/xenrelease.cpp matches through these.
bool hasCompatible(const QStringList &list, QLatin1String compatible);
template<std::size_t N> bool hasAnyCompatible(const QStringList &list, const char *const (&table)[N])
{
    for (const char *c : table)
        if (hasCompatible(list, QLatin1String(c)))
            return true;
    return false;
}

// An SCMI agent node (arm,scmi, arm,scmi-smc, arm,scmi-smc-param, arm,scmi-virtio, qcom,scmi-smc,
// linaro,scmi-optee — Linux bindings firmware/arm,scmi.yaml); not its arm,scmi-shmem channels.
bool isScmiAgent(const Node &n);

// Reads big-endian u32 cells from a property value. Returns false if the size is not a multiple of 4.
QVector<quint32> cellsOf(const QByteArray &value, bool *ok = nullptr);
// The first big-endian u32 cell of a property value (0 when it is shorter than one cell).
quint32 firstCell(const QByteArray &value);
// Combines up to two cells (the low 64 bits of larger numbers) into one value.
quint64 cellsToU64(const quint32 *cells, int count);
// Splits a string-list property ("a\0b\0") into strings.
QStringList stringListOf(const QByteArray &value);

} // namespace devassign
