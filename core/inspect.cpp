// SPDX-License-Identifier: GPL-2.0-or-later
#include "inspect.h"
#include "format.h"
#include "xenrelease.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <optional>

namespace devassign {

using format::hex;

static QJsonValue u64(quint64 v)
{
    // JSON integers: qint64 is exact in QJsonValue; addresses above 2^63 do not occur on Arm.
    return QJsonValue(qint64(v));
}

static QJsonArray stringArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

static QJsonArray cellArray(const Cells &cells)
{
    QJsonArray a;
    for (quint32 c : cells)
        a.append(qint64(c));
    return a;
}

// A device's JSON depends on the node alone (every fact it shows is decoded into the node).
static QJsonObject nodeToJson(const Node &n)
{
    QJsonObject o;
    o[QStringLiteral("path")] = n.path;
    o[QStringLiteral("compatible")] = stringArray(n.compatible);
    o[QStringLiteral("status")] = n.status.isEmpty() ? QStringLiteral("okay") : n.status;
    o[QStringLiteral("enabled")] = n.enabled;

    QJsonArray regions, busRegs;
    for (const Region &r : n.regions) {
        QJsonObject ro;
        if (r.cpuAddressable) {
            ro[QStringLiteral("address")] = u64(r.address);
            ro[QStringLiteral("size")] = u64(r.size);
            regions.append(ro);
        } else {
            ro[QStringLiteral("bus_address")] = u64(r.busAddress);
            ro[QStringLiteral("size")] = u64(r.size);
            ro[QStringLiteral("reason")] = r.problem;
            busRegs.append(ro);
        }
    }
    o[QStringLiteral("regions")] = regions;
    if (!busRegs.isEmpty())
        o[QStringLiteral("unmapped_regs")] = busRegs;

    QJsonArray irqs;
    for (const Interrupt &i : n.interrupts) {
        QJsonObject io;
        io[QStringLiteral("controller")] = i.controller;
        io[QStringLiteral("gic")] = i.gic;
        io[QStringLiteral("type")] = irqTypeName(i.type);
        io[QStringLiteral("number")] = qint64(i.number);
        io[QStringLiteral("irq")] = i.irq ? QJsonValue(qint64(*i.irq)) : QJsonValue(QJsonValue::Null);
        io[QStringLiteral("flags")] = qint64(i.flags);
        io[QStringLiteral("cells")] = cellArray(i.cells);
        io[QStringLiteral("source")] = i.source;
        if (!i.via.isEmpty())
            io[QStringLiteral("via")] = i.via;
        if (!i.problem.isEmpty())
            io[QStringLiteral("problem")] = i.problem;
        irqs.append(io);
    }
    o[QStringLiteral("interrupts")] = irqs;

    QJsonObject iommu;
    // The one predicate of every face: an enabled IOMMU that Xen drives (xenrelease.h); the
    // hardware fact alone is behind_iommu.
    iommu[QStringLiteral("protected")] = xen::isProtectedByXen(n);
    iommu[QStringLiteral("behind_iommu")] = n.iommu.isProtected;
    iommu[QStringLiteral("reason")] = n.iommu.reason();
    QJsonArray links;
    for (const IommuLink &l : n.iommu.links) {
        QJsonObject lo;
        lo[QStringLiteral("iommu")] = l.iommu;
        lo[QStringLiteral("binding")] = l.binding == IommuBinding::Iommus ? QStringLiteral("iommus")
            : l.binding == IommuBinding::MmuMasters                       ? QStringLiteral("mmu-masters")
                                                                          : QStringLiteral("iommu-map");
        lo[QStringLiteral("stream_ids")] = cellArray(l.streamIds);
        lo[QStringLiteral("iommu_enabled")] = l.iommuEnabled;
        lo[QStringLiteral("xen_driver")] = xen::drivesIommu(l);
        if (l.binding == IommuBinding::IommuMap)
            lo[QStringLiteral("length")] = qint64(l.length);
        links.append(lo);
    }
    iommu[QStringLiteral("iommus")] = links;
    o[QStringLiteral("iommu")] = iommu;

    QJsonArray scmi;
    for (const ScmiResource &s : n.scmi) {
        QJsonObject so;
        so[QStringLiteral("property")] = s.property;
        so[QStringLiteral("protocol")] = qint64(s.protocol);
        so[QStringLiteral("id")] = qint64(s.id);
        so[QStringLiteral("agent")] = s.scmiNode;
        scmi.append(so);
    }
    o[QStringLiteral("scmi")] = scmi;

    QJsonArray deps;
    for (const Dependency &d : n.dependencies) {
        QJsonObject dobj;
        dobj[QStringLiteral("property")] = d.property;
        dobj[QStringLiteral("target")] = d.target;
        if (!d.args.isEmpty())
            dobj[QStringLiteral("args")] = cellArray(d.args);
        deps.append(dobj);
    }
    o[QStringLiteral("dependencies")] = deps;

    QJsonObject dma;
    dma[QStringLiteral("likely")] = n.dma.likely;
    dma[QStringLiteral("reasons")] = stringArray(n.dma.reasons());
    dma[QStringLiteral("note")] = QStringLiteral("a hint from the device tree, not a proof");
    o[QStringLiteral("dma_hint")] = dma;

    if (!n.diagnostics.isEmpty())
        o[QStringLiteral("diagnostics")] = stringArray(n.diagnostics);
    return o;
}

QJsonObject deviceToJson(const HostModel &model, const Node &n)
{
    Q_UNUSED(model);
    return nodeToJson(n);
}

static QVector<const Node *> selected(const HostModel &model, const QStringList &paths)
{
    if (paths.isEmpty())
        return model.devices();
    QVector<const Node *> out;
    for (const QString &p : paths)
        if (const Node *n = model.node(p))
            out.append(n);
    return out;
}

QJsonObject inspectToJson(const HostModel &model, const QStringList &paths)
{
    QJsonObject o;
    o[QStringLiteral("source")] = model.sourceName();
    o[QStringLiteral("sha256")] = model.sha256();
    QJsonArray devices;
    for (const Node *n : selected(model, paths))
        devices.append(deviceToJson(model, *n));
    o[QStringLiteral("devices")] = devices;
    return o;
}

// One device as an element of the top-level "devices" array: its indented JSON moved two levels in.
static QByteArray deviceElement(const Node &n)
{
    const QByteArray json = QJsonDocument(nodeToJson(n)).toJson(QJsonDocument::Indented);
    const QByteArrayView lines = QByteArrayView(json).chopped(1); // JSON strings hold no raw newline
    QByteArray element;
    element.reserve(json.size() + (lines.count('\n') + 1) * 8);
    element.append(QByteArray(8, ' '));
    for (const char c : lines) {
        element.append(c);
        if (c == '\n')
            element.append("        ", 8);
    }
    return element;
}

// The members after "devices" (they sort after it, as QJsonObject orders keys), at one level in.
static QByteArray membersAfterDevices(const QString &sha256, const QString &sourceName)
{
    const QJsonObject rest{{QStringLiteral("sha256"), sha256}, {QStringLiteral("source"), sourceName}};
    const QByteArray json = QJsonDocument(rest).toJson(QJsonDocument::Indented);
    return json.mid(2); // after "{\n"; ends with "}\n" like the whole document
}

// The document QJsonDocument(inspectToJson(...)).toJson(Indented) writes, one device at a time:
// the opening, the devices joined by ",\n", and the members after them.
class DevicesWriter {
public:
    explicit DevicesWriter(QTextStream &out) : m_out(out) { m_out << "{\n    \"devices\": [\n"; }
    void add(const Node &n) { m_out << (m_count++ ? ",\n" : "") << deviceElement(n); }
    void finish(const QString &sha256, const QString &sourceName)
    {
        m_out << (m_count ? "\n" : "") << "    ],\n" << membersAfterDevices(sha256, sourceName);
    }

private:
    QTextStream &m_out;
    int m_count = 0;
};

void writeInspectJson(const HostModel &model, const QStringList &paths, QTextStream &out)
{
    DevicesWriter writer(out);
    for (const Node *n : selected(model, paths))
        writer.add(*n);
    writer.finish(model.sha256(), model.sourceName());
}

bool writeInspectJson(const QString &file, QTextStream &out, QString *error)
{
    std::optional<DevicesWriter> writer; // opened at the first node: nothing is written on an error
    QString sha256;
    const bool ok = HostModel::streamNodes(
        file, error,
        [&](const Node &n) {
            if (!writer)
                writer.emplace(out);
            if (n.isDevice())
                writer->add(n);
        },
        &sha256);
    if (ok)
        writer->finish(sha256, file);
    return ok;
}

QString inspectToTable(const HostModel &model, const QStringList &paths)
{
    QString text;
    QTextStream out(&text);
    for (const Node *n : selected(model, paths)) {
        out << n->path;
        if (!n->enabled)
            out << "  [" << n->status << "]";
        out << "\n";
        if (!n->compatible.isEmpty())
            out << "  compatible  " << n->compatible.join(QStringLiteral(", ")) << "\n";
        for (const Region &r : n->regions) {
            if (r.cpuAddressable)
                out << "  region      " << hex(r.address) << " size " << hex(r.size) << "\n";
            else
                out << "  reg         " << hex(r.busAddress) << " (not CPU-addressable: " << r.problem << ")\n";
        }
        for (const Interrupt &i : n->interrupts) {
            out << "  interrupt   ";
            if (i.gic)
                out << irqTypeName(i.type).toUpper() << " " << i.number << " -> irq " << (i.irq ? QString::number(*i.irq) : QStringLiteral("?"));
            else
                out << "non-GIC controller " << i.controller << " cell " << i.number;
            if (!i.via.isEmpty())
                out << " via " << i.via;
            if (!i.problem.isEmpty())
                out << " (" << i.problem << ")";
            out << "\n";
        }
        if (!n->iommu.links.isEmpty() || n->dma.likely)
            out << "  iommu       " << n->iommu.reason() << "\n";
        for (const ScmiResource &s : n->scmi)
            out << "  scmi        " << s.property << ": protocol " << hex(s.protocol) << " id " << s.id << "\n";
        for (const Dependency &d : n->dependencies)
            out << "  depends     " << d.property << " -> " << d.target << "\n";
        if (n->dma.likely)
            out << "  dma (hint)  " << n->dma.reasons().join(QStringLiteral("; ")) << "\n";
        for (const QString &d : n->diagnostics)
            out << "  problem     " << d << "\n";
    }
    return text;
}

} // namespace devassign
