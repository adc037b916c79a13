// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// What devassign knows about device tree bindings (Linux Documentation/devicetree/bindings, the
// devicetree specification), in one place: which properties hold phandles and how to step
// through them, their "-names" companions, and which providers a guest can use without the host.

#include <QString>
#include <QVector>

#include <optional>

namespace devassign {
class HostModel;
struct Dependency;
struct Node;
}

namespace devassign::bindings {

// How to step through a phandle-valued property: the provider's cell-count property, or a fixed
// number of argument cells.
struct PhandleList {
    const char *cellsName; // nullptr: fixed count
    int fixedCells;        // kRestIsArguments: one reference, every cell after the phandle is its argument
    bool optionalCells;    // provider may omit the cells property (then 0)
};
constexpr int kRestIsArguments = -1;
// The known phandle-valued properties: the generic ones (clocks, resets, *-supply, pinctrl-N,
// *-gpios, phy-handle, nvmem-cells, memory-region, sram, interconnects, mboxes, …) and the vendor
// references to system controllers (syscon, *-syscon, rockchip,grf, fsl,usbmisc, ti,syscon-*, …).
bool phandleListFor(const QString &prop, PhandleList *out);
// An unknown vendor property ("vendor,name") that may hold a phandle: not one whose name says it is
// a number (a delay, a frequency, a size…). The model treats it as a reference when its first cell
// is the phandle of another node (a guess, reported as rule phandle-guessed).
bool mayHoldPhandle(const QString &prop);

// Properties whose entries are parallel to a phandle list's entries ("clock-names" for "clocks").
QString namesCompanion(const QString &prop);
bool isClockProperty(const QString &prop);   // clocks, assigned-clocks, assigned-clock-parents
bool isSupplyProperty(const QString &prop);  // *-supply (regulator consumers)
// A reference a stub can stand in for: a clock (fixed-clock) or a supply (regulator-fixed).
bool isStubbableProperty(const QString &prop);
bool isPinctrlState(const QString &prop);    // pinctrl-0, pinctrl-1, …
// Properties whose targets Xen or the guest set-up handle themselves: the guest GIC replaces the
// interrupt parent (GUEST_PHANDLE_GIC), and IOMMU links are consumed by Xen from the host node
// named by xen,path / dtdev (xen/drivers/passthrough/device_tree.c).
bool handledByXen(const QString &prop);

// Providers that need nothing from the host to work and can be copied into a partial DTB as they
// are: fixed clocks and fixed regulators whose own dependencies are again such providers.
bool isSimpleProvider(const HostModel &model, const Node &n, int depth = 0);
// A provider's clock-frequency as the fixed-clock binding takes it (one u32; a u64 only when it fits).
std::optional<quint32> providerRate(const Node &provider);

// The rate of the fixed-clock stub that replaces `clock` (an entry of `consumer`'s clocks or
// assigned-clocks): the provider's clock-frequency when it has one that fits 32 bits; else the
// consumer's assigned-clock-rates entry for the same clock (same provider and arguments in
// assigned-clocks); else 0. `source` says which, so the analysis can report an unknown rate.
struct StubClockRate {
    enum Source { Provider, AssignedRate, Unknown };
    quint32 hz = 0;
    Source source = Unknown;
};
StubClockRate stubClockRate(const HostModel &model, const Node &consumer, const Dependency &clock);

// One entry of an interrupt nexus' interrupt-map (devicetree spec 2.4.3.1): <child unit address (the
// nexus' #address-cells, else its nearest ancestor's, else 2, as Linux's of_irq_parse_raw and Xen's
// dt_irq_map_raw read it), child specifier (its
// #interrupt-cells), parent phandle, parent unit address (the parent's #address-cells, 0 when
// absent), parent specifier (the parent's #interrupt-cells)>.
struct InterruptMapEntry {
    QVector<quint32> child;         // unit address and specifier
    const Node *parent = nullptr;
    QVector<quint32> parentAddress;
    QVector<quint32> parentSpecifier;
};
// The entries of `nexus`' interrupt-map; false (and no entries) when it has none or it does not
// parse: a phandle no node has, a parent without #interrupt-cells, a cell count above 32 or not
// one cell, a cut entry.
bool interruptMapEntries(const HostModel &model, const Node &nexus, QVector<InterruptMapEntry> *out);

} // namespace devassign::bindings
