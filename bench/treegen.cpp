// SPDX-License-Identifier: GPL-2.0-or-later
#include "treegen.h"

#include <initializer_list>
#include <vector>

extern "C" {
#include <libfdt.h>
}

namespace treegen {

namespace {

// Layout: every top-level bus holds kSubBuses sub-buses of kDevicesPerBus devices each.
constexpr int kSubBuses = 4;
constexpr int kDevicesPerBus = 62;
constexpr int kFixedNodes = 6; // root, chosen, memory, GIC, clock controller, SMMU
constexpr quint64 kTopBusBase = 0x100000000ull;
constexpr quint64 kTopBusWindow = 0x10000000ull;
constexpr quint32 kSubBusWindow = 0x100000u;
constexpr quint32 kDevicePage = 0x1000u;
// Node names by device index; "ethernet", "mmc" and "dma-controller" are bus-master classes.
const char *const kClasses[] = {"serial", "i2c", "spi", "ethernet", "mmc", "gpio", "timer", "dma-controller"};

// One sequential-write session; the first libfdt error sticks and makes the result empty.
class Writer {
public:
    explicit Writer(QByteArray &buffer) : m_buffer(buffer)
    {
        m_status = fdt_create(m_buffer.data(), int(m_buffer.size()));
        if (m_status == 0)
            m_status = fdt_finish_reservemap(m_buffer.data());
    }
    int status() const { return m_status; }

    void begin(const QByteArray &name) { step(fdt_begin_node(fdt(), name.constData())); }
    void end() { step(fdt_end_node(fdt())); }
    void finish() { step(fdt_finish(fdt())); }
    void flag(const char *name) { step(fdt_property(fdt(), name, nullptr, 0)); }
    void text(const char *name, const char *value) { step(fdt_property_string(fdt(), name, value)); }
    void cells(const char *name, std::initializer_list<quint32> values)
    {
        std::vector<fdt32_t> be;
        for (quint32 v : values)
            be.push_back(cpu_to_fdt32(v));
        step(fdt_property(fdt(), name, be.data(), int(be.size() * sizeof(fdt32_t))));
    }

private:
    void *fdt() { return m_buffer.data(); }
    void step(int result)
    {
        if (m_status == 0 && result != 0)
            m_status = result;
    }

    QByteArray &m_buffer;
    int m_status = 0;
};

quint32 high(quint64 v) { return quint32(v >> 32); }
quint32 low(quint64 v) { return quint32(v); }

QByteArray unitName(const char *base, quint64 address)
{
    return QByteArray(base) + '@' + QByteArray::number(address, 16);
}

void writeRoot(Writer &w)
{
    w.cells("#address-cells", {2});
    w.cells("#size-cells", {2});
    w.text("compatible", "devassign,bench-synthetic");
    w.text("model", "devassign benchmark tree");
    w.cells("interrupt-parent", {kGicPhandle});
}

void writeFixedNodes(Writer &w)
{
    w.begin("chosen");
    w.text("bootargs", "console=ttyAMA0");
    w.end();
    w.begin("memory@40000000");
    w.text("device_type", "memory");
    w.cells("reg", {0, 0x40000000u, 0, 0x80000000u});
    w.end();
    w.begin("interrupt-controller@8000000");
    w.text("compatible", "arm,gic-v3");
    w.cells("#interrupt-cells", {3});
    w.cells("#address-cells", {0});
    w.flag("interrupt-controller");
    w.cells("reg", {0, 0x08000000u, 0, 0x10000u, 0, 0x080a0000u, 0, 0xf60000u});
    w.cells("phandle", {kGicPhandle});
    w.end();
    w.begin("clock-controller@9000000");
    w.text("compatible", "devassign,bench-clocks");
    w.cells("reg", {0, 0x09000000u, 0, 0x10000u});
    w.cells("#clock-cells", {1});
    w.cells("phandle", {kClockPhandle});
    w.end();
    w.begin("iommu@a000000");
    w.text("compatible", "arm,smmu-v3");
    w.cells("reg", {0, 0x0a000000u, 0, 0x20000u});
    w.cells("interrupts", {0, 74, 1, 0, 75, 1});
    w.cells("#iommu-cells", {1});
    w.cells("phandle", {kSmmuPhandle});
    w.end();
}

// A simple-bus whose children's address 0 is `parentAddress` in the parent's space.
void beginBus(Writer &w, quint64 parentAddress, quint32 window, bool parentHasTwoCells)
{
    w.begin(unitName("bus", parentAddress));
    w.text("compatible", "simple-bus");
    w.cells("#address-cells", {1});
    w.cells("#size-cells", {1});
    if (parentHasTwoCells)
        w.cells("ranges", {0, high(parentAddress), low(parentAddress), window});
    else
        w.cells("ranges", {0, low(parentAddress), window});
}

// The first kOwnSpis devices have an SPI of their own (a project can assign them without sharing
// an interrupt); all others share 900 SPIs, as a tree this large must.
constexpr int kOwnSpis = 8;
quint32 spiOf(int index)
{
    return index < kOwnSpis ? quint32(32 + index) : quint32(64 + index % 900);
}

void writeDevice(Writer &w, int index, quint32 busOffset)
{
    const char *cls = kClasses[index % 8];
    w.begin(unitName(cls, busOffset));
    const QByteArray compatible = QByteArray("devassign,bench-") + cls;
    w.text("compatible", compatible.constData());
    w.cells("reg", {busOffset, kDevicePage});
    w.cells("interrupts", {0, spiOf(index), 4});
    w.cells("clocks", {kClockPhandle, quint32(index % 1024)});
    w.text("clock-names", "core");
    w.cells("iommus", {kSmmuPhandle, quint32(index)});
    w.text("status", "okay");
    w.end();
}

// Buses and devices until the tree holds `nodes` nodes.
void writeBuses(Writer &w, int nodes)
{
    int count = kFixedNodes;
    int device = 0;
    for (int top = 0; count < nodes; ++top) {
        beginBus(w, kTopBusBase + quint64(top) * kTopBusWindow, quint32(kTopBusWindow), true);
        ++count;
        for (int sub = 0; sub < kSubBuses && count < nodes; ++sub) {
            beginBus(w, quint64(sub) * kSubBusWindow, kSubBusWindow, false);
            ++count;
            for (int d = 0; d < kDevicesPerBus && count < nodes; ++d, ++count)
                writeDevice(w, device++, quint32(d) * kDevicePage);
            w.end();
        }
        w.end();
    }
}

int writeTree(QByteArray &buffer, int nodes)
{
    Writer w(buffer);
    w.begin("");
    writeRoot(w);
    writeFixedNodes(w);
    writeBuses(w, nodes);
    w.end();
    w.finish();
    return w.status();
}

} // namespace

QByteArray generateTree(int nodes)
{
    if (nodes < kMinNodes)
        return {};
    QByteArray buffer(qsizetype(nodes) * 320 + 65536, '\0');
    for (int attempt = 0; attempt < 4; ++attempt) {
        const int status = writeTree(buffer, nodes);
        if (status == 0) {
            buffer.truncate(qsizetype(fdt_totalsize(buffer.constData())));
            return buffer;
        }
        if (status != -FDT_ERR_NOSPACE)
            return {};
        buffer = QByteArray(buffer.size() * 2, '\0');
    }
    return {};
}

QString devicePath(int index)
{
    const int perTop = kSubBuses * kDevicesPerBus;
    const quint64 top = kTopBusBase + quint64(index / perTop) * kTopBusWindow;
    const quint64 sub = quint64((index / kDevicesPerBus) % kSubBuses) * kSubBusWindow;
    const quint64 offset = quint64(index % kDevicesPerBus) * kDevicePage;
    return QString::fromLatin1("/" + unitName("bus", top) + "/" + unitName("bus", sub) + "/"
                               + unitName(kClasses[index % 8], offset));
}

} // namespace treegen
