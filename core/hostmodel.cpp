// SPDX-License-Identifier: GPL-2.0-or-later
#include "hostmodel.h"

#include "dtsource.h"
#include "format.h"
#include "inputfile.h"
#include "inputlimits.h"
#include "sha256.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <utility>

extern "C" {
#include <libfdt.h>
}

namespace devassign {

QString irqTypeName(IrqType type)
{
    switch (type) {
    case IrqType::Spi: return QStringLiteral("spi");
    case IrqType::Ppi: return QStringLiteral("ppi");
    case IrqType::Espi: return QStringLiteral("espi");
    case IrqType::Other: break;
    }
    return QStringLiteral("other");
}

QVector<quint32> cellsOf(const QByteArray &value, bool *ok)
{
    QVector<quint32> cells;
    const int n = value.size() / 4;
    cells.reserve(n);
    const auto *p = reinterpret_cast<const uchar *>(value.constData());
    for (int i = 0; i < n; ++i)
        cells.append(quint32(p[4 * i]) << 24 | quint32(p[4 * i + 1]) << 16 | quint32(p[4 * i + 2]) << 8
                     | quint32(p[4 * i + 3]));
    if (ok)
        *ok = value.size() % 4 == 0;
    return cells;
}

quint32 firstCell(const QByteArray &value)
{
    if (value.size() < 4)
        return 0;
    const auto *p = reinterpret_cast<const uchar *>(value.constData());
    return quint32(p[0]) << 24 | quint32(p[1]) << 16 | quint32(p[2]) << 8 | quint32(p[3]);
}

quint64 cellsToU64(const quint32 *cells, int count)
{
    quint64 v = 0;
    // Only the low 64 bits matter for CPU addresses; PCI's phys.hi is handled by the caller.
    for (int i = qMax(0, count - 2); i < count; ++i)
        v = (v << 32) | cells[i];
    return v;
}

QStringList stringListOf(const QByteArray &value)
{
    QStringList out;
    if (value.isEmpty())
        return out;
    // As QByteArray::split('\0') after dropping one trailing NUL: every empty string between NULs kept.
    const QByteArrayView v = value.endsWith('\0') ? QByteArrayView(value).chopped(1) : QByteArrayView(value);
    qsizetype start = 0;
    for (qsizetype end = v.indexOf('\0'); end >= 0; start = end + 1, end = v.indexOf('\0', start))
        out.append(QString::fromUtf8(v.sliced(start, end - start)));
    out.append(QString::fromUtf8(v.sliced(start)));
    return out;
}

const Property *Node::property(const QString &name) const
{
    for (const Property &p : properties)
        if (p.name == name)
            return &p;
    return nullptr;
}

const Property *Node::property(QLatin1String name) const
{
    for (const Property &p : properties)
        if (p.name.size() == name.size() && p.name == name)
            return &p;
    return nullptr;
}

// ------------------------------------------------------------------------------------------------
// Loading

QByteArray HostModel::readDeviceTree(const QString &file, QString *error)
{
    Result<QByteArray> read = readInputFile(file, limits::kMaxDeviceTreeBytes, QStringLiteral("device tree"));
    if (!read) {
        *error = read.error();
        return QByteArray();
    }
    QByteArray bytes = std::move(read).value();
    if (bytes.isEmpty()) {
        *error = QStringLiteral("%1: empty file: not a device tree").arg(file);
        return QByteArray();
    }
    if (!looksLikeDtb(bytes)) {
        if (!looksLikeDts(file, bytes)) {
            const QString magic = QString::fromLatin1(bytes.left(4).toHex());
            *error = QStringLiteral("%1: not a device tree: bad FDT magic 0x%2 (expected 0xd00dfeed) and no /dts-v1/ tag")
                         .arg(file, magic);
            return QByteArray();
        }
        bytes = compileDtsFile(file, error);
    }
    return bytes;
}

std::shared_ptr<const HostModel> HostModel::load(const QString &file, QString *error)
{
    const QByteArray bytes = readDeviceTree(file, error);
    return bytes.isEmpty() ? nullptr : fromBlob(bytes, file, error);
}

bool HostModel::streamNodes(const QString &file, QString *error, const std::function<void(const Node &)> &visit,
                            QString *sha256)
{
    const QByteArray bytes = readDeviceTree(file, error);
    return !bytes.isEmpty() && streamBlob(bytes, file, error, visit, sha256);
}

QByteArray HostModel::compileDts(const QByteArray &dts, const QString &sourceName, QString *error)
{
    return compileDtsText(dts, sourceName, error);
}

QByteArray HostModel::checkedBlob(const QByteArray &dtb, const QString &sourceName, QString *error)
{
    if (const QString problem = checkDtb(dtb); !problem.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(sourceName, problem);
        return QByteArray();
    }
    // Keep exactly totalsize bytes: trailing garbage after the blob is not part of the tree.
    return dtb.left(int(fdt_totalsize(dtb.constData())));
}

std::shared_ptr<const HostModel> HostModel::fromBlob(const QByteArray &dtb, const QString &sourceName,
                                                     QString *error)
{
    QByteArray blob = checkedBlob(dtb, sourceName, error);
    if (blob.isEmpty())
        return nullptr;
    std::shared_ptr<HostModel> model(new HostModel);
    model->m_sourceName = sourceName;
    model->m_blob = std::move(blob);
    if (const QString problem = model->build(); !problem.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(sourceName, problem);
        return nullptr;
    }
    return model;
}

QString HostModel::sha256() const
{
    std::call_once(m_sha256Once, [this] {
        m_sha256 = sha256Hex(m_blob);
    });
    return m_sha256;
}

const QSet<QString> &HostModel::guessedReferenceProperties() const
{
    std::call_once(m_guessedOnce, [this] {
        for (const Node &n : m_nodes)
            for (const Dependency &d : n.dependencies)
                if (d.guessed)
                    m_guessed.insert(d.property);
    });
    return m_guessed;
}

const Node *HostModel::node(const QString &path) const
{
    auto it = m_byPath.constFind(path);
    return it == m_byPath.constEnd() ? nullptr : &m_nodes[*it];
}

const Node *HostModel::nodeByPhandle(quint32 phandle) const
{
    auto it = m_byPhandle.constFind(phandle);
    return it == m_byPhandle.constEnd() ? nullptr : &m_nodes[*it];
}

const Node *HostModel::parentOf(const Node &n) const
{
    return n.parent < 0 ? nullptr : &m_nodes[n.parent];
}

QVector<const Node *> HostModel::devices() const
{
    QVector<const Node *> out;
    for (const Node &n : m_nodes)
        if (n.isDevice())
            out.append(&n);
    return out;
}

const Node *HostModel::gic() const
{
    for (const Dependency &d : root().dependencies)
        if (d.property == QLatin1String("interrupt-parent"))
            if (const Node *n = node(d.target); n && n->isGic)
                return n;
    for (const Node &n : m_nodes)
        if (n.isGic)
            return &n;
    return nullptr;
}

void HostModel::findGuestFacts() const
{
    std::call_once(m_guestFactsOnce, [this] {
        for (const Node &n : m_nodes) {
            if (m_firstCpu < 0) {
                const Node *parent = parentOf(n);
                const Property *type = n.property(QLatin1String("device_type"));
                if (parent && parent->path == QLatin1String("/cpus") && type && type->value == QByteArray("cpu", 4))
                    m_firstCpu = n.index;
            }
            if (m_archTimer < 0
                && (n.compatible.contains(QLatin1String("arm,armv8-timer"))
                    || n.compatible.contains(QLatin1String("arm,armv7-timer"))))
                m_archTimer = n.index;
        }
    });
}

const Node *HostModel::firstCpu() const
{
    findGuestFacts();
    return m_firstCpu < 0 ? nullptr : &m_nodes[m_firstCpu];
}

const Node *HostModel::archTimer() const
{
    findGuestFacts();
    return m_archTimer < 0 ? nullptr : &m_nodes[m_archTimer];
}

QVector<Region> HostModel::memoryBanks() const
{
    QVector<Region> banks;
    for (const Node &n : m_nodes) {
        const Property *type = n.property(QStringLiteral("device_type"));
        if (!type || stringListOf(type->value).value(0) != QLatin1String("memory") || !n.enabled)
            continue;
        for (const Region &r : n.regions)
            if (r.cpuAddressable && r.size)
                banks.append(r);
    }
    std::sort(banks.begin(), banks.end(), [](const Region &a, const Region &b) { return a.address < b.address; });
    return banks;
}

static int cellsProperty(const Node &n, const char *name, int fallback)
{
    const Property *p = n.property(QLatin1String(name));
    if (!p || p->value.size() != 4)
        return fallback;
    return int(firstCell(p->value));
}

int HostModel::addressCells(const Node &n) const
{
    return cellsProperty(n, "#address-cells", 2); // DT spec v0.4 §2.3.5 default
}

int HostModel::sizeCells(const Node &n) const
{
    return cellsProperty(n, "#size-cells", 1); // DT spec v0.4 §2.3.5 default
}

} // namespace devassign
